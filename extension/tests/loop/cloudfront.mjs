// A CloudFront distribution in front of an S3 bucket, as far as CORS is concerned: which
// methods the behaviour allows, which viewer headers reach S3 (the origin request policy, or the
// cache policy's key headers, which CloudFront forwards too) and which make up the cache key.
// That is what decides the two CloudFront failures users meet (../shared/reference/s3-cors.md
// §6 and causes 9–10):
//
// - Origin not forwarded (no policy forwards it, as with the legacy "no headers" settings): S3
//   sees a preflight without Origin and answers 400 "Insufficient information. Origin request
//   header needed.", which CloudFront passes on as "Error from cloudfront".
// - Origin forwarded but not in the cache key (CORS-S3Origin with CachingOptimized): the first
//   requester's answer, with its Access-Control-Allow-Origin, is served to every origin as a
//   "Hit from cloudfront" with an Age.
//
// The viewer side answers as CloudFront does for an S3 origin (S3's headers, Vary included, with
// Via replaced and X-Cache, X-Amz-Cf-Pop, X-Amz-Cf-Id added, Age on hits; 403 "could not be
// satisfied" for a method the behaviour does not allow: the CloudFront developer guide,
// RequestAndResponseBehaviorS3Origin.md); the origin side sends S3 what CloudFront would: the
// origin's Host, the forwarded headers only, Via, X-Forwarded-For and X-Amz-Cf-Id. Bodies are
// small (the scenarios' objects): both sides are buffered.
import { randomBytes } from "node:crypto";
import http from "node:http";

/** The managed policies the scenarios use, by their CloudFront names (ids in s3-cors.md §6). */
export const BEHAVIOURS = {
  /** Legacy cache settings forwarding no headers: neither Origin nor the ACR* headers reach S3. */
  noHeaders: { allowedMethods: ["GET", "HEAD", "OPTIONS"], cachedMethods: ["GET", "HEAD"], forward: [], cacheKey: [] },
  /** Origin request policy CORS-S3Origin with cache policy CachingOptimized (no headers in the key). */
  corsS3OriginCachingOptimized: {
    allowedMethods: ["GET", "HEAD", "OPTIONS"],
    cachedMethods: ["GET", "HEAD"],
    forward: ["origin", "access-control-request-headers", "access-control-request-method"],
    cacheKey: [],
  },
  /** CORS-S3Origin with a cache policy keyed on Origin and the ACR* headers: what corshar advises. */
  corsS3OriginKeyedOnOrigin: {
    allowedMethods: ["GET", "HEAD", "OPTIONS"],
    cachedMethods: ["GET", "HEAD", "OPTIONS"],
    forward: ["origin", "access-control-request-headers", "access-control-request-method"],
    cacheKey: ["origin", "access-control-request-headers", "access-control-request-method"],
  },
};

// Request headers CloudFront sends an S3 origin whatever the policies say (the body's, for
// uploads); everything else the viewer sent is dropped unless a policy forwards it.
const ALWAYS_FORWARDED = ["content-length", "content-type", "content-md5"];
// Hop-by-hop and framing headers: never copied from one connection to the other.
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade"]);
// S3 answers errors with a 10-second default error-caching TTL on CloudFront.
const ERROR_TTL_MS = 10_000;

const cfId = () => randomBytes(42).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
const viaId = () => randomBytes(16).toString("hex");

export class CloudFront {
  /**
   * `endpoint()`: the S3 endpoint's current `{ host, port }`; `log(line)`: the trace.
   */
  constructor(endpoint, log = () => {}) {
    this.endpoint = endpoint;
    this.log = log;
    /** domain → { origin: S3 host of the bucket, behaviour } */
    this.distributions = new Map();
    /** cache key → { status, message, headers: [name, value][], body, stored: ms } */
    this.cache = new Map();
  }

  /** Creates or updates a distribution; a changed behaviour keys the cache anew, as CloudFront's does. */
  configure(domain, origin, behaviour) {
    this.distributions.set(domain.toLowerCase(), { origin, behaviour });
  }

  /** Forgets every distribution and every cached answer (between scenarios). */
  reset() {
    this.distributions.clear();
    this.cache.clear();
  }

  handles(host) {
    return this.distributions.has(host.toLowerCase());
  }

