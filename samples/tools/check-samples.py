#!/usr/bin/env python3
"""Validate samples/ (Python 3 standard library only):

    python3 samples/tools/check-samples.py

For every sample HAR, real or recorded:
  - valid JSON with Chrome's top-level shape (log.version 1.2, creator WebInspector/537.36, one
    page, entries), and entry / request / response / timings keys in the orders the real Chromium
    156 exports use;
  - size and time arithmetic as the real exports do it (headersSize, bodySize, _transferSize,
    content.compression, time = sum of the non-negative timings);
  - every preflight's Access-Control-Request-Headers equals what Fetch computes from its actual
    request's script-set headers, and its Access-Control-Request-Method equals that method;
  - every S3 response's CORS headers equal what S3's evaluation (s3-cors.md section 2) gives for
    the configuration in samples/cors/ (or none for a bucket without CORS);
  - expected.json: indexes point at the right entries, every cross-origin CORS-mode S3 request
    is listed (an `<img>` without crossorigin is no-cors: not a CORS request), and the browser
    error follows from the recorded headers the way Chrome decides it (network failures and
    mixed-content blocks are no CORS error);
  - HTTP/2 entries (CloudFront) have Chrome's h2 shape: pseudo-headers, no header text
    (headersSize and response bodySize -1), no content.compression, empty statusText;
  - every presigned request that got an answer is correctly signed (cors_model reproduces
    the signature) unless its cause is the signature, and every SDK-signed one too;
  - each cause's evidence is in the HAR, as samples/README.md describes it (the S3 error body
    and headers of a readable 403/400, the expiry arithmetic, S3's CanonicalRequest for a
    signature mismatch, the earlier no-cors load of a cached response, CloudFront's x-cache,
    the missing OPTIONS entry of a stale preflight...).
Then the real exports' expectations must reproduce (real-expectations.py --check).
"""

import base64
import html
import json
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

sys.dont_write_bytecode = True  # keep samples/tools free of __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
import cors_model as cm  # noqa: E402

TOOLS = Path(__file__).resolve().parent
SAMPLES = TOOLS.parent
REPO = SAMPLES.parent

ENTRY_KEYS = [
    ["_initiator", "_priority", "_resourceType", "cache", "connection", "request", "response",
     "serverIPAddress", "startedDateTime", "time", "timings", "_connectionId", "pageref"],
    ["_initiator", "_priority", "_resourceType", "cache", "request", "response",
     "serverIPAddress", "startedDateTime", "time", "timings", "pageref"],
]
REQUEST_KEYS = ["method", "url", "httpVersion", "headers", "queryString", "cookies",
                "headersSize", "bodySize"]
RESPONSE_KEYS = ["status", "statusText", "httpVersion", "headers", "cookies", "content",
                 "redirectURL", "headersSize", "bodySize", "_transferSize", "_error",
                 "_fetchedViaServiceWorker"]
TIMINGS_FULL = ["blocked", "dns", "ssl", "connect", "send", "wait", "receive",
                "_blocked_queueing", "_workerStart", "_workerReady", "_workerFetchStart",
                "_workerRespondWithSettled"]
TIMINGS_COLLAPSED = TIMINGS_FULL[:8]

errors = []


def err(where, msg):
    errors.append(f"{where}: {msg}")


def header(entry_part, name):
    vals = [h["value"] for h in entry_part["headers"] if h["name"].lower() == name.lower()]
    return vals[0] if vals else None


def target(url):
    u = urlsplit(url)
    return u.path + ("?" + u.query if u.query else "")


