#!/usr/bin/env node
// TEMPORARY stand-in for `corshar s3 serve` (issue #8, /work/notes/serve-contract.md), with the
// same command line, so the loop can be built before the real endpoint lands. Only what the
// loop's scenarios need; delete once `corshar s3 serve` is merged.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { canonical, signature } from "./sigv4.mjs";

const args = process.argv.slice(2);
let listen = "127.0.0.1:0";
const buckets = new Map(); // name → { region, cors: rules|null, publicRead, objects: Map }
const bucket = (name) => {
  if (!buckets.has(name)) buckets.set(name, { region: "us-east-1", cors: null, publicRead: false, objects: new Map(), uploads: new Map() });
  return buckets.get(name);
};
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--listen") listen = args[++i];
  else if (a === "--bucket") {
    const [name, region] = args[++i].split("@");
    bucket(name).region = region ?? "us-east-1";
  } else if (a === "--cors") {
    const [name, file] = args[++i].split("=");
    bucket(name).cors = file === "none" ? null : JSON.parse(readFileSync(file, "utf8")).CORSRules;
  } else if (a === "--public-read") bucket(args[++i]).publicRead = true;
  else if (a === "--access-key" || a === "--secret-key") i++;
  else if (a === "--stdin-lifeline") process.stdin.on("end", () => process.exit(0)).resume();
}

const VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
const NOT_ALLOWED = "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";
const wild = (pattern, value) => new RegExp("^" + pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$", "i").test(value);
function firstMatch(rules, origin, method, names) {
  return (rules ?? []).findIndex(
    (r) =>
      r.AllowedOrigins.some((o) => wild(o, origin)) &&
      r.AllowedMethods.includes(method) &&
      (names ?? []).every((n) => (r.AllowedHeaders ?? []).some((h) => wild(h, n))),
  );
}
function corsHeaders(rule, origin, names) {
  const h = {};
  if (rule.AllowedOrigins.includes("*")) h["Access-Control-Allow-Origin"] = "*";
  else Object.assign(h, { "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true" });
  h["Access-Control-Allow-Methods"] = rule.AllowedMethods.join(", ");
  if (names?.length) h["Access-Control-Allow-Headers"] = names.join(", ");
  if (rule.ExposeHeaders?.length) h["Access-Control-Expose-Headers"] = rule.ExposeHeaders.join(", ");
  if (rule.MaxAgeSeconds !== undefined) h["Access-Control-Max-Age"] = String(rule.MaxAgeSeconds);
  h.Vary = VARY;
  return h;
}
const xmlError = (code, message, extra = "") =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</Message>${extra}<RequestId>0A1B2C3D4E5F6789</RequestId><HostId>standin</HostId></Error>`;
const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Bucket, key, region and style from Host and path. */
function address(host, path) {
  host = host.replace(/:\d+$/, "").toLowerCase();
  let m;
  if ((m = host.match(/^(.+)\.s3[.-]([a-z0-9-]+)\.amazonaws\.com$/)) && m[2] !== "dualstack") return { name: m[1], region: m[2], key: path.slice(1) };
  if ((m = host.match(/^(.+)\.s3\.amazonaws\.com$/))) return { name: m[1], region: null, key: path.slice(1) };
  if ((m = host.match(/^s3\.([a-z0-9-]+)\.amazonaws\.com$/))) {
    const [name, ...rest] = path.slice(1).split("/");
    return { name: name || null, region: m[1], key: rest.join("/"), pathStyle: true };
  }
  return { name: null, region: null, key: "" };
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    try {
      handle(req, res, Buffer.concat(chunks));
    } catch (e) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(e.stack));
    }
  });
});

function handle(req, res, body) {
  const url = new URL(req.url, "http://x");
  const where = address(req.headers.host ?? "", decodeURIComponent(url.pathname));
  const common = { "x-amz-request-id": "0A1B2C3D4E5F6789", "x-amz-id-2": "standin", Date: new Date().toUTCString(), Server: "AmazonS3" };
  const send = (status, headers, text = "") => {
    res.writeHead(status, { ...common, ...headers });
    res.end(req.method === "HEAD" ? undefined : text);
  };
  const b = where.name ? buckets.get(where.name) : null;
  const origin = req.headers.origin;
  if (!b) {
    if (req.method === "OPTIONS") return send(403, { "Content-Type": "application/xml" }, xmlError("AccessForbidden", "CORSResponse: Bucket not found"));
    return send(where.name ? 404 : 403, { "Content-Type": "application/xml" }, xmlError(where.name ? "NoSuchBucket" : "AccessDenied", where.name ? "The specified bucket does not exist" : "Access Denied"));
  }
  // Region: another region's endpoint → 301 without Location; the global one → 307.
  if (where.region && where.region !== b.region)
    return send(301, { "Content-Type": "application/xml", "x-amz-bucket-region": b.region, "Transfer-Encoding": "chunked" }, xmlError("PermanentRedirect", "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.", `<Endpoint>${where.name}.s3.${b.region}.amazonaws.com</Endpoint><Bucket>${where.name}</Bucket>`));
  if (!where.region && b.region !== "us-east-1")
    return send(307, { "Content-Type": "application/xml", Location: `https://${where.name}.s3.${b.region}.amazonaws.com${req.url}`, "x-amz-bucket-region": b.region }, xmlError("TemporaryRedirect", "Please re-send this request to the specified temporary endpoint. Continue to use the original request endpoint for future requests."));

  if (req.method === "OPTIONS") {
    if (!origin) return send(400, { "Content-Type": "application/xml" }, xmlError("BadRequest", "Insufficient information. Origin request header needed."));
    const method = req.headers["access-control-request-method"];
    if (!b.cors) return send(403, { "Content-Type": "application/xml" }, xmlError("AccessForbidden", "CORSResponse: CORS is not enabled for this bucket.", `<Method>${method}</Method><ResourceType>OBJECT</ResourceType>`));
    const names = req.headers["access-control-request-headers"]?.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
    const i = firstMatch(b.cors, origin, method, names);
    if (i < 0) return send(403, { "Content-Type": "application/xml" }, xmlError("AccessForbidden", NOT_ALLOWED, `<Method>${method}</Method><ResourceType>${where.key ? "OBJECT" : "BUCKET"}</ResourceType>`));
    return send(200, { ...corsHeaders(b.cors[i], origin, names), "Content-Length": "0" });
  }
  let cors = {};
  if (origin && b.cors) {
    const i = firstMatch(b.cors, origin, req.method, null);
    if (i >= 0) cors = corsHeaders(b.cors[i], origin, null);
  }
  const reply = (status, headers, text) => send(status, { ...headers, ...cors }, text);
  const fail = (status, code, message, extra) => reply(status, { "Content-Type": "application/xml" }, xmlError(code, message, extra));

  const auth = authenticate(req, url, where, b);
  if (auth) return fail(...auth);

  const q = url.searchParams;
  if (q.has("cors")) {
    if (req.method === "PUT") {
      b.cors = parseCorsXml(body.toString("utf8"));
      return reply(200, { "Content-Length": "0" });
    }
    if (req.method === "DELETE") {
      b.cors = null;
      return reply(204, {});
    }
    if (!b.cors) return fail(404, "NoSuchCORSConfiguration", "The CORS configuration does not exist");
    return reply(200, { "Content-Type": "application/xml" }, JSON.stringify(b.cors));
  }
  if (req.method === "POST" && q.has("uploads")) {
    const id = "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA";
    b.uploads.set(id, []);
    return reply(200, { "Content-Type": "application/xml" }, `<?xml version="1.0" encoding="UTF-8"?>\n<InitiateMultipartUploadResult><Bucket>${where.name}</Bucket><Key>${esc(where.key)}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
  }
  const etag = `"${createHash("md5").update(body).digest("hex")}"`;
  if (req.method === "PUT" && q.has("partNumber")) return reply(200, { ETag: etag, "Content-Length": "0" });
  if (req.method === "PUT" || req.method === "POST") {
    b.objects.set(where.key, { body, type: req.headers["content-type"] ?? "binary/octet-stream", cache: req.headers["cache-control"], etag, modified: new Date().toUTCString() });
    return reply(200, { ETag: etag, "Content-Length": "0" });
  }
  if (req.method === "GET" || req.method === "HEAD") {
    const o = b.objects.get(where.key);
    if (!o) return fail(404, "NoSuchKey", "The specified key does not exist.", `<Key>${esc(where.key)}</Key>`);
    const head = { "Content-Type": o.type, ETag: o.etag, "Last-Modified": o.modified, "Accept-Ranges": "bytes", ...(o.cache ? { "Cache-Control": o.cache } : {}) };
    const range = req.headers.range?.match(/^bytes=(\d+)-(\d*)$/);
    if (range) {
      const start = Number(range[1]);
      const end = Math.min(range[2] ? Number(range[2]) : o.body.length - 1, o.body.length - 1);
      return reply(206, { ...head, "Content-Range": `bytes ${start}-${end}/${o.body.length}`, "Content-Length": String(end - start + 1) }, o.body.subarray(start, end + 1));
    }
    return reply(200, { ...head, "Content-Length": String(o.body.length) }, o.body);
  }
  return fail(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
}

/** null when authorized, else [status, code, message, extra]. */
function authenticate(req, url, where, b) {
  const q = url.searchParams;
  const path = url.pathname;
  let credential, stamp, signed, given, payloadHash, query;
  if (q.has("X-Amz-Signature")) {
    credential = q.get("X-Amz-Credential");
    stamp = q.get("X-Amz-Date");
    signed = q.get("X-Amz-SignedHeaders").split(";");
    given = q.get("X-Amz-Signature");
    payloadHash = "UNSIGNED-PAYLOAD";
    query = [...q].filter(([k]) => k !== "X-Amz-Signature");
    const issued = Date.parse(stamp.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"));
    const expires = new Date(issued + Number(q.get("X-Amz-Expires")) * 1000);
    if (expires < new Date()) return [403, "AccessDenied", "Request has expired", `<X-Amz-Expires>${q.get("X-Amz-Expires")}</X-Amz-Expires><Expires>${expires.toISOString().replace(/\.\d+/, "")}</Expires><ServerTime>${new Date().toISOString().replace(/\.\d+/, "")}</ServerTime>`];
  } else if (req.headers.authorization) {
    const m = req.headers.authorization.match(/Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]+)/);
    if (!m) return [400, "AuthorizationHeaderMalformed", "The authorization header is malformed."];
    [, credential, signed, given] = m;
    signed = signed.split(";");
    stamp = req.headers["x-amz-date"];
    payloadHash = req.headers["x-amz-content-sha256"];
    query = [...q];
  } else {
    if (b.publicRead && (req.method === "GET" || req.method === "HEAD")) return null;
    return [403, "AccessDenied", "Access Denied"];
  }
  const [, day, region] = credential.split("/");
  if (region !== b.region) return [400, "AuthorizationHeaderMalformed", `The authorization header is malformed; the region '${region}' is wrong; expecting '${b.region}'`, `<Region>${b.region}</Region>`];
  const scope = credential.split("/").slice(1).join("/");
  const c = canonical({ method: req.method, path, query, headers: req.headers, signedHeaders: signed, payloadHash, stamp, scope });
  if (signature(c.stringToSign, { day, region }) !== given)
    return [403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.", `<AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId><StringToSign>${esc(c.stringToSign)}</StringToSign><SignatureProvided>${given}</SignatureProvided><CanonicalRequest>${esc(c.canonicalRequest)}</CanonicalRequest>`];
  return null;
}

function parseCorsXml(xml) {
  const all = (tag, s) => [...s.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g"))].map((m) => m[1].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));
  return all("CORSRule", xml).map((r) => {
    const rule = { AllowedOrigins: all("AllowedOrigin", r), AllowedMethods: all("AllowedMethod", r) };
    const h = all("AllowedHeader", r);
    if (h.length) rule.AllowedHeaders = h;
    const e = all("ExposeHeader", r);
    if (e.length) rule.ExposeHeaders = e;
    const a = all("MaxAgeSeconds", r);
    if (a.length) rule.MaxAgeSeconds = Number(a[0]);
    return rule;
  });
}

const [host, port] = listen.split(":");
server.listen(Number(port), host, () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
