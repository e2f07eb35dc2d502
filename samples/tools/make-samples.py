#!/usr/bin/env python3
"""Build corshar's Chrome-shaped sample HARs, the bucket CORS files and expected.json.

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
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


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


def mime_essence(content_type):
    return content_type.split(";")[0].strip()


def s3_error_xml(code, message, fields, rid, hid):
    # Same layout as the emulator's bodies in the real files (Content-Length 514 for s04's 403).
    extra = "".join(f"<{k}>{v}</{k}>" for k, v in fields)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
            f"<Message>{message}</Message>{extra}<RequestId>{rid}</RequestId>"
            f"<HostId>{hid}</HostId></Error>")


def s3_common(ms, seed):
    rid, hid = amz_ids(seed)
    return [("Date", http_date(ms)), ("Server", "AmazonS3"), ("x-amz-id-2", hid),
            ("x-amz-request-id", rid)], rid, hid


def app_js_site(snippet, token):
    """(lineNumber, columnNumber), 0-based as CDP reports them, of `token` on the one app.js line
    that contains `snippet`."""
    lines = APP_JS.split("\n")
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
    def __init__(self, sample_id, origin, pid, script_id, template):
        self.id = sample_id
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
    }

    def frame(self, site):
        fn, snippet, token = self.SITES[site]
        line, col = app_js_site(snippet, token)
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
        rs["headersSize"] = resp_headers_size(rs["status"], rs["statusText"], rs["headers"])
        assert rs["content"]["text"] == APP_JS
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
                             stack, start):
        """The actual request of a failed preflight: never sent, so only the renderer's
        provisional headers (the script's own, in its case, plus Referer/User-Agent/sec-ch-ua*;
        no Origin/Host/Sec-Fetch-*), httpVersion "", status 0, `_error` net::ERR_FAILED."""
        e = tpl(tkey, tidx)
        rq, rs = e["request"], e["response"]
        assert rs["status"] == 0 and rs["_error"] == "net::ERR_FAILED"
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
                  status_text, resp_pairs, resp_body, resp_mime, stack, start):
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
            n = len(resp_body)
            rs["content"] = {"size": n, "mimeType": resp_mime, "compression": 0,
                             "text": resp_body.decode()}
        rs["redirectURL"] = dict(resp_pairs).get("Location", "")
        rs["headersSize"], rs["bodySize"], rs["_transferSize"] = hs, n, hs + n
        rs["_error"] = None
        e["startedDateTime"] = ms_iso(start)
        return self.add(e)

    def blocked_at_response(self, tkey, tidx, url, method, script_pairs, status, status_text,
                            resp_pairs, stack, start):
        """Chrome received the response and then failed the CORS check: real status and headers
        (from responseReceivedExtraInfo), no body, bodySize -headersSize, no connection fields,
        empty serverIPAddress, `_error` net::ERR_FAILED (s01 entry 6, s02 entry 3)."""
        e = tpl(tkey, tidx)
        rq, rs = e["request"], e["response"]
        assert rs["_error"] == "net::ERR_FAILED" and rs["status"] > 0
        e["_initiator"] = {"type": "script", "stack": stack}
        rq["method"] = method
        rq["url"] = url
        rq["headers"] = self.full_request_headers(url, script_pairs)
        rq["queryString"] = query_string(url)
        rq["headersSize"] = req_headers_size(method, url, rq["headers"])
        rs["status"], rs["statusText"] = status, status_text
        rs["headers"] = hdrs(chrome_sorted(resp_pairs))
        hs = resp_headers_size(status, status_text, rs["headers"])
        rs["content"] = {"size": 0, "mimeType": "x-unknown", "compression": hs}
        rs["redirectURL"] = dict(resp_pairs).get("Location", "")
        rs["headersSize"], rs["bodySize"], rs["_transferSize"] = hs, -hs, 0
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


def presign_payload(step, region):
    return js_json({"bucket": step["bucket"], "key": step["key"], "method": step["method"],
                    "region": region, "sign_headers": {}, "stale_secret": False,
                    "query": step.get("query"), "endpoint_style": step.get("endpoint_style")})


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
def provisional_content_type_only(origin, content_type):
    return [("sec-ch-ua-platform", SEC_CH_UA_PLATFORM), ("Referer", origin + "/"),
            ("User-Agent", UA), ("sec-ch-ua", SEC_CH_UA), ("Content-Type", content_type),
            ("sec-ch-ua-mobile", SEC_CH_UA_MOBILE)]


# --------------------------------------------------------------------------- the samples

def sample_presigned_put_no_cors():
    """Template: s04 (presigned fetch PUT blocked by a 403 preflight), page origin rewritten from
    http://localhost:5173 to https://portal.acme.test."""
    sid = "presigned-put-no-cors"
    bucket, region = "acme-portal-avatars", "us-east-2"
    step = {"label": "upload new profile picture (presigned PUT)", "via": "fetch",
            "method": "PUT", "bucket": bucket, "key": "avatars/usr_4821/profile.png",
            "presign": True, "headers": {"Content-Type": "image/png"}, "body": {"kind": "png"}}
    scenario = {"id": sid, "title": "presigned PUT (Content-Type: image/png) to a bucket that has "
                "no CORS configuration", "app_region": region, "steps": [step]}
    S = Session(sid, "https://portal.acme.test", 24107, "7", "s04")
    base = t0((19, 21, 12), 318)
    o = offsets_like("s04", range(5))
    S.document("s04", 0, scenario_page(scenario), base + o[0])
    S.script("s04", 1, base + o[1])
    host = f"{bucket}.s3.{region}.amazonaws.com"
    url = cm.presign("PUT", host, "/" + step["key"], region, amz_date(base + o[2]))
    S.api("s04", 2, "/api/presign", presign_payload(step, region), py_json({"url": url}),
          S.stack(["api", "resolveUrl", "runPlain.resolveUrl", "main.runPlain", "anon.main",
                   "anon.iife"]), base + o[2])
    put_id = S.request_id()
    acrh = cm.acrh_value([("Content-Type", "image/png")])
    common, rid, hid = s3_common(base + o[3], sid + "/options")
    body = s3_error_xml("AccessForbidden", "CORSResponse: CORS is not enabled for this bucket.",
                        [("Method", "PUT"), ("ResourceType", "BUCKET")], rid, hid)
    pf = S.preflight("s04", 3, url, "PUT", acrh, put_id, 403, "Forbidden",
                     common + [("Content-Length", str(len(body))),
                               ("Content-Type", "application/xml")],
                     "application/xml", base + o[3])
    act = S.blocked_at_preflight(
        "s04", 4, url, "PUT", provisional_content_type_only(S.origin, "image/png"), PNG_1PX,
        "image/png", S.stack(["viaFetch", "runPlain.via"], ["main.runPlain", "anon.main",
                                                              "anon.iife"]), base + o[4])
    return {
        "file": sid + ".har", "template": "s04-localhost-dev-origin-missing.har",
        "har": S.har(scenario["title"], base + o[0], "s04"), "page_origin": S.origin,
        "buckets": {bucket: None},
        "requests": [{"entry": act, "preflight_entry": pf, "method": "PUT", "bucket": bucket,
                      "verdict": "blocked", "browser_error": "PreflightMissingAllowOriginHeader",
                      "causes": ["s3-cors-not-configured"]}],
        "fix": {bucket: {"CORSRules": [{"AllowedHeaders": ["content-type"],
                                        "AllowedMethods": ["PUT"],
                                        "AllowedOrigins": ["https://portal.acme.test"]}]}},
    }


