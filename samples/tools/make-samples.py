#!/usr/bin/env python3
"""Build corshar's Chrome-shaped sample HARs, the bucket CORS files and expected.json.

Only the samples no loop scenario reproduces (the real-Chromium loop, extension/tests/loop) are
generated here; the other generated-story samples are Chrome's own exports, recorded by `cargo
xtask samples`, whose expected.json entries this script keeps as they are.

    python3 samples/tools/make-samples.py           # (re)write the outputs
    python3 samples/tools/make-samples.py --check   # exit 1 if any output differs from this run

Python 3 standard library only and deterministic: fixed clock, fixed ids, no randomness. Running
it again reproduces the committed files byte for byte.

Every generated HAR entry starts as a deep copy of an entry of a real Chromium 156 DevTools export
(samples/s01..s10, copied unchanged from shared/real-hars), so entry/request/response key order,
`_initiator`, `_priority`, `_resourceType`, `cache`, `connection`/`_connectionId`, `timings`
(with `_blocked_queueing`, `_workerStart`...), `pageref`, size quirks and header order/case come
from real Chrome. Then URLs, headers, bodies, sizes and times are rewritten for the new scenario.
samples/README.md lists, per sample, the template entries and what is documented vs inferred.

The page side is the real files' own driver: the scenario page embeds `window.SCENARIO` and loads
the same /static/app.js (copied verbatim from the real exports); initiator stacks point at the
app.js lines that issue each request. The S3 side follows ../shared/reference/s3-cors.md sections
2-3 and 7 (tools/cors_model.py).
"""

import base64
import copy
import hashlib
import html
import json
import sys
import zlib
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

sys.dont_write_bytecode = True  # keep samples/tools free of __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
import cors_model as cm  # noqa: E402

TOOLS = Path(__file__).resolve().parent
SAMPLES = TOOLS.parent
REPO = SAMPLES.parent
MANIFEST = REPO / "tests" / "data" / "real-hars" / "manifest.json"

REAL_FILES = [
    "s01-head-not-allowed.har",
    "s02-http-origin-vs-https-rule.har",
    "s03-wildcard-subdomain-vs-apex.har",
    "s04-localhost-dev-origin-missing.har",
    "s05-sdk-signed-headers-not-allowed.har",
    "s06-range-content-range-not-exposed.har",
    "s07-presigned-post-form-not-allowed.har",
    "s08-xhr-upload-progress-forced-preflight.har",
    "s09-preflight-cache-max-age.har",
    "s10-mixed-three-buckets.har",
]

TPL = {name[:3]: json.loads((SAMPLES / name).read_bytes()) for name in REAL_FILES}


def tpl(key, idx):
    return copy.deepcopy(TPL[key]["log"]["entries"][idx])


def tpl_start(key, idx):
    return iso_ms(TPL[key]["log"]["entries"][idx]["startedDateTime"])


def tpl_header(key, idx, name, side="request"):
    for h in TPL[key]["log"]["entries"][idx][side]["headers"]:
        if h["name"] == name:
            return h["value"]
    raise KeyError(name)


# Values Chrome 156 wrote in the real exports (headless, Linux).
UA = tpl_header("s01", 0, "User-Agent")
SEC_CH_UA = tpl_header("s01", 0, "sec-ch-ua")
SEC_CH_UA_MOBILE = tpl_header("s01", 0, "sec-ch-ua-mobile")
SEC_CH_UA_PLATFORM = tpl_header("s01", 0, "sec-ch-ua-platform")
ACCEPT_ENCODING = tpl_header("s01", 2, "Accept-Encoding")
ACCEPT_LANGUAGE = tpl_header("s01", 2, "Accept-Language")
APP_JS = TPL["s01"]["log"]["entries"][1]["response"]["content"]["text"]
# --------------------------------------------------------------------------- small helpers

def iso_ms(s):
    dt = datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    return round(dt.timestamp() * 1000)


