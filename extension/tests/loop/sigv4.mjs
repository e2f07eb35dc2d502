// AWS Signature Version 4 for S3, as the AWS SDK and `aws s3 presign` compute it: presigned
// URLs (query form) and signed requests (Authorization header form). Used by the loop to make
// the URLs a backend would hand a page, and to sign PutBucketCors. Keys are the AWS
// documentation's example key; nothing leaves the machine.
import { createHash, createHmac } from "node:crypto";

export const ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
export const SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
export const UNSIGNED = "UNSIGNED-PAYLOAD";

const sha256 = (data) => createHash("sha256").update(data).digest("hex");
const hmac = (key, data) => createHmac("sha256", key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it (unreserved characters kept; `/` kept when asked). */
export function uriEncode(s, keepSlash = false) {
  let out = "";
  for (const byte of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c) || (keepSlash && c === "/")) out += c;
    else out += "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** `20261127T141442Z` and `20261127` for a Date. */
export function amzDate(date = new Date()) {
  const iso = date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  return { stamp: iso, day: iso.slice(0, 8) };
}

/**
 * The canonical request and string to sign. `path` is the URL's path as sent (already
 * percent-encoded: S3 does not encode it twice); `query` is [name, value] pairs, decoded.
 */
export function canonical({ method, path, query, headers, signedHeaders, payloadHash, stamp, scope }) {
  const q = query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v).trim().replace(/\s+/g, " ")]));
  const names = signedHeaders.map((h) => h.toLowerCase()).sort();
  const canonicalHeaders = names.map((n) => `${n}:${lower[n] ?? ""}\n`).join("");
  const canonicalRequest = [method, path || "/", q, canonicalHeaders, names.join(";"), payloadHash].join("\n");
  const stringToSign = ["AWS4-HMAC-SHA256", stamp, scope, sha256(canonicalRequest)].join("\n");
  return { canonicalRequest, stringToSign, signedHeaders: names.join(";") };
}

export function signature(stringToSign, { day, region, secretKey = SECRET_KEY, service = "s3" }) {
  const kDate = hmac("AWS4" + secretKey, day);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  const kSigning = hmac(kService, "aws4_request");
  return createHmac("sha256", kSigning).update(stringToSign).digest("hex");
}

/**
 * A presigned URL: `X-Amz-*` in the query, `host` (and whatever `headers` names) signed,
 * UNSIGNED-PAYLOAD. `url` is the full https URL; `headers` are the headers the client must send
 * exactly (e.g. `{ "content-type": "image/png" }`).
 */
export function presign(method, url, { region, expires = 3600, date = new Date(), headers = {}, accessKey = ACCESS_KEY, secretKey = SECRET_KEY } = {}) {
  const u = new URL(url);
  const { stamp, day } = amzDate(date);
  const scope = `${day}/${region}/s3/aws4_request`;
  const signed = { host: u.host, ...headers };
  const names = Object.keys(signed).map((h) => h.toLowerCase()).sort();
  const query = [...u.searchParams];
  query.push(
    ["X-Amz-Algorithm", "AWS4-HMAC-SHA256"],
    ["X-Amz-Credential", `${accessKey}/${scope}`],
    ["X-Amz-Date", stamp],
    ["X-Amz-Expires", String(expires)],
    ["X-Amz-SignedHeaders", names.join(";")],
  );
  const c = canonical({ method, path: u.pathname, query, headers: signed, signedHeaders: names, payloadHash: UNSIGNED, stamp, scope });
  query.push(["X-Amz-Signature", signature(c.stringToSign, { day, region, secretKey })]);
  // The order the SDK writes: as built, each name and value encoded.
  u.search = query.map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join("&");
  return u.toString();
}

/**
 * Headers for a request signed in the Authorization header (the SDK's form): `x-amz-date`,
 * `x-amz-content-sha256`, `authorization`. `sign` are the extra header names to sign besides
 * host and the two x-amz-* ones.
 */
export function signHeaders(method, url, { region, headers = {}, body, date = new Date(), accessKey = ACCESS_KEY, secretKey = SECRET_KEY, sign = [] } = {}) {
  const u = new URL(url);
  const { stamp, day } = amzDate(date);
  const scope = `${day}/${region}/s3/aws4_request`;
  const payloadHash = body === undefined ? UNSIGNED : sha256(body);
  const all = { ...headers, "x-amz-date": stamp, "x-amz-content-sha256": payloadHash };
  const forSigning = { host: u.host, ...all };
  const names = ["host", "x-amz-date", "x-amz-content-sha256", ...sign.map((s) => s.toLowerCase())];
  const c = canonical({ method, path: u.pathname, query: [...u.searchParams], headers: forSigning, signedHeaders: names, payloadHash, stamp, scope });
  const sig = signature(c.stringToSign, { day, region, secretKey });
  return { ...all, authorization: `AWS4-HMAC-SHA256 Credential=${accessKey}/${scope}, SignedHeaders=${c.signedHeaders}, Signature=${sig}` };
}

/**
 * A presigned POST (the SDK's createPresignedPost): the form fields a page posts to the bucket's
 * URL before its file, in the SDK's order. The policy names every field (`fields` as exact
 * matches, the bucket, the key or its `${filename}` prefix, the SigV4 fields, `conditions`);
 * the signature is SigV4's signing key over the base64 policy.
 */
export function presignPost(url, { region, key, fields = {}, conditions = [], expires = 3600, date = new Date(), accessKey = ACCESS_KEY, secretKey = SECRET_KEY }) {
  const bucket = new URL(url).hostname.split(".s3.")[0];
  const { stamp, day } = amzDate(date);
  const credential = `${accessKey}/${day}/${region}/s3/aws4_request`;
  const keyCondition = key.endsWith("${filename}") ? ["starts-with", "$key", key.slice(0, -"${filename}".length)] : { key };
  const all = { ...fields, bucket, "X-Amz-Algorithm": "AWS4-HMAC-SHA256", "X-Amz-Credential": credential, "X-Amz-Date": stamp };
  const policy = {
    expiration: new Date(date.getTime() + expires * 1000).toISOString(),
    conditions: [...Object.entries(all).map(([k, v]) => ({ [k]: v })), keyCondition, ...conditions],
  };
  const encoded = Buffer.from(JSON.stringify(policy)).toString("base64");
  return [...Object.entries(all), ["key", key], ["Policy", encoded], ["X-Amz-Signature", signature(encoded, { day, region, secretKey })]];
}