def check_shape(name, har):
    log = har.get("log", {})
    if list(log) != ["version", "creator", "pages", "entries"]:
        err(name, f"log keys {list(log)}")
    if log.get("version") != "1.2" or log.get("creator") != {"name": "WebInspector",
                                                            "version": "537.36"}:
        err(name, "version/creator")
    pages = log.get("pages", [])
    if len(pages) != 1 or list(pages[0]) != ["startedDateTime", "id", "title", "pageTimings"]:
        err(name, "pages")
    for i, e in enumerate(log.get("entries", [])):
        w = f"{name}#{i}"
        if list(e) not in ENTRY_KEYS:
            err(w, f"entry keys {list(e)}")
        rq, rs = e["request"], e["response"]
        keys = REQUEST_KEYS + (["postData"] if "postData" in rq else [])
        if list(rq) != keys:
            err(w, f"request keys {list(rq)}")
        if list(rs) != RESPONSE_KEYS:
            err(w, f"response keys {list(rs)}")
        t = e["timings"]
        if list(t) not in (TIMINGS_FULL, TIMINGS_COLLAPSED):
            err(w, f"timings keys {list(t)}")
        total = sum(max(t[k], 0) for k in ["blocked", "dns", "connect", "send", "wait",
                                           "receive"])
        if abs(total - e["time"]) > 1e-6:
            err(w, f"time {e['time']} != sum of timings {total}")
        if e["pageref"] != pages[0]["id"]:
            err(w, "pageref")
        h2 = any(h["name"].startswith(":") for h in rq["headers"])
        provisional = rq["httpVersion"] == "" and not h2
        if h2:
            check_h2(w, e)
        elif provisional:
            if rq["headersSize"] != -1 or rs["status"] != 0 or rs["headers"] != []:
                err(w, "provisional request but not a status-0 entry")
            names = {h["name"].lower() for h in rq["headers"]}
            if names & {"origin", "host", "connection"} or any(n.startswith("sec-fetch-")
                                                               for n in names):
                err(w, "provisional headers carry Origin/Host/Sec-Fetch-*")
        else:
            hs = len(f"{rq['method']} {target(rq['url'])} HTTP/1.1\r\n".encode()) + sum(
                len(h["name"].encode()) + len(h["value"].encode()) + 4 for h in rq["headers"])
            if hs != rq["headersSize"]:
                err(w, f"request headersSize {rq['headersSize']} != {hs}")
            if [h["name"] for h in rq["headers"]] != sorted(
                    (h["name"] for h in rq["headers"]), key=lambda s: s.encode()):
                err(w, "request headers not in Chrome's sorted order")
        # bodySize is the UTF-8 length of postData.text (s01, s04, s05, s09...). A FormData body
        # (s08) is decoded with U+FFFD replacements and its bodySize follows another count.
        if "postData" in rq and "\ufffd" not in rq["postData"]["text"]:
            if len(rq["postData"]["text"].encode()) != rq["bodySize"]:
                err(w, "bodySize is not the UTF-8 length of postData.text")
        c = rs["content"]
        if "compression" in c and c["compression"] != c["size"] - rs["bodySize"]:
            err(w, "content.compression is not size - bodySize (Log.ts)")
        if c.get("encoding") == "base64" and len(base64.b64decode(c["text"])) != c["size"]:
            err(w, "base64 content does not decode to content.size bytes")
        if rs["status"] > 0 and (header(rs, "Transfer-Encoding") or "").lower() == "chunked" \
                and "text" in c and rs["bodySize"] >= 0:
            body = c["text"].encode()
            if rs["bodySize"] != len(body) + len(f"{len(body):x}\r\n\r\n0\r\n\r\n"):
                err(w, "chunked body: bodySize is not the body plus one chunk's framing")
        if rs["status"] > 0 and not h2:
            hs = len(f"HTTP/1.1 {rs['status']} {rs['statusText']}\r\n".encode()) + sum(
                len(h["name"].encode()) + len(h["value"].encode()) + 4
                for h in rs["headers"]) + 2
            if hs != rs["headersSize"]:
                err(w, f"response headersSize {rs['headersSize']} != {hs}")
            if [h["name"] for h in rs["headers"]] != sorted(
                    (h["name"] for h in rs["headers"]), key=lambda s: s.encode()):
                err(w, "response headers not in Chrome's sorted order")
            if rs["_transferSize"] == 0:
                if rs["bodySize"] != -hs or rs["content"].get("compression") != hs:
                    err(w, "bodySize/compression of a response without transfer size")
            elif rs["_transferSize"] != hs + rs["bodySize"]:
                err(w, "_transferSize != headersSize + bodySize")
            if rs["redirectURL"] != (header(rs, "Location") or ""):
                err(w, "redirectURL is not the Location header")
        if e["_resourceType"] == "preflight":
            ini = e["_initiator"]
            if ini.get("type") != "preflight" or "url" not in ini or "requestId" not in ini:
                err(w, "preflight _initiator")
            if rs["_transferSize"] != 0 or rs["content"]["size"] != 0:
                err(w, "preflight kept a body")
        else:
            if e["_initiator"]["type"] not in ("other", "parser", "script"):
                err(w, "initiator type")