  /** Answers a viewer request for one of the distributions. */
  handle(req, res, host) {
    const d = this.distributions.get(host.toLowerCase());
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () =>
      this.answer(d, req, Buffer.concat(chunks))
        .then(({ status, message, headers, body }) => {
          res.writeHead(status, message, headers.flat());
          res.end(req.method === "HEAD" ? undefined : body);
        })
        .catch((e) => {
          res.writeHead(502, { "content-type": "text/plain" });
          res.end(`cloudfront: the origin did not answer: ${e.message}`);
        }),
    );
  }

  async answer({ origin, behaviour }, req, body) {
    const b = behaviour;
    if (!b.allowedMethods.includes(req.method)) return viewer(notAllowed(), "Error from cloudfront");
    const key = [req.method, req.url, ...b.cacheKey.map((h) => `${h}=${req.headers[h] ?? ""}`), JSON.stringify(b)].join("\n");
    const cached = this.cache.get(key);
    const now = Date.now();
    if (cached && (cached.status < 400 || now - cached.stored < ERROR_TTL_MS)) {
      const age = Math.floor((now - cached.stored) / 1000);
      this.log(`cloudfront ${req.method} ${req.headers.host}${req.url}: hit (age ${age})`);
      return viewer(cached, cached.status < 400 ? "Hit from cloudfront" : "Error from cloudfront", age);
    }
    const fetched = await this.fetchOrigin(origin, b, req, body);
    if (b.cachedMethods.includes(req.method)) this.cache.set(key, { ...fetched, stored: now });
    this.log(`cloudfront ${req.method} ${req.headers.host}${req.url}: miss → ${origin} ${fetched.status}`);
    return viewer(fetched, fetched.status < 400 ? "Miss from cloudfront" : "Error from cloudfront");
  }

  /** The request CloudFront sends S3: the origin's Host and only the headers it forwards. */
  fetchOrigin(origin, behaviour, req, body) {
    const forwarded = new Set([...ALWAYS_FORWARDED, ...behaviour.forward, ...behaviour.cacheKey]);
    const viewerIp = req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1";
    const headers = ["Host", origin, "User-Agent", "Amazon CloudFront", "Via", `1.1 ${viaId()}.cloudfront.net (CloudFront)`, "X-Forwarded-For", viewerIp, "X-Amz-Cf-Id", cfId()];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (forwarded.has(req.rawHeaders[i].toLowerCase())) headers.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
    }
    const { host, port } = this.endpoint();
    return new Promise((resolve, reject) => {
      const upstream = http.request({ host, port, method: req.method, path: req.url, headers, setHost: false }, (answer) => {
        const chunks = [];
        answer.on("data", (c) => chunks.push(c));
        answer.on("end", () => {
          const pairs = [];
          for (let i = 0; i < answer.rawHeaders.length; i += 2) {
            if (!HOP.has(answer.rawHeaders[i].toLowerCase())) pairs.push([answer.rawHeaders[i], answer.rawHeaders[i + 1]]);
          }
          resolve({ status: answer.statusCode, message: answer.statusMessage, headers: pairs, body: Buffer.concat(chunks) });
        });
      });
      upstream.on("error", reject);
      upstream.end(body);
    });
  }
}

/** S3's answer as the viewer gets it: CloudFront's own headers added, the length fixed. */
function viewer(stored, xCache, age = null) {
  const headers = stored.headers.filter(([n]) => !/^(content-length|age|x-cache|via|x-amz-cf-pop|x-amz-cf-id)$/i.test(n));
  headers.push(["Content-Length", String(stored.body.length)]);
  if (age !== null) headers.push(["Age", String(age)]);
  headers.push(["X-Cache", xCache], ["Via", `1.1 ${viaId()}.cloudfront.net (CloudFront)`], ["X-Amz-Cf-Pop", "IAD89-C1"], ["X-Amz-Cf-Id", cfId()]);
  return { status: stored.status, message: stored.message, headers, body: stored.body };
}

/** CloudFront's 403 for a method the behaviour does not allow (its HTML error page). */
function notAllowed() {
  const body = Buffer.from(
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">\n<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">\n<TITLE>ERROR: The request could not be satisfied</TITLE>\n</HEAD><BODY>\n<H1>403 ERROR</H1>\n<H2>The request could not be satisfied.</H2>\n<HR noshade size="1px">\nThis distribution is not configured to allow the HTTP request method that was used for this request. The distribution supports only cachable requests.\n</BODY></HTML>',
  );
  return { status: 403, message: "Forbidden", headers: [["Server", "CloudFront"], ["Content-Type", "text/html"], ["Date", new Date().toUTCString()]], body };
}