SDK_UA_CHECKSUM = ("aws-sdk-js/3.787.0 ua/2.1 os/Linux lang/js md/browser#Chrome_156.0.0.0 "
                   "api/s3#3.787.0 m/N,Z,b,U,E")


def sample_sdk_checksum_header_not_allowed():
    """Template: s05 (SDK-style PutObject signed through /api/sign, blocked by a 403 preflight)."""
    sid = "sdk-checksum-header-not-allowed"
    bucket, region = "acme-audit-exports", "us-east-2"
    key = "audit/2026/11/27/export-0311.ndjson"
    text = ('{"ts":"2026-11-27T18:02:11Z","actor":"ops-23","action":"user.suspend"}\n'
            '{"ts":"2026-11-27T18:04:57Z","actor":"ops-23","action":"user.restore"}\n')
    step = {"label": "upload audit export with the AWS SDK v3 (PutObject, default CRC32 "
                     "checksum since 3.729.0)",
            "via": "fetch", "method": "PUT", "bucket": bucket, "key": key, "sdk_sign": True,
            "query": {"x-id": "PutObject"}, "checksum": "crc32",
            "headers": {"content-type": "application/x-ndjson"},
            "sdk_headers": {"amz-sdk-request": "attempt=1; max=3",
                            "x-amz-sdk-checksum-algorithm": "CRC32",
                            "x-amz-user-agent": SDK_UA_CHECKSUM},
            "body": {"kind": "text", "text": text},
            "read_headers": ["ETag"], "require_headers": ["ETag"]}
    scenario = {"id": sid, "title": "AWS SDK for JavaScript v3 >= 3.729 PutObject with default "
                "checksums (x-amz-checksum-crc32, x-amz-sdk-checksum-algorithm) while "
                "AllowedHeaders lists only the older SDK headers", "app_region": region,
                "steps": [step]}
    cors = {"CORSRules": [{
        "AllowedHeaders": ["authorization", "content-type", "x-amz-content-sha256", "x-amz-date",
                           "x-amz-user-agent", "amz-sdk-invocation-id", "amz-sdk-request"],
        "AllowedMethods": ["PUT", "GET"], "AllowedOrigins": ["https://admin.acme.test"],
        "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3000}]}
    S = Session(sid, "https://admin.acme.test", 24533, "6", "s05")
    base = t0((19, 21, 19), 604)
    o = offsets_like("s05", range(5))
    S.document("s05", 0, scenario_page(scenario), base + o[0])
    S.script("s05", 1, base + o[1])
    body = text.encode()
    now = amz_date(base + o[2])
    crc = base64.b64encode(zlib.crc32(body).to_bytes(4, "big")).decode()
    sha = hashlib.sha256(body).hexdigest()
    # app.js: step.headers, then the checksum, then sdkSign's headers in this order.
    headers = {"content-type": "application/x-ndjson", "x-amz-checksum-crc32": crc,
               "amz-sdk-invocation-id": "7d0c9a64-5b1e-4c2f-9f3a-2e8b61d4a0c7"}
    headers.update(step["sdk_headers"])
    headers["x-amz-content-sha256"] = sha
    headers["x-amz-date"] = now
    to_sign = dict(headers, **{"content-length": str(len(body))})
    host = f"{bucket}.s3.{region}.amazonaws.com"
    auth = cm.authorization("PUT", host, "/" + key, step["query"], region, now, to_sign, sha)
    S.api("s05", 2, "/api/sign",
          js_json({"method": "PUT", "bucket": bucket, "key": key, "region": region,
                   "query": step["query"], "headers": to_sign}),
          py_json({"authorization": auth}),
          S.stack(["api", "sdkSign"], ["runPlain.sdkSign", "main.runPlain", "anon.main",
                                       "anon.iife"]), base + o[2])
    headers["authorization"] = auth
    url = f"https://{host}/{key}?x-id=PutObject"
    put_id = S.request_id()
    acrh = cm.acrh_value(list(headers.items()))
    origin = S.origin
    status, cors_pairs = cm.s3_cors_answer(cors, origin, "OPTIONS", "PUT", acrh)
    assert status == 403 and not cors_pairs
    common, rid, hid = s3_common(base + o[3], sid + "/options")
    err = s3_error_xml(
        "AccessForbidden", "CORSResponse: This CORS request is not allowed. This is usually "
        "because the evalution of Origin, request method / Access-Control-Request-Method or "
        "Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
        [("Method", "PUT"), ("ResourceType", "OBJECT")], rid, hid)
    pf = S.preflight("s05", 3, url, "PUT", acrh, put_id, 403, "Forbidden",
                     common + [("Content-Length", str(len(err))),
                               ("Content-Type", "application/xml")],
                     "application/xml", base + o[3])
    # Provisional headers: the eleven names of s05 entry 4 keep Chrome's order there; where the
    # three names s05 lacks (content-type, x-amz-checksum-crc32, x-amz-sdk-checksum-algorithm) sit
    # in Blink's hash order is not known (inferred).
    provisional = [
        ("x-amz-content-sha256", sha), ("x-amz-user-agent", SDK_UA_CHECKSUM),
        ("sec-ch-ua-platform", SEC_CH_UA_PLATFORM), ("authorization", auth),
        ("x-amz-checksum-crc32", crc), ("Referer", origin + "/"), ("sec-ch-ua", SEC_CH_UA),
        ("content-type", "application/x-ndjson"), ("sec-ch-ua-mobile", SEC_CH_UA_MOBILE),
        ("amz-sdk-request", "attempt=1; max=3"),
        ("amz-sdk-invocation-id", headers["amz-sdk-invocation-id"]),
        ("x-amz-sdk-checksum-algorithm", "CRC32"), ("x-amz-date", now), ("User-Agent", UA)]
    act = S.blocked_at_preflight(
        "s05", 4, url, "PUT", provisional, body, "application/x-ndjson",
        S.stack(["viaFetch", "runPlain.via"], ["main.runPlain", "anon.main", "anon.iife"]),
        base + o[4])
    fixed = copy.deepcopy(cors)
    fixed["CORSRules"][0]["AllowedHeaders"] += ["x-amz-checksum-crc32",
                                                "x-amz-sdk-checksum-algorithm"]
    return {
        "file": sid + ".har", "template": "s05-sdk-signed-headers-not-allowed.har",
        "har": S.har(scenario["title"], base + o[0], "s05"), "page_origin": origin,
        "buckets": {bucket: cors},
        "requests": [{"entry": act, "preflight_entry": pf, "method": "PUT", "bucket": bucket,
                      "verdict": "blocked", "browser_error": "PreflightMissingAllowOriginHeader",
                      "causes": ["s3-header-not-allowed"]}],
        "fix": {bucket: fixed},
    }


def s3_get_headers(ms, seed, body_len, content_type, etag, last_modified_ms, cors_pairs):
    common, _, _ = s3_common(ms, seed)
    return common + [("Accept-Ranges", "bytes"), ("Content-Length", str(body_len)),
                     ("Content-Type", content_type), ("ETag", etag),
                     ("Last-Modified", http_date(last_modified_ms)),
                     ("x-amz-server-side-encryption", "AES256")] + cors_pairs


def sample_credentials_wildcard_origin():
    """Templates: s01 (page, app.js, two presign calls, a response-blocked fetch), s02 entry 3
    (a GET blocked at the response on a fresh connection) and s10 entry 4 (a successful presigned
    GET on a fresh connection)."""
    sid = "credentials-wildcard-origin"
    bucket, region = "acme-portal-downloads", "us-east-2"
    pdf_key, notes_key = "invoices/2026/11/INV-20931.pdf", "release-notes/2026-11.json"
    steps = [
        {"label": "download the invoice PDF through the shared API client (presigned GET, "
                  "fetch with credentials: 'include')", "via": "fetch", "method": "GET",
         "bucket": bucket, "key": pdf_key, "presign": True, "credentials": "include",
         "read_headers": ["Content-Type"]},
        {"label": "load this month's release notes (presigned GET)", "via": "fetch",
         "method": "GET", "bucket": bucket, "key": notes_key, "presign": True,
         "read_headers": ["Content-Type"]},
    ]
    scenario = {"id": sid, "title": "fetch(url, {credentials: 'include'}) to a bucket whose "
                "rule allows the origin *: S3 answers Access-Control-Allow-Origin: *",
                "app_region": region, "steps": steps}
    cors = {"CORSRules": [{"AllowedMethods": ["GET", "HEAD"], "AllowedOrigins": ["*"],
                           "MaxAgeSeconds": 3000}]}
    S = Session(sid, "https://portal.acme.test", 24961, "6", "s01")
    base = t0((19, 21, 26), 117)
    # s01's page/app.js/presign offsets; the two S3 GETs and the second presign follow the
    # previous request's end by the gaps seen in s01.
    o = offsets_like("s01", [0, 1, 2, 4]) + [224, 235]
    S.document("s01", 0, scenario_page(scenario), base + o[0])
    S.script("s01", 1, base + o[1])
    host = f"{bucket}.s3.{region}.amazonaws.com"
    url1 = cm.presign("GET", host, "/" + pdf_key, region, amz_date(base + o[2]))
    S.api("s01", 2, "/api/presign", presign_payload(steps[0], region), py_json({"url": url1}),
          S.stack(["api", "resolveUrl", "runPlain.resolveUrl", "main.runPlain", "anon.main",
                   "anon.iife"]), base + o[2])
    S.request_id()
    origin = S.origin
    _, cors_pairs = cm.s3_cors_answer(cors, origin, "GET")
    assert ("Access-Control-Allow-Origin", "*") in cors_pairs
    pdf = det_bytes("invoice-pdf", 48213)
    get1 = S.blocked_at_response(
        "s02", 3, url1, "GET", [], 200, "OK",
        s3_get_headers(base + o[3], sid + "/get1", len(pdf), "application/pdf",
                       '"' + hashlib.md5(pdf).hexdigest() + '"', t0((8, 47, 3), 0), cors_pairs),
        S.stack(["viaFetch", "runPlain.via"], ["main.runPlain", "anon.main", "anon.iife"]),
        base + o[3])
    url2 = cm.presign("GET", host, "/" + notes_key, region, amz_date(base + o[4]))
    S.api("s01", 5, "/api/presign", presign_payload(steps[1], region), py_json({"url": url2}),
          S.stack(["api", "resolveUrl", "runPlain.resolveUrl", "main.runPlain"],
                  ["anon.main", "anon.iife"]), base + o[4])
    S.request_id()
    notes = (b'{"month":"2026-11","items":["Invoices can be downloaded as PDF",'
             b'"Team roles in workspace settings"]}\n')
    get2 = S.actual_ok(
        "s10", 4, url2, "GET", [], None, None, 200, "OK",
        s3_get_headers(base + o[5], sid + "/get2", len(notes), "application/json",
                       '"' + hashlib.md5(notes).hexdigest() + '"', t0((9, 12, 40), 0),
                       cors_pairs),
        notes, "application/json",
        S.stack(["viaFetch", "runPlain.via"], ["main.runPlain"], ["anon.main", "anon.iife"]),
        base + o[5])
    S.entries[get2]["_connectionId"] = "86"
    fixed = {"CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": [origin]},
                           copy.deepcopy(cors["CORSRules"][0])]}
    return {
        "file": sid + ".har",
        "template": "s01-head-not-allowed.har (+ s02 entry 3, s10 entry 4)",
        "har": S.har(scenario["title"], base + o[0], "s01"), "page_origin": origin,
        "buckets": {bucket: cors},
        "requests": [
            {"entry": get1, "preflight_entry": None, "method": "GET", "bucket": bucket,
             "verdict": "blocked", "browser_error": "WildcardOriginNotAllowed",
             "causes": ["credentials-with-wildcard-origin"]},
            {"entry": get2, "preflight_entry": None, "method": "GET", "bucket": bucket,
             "verdict": "ok", "browser_error": None, "causes": []},
        ],
        "fix": {bucket: fixed},
    }


def sample_multipart_uploadpart_etag_hidden():
    """Template: s01 entries 0-4 (page, app.js, backend call, a passing preflight and a passing
    presigned PUT on the preflight's connection)."""
    sid = "multipart-uploadpart-etag-hidden"
    bucket, region = "acme-video-uploads", "us-east-2"
    key = "surveys/site-0077/walkthrough.mp4"
    upload_id = "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA"  # AWS docs example
    step = {"label": "upload the site walkthrough video in parts (presigned UploadPart URLs "
                     "from the backend, as Uppy's AwsS3 multipart uploader does)",
            "via": "fetch", "method": "PUT", "bucket": bucket, "key": key,
            "multipart": {"parts": 2, "part_size": 4096},
            "read_headers": ["ETag"], "require_headers": ["ETag"]}
    scenario = {"id": sid, "title": "browser multipart upload: UploadPart succeeds but ETag is "
                "not in ExposeHeaders, so the page cannot complete the upload",
                "app_region": region, "steps": [step]}
    cors = {"CORSRules": [{"AllowedHeaders": ["*"], "AllowedMethods": ["GET", "PUT", "POST"],
                           "AllowedOrigins": ["https://files.acme.test"],
                           "MaxAgeSeconds": 3000}]}
    S = Session(sid, "https://files.acme.test", 25390, "7", "s01")
    base = t0((19, 21, 33), 452)
    o = offsets_like("s01", range(5))
    S.document("s01", 0, scenario_page(scenario), base + o[0])
    S.script("s01", 1, base + o[1])
    host = f"{bucket}.s3.{region}.amazonaws.com"
    now = amz_date(base + o[2])
    part_urls = [cm.presign("PUT", host, "/" + key, region, now,
                            extra_query={"partNumber": str(n), "uploadId": upload_id})
                 for n in (1, 2)]
    S.api("s01", 2, "/api/uploads",
          js_json({"bucket": bucket, "key": key, "region": region, "parts": 2}),
          py_json({"uploadId": upload_id, "partUrls": part_urls}),
          S.stack(["api", "runMultipart.api", "main.runMultipart", "anon.main", "anon.iife"]),
          base + o[2])
    put_id = S.request_id()
    origin = S.origin
    url = part_urls[0]
    acrh = cm.acrh_value([])  # no script headers: PUT itself is what needs the preflight
    status, pf_cors = cm.s3_cors_answer(cors, origin, "OPTIONS", "PUT", acrh)
    assert status == 200
    common, _, _ = s3_common(base + o[3], sid + "/options")
    pf = S.preflight("s01", 3, url, "PUT", acrh, put_id, 200, "OK",
                     common + [("Content-Length", "0")] + pf_cors, "x-unknown", base + o[3])
    part = bytes((i * 31 + 7) & 0xFF for i in range(4096))  # app.js makeBody({kind: 'bytes'})
    _, put_cors = cm.s3_cors_answer(cors, origin, "PUT")
    common, _, _ = s3_common(base + o[4], sid + "/part1")
    act = S.actual_ok(
        "s01", 4, url, "PUT", [], part, "", 200, "OK",
        common + [("Content-Length", "0"), ("ETag", '"' + hashlib.md5(part).hexdigest() + '"'),
                  ("x-amz-server-side-encryption", "AES256")] + put_cors,
        None, None,
        S.stack(["viaFetch", "runMultipart.viaFetch"], ["main.runMultipart", "anon.main",
                                                        "anon.iife"]), base + o[4])
    fixed = copy.deepcopy(cors)
    fixed["CORSRules"][0]["ExposeHeaders"] = ["ETag"]
    fixed["CORSRules"][0] = {k: fixed["CORSRules"][0][k] for k in
                             ["AllowedHeaders", "AllowedMethods", "AllowedOrigins",
                              "ExposeHeaders", "MaxAgeSeconds"]}
    return {
        "file": sid + ".har", "template": "s01-head-not-allowed.har",
        "har": S.har(scenario["title"], base + o[0], "s01"), "page_origin": origin,
        "buckets": {bucket: cors},
        "requests": [{"entry": act, "preflight_entry": pf, "method": "PUT", "bucket": bucket,
                      "verdict": "unreadable", "browser_error": None,
                      "causes": ["expose-header-missing"]}],
        "fix": {bucket: fixed},
    }


def redirect_sample(sid, origin, pid, base, bucket, bucket_region, app_region, endpoint_style,
                    key, content_type, body, label, title, cors, kind):
    """Template: s04 (presigned fetch PUT blocked at its preflight), page origin rewritten. The
    preflight is S3's redirect: kind "301" (wrong regional endpoint, no Location) or "307" (new
    bucket through the global endpoint, with Location)."""
    step = {"label": label, "via": "fetch", "method": "PUT", "bucket": bucket, "key": key,
            "presign": True, "headers": {"Content-Type": content_type},
            "body": {"kind": "text", "text": body.decode()}}
    if endpoint_style:
        step["endpoint_style"] = endpoint_style
    scenario = {"id": sid, "title": title, "app_region": app_region, "steps": [step]}
    S = Session(sid, origin, pid, "7", "s04")
    o = offsets_like("s04", range(5))
    S.document("s04", 0, scenario_page(scenario), base + o[0])
    S.script("s04", 1, base + o[1])
    host = (f"{bucket}.s3.amazonaws.com" if endpoint_style == "global"
            else f"{bucket}.s3.{app_region}.amazonaws.com")
    url = cm.presign("PUT", host, "/" + key, app_region, amz_date(base + o[2]))
    S.api("s04", 2, "/api/presign", presign_payload(step, app_region), py_json({"url": url}),
          S.stack(["api", "resolveUrl", "runPlain.resolveUrl", "main.runPlain", "anon.main",
                   "anon.iife"]), base + o[2])
    put_id = S.request_id()
    acrh = cm.acrh_value([("Content-Type", content_type)])
    common, _, _ = s3_common(base + o[3], sid + "/options")
    regional = f"{bucket}.s3.{bucket_region}.amazonaws.com"
    # Real S3 sends these XML errors chunked (TTLabs/EvaporateJS#152: a 301 to an OPTIONS;
    # cperciva/bsdec2-image-upload#11: a 307 with Location, x-amz-bucket-region and
    # <Endpoint>). Chrome keeps no preflight body, so only the headers show in the HAR.
    if kind == "301":
        pf = S.preflight("s04", 3, url, "PUT", acrh, put_id, 301, "Moved Permanently",
                         common + [("Content-Type", "application/xml"),
                                   ("Transfer-Encoding", "chunked"),
                                   ("x-amz-bucket-region", bucket_region)],
                         "application/xml", base + o[3])
        error, causes = "PreflightMissingAllowOriginHeader", ["s3-wrong-region"]
    else:
        # Location keeps the path and the query (aws/aws-cli#2424), on the regional host.
        location = f"https://{regional}{request_target(url)}"
        tp = TPL["s04"]["log"]["entries"][3]
        pf = S.preflight_redirect_failed(
            "s01", 6, url, "PUT", acrh, put_id, 307, "Temporary Redirect",
            common + [("Content-Type", "application/xml"), ("Location", location),
                      ("Transfer-Encoding", "chunked"), ("x-amz-bucket-region", bucket_region)],
            base + o[3], tp["time"], tp["timings"]["_blocked_queueing"])
        error, causes = "PreflightDisallowedRedirect", ["s3-preflight-redirect"]
    act = S.blocked_at_preflight(
        "s04", 4, url, "PUT", provisional_content_type_only(origin, content_type), body,
        content_type, S.stack(["viaFetch", "runPlain.via"], ["main.runPlain", "anon.main",
                                                             "anon.iife"]), base + o[4])
    return {
        "file": sid + ".har",
        "template": "s04-localhost-dev-origin-missing.har" + (
            "" if kind == "301" else " (+ s01 entry 6 for the failed preflight's shape)"),
        "har": S.har(title, base + o[0], "s04"), "page_origin": origin,
        "buckets": {bucket: cors},
        "requests": [{"entry": act, "preflight_entry": pf, "method": "PUT", "bucket": bucket,
                      "verdict": "blocked", "browser_error": error, "causes": causes}],
        "fix": {bucket: None},
    }


def sample_wrong_region_301():
    bucket = "acme-eu-contracts"
    cors = {"CORSRules": [{"AllowedHeaders": ["content-type"], "AllowedMethods": ["GET", "PUT"],
                           "AllowedOrigins": ["https://portal.acme.test"],
                           "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3000}]}
    return redirect_sample(
        "wrong-region-301", "https://portal.acme.test", 25822, t0((19, 21, 40), 733), bucket,
        "eu-west-1", "us-east-1", None, "signed/2026/11/MSA-globex-2026.pdf", "application/pdf",
        b"%PDF-1.7\n% fake signed contract used as a test fixture\n%%EOF\n",
        "archive the signed contract (presigned PUT; the app's S3 region is us-east-1)",
        "presigned PUT signed for us-east-1 and sent to the us-east-1 endpoint of a bucket in "
        "eu-west-1: S3 answers the preflight 301 PermanentRedirect without Location", cors,
        "301")


def sample_global_endpoint_307():
    bucket = "acme-reports-staging"
    cors = {"CORSRules": [{"AllowedHeaders": ["content-type"], "AllowedMethods": ["PUT"],
                           "AllowedOrigins": ["https://admin.acme.test"],
                           "MaxAgeSeconds": 3000}]}
    return redirect_sample(
        "global-endpoint-307", "https://admin.acme.test", 26250, t0((19, 21, 47), 289), bucket,
        "eu-west-2", "eu-west-2", "global", "reports/2026-11-27/usage.csv", "text/csv",
        b"day,active_users,uploads\n2026-11-26,1311,87\n2026-11-27,1342,91\n",
        "upload the usage report (presigned PUT through the global endpoint "
        "bucket.s3.amazonaws.com)",
        "new bucket in eu-west-2 reached through the global endpoint: S3 answers the preflight "
        "307 TemporaryRedirect with a Location", cors, "307")


GENERATED = [sample_presigned_put_no_cors, sample_sdk_checksum_header_not_allowed,
             sample_credentials_wildcard_origin, sample_multipart_uploadpart_etag_hidden,
             sample_wrong_region_301, sample_global_endpoint_307]


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