def check_h2(w, e):
    """Chrome's HTTP/2 entries: pseudo-headers first, lower-case names, sorted like every CDP
    header dictionary; no header text, so headersSize -1 and response bodySize -1; no
    content.compression; statusText "". A completed one says http/2.0, a response blocked by
    CORS has no protocol (httpVersion "") (har-producers.md 1.5-1.6)."""
    rq, rs = e["request"], e["response"]
    names = [h["name"] for h in rq["headers"]]
    if names != sorted(names, key=lambda n: n.encode()) or any(n != n.lower() for n in names):
        err(w, "h2 request headers not lower-case and sorted")
    if [n for n in names if n.startswith(":")] != [":authority", ":method", ":path", ":scheme"]:
        err(w, "h2 pseudo-headers")
    if rq["headersSize"] != -1:
        err(w, "h2 request headersSize must be -1")
    if rs["status"] > 0:
        rnames = [h["name"] for h in rs["headers"]]
        if rnames != sorted(rnames) or any(n != n.lower() for n in rnames):
            err(w, "h2 response headers not lower-case and sorted")
        if rs["statusText"] != "" or rs["headersSize"] != -1 or rs["bodySize"] != -1 \
                or "compression" in rs["content"]:
            err(w, "h2 response sizes/statusText")
        blocked = rs["_error"] is not None
        want = "" if blocked else "http/2.0"
        if rq["httpVersion"] != want or rs["httpVersion"] != want:
            err(w, f"h2 httpVersion should be {want!r}")
        if blocked and (rs["_transferSize"] != 0 or "connection" in e):
            err(w, "a blocked h2 response keeps no transfer size or connection")


def load_config(rel):
    return None if rel is None else json.loads((REPO / rel).read_text())


def check_cors_headers(name, entries, configs, changed):
    """`changed`: bucket -> the startedDateTime of a request sent on a stale preflight; the rules
    changed before it, so what S3 answered earlier followed rules expected.json does not hold."""
    for i, e in enumerate(entries):
        url = e["request"]["url"]
        bucket = cm.bucket_of(url)
        rs = e["response"]
        w = f"{name}#{i}"
        if bucket is None and cm.is_s3_host(urlsplit(url).hostname or "") and rs["status"] > 0:
            # the service root (ListBuckets, CreateBucket) has no CORS configuration, ever
            if any(h["name"].lower() in cm.CORS_RESPONSE_HEADERS for h in rs["headers"]) or (
                    e["_resourceType"] == "preflight" and rs["status"] != 403):
                err(w, "the service endpoint answered like a bucket with CORS")
            continue
        if bucket is None or rs["status"] == 0:
            continue
        if bucket not in configs:
            err(w, f"bucket {bucket} has no entry in expected.json cors")
            continue
        if bucket in changed and e["startedDateTime"] < changed[bucket]:
            continue
        got = {h["name"].lower(): h["value"] for h in rs["headers"]
               if h["name"].lower() in cm.CORS_RESPONSE_HEADERS}
        if rs["status"] in (301, 307):
            # the redirecting endpoint never evaluated the bucket's CORS rules
            if got:
                err(w, f"redirect carries CORS headers {got}")
            continue
        rq = e["request"]
        origin = header(rq, "Origin")
        status, pairs = cm.s3_cors_answer(configs[bucket], origin, rq["method"],
                                          header(rq, "Access-Control-Request-Method"),
                                          header(rq, "Access-Control-Request-Headers"))
        want = {n.lower(): v for n, v in pairs}
        if got != want:
            err(w, f"CORS headers {got} != S3's {want}")
        if status is not None and status != rs["status"]:
            err(w, f"preflight status {rs['status']} != S3's {status}")