def ms_iso(ms):
    dt = datetime.fromtimestamp(ms // 1000, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def http_date(ms):
    dt = datetime.fromtimestamp(ms // 1000, tz=timezone.utc)
    return (f"{_DAYS[dt.weekday()]}, {dt.day:02d} {_MONTHS[dt.month - 1]} {dt.year} "
            f"{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d} GMT")


def amz_date(ms):
    return datetime.fromtimestamp(ms // 1000, tz=timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def det_bytes(seed, n):
    out, i = b"", 0
    while len(out) < n:
        out += hashlib.sha256(f"{seed}/{i}".encode()).digest()
        i += 1
    return out[:n]


def amz_ids(seed):
    """(x-amz-request-id, x-amz-id-2): same shapes as the real files, derived from a seed."""
    return det_bytes("rid:" + seed, 8).hex().upper(), base64.b64encode(
        det_bytes("id2:" + seed, 56)).decode()


def js_json(obj):
    """JSON.stringify(obj) (what app.js sends)."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def py_json(obj):
    """json.dumps(obj) (what the demo backend answers, as in the real files)."""
    return json.dumps(obj)


def hdrs(pairs):
    return [{"name": n, "value": v} for n, v in pairs]


def chrome_sorted(pairs):
    """Chrome's HAR lists full (ExtraInfo) request and response headers sorted by name, bytewise
    (CDP Network.Headers is a sorted dictionary): see every non-provisional entry of s01..s10."""
    return sorted(pairs, key=lambda p: p[0].encode())


def set_header(headers, name, value):
    for h in headers:
        if h["name"] == name:
            h["value"] = value
            return
    raise KeyError(name)


def request_target(url):
    u = urlsplit(url)
    return u.path + ("?" + u.query if u.query else "")


def req_headers_size(method, url, headers):
    # Chrome's count for HTTP/1.1 requests in s01..s10: request line plus "name: value\r\n" per
    # header, without the final blank line.
    return len(f"{method} {request_target(url)} HTTP/1.1\r\n".encode()) + sum(
        len(h["name"].encode()) + len(h["value"].encode()) + 4 for h in headers)


def resp_headers_size(status, status_text, headers):
    return len(f"HTTP/1.1 {status} {status_text}\r\n".encode()) + sum(
        len(h["name"].encode()) + len(h["value"].encode()) + 4 for h in headers) + 2


def query_string(url):
    q = urlsplit(url).query
    out = []
    for part in q.split("&") if q else []:
        name, _, value = part.partition("=")
        out.append({"name": name, "value": value})
    return out


def post_data(mime, body):
    """Chrome's postData: the bytes as Latin-1 code units; bodySize is the UTF-8 length of that
    string (s04: 4096 bytes of a 0..255 pattern give bodySize 6144)."""
    text = body.decode("latin-1")
    return {"mimeType": mime, "text": text}, len(text.encode("utf-8"))


def s3_error_xml(code, message, fields, rid, hid):
    # Same layout as the emulator's bodies in the real files (Content-Length 514 for s04's 403).
    extra = "".join(f"<{k}>{v}</{k}>" for k, v in fields)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
            f"<Message>{message}</Message>{extra}<RequestId>{rid}</RequestId>"
            f"<HostId>{hid}</HostId></Error>")


def chunk_framing(body):
    """The bytes Transfer-Encoding: chunked adds around a body sent as one chunk."""
    return f"{len(body):x}\r\n".encode() + b"\r\n0\r\n\r\n"


def s3_common(ms, seed):
    rid, hid = amz_ids(seed)
    return [("Date", http_date(ms)), ("Server", "AmazonS3"), ("x-amz-id-2", hid),
            ("x-amz-request-id", rid)], rid, hid


def app_js_site(snippet, token, app_js=APP_JS):
    """(lineNumber, columnNumber), 0-based as CDP reports them, of `token` on the one app.js line
    that contains `snippet`."""
    lines = app_js.split("\n")
    if snippet.startswith("^"):  # the whole line
        hits = [i for i, line in enumerate(lines) if line == snippet[1:]]
        snippet = snippet[1:]
    else:
        hits = [i for i, line in enumerate(lines) if snippet in line]
    if len(hits) != 1:
        raise ValueError(f"app.js: {snippet!r} found {len(hits)} times")
    line = lines[hits[0]]
    return hits[0], line.index(token, line.index(snippet))


# --------------------------------------------------------------------------- a page session

class Session:
    def __init__(self, sample_id, origin, pid, script_id, template, app_js=APP_JS):
        self.id = sample_id
        self.app_js = app_js
        self.origin = origin
        self.host = urlsplit(origin).hostname
        self.port = str(urlsplit(origin).port or (443 if origin.startswith("https") else 80))
        self.page_url = f"{origin}/scenario/{sample_id}"
        self.app_js_url = f"{origin}/static/app.js"
        self.pid = pid
        self.script_id = script_id
        self.template = template
        # Renderer request ids: app.js is "<pid>.3" in every real export, then +1 per request in
        # issue order (preflights get ids of their own that the HAR does not keep).
        self.next_request_no = 4
        self.entries = []

    def request_id(self):
        rid = f"{self.pid}.{self.next_request_no}"
        self.next_request_no += 1
        return rid

    # JS call frames (functionName, snippet of the app.js line, token whose column CDP reports)
    SITES = {
        "api": ("api", "const r = await fetch(path, {", "fetch"),
        "resolveUrl": ("resolveUrl", "const r = await api('/api/presign', {", "api("),
        "sdkSign": ("sdkSign", "const r = await api('/api/sign', {", "api("),
        "runPlain.resolveUrl": ("runPlain", "appendQuery(await resolveUrl(", "resolveUrl"),
        "runPlain.sdkSign": ("runPlain", "if (step.sdk_sign) await sdkSign(", "sdkSign"),
        "runPlain.via": ("runPlain", "Object.assign(r, await via(step, url, headers, body));",
                         "via("),
        "viaFetch": ("viaFetch", "const resp = await fetch(url, init);", "fetch"),
        "runMultipart.api": ("runMultipart", "const init = await api('/api/uploads'", "api("),
        "runMultipart.viaFetch": ("runMultipart", ": await viaFetch(step, url, {}, body);",
                                  "viaFetch("),
        "main.runPlain": ("main", "else urls[i] = await runPlain(", "runPlain"),
        "main.runMultipart": ("main", "if (step.multipart) await runMultipart(", "runMultipart"),
        "anon.main": ("", "  main();", "main"),
        "anon.iife": ("", "^})();", "();"),
        "viaImg.src": ("", "img.src = url;", "= url;"),
        "viaImg": ("viaImg", "return new Promise(resolve => {", "new Promise"),
    }

    def frame(self, site):
        fn, snippet, token = self.SITES[site]
        line, col = app_js_site(snippet, token, self.app_js)
        return {"functionName": fn, "scriptId": self.script_id, "url": self.app_js_url,
                "lineNumber": line, "columnNumber": col}

    def stack(self, *segments):
        """segments: lists of sites; the first is synchronous, each later one an "await" parent
        (V8 async stack traces, as in s01/s05/s10)."""
        node = None
        for i in range(len(segments) - 1, -1, -1):
            frames = [self.frame(s) for s in segments[i]]
            cur = {"description": "await"} if i > 0 else {}
            cur["callFrames"] = frames
            if node is not None:
                cur["parent"] = node
            node = cur
        return node

    # ----------------------------------------------------------------- entries

    def add(self, entry):
        entry["pageref"] = "page_1"
        self.entries.append(entry)
        return len(self.entries) - 1

    def document(self, tkey, tidx, html_text, start):
        e = tpl(tkey, tidx)
        rq, rs = e["request"], e["response"]
        e["connection"] = self.port
        rq["url"] = self.page_url
        set_header(rq["headers"], "Host", self.host)
        rq["headersSize"] = req_headers_size("GET", rq["url"], rq["headers"])
        body = html_text.encode()
        set_header(rs["headers"], "Content-Length", str(len(body)))
        set_header(rs["headers"], "Date", http_date(start))
        rs["content"]["size"] = len(body)
        rs["content"]["text"] = html_text
        rs["headersSize"] = resp_headers_size(rs["status"], rs["statusText"], rs["headers"])
        rs["bodySize"] = len(body)
        rs["_transferSize"] = rs["headersSize"] + len(body)
        e["startedDateTime"] = ms_iso(start)
        return self.add(e)

    def script(self, tkey, tidx, start):
        e = tpl(tkey, tidx)
        rq, rs = e["request"], e["response"]
        e["connection"] = self.port
        e["_initiator"]["url"] = self.page_url
        rq["url"] = self.app_js_url
        set_header(rq["headers"], "Host", self.host)
        set_header(rq["headers"], "Referer", self.page_url)
        rq["headersSize"] = req_headers_size("GET", rq["url"], rq["headers"])
        set_header(rs["headers"], "Date", http_date(start))
        assert rs["content"]["text"] == APP_JS
        if self.app_js != APP_JS:
            body = self.app_js.encode()
            set_header(rs["headers"], "Content-Length", str(len(body)))
            rs["content"]["size"] = rs["bodySize"] = len(body)
            rs["content"]["text"] = self.app_js
        rs["headersSize"] = resp_headers_size(rs["status"], rs["statusText"], rs["headers"])
        rs["_transferSize"] = rs["headersSize"] + rs["bodySize"]
        e["startedDateTime"] = ms_iso(start)
        return self.add(e)

    def api(self, tkey, tidx, path, payload, response_text, stack, start):
        """A same-origin POST to the app's backend (fetch, application/json)."""
        self.request_id()
        e = tpl(tkey, tidx)
        rq, rs = e["request"], e["response"]
        e["connection"] = self.port
        e["_initiator"] = {"type": "script", "stack": stack}
        rq["url"] = self.origin + path
        body = payload.encode()
        set_header(rq["headers"], "Content-Length", str(len(body)))
        set_header(rq["headers"], "Host", self.host)
        set_header(rq["headers"], "Origin", self.origin)
        set_header(rq["headers"], "Referer", self.page_url)
        rq["headersSize"] = req_headers_size("POST", rq["url"], rq["headers"])
        rq["postData"], rq["bodySize"] = post_data("application/json", body)
        out = response_text.encode()
        set_header(rs["headers"], "Content-Length", str(len(out)))
        set_header(rs["headers"], "Date", http_date(start))
        rs["content"]["size"] = len(out)
        rs["content"]["text"] = response_text
        rs["headersSize"] = resp_headers_size(rs["status"], rs["statusText"], rs["headers"])
        rs["bodySize"] = len(out)
        rs["_transferSize"] = rs["headersSize"] + len(out)
        e["startedDateTime"] = ms_iso(start)
        return self.add(e)

    def full_request_headers(self, url, script_pairs, body_len=None):
        """The request headers Chrome reports from requestWillBeSentExtraInfo (HTTP/1.1, sorted)."""
        pairs = [("Accept", "*/*"), ("Accept-Encoding", ACCEPT_ENCODING),
                 ("Accept-Language", ACCEPT_LANGUAGE), ("Connection", "keep-alive"),
                 ("Host", urlsplit(url).hostname), ("Origin", self.origin),
                 ("Referer", self.origin + "/"), ("Sec-Fetch-Dest", "empty"),
                 ("Sec-Fetch-Mode", "cors"), ("Sec-Fetch-Site", "cross-site"),
                 ("User-Agent", UA), ("sec-ch-ua", SEC_CH_UA),
                 ("sec-ch-ua-mobile", SEC_CH_UA_MOBILE),
                 ("sec-ch-ua-platform", SEC_CH_UA_PLATFORM)]
        if body_len is not None:
            pairs.append(("Content-Length", str(body_len)))
        pairs += list(script_pairs)
        return hdrs(chrome_sorted(pairs))

    def preflight_request_headers(self, url, acrm, acrh):
        pairs = [("Accept", "*/*"), ("Accept-Encoding", ACCEPT_ENCODING),
                 ("Accept-Language", ACCEPT_LANGUAGE), ("Access-Control-Request-Method", acrm),
                 ("Connection", "keep-alive"), ("Host", urlsplit(url).hostname),
                 ("Origin", self.origin), ("Referer", self.origin + "/"),
                 ("Sec-Fetch-Dest", "empty"), ("Sec-Fetch-Mode", "cors"),
                 ("Sec-Fetch-Site", "cross-site"), ("User-Agent", UA)]
        if acrh:
            pairs.append(("Access-Control-Request-Headers", acrh))
        return hdrs(chrome_sorted(pairs))

    def preflight(self, tkey, tidx, url, acrm, acrh, actual_request_id, status, status_text,
                  resp_pairs, mime, start):
        """A preflight Chrome completed (net::OK): real status and headers, `_error` null, no
        body kept (content.size 0), bodySize = -headersSize."""
        e = tpl(tkey, tidx)
        rq, rs = e["request"], e["response"]
        assert e["_resourceType"] == "preflight"
        e["_initiator"] = {"type": "preflight", "url": url, "requestId": actual_request_id}
        rq["url"] = url
        rq["headers"] = self.preflight_request_headers(url, acrm, acrh)
        rq["queryString"] = query_string(url)
        rq["headersSize"] = req_headers_size("OPTIONS", url, rq["headers"])
        rs["status"], rs["statusText"] = status, status_text
        rs["headers"] = hdrs(chrome_sorted(resp_pairs))
        hs = resp_headers_size(status, status_text, rs["headers"])
        rs["content"] = {"size": 0, "mimeType": mime, "compression": hs}
        rs["redirectURL"] = dict(resp_pairs).get("Location", "")
        rs["headersSize"], rs["bodySize"], rs["_transferSize"] = hs, -hs, 0
        rs["_error"] = None
        e["startedDateTime"] = ms_iso(start)
        return self.add(e)

    def preflight_redirect_failed(self, tkey, tidx, url, acrm, acrh, actual_request_id, status,
                                  status_text, resp_pairs, start, time, queueing):
        """A preflight answered with a 3xx that has a Location: Chrome's PreflightController
        stops at the redirect (HandleRedirect) and reports ERR_INVALID_REDIRECT to DevTools
        (documented, har-producers.md 1.5). No responseReceived fires, so the entry takes the
        shape of a response-blocked entry (template: s01 entry 6): status and headers from
        responseReceivedExtraInfo, no connection fields, empty serverIPAddress, timings collapsed
        into `blocked` (inferred; see README)."""
        e = tpl(tkey, tidx)
        rq, rs = e["request"], e["response"]
        e["_initiator"] = {"type": "preflight", "url": url, "requestId": actual_request_id}
        e["_resourceType"] = "preflight"
        rq["method"] = "OPTIONS"
        rq["url"] = url
        rq["headers"] = self.preflight_request_headers(url, acrm, acrh)
        rq["queryString"] = query_string(url)
        rq["headersSize"] = req_headers_size("OPTIONS", url, rq["headers"])
        rq["bodySize"] = 0
        rq.pop("postData", None)
        rs["status"], rs["statusText"] = status, status_text
        rs["headers"] = hdrs(chrome_sorted(resp_pairs))
        hs = resp_headers_size(status, status_text, rs["headers"])
        rs["content"] = {"size": 0, "mimeType": "x-unknown", "compression": hs}
        rs["redirectURL"] = dict(resp_pairs).get("Location", "")
        rs["headersSize"], rs["bodySize"], rs["_transferSize"] = hs, -hs, 0
        rs["_error"] = "net::ERR_INVALID_REDIRECT"
        e["startedDateTime"] = ms_iso(start)
        e["time"] = time
        e["timings"] = {"blocked": time, "dns": -1, "ssl": -1, "connect": -1, "send": 0,
                        "wait": 0, "receive": 0, "_blocked_queueing": queueing}
        return self.add(e)

    def blocked_at_preflight(self, tkey, tidx, url, method, provisional, body, body_mime,
                             stack, start, error="net::ERR_FAILED", time=None):
        """The actual request of a failed preflight: never sent, so only the renderer's
        provisional headers (the script's own, in its case, plus Referer/User-Agent/sec-ch-ua*;
        no Origin/Host/Sec-Fetch-*), httpVersion "", status 0, `_error` net::ERR_FAILED.
        The same shape serves every request that got no response to the renderer: a TLS
        failure (`error` = the net error), a CORS failure on a response served from the HTTP
        cache, a request blocked as mixed content (`error` = ""). `time`: its duration, all of
        it in `blocked`."""
        e = tpl(tkey, tidx)
        rq, rs = e["request"], e["response"]
        assert rs["status"] == 0 and rs["_error"] == "net::ERR_FAILED"
        rs["_error"] = error
        if time is not None:
            e["time"] = e["timings"]["blocked"] = time
        e["_initiator"] = {"type": "script", "stack": stack}
        rq["method"] = method
        rq["url"] = url
        rq["headers"] = hdrs(provisional)
        rq["queryString"] = query_string(url)
        rq.pop("postData", None)
        rq["bodySize"] = 0
        if body is not None:
            rq["postData"], rq["bodySize"] = post_data(body_mime, body)
        e["startedDateTime"] = ms_iso(start)
        return self.add(e)

    def actual_ok(self, tkey, tidx, url, method, script_pairs, body, body_mime, status,
                  status_text, resp_pairs, resp_body, resp_mime, stack, start, chunked=False):
        """A request whose response reached the page (`_error` null), body kept. `chunked`:
        the body came with Transfer-Encoding: chunked (S3's error responses), in one chunk;
        bodySize and _transferSize count the raw bytes read (chunk framing included) and
        content.compression is size - bodySize, as Log.ts computes it."""
        e = tpl(tkey, tidx)
        rq, rs = e["request"], e["response"]
        e["_initiator"] = {"type": "script", "stack": stack}
        rq["method"] = method
        rq["url"] = url
        rq["headers"] = self.full_request_headers(
            url, script_pairs, None if body is None else len(body))
        rq["queryString"] = query_string(url)
        rq["headersSize"] = req_headers_size(method, url, rq["headers"])
        rq.pop("postData", None)
        rq["bodySize"] = 0
        if body is not None:
            rq["postData"], rq["bodySize"] = post_data(body_mime, body)
        rs["status"], rs["statusText"] = status, status_text
        rs["headers"] = hdrs(chrome_sorted(resp_pairs))
        hs = resp_headers_size(status, status_text, rs["headers"])
        if resp_body is None:
            rs["content"] = {"size": 0, "mimeType": "x-unknown", "compression": 0}
            n = 0
        else:
            n = len(resp_body) + (len(chunk_framing(resp_body)) if chunked else 0)
            rs["content"] = {"size": len(resp_body), "mimeType": resp_mime,
                             "compression": len(resp_body) - n, "text": resp_body.decode()}
        rs["redirectURL"] = dict(resp_pairs).get("Location", "")
        rs["headersSize"], rs["bodySize"], rs["_transferSize"] = hs, n, hs + n
        rs["_error"] = None
        e["startedDateTime"] = ms_iso(start)
        return self.add(e)

    def blocked_at_response(self, tkey, tidx, url, method, script_pairs, status, status_text,
                            resp_pairs, stack, start, body=None, body_mime=None):
        """Chrome received the response and then failed the CORS check: real status and headers
        (from responseReceivedExtraInfo), no body, bodySize -headersSize, no connection fields,
        empty serverIPAddress, `_error` net::ERR_FAILED (s01 entry 6, s02 entry 3)."""
        e = tpl(tkey, tidx)
        rq, rs = e["request"], e["response"]
        assert rs["_error"] == "net::ERR_FAILED" and rs["status"] > 0
        e["_initiator"] = {"type": "script", "stack": stack}
        rq["method"] = method
        rq["url"] = url
        rq["headers"] = self.full_request_headers(
            url, script_pairs, None if body is None else len(body))
        rq["queryString"] = query_string(url)
        rq["headersSize"] = req_headers_size(method, url, rq["headers"])
        rq.pop("postData", None)
        rq["bodySize"] = 0
        if body is not None:
            rq["postData"], rq["bodySize"] = post_data(body_mime, body)
        rs["status"], rs["statusText"] = status, status_text
        rs["headers"] = hdrs(chrome_sorted(resp_pairs))
        hs = resp_headers_size(status, status_text, rs["headers"])
        rs["content"] = {"size": 0, "mimeType": "x-unknown", "compression": hs}
        rs["redirectURL"] = dict(resp_pairs).get("Location", "")
        rs["headersSize"], rs["bodySize"], rs["_transferSize"] = hs, -hs, 0
        e["startedDateTime"] = ms_iso(start)
        return self.add(e)

    def image(self, tkey, tidx, timing_from, url, status, status_text, resp_pairs, body, mime,
              stack, start, connection_id):
        """An `<img>` without `crossorigin` loading a cross-origin URL: no-cors, so no `Origin`
        (Sec-Fetch-Mode no-cors, Sec-Fetch-Dest image, Referer cut to the origin for a
        cross-site request), `_priority` Low, `_resourceType` image (template: s10 entry 2, a
        same-origin `<img>` issued by app.js). `timing_from`: the (template, entry) whose timings
        fit, e.g. the first request on a new TLS connection (s10 entry 4). The body is kept
        base64-encoded, as Writer.ts stores binary content."""
        e = tpl(tkey, tidx)
        t = TPL[timing_from[0]]["log"]["entries"][timing_from[1]]
        rq, rs = e["request"], e["response"]
        assert e["_resourceType"] == "image"
        e["_initiator"] = {"type": "script", "stack": stack}
        e["_connectionId"] = connection_id
        e["time"], e["timings"] = t["time"], copy.deepcopy(t["timings"])
        rq["url"] = url
        pairs = [("Accept", tpl_header(tkey, tidx, "Accept")),
                 ("Accept-Encoding", ACCEPT_ENCODING), ("Accept-Language", ACCEPT_LANGUAGE),
                 ("Connection", "keep-alive"), ("Host", urlsplit(url).hostname),
                 ("Referer", self.origin + "/"), ("Sec-Fetch-Dest", "image"),
                 ("Sec-Fetch-Mode", "no-cors"), ("Sec-Fetch-Site", "cross-site"),
                 ("User-Agent", UA), ("sec-ch-ua", SEC_CH_UA),
                 ("sec-ch-ua-mobile", SEC_CH_UA_MOBILE),
                 ("sec-ch-ua-platform", SEC_CH_UA_PLATFORM)]
        rq["headers"] = hdrs(chrome_sorted(pairs))
        rq["queryString"] = query_string(url)
        rq["headersSize"] = req_headers_size("GET", url, rq["headers"])
        rs["status"], rs["statusText"] = status, status_text
        rs["headers"] = hdrs(chrome_sorted(resp_pairs))
        hs = resp_headers_size(status, status_text, rs["headers"])
        rs["content"] = {"size": len(body), "mimeType": mime, "compression": 0,
                         "text": base64.b64encode(body).decode(), "encoding": "base64"}
        rs["redirectURL"] = ""
        rs["headersSize"], rs["bodySize"], rs["_transferSize"] = hs, len(body), hs + len(body)
        e["startedDateTime"] = ms_iso(start)
        return self.add(e)

    def image_stack(self):
        """The initiator of an `<img>` that app.js's viaImg creates (s10 entry 2): an empty
        synchronous frame list, then an "Image" task with the src assignment, then the awaits."""
        return {"callFrames": [], "parent": {
            "description": "Image",
            "callFrames": [self.frame("viaImg.src"), self.frame("viaImg"),
                           self.frame("runPlain.via")],
            "parent": {"description": "await",
                       "callFrames": [self.frame("main.runPlain"), self.frame("anon.main"),
                                      self.frame("anon.iife")]}}}

    # HTTP/2 (CloudFront serves browsers over h2; S3 endpoints speak HTTP/1.1 only). Shapes from
    # har-producers.md 1.5-1.6 and a real Chrome 143 export (gdagm94/freeorbarter localhost.har,
    # h3): pseudo-headers and lower-case names sorted like every CDP header dictionary, no
    # header text, so headersSize -1, response bodySize -1, no content.compression, statusText "".

    def h2_request_headers(self, method, url, script_pairs, acrm=None, acrh=None):
        u = urlsplit(url)
        pairs = [(":authority", u.hostname), (":method", method),
                 (":path", request_target(url)), (":scheme", u.scheme), ("accept", "*/*"),
                 ("accept-encoding", ACCEPT_ENCODING), ("accept-language", ACCEPT_LANGUAGE),
                 ("origin", self.origin), ("priority", "u=1, i"),
                 ("referer", self.origin + "/"), ("sec-fetch-dest", "empty"),
                 ("sec-fetch-mode", "cors"), ("sec-fetch-site", "cross-site"),
                 ("user-agent", UA)]
        if method == "OPTIONS":
            pairs.append(("access-control-request-method", acrm))
            if acrh:
                pairs.append(("access-control-request-headers", acrh))
        else:
            pairs += [("sec-ch-ua", SEC_CH_UA), ("sec-ch-ua-mobile", SEC_CH_UA_MOBILE),
                      ("sec-ch-ua-platform", SEC_CH_UA_PLATFORM)]
            pairs += [(n.lower(), v) for n, v in script_pairs]
        return hdrs(chrome_sorted(pairs))

    def preflight_h2(self, tkey, tidx, url, acrm, acrh, actual_request_id, status, resp_pairs,
                     mime, start, connection_id):
        """A preflight Chrome completed over HTTP/2 (template: a completed HTTP/1.1 preflight on a
        new connection, s01 entry 3, for its timings)."""
        e = tpl(tkey, tidx)
        rq, rs = e["request"], e["response"]
        assert e["_resourceType"] == "preflight"
        e["_initiator"] = {"type": "preflight", "url": url, "requestId": actual_request_id}
        e["_connectionId"] = connection_id
        rq["url"] = url
        rq["httpVersion"] = "http/2.0"
        rq["headers"] = self.h2_request_headers("OPTIONS", url, [], acrm, acrh)
        rq["queryString"] = query_string(url)
        rq["headersSize"] = -1
        rs["status"], rs["statusText"], rs["httpVersion"] = status, "", "http/2.0"
        rs["headers"] = hdrs(chrome_sorted(resp_pairs))
        rs["content"] = {"size": 0, "mimeType": mime}
        rs["redirectURL"] = dict(resp_pairs).get("location", "")
        rs["headersSize"], rs["bodySize"], rs["_transferSize"] = -1, -1, 0
        rs["_error"] = None
        e["startedDateTime"] = ms_iso(start)
        return self.add(e)

    def blocked_at_response_h2(self, tkey, tidx, url, method, script_pairs, status, resp_pairs,
                               stack, start, time):
        """An HTTP/2 response that failed the CORS check: status and headers from
        responseReceivedExtraInfo, no protocol (httpVersion ""), no body, headersSize and
        bodySize -1 (har-producers.md 1.6 (b); template for the rest: s01 entry 6)."""
        e = tpl(tkey, tidx)
        rq, rs = e["request"], e["response"]
        assert rs["_error"] == "net::ERR_FAILED" and rs["status"] > 0
        e["_initiator"] = {"type": "script", "stack": stack}
        rq["method"] = method
        rq["url"] = url
        rq["httpVersion"] = ""
        rq["headers"] = self.h2_request_headers(method, url, script_pairs)
        rq["queryString"] = query_string(url)
        rq["headersSize"] = -1
        rs["status"], rs["statusText"], rs["httpVersion"] = status, "", ""
        rs["headers"] = hdrs(chrome_sorted(resp_pairs))
        rs["content"] = {"size": 0, "mimeType": "x-unknown"}
        rs["redirectURL"] = dict(resp_pairs).get("location", "")
        rs["headersSize"], rs["bodySize"], rs["_transferSize"] = -1, -1, 0
        e["time"] = e["timings"]["blocked"] = time
        e["startedDateTime"] = ms_iso(start)
        return self.add(e)

    def har(self, title_html, doc_start, page_tkey):
        page = copy.deepcopy(TPL[page_tkey]["log"]["pages"][0])
        tdoc = TPL[page_tkey]["log"]["entries"][0]
        page["startedDateTime"] = ms_iso(
            doc_start + iso_ms(page["startedDateTime"]) - iso_ms(tdoc["startedDateTime"]))
        page["title"] = self.page_url
        log = copy.deepcopy(TPL[page_tkey]["log"])
        log["pages"] = [page]
        log["entries"] = self.entries
        return {"log": log}


def scenario_page(scenario):
    """The scenario page exactly as the real files' backend renders it (s01..s10 entry 0)."""
    t = html.escape(scenario["title"], quote=True)
    return ('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{t}</title>\n<link rel="icon" href="data:,">\n</head>\n<body>\n'
            f'<h1>{t}</h1>\n<pre id="log"></pre>\n'
            f"<script>window.SCENARIO = {json.dumps(scenario)};</script>\n"
            '<script src="/static/app.js"></script>\n</body>\n</html>\n')


def t0(hms, ms):
    """A fixed instant on the day of the real recordings (2026-11-27, UTC)."""
    h, m, s = hms
    return round(datetime(2026, 11, 27, h, m, s, tzinfo=timezone.utc).timestamp() * 1000) + ms


def offsets_like(tkey, idxs):
    base = tpl_start(tkey, 0)
    return [tpl_start(tkey, i) - base for i in idxs]


# Provisional headers of a fetch() whose only script header is Content-Type, in the order Chrome
# wrote them for exactly that header set (s04 entry 4). Blink keeps them in a hash map, so the
# order depends on the set of names, not on the order the script used.
# --------------------------------------------------------------------------- the samples

# --------------------------------------------------------------------------- causes that only
# look like CORS (issue 4 item 1): s3-cors.md section 7, har-producers.md 1.5-1.6

# app.js with one line added to s3Url(): `step.url`, a fixed endpoint from the app's
# configuration (a CloudFront domain, a website endpoint, the S3 service root), which the real
# driver cannot address. Everything else, and so every other call site, is the real file's.
APP_JS_URL_STEP = APP_JS.replace(
    "    if (step.path) return location.origin + step.path; // same-origin asset\n",
    "    if (step.path) return location.origin + step.path; // same-origin asset\n"
    "    if (step.url) return step.url; // an endpoint from the app's configuration\n")
assert APP_JS_URL_STEP.count("step.url") == 2

# x-amz-user-agent of the same SDK build for operations without a request checksum: ListBuckets
# as in the real s05 export ("m/E,N"); GetObject adds the response-checksum features (Z, b: the
# flexible-checksums middleware sets them and ChecksumMode ENABLED by default since 3.729).
SDK_UA_PLAIN = tpl_header("s05", 4, "x-amz-user-agent")
SDK_UA_GET = SDK_UA_PLAIN.replace("m/E,N", "m/N,Z,b,E")

# Provisional headers of a fetch() with no header of its own (s10 entry 9 minus its one script
# header): Blink's order for exactly these names.
PROVISIONAL_PLAIN = ["sec-ch-ua-platform", "Referer", "User-Agent", "sec-ch-ua",
                     "sec-ch-ua-mobile"]


def provisional_plain(origin, extra=()):
    values = {"sec-ch-ua-platform": SEC_CH_UA_PLATFORM, "Referer": origin + "/",
              "User-Agent": UA, "sec-ch-ua": SEC_CH_UA, "sec-ch-ua-mobile": SEC_CH_UA_MOBILE}
    return [(n, values[n]) for n in PROVISIONAL_PLAIN] + list(extra)


def det_uuid(seed):
    """A version-4-shaped UUID (crypto.randomUUID()) derived from a seed."""
    b = bytearray(det_bytes("uuid:" + seed, 16))
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def sdk_sign_headers(step, body, now, seed):
    """app.js runPlain() + sdkSign(): the request headers in the order JavaScript builds them,
    and the headers sent to /api/sign (plus content-length when there is a body)."""
    headers = dict(step.get("headers") or {})
    if step.get("checksum") == "crc32":
        headers["x-amz-checksum-crc32"] = base64.b64encode(
            zlib.crc32(body).to_bytes(4, "big")).decode()
    headers["amz-sdk-invocation-id"] = det_uuid(seed)
    headers.update(step.get("sdk_headers") or {})
    headers["x-amz-content-sha256"] = hashlib.sha256(body or b"").hexdigest()
    headers["x-amz-date"] = now
    to_sign = dict(headers)
    if body:
        to_sign["content-length"] = str(len(body))
    return headers, to_sign


def sign_payload(step, region, to_sign):
    """/api/sign's JSON body: JSON.stringify drops the bucket and key a ListBuckets step lacks."""
    payload = {"method": step["method"]}
    for k in ("bucket", "key"):
        if k in step:
            payload[k] = step[k]
    payload.update({"region": region, "query": step.get("query"), "headers": to_sign})
    return js_json(payload)


def s3_error(ms, seed, code, message, fields, extra=(), cors_pairs=()):
    """An S3 error answer to an actual request: XML sent chunked with Connection: close (real
    traces: danialfarid/ng-file-upload#868 (a 403 SignatureDoesNotMatch with CORS headers),
    aws/aws-sdk-js#1035, zendframework/ZendService_Amazon#56), plus the CORS headers of the
    rule that matched, if any (s3-cors.md 3.3)."""
    common, rid, hid = s3_common(ms, seed)
    body = s3_error_xml(code, html.escape(message, quote=False),
                        [(k, html.escape(v, quote=False)) for k, v in fields], rid, hid)
    pairs = common + [("Connection", "close"), ("Content-Type", "application/xml"),
                      ("Transfer-Encoding", "chunked")] + list(extra) + list(cors_pairs)
    return pairs, body.encode()


def cloudfront_ids(seed):
    """(Via, X-Amz-Cf-Id) shaped like CloudFront's (32 hex digits; 56 base64url characters)."""
    via = f"1.1 {det_bytes('via:' + seed, 16).hex()}.cloudfront.net (CloudFront)"
    cf_id = base64.urlsafe_b64encode(det_bytes("cfid:" + seed, 42)).decode()[:54] + "=="
    return via, cf_id


def readable_sample(sid, template, requests, fix, har, origin, buckets):
    return {"file": sid + ".har", "template": template, "har": har, "page_origin": origin,
            "buckets": buckets, "requests": requests, "fix": fix}


def sample_bucket_name_dots_tls():
    """Templates: s10 entries 0-1, s04 entry 4. app.js builds the virtual-hosted URL itself
    (`https://${bucket}.s3.${region}.amazonaws.com/`); with dots in the bucket name the host has
    labels the certificate's *.s3.us-east-1.amazonaws.com cannot cover, and the TLS handshake
    fails: status 0, `_error` net::ERR_CERT_COMMON_NAME_INVALID, no response, no CORS error."""
    sid = "bucket-name-dots-tls"
    bucket, region = "assets.acme.test", "us-east-1"
    step = {"label": "load the UI translations (public object in the bucket assets.acme.test)",
            "via": "fetch", "method": "GET", "bucket": bucket, "region": region,
            "key": "i18n/en-US.json", "read_headers": ["Content-Type"]}
    scenario = {"id": sid, "title": "virtual-hosted HTTPS URL of a bucket whose name has dots: "
                "the certificate does not cover the host, the request fails in TLS",
                "app_region": "us-east-2", "steps": [step]}
    cors = {"CORSRules": [{"AllowedMethods": ["GET", "HEAD"],
                           "AllowedOrigins": ["https://portal.acme.test"],
                           "MaxAgeSeconds": 3000}]}
    S = Session(sid, "https://portal.acme.test", 29199, "8", "s10")
    base = t0((19, 24, 41), 357)
    o = offsets_like("s10", [0, 1, 2])
    S.document("s10", 0, scenario_page(scenario), base + o[0])
    S.script("s10", 1, base + o[1])
    S.request_id()
    url = f"https://{bucket}.s3.{region}.amazonaws.com/{step['key']}"
    get = S.blocked_at_preflight(
        "s04", 4, url, "GET", provisional_plain(S.origin), None, None,
        S.stack(["viaFetch", "runPlain.via"], ["main.runPlain", "anon.main", "anon.iife"]),
        base + o[2], error="net::ERR_CERT_COMMON_NAME_INVALID", time=38.911)
    return readable_sample(
        sid, "s10-mixed-three-buckets.har (+ s04 entry 4)",
        [{"entry": get, "preflight_entry": None, "method": "GET", "bucket": bucket,
          "verdict": "blocked", "browser_error": None, "causes": ["s3-bucket-name-dots"]}],
        {bucket: None}, S.har(scenario["title"], base + o[0], "s10"), S.origin, {bucket: cors})


def sample_cloudfront_origin_not_forwarded():
    """Templates: s10 entries 0-1, s01 entry 3 (a completed preflight on a new connection, for
    its timings), s04 entry 4. The distribution allows OPTIONS but forwards no Origin to S3, so
    S3 answers the preflight 400 "Insufficient information. Origin request header needed.";
    CloudFront passes it on over HTTP/2 with x-cache: Error from cloudfront and no CORS
    headers."""
    sid = "cloudfront-origin-not-forwarded"
    bucket = "acme-portal-static"
    url = "https://d111111abcdef8.cloudfront.net/catalog/2026-11/products.json"
    step = {"label": "load the product catalogue from the CDN (fetch with the app's default "
                     "X-Requested-With header)", "via": "fetch", "method": "GET", "url": url,
            "headers": {"X-Requested-With": "XMLHttpRequest"}, "read_headers": ["Content-Type"]}
    scenario = {"id": sid, "title": "CloudFront forwards the preflight to S3 without Origin: S3 "
                "answers 400 Insufficient information. Origin request header needed.",
                "app_region": "us-east-2", "steps": [step]}
    cors = {"CORSRules": [{"AllowedHeaders": ["*"], "AllowedMethods": ["GET", "HEAD"],
                           "AllowedOrigins": ["https://portal.acme.test"],
                           "MaxAgeSeconds": 3000}]}
    S = Session(sid, "https://portal.acme.test", 30462, "8", "s10", app_js=APP_JS_URL_STEP)
    base = t0((19, 25, 59), 720)
    o = offsets_like("s10", [0, 1, 2])
    S.document("s10", 0, scenario_page(scenario), base + o[0])
    S.script("s10", 1, base + o[1])
    get_id = S.request_id()
    origin = S.origin
    acrh = cm.acrh_value([("X-Requested-With", "XMLHttpRequest")])
    # What S3 would answer had it seen the Origin: the rules are fine.
    assert cm.s3_cors_answer(cors, origin, "OPTIONS", "GET", acrh)[0] == 200
    via, cf_id = cloudfront_ids(sid + "/options")
    pf = S.preflight_h2(
        "s01", 3, url, "GET", acrh, get_id, 400,
        [("content-type", "application/xml"), ("date", http_date(base + o[2] + 1)),
         ("server", "AmazonS3"), ("via", via), ("x-amz-cf-id", cf_id),
         ("x-amz-cf-pop", "IAD89-C1"), ("x-cache", "Error from cloudfront")],
        "application/xml", base + o[2] + 1, "96")
    get = S.blocked_at_preflight(
        "s04", 4, url, "GET", provisional_plain(origin, [("X-Requested-With", "XMLHttpRequest")]),
        None, None,
        S.stack(["viaFetch", "runPlain.via"], ["main.runPlain", "anon.main", "anon.iife"]),
        base + o[2])
    return readable_sample(
        sid, "s10-mixed-three-buckets.har (+ s01 entry 3, s04 entry 4)",
        [{"entry": get, "preflight_entry": pf, "method": "GET", "bucket": bucket,
          "verdict": "blocked", "browser_error": "PreflightMissingAllowOriginHeader",
          "causes": ["cloudfront-origin-not-forwarded"]}],
        {bucket: None}, S.har(scenario["title"], base + o[0], "s10"), origin, {bucket: cors})


def sample_cloudfront_cached_other_origin():
    """Templates: s10 entries 0-1, s01 entry 6 (a response that failed the CORS check). The
    distribution forwards Origin to S3 (origin request policy) but keeps it out of the cache key:
    the object was cached 1384 s earlier from a request of https://admin.acme.test, and
    CloudFront serves that answer, ACAO included, to https://portal.acme.test."""
    sid = "cloudfront-cached-other-origin"
    bucket = "acme-shared-assets"
    url = "https://d604721fxaaqy9.cloudfront.net/shared/feature-flags.json"
    step = {"label": "load the feature flags shared by the portal and the admin console (CDN)",
            "via": "fetch", "method": "GET", "url": url, "read_headers": ["Content-Type"]}
    scenario = {"id": sid, "title": "CloudFront serves an answer cached for https://admin.acme."
                "test (Origin not in the cache key) to https://portal.acme.test",
                "app_region": "us-east-2", "steps": [step]}
    cors = {"CORSRules": [{"AllowedMethods": ["GET", "HEAD"],
                           "AllowedOrigins": ["https://admin.acme.test",
                                              "https://portal.acme.test"],
                           "MaxAgeSeconds": 3000}]}
    S = Session(sid, "https://portal.acme.test", 30883, "8", "s10", app_js=APP_JS_URL_STEP)
    base = t0((19, 26, 25), 181)
    o = offsets_like("s10", [0, 1, 2])
    S.document("s10", 0, scenario_page(scenario), base + o[0])
    S.script("s10", 1, base + o[1])
    S.request_id()
    flags = b'{"newUploader":true,"bulkExport":false,"auditTrail":true}\n'
    age = 1384
    _, cached_cors = cm.s3_cors_answer(cors, "https://admin.acme.test", "GET")
    via, cf_id = cloudfront_ids(sid + "/get")
    pairs = [(n.lower(), v) for n, v in cached_cors if n != "Vary"] + [
        ("accept-ranges", "bytes"), ("age", str(age)), ("content-length", str(len(flags))),
        ("content-type", "application/json"), ("date", http_date(base + o[2] - age * 1000)),
        ("etag", '"' + hashlib.md5(flags).hexdigest() + '"'),
        ("last-modified", http_date(t0((16, 2, 44), 0))), ("server", "AmazonS3"),
        ("via", via), ("x-amz-cf-id", cf_id), ("x-amz-cf-pop", "IAD89-C1"),
        ("x-amz-server-side-encryption", "AES256"), ("x-cache", "Hit from cloudfront")]
    get = S.blocked_at_response_h2(
        "s01", 6, url, "GET", [], 200, pairs,
        S.stack(["viaFetch", "runPlain.via"], ["main.runPlain", "anon.main", "anon.iife"]),
        base + o[2], 37.862)  # DNS, TCP, TLS and one round trip to the edge, all in `blocked`
    return readable_sample(
        sid, "s10-mixed-three-buckets.har (+ s01 entry 6)",
        [{"entry": get, "preflight_entry": None, "method": "GET", "bucket": bucket,
          "verdict": "blocked", "browser_error": "AllowOriginMismatch",
          "causes": ["cloudfront-cached-other-origin"]}],
        {bucket: None}, S.har(scenario["title"], base + o[0], "s10"), S.origin, {bucket: cors})


# The generated samples no loop scenario reproduces (extension/tests/loop/README.md); the others
# are Chrome's own exports, recorded by `cargo xtask samples`.
GENERATED = [sample_bucket_name_dots_tls, sample_cloudfront_origin_not_forwarded,
             sample_cloudfront_cached_other_origin]


# --------------------------------------------------------------------------- configs, expected

AWSCLI_KEY_ORDER = ["ID", "AllowedHeaders", "AllowedMethods", "AllowedOrigins", "ExposeHeaders",
                    "MaxAgeSeconds"]


def awscli_order(config):
    """botocore builds the GetBucketCors output in the model's member order."""
    rules = []
    for r in config["CORSRules"]:
        assert set(r) <= set(AWSCLI_KEY_ORDER), r
        rules.append({k: r[k] for k in AWSCLI_KEY_ORDER if k in r})
    return {"CORSRules": rules}


def awscli_json(config):
    """Exactly what `aws s3api get-bucket-cors --bucket B` prints (json.dump(indent=4,
    ensure_ascii=False) plus a newline, awscli/formatter.py)."""
    return json.dumps(awscli_order(config), indent=4, ensure_ascii=False) + "\n"


def real_expectations():
    manifest = json.loads(MANIFEST.read_bytes())
    out = []
    for f in manifest["files"]:
        if f["file"] not in REAL_FILES:
            continue
        har = TPL[f["file"][:3]]
        entries = har["log"]["entries"]
        assert (SAMPLES / f["file"]).stat().st_size == f["size_bytes"]
        pre_of = {p["actual_entry"]: p["preflight_entry"] for p in f["preflight_pairing"]["pairs"]}
        failing = {(r["method"], r["url"]): r for r in f["failing_requests"]}
        requests = []
        for i, e in enumerate(entries):
            url = e["request"]["url"]
            if e["_resourceType"] == "preflight" or cm.bucket_of(url) is None:
                continue
            r = failing.get((e["request"]["method"], url))
            if r is None:
                verdict, error, causes = "ok", None, []
            else:
                error = r["chrome_cors_error"]
                verdict = "blocked" if error else "unreadable"
                causes = r["corshar_causes"]
            requests.append({"entry": i, "preflight_entry": pre_of.get(i),
                             "method": e["request"]["method"], "bucket": cm.bucket_of(url),
                             "verdict": verdict, "browser_error": error, "causes": causes})
        assert len([r for r in requests if r["verdict"] != "ok"]) == len(f["failing_requests"])
        fix = {}
        if f["fix"]:
            fix = {b: awscli_order(c) for b, c in f["fix"]["s3_cors_configuration"].items()}
        out.append({
            "file": "samples/" + f["file"], "source": "real Chromium 156 DevTools export",
            "page_origin": f["page_origin"],
            "cors": {b: f"samples/cors/{b}.json" for b in f["s3_cors_configuration"]},
            "requests": requests, "fix": fix,
            "configs": {b: v["cors"] for b, v in f["s3_cors_configuration"].items()},
        })
    return out


def build():
    """{relative path: bytes} of every output."""
    files = {}
    samples = real_expectations()
    for make in GENERATED:
        s = make()
        files[s["file"]] = json.dumps(s["har"], indent=2, ensure_ascii=False).encode()
        samples.append({
            "file": "samples/" + s["file"],
            "source": "generated by samples/tools/make-samples.py from " + s["template"],
            "page_origin": s["page_origin"],
            "cors": {b: (None if c is None else f"samples/cors/{b}.json")
                     for b, c in s["buckets"].items()},
            "requests": s["requests"],
            "fix": {b: (None if c is None else awscli_order(c)) for b, c in s["fix"].items()},
            "configs": s["buckets"],
        })
    # The loop-recorded samples' expectations are `cargo xtask samples`'s: kept as they are, in
    # the file's order.
    made = {s["file"]: s for s in samples}
    current = json.loads((SAMPLES / "expected.json").read_text())["samples"]
    ordered = []
    for s in current:
        if s["file"] in made:
            ordered.append(made.pop(s["file"]))
        else:
            assert "cargo xtask samples" in s["source"], s["file"] + ": not generated here, not recorded"
            ordered.append(dict(s, configs={}))
    samples = ordered + list(made.values())
    for s in samples:
        for bucket, config in s.pop("configs").items():
            if config is not None:
                path = f"cors/{bucket}.json"
                data = awscli_json(config).encode()
                assert files.get(path, data) == data, bucket
                files[path] = data
    expected = {
        "description": "What corshar must report for every sample HAR; see samples/README.md. "
                       "entry / preflight_entry are indexes into log.entries; cors maps each "
                       "bucket to its configuration file (null: the bucket has no CORS "
                       "configuration); fix maps each bucket that needs a change to its minimal "
                       "fixed configuration (null: the fix is not a CORS change).",
        "samples": samples,
    }
    files["expected.json"] = (json.dumps(expected, indent=2, ensure_ascii=False) + "\n").encode()
    return files


def main():
    check = "--check" in sys.argv[1:]
    files = build()
    bad = 0
    for rel, data in sorted(files.items()):
        path = SAMPLES / rel
        if check:
            if not path.exists() or path.read_bytes() != data:
                print(f"differs: samples/{rel}")
                bad += 1
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
                print(f"wrote samples/{rel}")
    if check:
        print("all outputs reproduce" if not bad else f"{bad} output(s) differ")
        sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
