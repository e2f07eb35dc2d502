#!/usr/bin/env python3
"""Validate samples/ (Python 3 standard library only):

    python3 samples/tools/check-samples.py

For every sample HAR, real or generated:
  - valid JSON with Chrome's top-level shape (log.version 1.2, creator WebInspector/537.36, one
    page, entries), and entry / request / response / timings keys in the orders the real Chromium
    156 exports use;
  - size and time arithmetic as the real exports do it (headersSize, bodySize, _transferSize,
    content.compression, time = sum of the non-negative timings);
  - every preflight's Access-Control-Request-Headers equals what Fetch computes from its actual
    request's script-set headers, and its Access-Control-Request-Method equals that method;
  - every S3 response's CORS headers equal what S3's evaluation (s3-cors.md section 2) gives for
    the configuration in samples/cors/ (or none for a bucket without CORS);
  - expected.json: indexes point at the right entries, every cross-origin S3 request is listed,
    and the browser error follows from the recorded headers the way Chrome decides it.
Then the generated outputs must reproduce (make-samples.py --check).
"""

import json
import subprocess
import sys
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
        provisional = rq["httpVersion"] == ""
        if provisional:
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
        if rs["status"] > 0:
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


def load_config(rel):
    return None if rel is None else json.loads((REPO / rel).read_text())


def check_cors_headers(name, entries, configs):
    for i, e in enumerate(entries):
        url = e["request"]["url"]
        bucket = cm.bucket_of(url)
        rs = e["response"]
        if bucket is None or rs["status"] == 0:
            continue
        w = f"{name}#{i}"
        if bucket not in configs:
            err(w, f"bucket {bucket} has no entry in expected.json cors")
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
    if req["preflight_entry"] is not None:
        pf = entries[req["preflight_entry"]]
        if pf["response"]["_error"] == "net::ERR_INVALID_REDIRECT":
            return "PreflightDisallowedRedirect"
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
    check_cors_headers(name, entries, configs)
    listed = set()
    for req in sample["requests"]:
        i = req["entry"]
        w = f"{name}#{i}"
        listed.add(i)
        e = entries[i]
        if e["_resourceType"] == "preflight" or e["request"]["method"] != req["method"]:
            err(w, "entry is a preflight or has another method")
        if cm.bucket_of(e["request"]["url"]) != req["bucket"]:
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
        elif e["response"]["status"] == 0:
            err(w, "blocked without response and without preflight")
        needs_preflight = (req["method"] not in ("GET", "HEAD", "POST")
                           or cm.acrh_value(script) is not None)
        if needs_preflight and p is None and req["verdict"] != "ok":
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
                and i not in listed:
            err(f"{name}#{i}", "S3 request missing from expected.json")
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
    r = subprocess.run([sys.executable, str(TOOLS / "make-samples.py"), "--check"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        err("make-samples.py --check", r.stdout.strip())
    for e in errors:
        print(e)
    print(f"{len(expected['samples'])} samples checked, {len(errors)} problem(s)")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