def chrome_error(entries, req, credentials_include):
    """Chrome's CorsError for a request, from the recorded headers (fetch-cors.md 2-3, 9)."""
    actual = entries[req["entry"]]
    if actual["response"]["_error"] not in (None, "net::ERR_FAILED"):
        return None  # a network error (TLS...) or a mixed-content block: no CORS check ran
    if req["preflight_entry"] is not None:
        pf = entries[req["preflight_entry"]]
        if pf["response"]["_error"] == "net::ERR_INVALID_REDIRECT":
            return "PreflightDisallowedRedirect"
        if pf["response"]["_error"] is not None:
            return None
        if actual["response"]["status"] == 0:
            acao = header(pf["response"], "Access-Control-Allow-Origin")
            if acao is None:
                return "PreflightMissingAllowOriginHeader"
            if acao == "*" and credentials_include:
                return "PreflightWildcardOriginNotAllowed"
            if acao != header(pf["request"], "Origin"):
                return "PreflightAllowOriginMismatch"
            if not 200 <= pf["response"]["status"] < 300:
                return "PreflightInvalidStatus"
            allow_m = [m.strip() for m in (header(pf["response"], "Access-Control-Allow-Methods")
                                           or "").split(",")]
            if actual["request"]["method"] not in allow_m + ["GET", "HEAD", "POST"]:
                return "MethodDisallowedByPreflightResponse"
            return "HeaderDisallowedByPreflightResponse"
    rs = actual["response"]
    if rs["_error"] is None:
        return None
    if rs["status"] == 0:
        # no preflight and no response: the response the browser judged came from its HTTP
        # cache; it is the earlier no-cors load of the same URL (check_causes checks it)
        cached = earlier_no_cors_load(entries, req["entry"])
        if cached is None:
            return None
        rs = entries[cached]["response"]
    acao = header(rs, "Access-Control-Allow-Origin")
    if acao is None:
        return "MissingAllowOriginHeader"
    if acao == "*":
        return "WildcardOriginNotAllowed" if credentials_include else None
    if acao != header(actual["request"], "Origin"):
        return "AllowOriginMismatch"
    return "InvalidAllowCredentials"


def check_expected(sample, har):
    name = sample["file"]
    entries = har["log"]["entries"]
    configs = {b: load_config(p) for b, p in sample["cors"].items()}
    changed = {r["bucket"]: entries[r["entry"]]["startedDateTime"] for r in sample["requests"]
               if "stale-preflight-cache" in r["causes"]}
    check_cors_headers(name, entries, configs, changed)
    listed = set()
    for req in sample["requests"]:
        i = req["entry"]
        w = f"{name}#{i}"
        listed.add(i)
        e = entries[i]
        if e["_resourceType"] == "preflight" or e["request"]["method"] != req["method"]:
            err(w, "entry is a preflight or has another method")
        if is_cloudfront(e["request"]["url"]):
            if req["bucket"] not in sample["cors"]:
                err(w, "a CloudFront request names its S3 origin bucket, with its configuration")
        elif cm.bucket_of(e["request"]["url"]) != req["bucket"]:
            err(w, "bucket")
        p = req["preflight_entry"]
        script = cm.script_headers(e["request"]["headers"])
        if p is not None:
            pf = entries[p]
            if pf["_resourceType"] != "preflight" or pf["_initiator"]["url"] != e["request"]["url"]:
                err(w, f"preflight_entry {p} is not this request's preflight")
            if header(pf["request"], "Access-Control-Request-Method") != req["method"]:
                err(w, "ACRM != method")
            want = cm.acrh_value(script)
            got = header(pf["request"], "Access-Control-Request-Headers")
            if got != want:
                err(w, f"ACRH {got!r} != Fetch's {want!r}")
        elif e["response"]["status"] == 0 and e["response"]["_error"] == "net::ERR_FAILED" \
                and "cached-response-without-vary" not in req["causes"]:
            err(w, "blocked without response and without preflight")
        needs_preflight = (req["method"] not in ("GET", "HEAD", "POST")
                           or cm.acrh_value(script) is not None)
        if needs_preflight and p is None and req["verdict"] != "ok" \
                and "stale-preflight-cache" not in req["causes"]:
            err(w, "non-simple request without preflight entry")
        credentials = "credentials-with-wildcard-origin" in req["causes"]
        if chrome_error(entries, req, credentials) != req["browser_error"]:
            err(w, f"browser_error {req['browser_error']} but the headers give "
                   f"{chrome_error(entries, req, credentials)}")
        blocked = e["response"]["_error"] is not None
        if blocked != (req["verdict"] == "blocked"):
            err(w, f"verdict {req['verdict']} vs _error {e['response']['_error']}")
        if req["verdict"] == "unreadable" and not req["causes"]:
            err(w, "unreadable without cause")
    for i, e in enumerate(entries):
        if e["_resourceType"] != "preflight" and cm.bucket_of(e["request"]["url"]) \
                and i not in listed and not is_no_cors(e):
            err(f"{name}#{i}", "S3 request missing from expected.json")
    check_signatures(name, entries, sample)
    for req in sample["requests"]:
        check_causes(name, entries, sample, req, configs)
    for bucket, fix in sample["fix"].items():
        if fix is None:
            continue
        # the fixed configuration must let every listed request pass S3's evaluation
        for req in sample["requests"]:
            if req["bucket"] != bucket or req["causes"] == ["expose-header-missing"]:
                continue
            e = entries[req["entry"]]
            origin = sample["page_origin"]
            acrh = cm.acrh_value(cm.script_headers(e["request"]["headers"]))
            if req["preflight_entry"] is not None:
                st, pairs = cm.s3_cors_answer(fix, origin, "OPTIONS", req["method"], acrh)
                if st != 200:
                    err(name, f"fix for {bucket} still rejects the preflight of #{req['entry']}")
            _, pairs = cm.s3_cors_answer(fix, origin, req["method"])
            acao = dict(pairs).get("Access-Control-Allow-Origin")
            if acao != origin and not (acao == "*" and "credentials-with-wildcard-origin"
                                       not in req["causes"]):
                err(name, f"fix for {bucket} gives #{req['entry']} ACAO {acao}")


def is_cloudfront(url):
    return (urlsplit(url).hostname or "").endswith(".cloudfront.net")


def is_no_cors(e):
    """An `<img>`, a `<script>` without crossorigin...: Sec-Fetch-Mode no-cors, no Origin."""
    return (header(e["request"], "Sec-Fetch-Mode") or "").lower() == "no-cors"


def earlier_no_cors_load(entries, i):
    """The last no-cors load of entry i's URL before it, or None."""
    url = entries[i]["request"]["url"]
    for j in range(i - 1, -1, -1):
        if entries[j]["request"]["url"] == url and is_no_cors(entries[j]) \
                and entries[j]["response"]["status"] > 0:
            return j
    return None


def xml_field(body, tag):
    m = re.search(f"<{tag}>(.*?)</{tag}>", body, re.S)
    return None if m is None else html.unescape(m.group(1))


def pairs_of(part):
    return [(h["name"], h["value"]) for h in part["headers"]]


def when(http_date):
    return datetime.strptime(http_date, "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=timezone.utc)


def check_signatures(name, entries, sample):
    """Every presigned or SDK-signed request that got an answer is signed the way cors_model
    signs (so the real exports' and the recorded signatures verify), unless its expected cause
    is the signature itself."""
    causes = {r["entry"]: r["causes"] for r in sample["requests"]}
    for i, e in enumerate(entries):
        rq = e["request"]
        if e["_resourceType"] == "preflight" or e["response"]["status"] == 0:
            continue
        w = f"{name}#{i}"
        view = cm.presigned_view(rq["method"], rq["url"], pairs_of(rq))
        bad = {"s3-signature-mismatch", "s3-presigned-query-modified"} & set(causes.get(i, []))
        if view is not None and (view[2] == view[3]) == bool(bad):
            err(w, "presigned signature " + ("verifies" if bad else "does not verify"))
        auth = header(rq, "authorization")
        if auth and auth.startswith("AWS4-HMAC-SHA256 "):
            u = urlsplit(rq["url"])
            m = re.match(r"AWS4-HMAC-SHA256 Credential=[^/]+/(\d{8})/([^/]+)/s3/aws4_request, "
                         r"SignedHeaders=([^,]+), Signature=", auth)
            signed = m.group(3).split(";")
            sent = {k.lower(): v for k, v in pairs_of(rq)}
            query = dict(cm._query_pairs(u.query))
            redo = cm.authorization(rq["method"], u.hostname, u.path, query, m.group(2),
                                    sent["x-amz-date"],
                                    {n: sent[n] for n in signed if n != "host"},
                                    sent["x-amz-content-sha256"])
            if redo != auth:
                err(w, "the Authorization header does not verify")


def check_causes(name, entries, sample, req, configs):
    """The evidence each cause code stands on is in the HAR (samples/README.md)."""
    w = f"{name}#{req['entry']}"
    e = entries[req["entry"]]
    rq, rs = e["request"], e["response"]
    pf = entries[req["preflight_entry"]] if req["preflight_entry"] is not None else None
    body = rs["content"].get("text", "")
    origin = sample["page_origin"]
    config = configs.get(req["bucket"])
    code = xml_field(body, "Code")
    for cause in req["causes"]:
        if cause == "s3-wrong-region":
            if pf is not None and pf["response"]["status"] == 301:
                r = pf["response"]
                if header(r, "Location") or not header(r, "x-amz-bucket-region"):
                    err(w, "wrong region: a 301 without Location, with x-amz-bucket-region")
                continue
            scope = re.search(r"Credential=[^/]+/\d{8}/([^/]+)/", header(rq, "authorization")
                              or "")
            region = header(rs, "x-amz-bucket-region")
            if rs["status"] != 400 or code != "AuthorizationHeaderMalformed" or scope is None \
                    or region is None or scope.group(1) == region \
                    or xml_field(body, "Region") != region \
                    or f"'{scope.group(1)}' is wrong; expecting '{region}'" not in body:
                err(w, "wrong region: 400 AuthorizationHeaderMalformed naming both regions")
        elif cause == "s3-presigned-expired":
            q = dict(cm._query_pairs(urlsplit(rq["url"]).query))
            signed = datetime.strptime(q["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(
                tzinfo=timezone.utc)
            expires = signed.timestamp() + int(q["X-Amz-Expires"])
            if rs["status"] != 403 or code != "AccessDenied" \
                    or xml_field(body, "Message") != "Request has expired" \
                    or when(header(rs, "Date")).timestamp() <= expires \
                    or xml_field(body, "Expires") != datetime.fromtimestamp(
                        expires, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") \
                    or xml_field(body, "X-Amz-Expires") != q["X-Amz-Expires"]:
                err(w, "expired: 403 Request has expired, after X-Amz-Date + X-Amz-Expires")
        elif cause in ("s3-signature-mismatch", "s3-presigned-query-modified"):
            creq, sts, _, provided = cm.presigned_view(rq["method"], rq["url"], pairs_of(rq))
            hexes = " ".join(f"{b:02x}" for b in creq.encode())
            if rs["status"] != 403 or code != "SignatureDoesNotMatch" \
                    or xml_field(body, "CanonicalRequest") != creq \
                    or xml_field(body, "StringToSign") != sts \
                    or xml_field(body, "CanonicalRequestBytes") != hexes \
                    or xml_field(body, "SignatureProvided") != provided:
                err(w, "signature: 403 SignatureDoesNotMatch with S3's canonical request")
            pairs = cm._query_pairs(urlsplit(rq["url"]).query)
            last_amz = max(k for k, (n, _) in enumerate(pairs) if n.startswith("X-Amz-"))
            added = pairs[last_amz + 1:]
            if cause == "s3-presigned-query-modified":
                # without the parameters added after the X-Amz-* ones the URL verifies
                cut = rq["url"][:rq["url"].index("&" + added[0][0] + "=")] if added else None
                v = cut and cm.presigned_view(rq["method"], cut, pairs_of(rq))
                if not added or v[2] != v[3]:
                    err(w, "query modified: a parameter added after signing, the rest verifies")
            else:
                q = dict(pairs)
                names = q["X-Amz-SignedHeaders"].split(";")
                if added or not [n for n in names if n != "host" and header(rq, n)]:
                    err(w, "signature mismatch: a signed header the request sent differently")
        elif cause == "s3-access-denied":
            if rs["status"] != 403 or code != "AccessDenied" \
                    or xml_field(body, "Message") != "Access Denied" \
                    or (pf is not None and pf["response"]["status"] != 200):
                err(w, "access denied: 403 AccessDenied on the request, its preflight passed")
        elif cause == "s3-website-endpoint":
            u = urlsplit(rq["url"])
            if ".s3-website" not in u.hostname or u.scheme != "http" \
                    or not origin.startswith("https:") or rs["_error"] != "" \
                    or rs["status"] != 0:
                err(w, "website endpoint: an http s3-website URL blocked as mixed content")
        elif cause == "s3-bucket-name-dots":
            u = urlsplit(rq["url"])
            if "." not in req["bucket"] or not u.hostname.startswith(req["bucket"] + ".s3") \
                    or u.scheme != "https" or rs["_error"] != "net::ERR_CERT_COMMON_NAME_INVALID":
                err(w, "dots: virtual-hosted https host of a dotted bucket, TLS name error")
        elif cause == "s3-service-endpoint":
            if req["bucket"] is not None or cm.bucket_of(rq["url"]) is not None \
                    or pf is None or pf["response"]["status"] != 403:
                err(w, "service endpoint: a bucket-less S3 URL whose preflight got 403")
        elif cause == "cached-response-without-vary":
            j = earlier_no_cors_load(entries, req["entry"])
            if j is None:
                err(w, "cached: no earlier no-cors load of the same URL")
                continue
            cached = entries[j]
            vary = (header(cached["response"], "Vary") or "").lower()
            if header(cached["request"], "Origin") or "origin" in vary \
                    or header(cached["response"], "Access-Control-Allow-Origin") \
                    or rs["status"] != 0 or "_fromCache" in e:
                err(w, "cached: the earlier load had no Origin, its answer no Vary: Origin")
            if config is None or not cm.s3_cors_answer(config, origin, "GET")[1]:
                err(w, "cached: the bucket's rule allows the origin (a fresh request passes)")
        elif cause == "cloudfront-origin-not-forwarded":
            r = pf["response"] if pf else {"status": 0, "headers": []}
            if r["status"] != 400 or header(r, "x-cache") != "Error from cloudfront" \
                    or header(r, "Access-Control-Allow-Origin") is not None:
                err(w, "CloudFront: preflight 400 from S3 (x-cache Error), no CORS headers")
            acrh = header(pf["request"], "Access-Control-Request-Headers") if pf else None
            if config is None or cm.s3_cors_answer(config, origin, "OPTIONS", req["method"],
                                                   acrh)[0] != 200:
                err(w, "CloudFront: with the Origin forwarded, S3's rules pass the preflight")
        elif cause == "cloudfront-cached-other-origin":
            acao = header(rs, "Access-Control-Allow-Origin")
            got = {h["name"].lower(): h["value"] for h in rs["headers"]
                   if h["name"].lower() in cm.CORS_RESPONSE_HEADERS}
            want = {n.lower(): v for n, v in cm.s3_cors_answer(config, acao, "GET")[1]} \
                if config and acao else None
            if header(rs, "x-cache") != "Hit from cloudfront" \
                    or int(header(rs, "Age") or 0) <= 0 or acao in (None, origin) \
                    or got != want or not cm.s3_cors_answer(config, origin, "GET")[1]:
                err(w, "CloudFront: a hit carrying S3's answer for another allowed origin")
        elif cause == "s3-method-not-allowable":
            if pf is None or header(pf["request"], "Access-Control-Request-Method") in (
                    "GET", "PUT", "POST", "DELETE", "HEAD") or pf["response"]["status"] != 403:
                err(w, "PATCH: a preflight for a method S3 cannot allow, answered 403")
        elif cause == "stale-preflight-cache":
            # Preflights name only their URL: a request went out on a cached preflight when
            # its URL has fewer OPTIONS entries than requests like it (the page may have sent
            # the same request before, under the old rules, with a preflight).
            opts = [x for x in entries if x["request"]["method"] == "OPTIONS"
                    and x["request"]["url"] == rq["url"]]
            same = [x for x in entries if x["_resourceType"] != "preflight"
                    and x["request"]["method"] == rq["method"] and x["request"]["url"] == rq["url"]]
            kinds = {x["_resourceType"] for x in entries}
            if len(opts) >= len(same) or pf is not None or rs["status"] == 0 or not header(rq, "Origin") \
                    or not {"document", "script"} <= kinds:
                err(w, "stale preflight: sent with Origin and answered, no OPTIONS for its URL "
                       "in an unfiltered export")


def main():
    expected = json.loads((SAMPLES / "expected.json").read_text())
    seen = set()
    for sample in expected["samples"]:
        path = REPO / sample["file"]
        raw = path.read_bytes()
        har = json.loads(raw)
        if json.dumps(har, indent=2, ensure_ascii=False).encode() != raw:
            err(sample["file"], "not serialised like DevTools (JSON.stringify(..., null, 2))")
        check_shape(sample["file"], har)
        check_expected(sample, har)
        seen.add(path.name)
    on_disk = {p.name for p in SAMPLES.glob("*.har")}
    if on_disk != seen:
        err("expected.json", f"HARs without expectations: {sorted(on_disk - seen)}")
    r = subprocess.run([sys.executable, str(TOOLS / "real-expectations.py"), "--check"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        err("real-expectations.py --check", r.stdout.strip())
    for e in errors:
        print(e)
    print(f"{len(expected['samples'])} samples checked, {len(errors)} problem(s)")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
