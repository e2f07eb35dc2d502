"""Helpers for check-samples.py and real-expectations.py (Python 3 standard library only).

- SigV4 checking with the AWS documentation example key pair
  (AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY): it reproduces the signatures
  in the real s01..s10 exports and the recorded samples byte for byte (they verify against the
  local endpoints and nowhere else).
- Fetch's CORS-unsafe request-header names (the exact Access-Control-Request-Headers value):
  ../shared/reference/fetch-cors.md section 1.
- S3's CORS evaluation and response headers: ../shared/reference/s3-cors.md sections 2-3.
"""

import hashlib
import hmac
import re
from urllib.parse import quote, unquote, urlsplit

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # AWS documentation example, fake


# --------------------------------------------------------------------------- SigV4

def _hmac(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def _signing_key(date, region):
    k = _hmac(("AWS4" + SECRET_KEY).encode(), date)
    k = _hmac(k, region)
    k = _hmac(k, "s3")
    return _hmac(k, "aws4_request")


def _enc(s):
    return quote(s, safe="-_.~")


def _canonical_query(params):
    return "&".join(f"{_enc(k)}={_enc(v)}" for k, v in sorted(params.items()))


def _sign(method, path, params, signed, payload_hash, amz_date, region):
    names = sorted(signed)
    canonical_headers = "".join(f"{n}:{' '.join(signed[n].split())}\n" for n in names)
    creq = "\n".join([method, quote(path, safe="/-_.~"), _canonical_query(params),
                      canonical_headers, ";".join(names), payload_hash])
    scope = f"{amz_date[:8]}/{region}/s3/aws4_request"
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                     hashlib.sha256(creq.encode()).hexdigest()])
    return names, hmac.new(_signing_key(amz_date[:8], region), sts.encode(),
                           hashlib.sha256).hexdigest()


def _query_pairs(query):
    """The raw query split into decoded (name, value) pairs, in order ("+" is not a space in S3
    URLs, so no parse_qsl)."""
    out = []
    for part in query.split("&") if query else []:
        name, _, value = part.partition("=")
        out.append((unquote(name), unquote(value)))
    return out


def presigned_view(method, url, sent_headers):
    """How S3 checks a presigned request: (canonical request, string to sign, the signature S3
    computes, the signature provided). Every query parameter except X-Amz-Signature is part of
    the canonical query, including any added after signing; the signed headers take the values
    the request actually sent. None when the URL is not SigV4-presigned."""
    u = urlsplit(url)
    pairs = _query_pairs(u.query)
    params = dict(pairs)
    if "X-Amz-Signature" not in params or "X-Amz-SignedHeaders" not in params:
        return None
    provided = params.pop("X-Amz-Signature")
    sent = {"host": u.hostname}
    sent.update({n.lower(): v for n, v in sent_headers})
    names = params["X-Amz-SignedHeaders"].split(";")
    signed = {n: sent.get(n, "") for n in names}
    date = params["X-Amz-Date"]
    region = params["X-Amz-Credential"].split("/")[2]
    canonical_headers = "".join(f"{n}:{' '.join(signed[n].split())}\n" for n in sorted(names))
    creq = "\n".join([method, quote(unquote(u.path), safe="/-_.~"), _canonical_query(params),
                      canonical_headers, ";".join(sorted(names)), "UNSIGNED-PAYLOAD"])
    scope = f"{date[:8]}/{region}/s3/aws4_request"
    sts = "\n".join(["AWS4-HMAC-SHA256", date, scope, hashlib.sha256(creq.encode()).hexdigest()])
    sig = hmac.new(_signing_key(date[:8], region), sts.encode(), hashlib.sha256).hexdigest()
    return creq, sts, sig, provided


def authorization(method, host, path, query, region, amz_date, headers, payload_hash):
    """The SigV4 Authorization header over `headers` (+ host), as /api/sign returns it."""
    signed = {"host": host}
    signed.update({k.lower(): v for k, v in headers.items()})
    names, sig = _sign(method, path, query, signed, payload_hash, amz_date, region)
    return (f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{amz_date[:8]}/{region}/s3/aws4_request, "
            f"SignedHeaders={';'.join(names)}, Signature={sig}")


# --------------------------------------------------------------------------- Fetch

# Headers a HAR shows that the script did not set: the forbidden request-headers plus what
# Chrome adds itself (User-Agent, client hints, Accept/Accept-Language defaults).
UA_ADDED = {
    "accept-charset", "accept-encoding", "access-control-request-headers",
    "access-control-request-method", "connection", "content-length", "cookie", "cookie2",
    "date", "dnt", "expect", "host", "keep-alive", "origin", "referer", "set-cookie", "te",
    "trailer", "transfer-encoding", "upgrade", "via", "user-agent",
}


def is_ua_added(name):
    n = name.lower()
    return (n in UA_ADDED or n.startswith("sec-") or n.startswith("proxy-")
            or n.startswith(":") or n == "priority")  # HTTP/2 pseudo-headers, RFC 9218


_UNSAFE_BYTES = set(b'"():<>?@[\\]{}\x7f') | (set(range(0x20)) - {0x09})


def is_safelisted(name, value):
    n = name.lower()
    v = value.encode()
    if len(v) > 128:
        return False
    if n == "accept":
        return not any(b in _UNSAFE_BYTES for b in v)
    if n in ("accept-language", "content-language"):
        return re.fullmatch(rb"[0-9A-Za-z *,\-.;=]*", v) is not None
    if n == "content-type":
        if any(b in _UNSAFE_BYTES for b in v):
            return False
        essence = value.split(";")[0].strip().lower()
        return essence in ("application/x-www-form-urlencoded", "multipart/form-data",
                           "text/plain")
    if n == "range":
        m = re.fullmatch(r"bytes=(\d+)-(\d*)", value)
        return bool(m) and (m.group(2) == "" or int(m.group(1)) <= int(m.group(2)))
    return False


def script_headers(har_headers):
    """The headers the script set, from a HAR request header list."""
    return [(h["name"], h["value"]) for h in har_headers if not is_ua_added(h["name"])
            and h["name"].lower() not in ("accept", "accept-language")]


def cors_unsafe_names(pairs):
    """Fetch's CORS-unsafe request-header names: lower-case, de-duplicated, sorted by bytes."""
    unsafe = {n.lower() for n, v in pairs if not is_safelisted(n, v)}
    return sorted(unsafe, key=lambda s: s.encode())


def acrh_value(pairs):
    names = cors_unsafe_names(pairs)
    return ",".join(names) if names else None


# --------------------------------------------------------------------------- S3

VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"


def _glob(pattern, s, ci=False):
    if ci:
        pattern, s = pattern.lower(), s.lower()
    if "*" not in pattern:
        return pattern == s
    pre, post = pattern.split("*", 1)
    return len(s) >= len(pre) + len(post) and s.startswith(pre) and s.endswith(post)


def acrh_tokens(acrh):
    if acrh is None:
        return None
    return [t.strip().lower() for t in acrh.split(",") if t.strip()]


def first_match(config, origin, method, acrh):
    """Index of the first rule matching (origin, method, ACRH), or None."""
    tokens = acrh_tokens(acrh)
    for i, rule in enumerate(config["CORSRules"]):
        if not any(_glob(o, origin) for o in rule["AllowedOrigins"]):
            continue
        if method not in rule["AllowedMethods"]:
            continue
        if tokens is not None:
            allowed = rule.get("AllowedHeaders") or []
            if not allowed or not all(any(_glob(p, t, ci=True) for p in allowed) for t in tokens):
                continue
        return i
    return None


def cors_headers(rule, origin, acrh, preflight):
    """The CORS headers S3 sends for a matched rule, as (name, value) pairs."""
    out = []
    wildcard = "*" in rule["AllowedOrigins"]
    out.append(("Access-Control-Allow-Origin", "*" if wildcard else origin))
    if not wildcard:
        out.append(("Access-Control-Allow-Credentials", "true"))
    out.append(("Access-Control-Allow-Methods", ", ".join(rule["AllowedMethods"])))
    tokens = acrh_tokens(acrh)
    if preflight and tokens:
        out.append(("Access-Control-Allow-Headers", ", ".join(tokens)))
    if rule.get("ExposeHeaders"):
        out.append(("Access-Control-Expose-Headers", ", ".join(rule["ExposeHeaders"])))
    if "MaxAgeSeconds" in rule:
        out.append(("Access-Control-Max-Age", str(rule["MaxAgeSeconds"])))
    out.append(("Vary", VARY))
    return out


def s3_cors_answer(config, origin, method, acrm=None, acrh=None):
    """(status for a preflight or None, CORS header pairs) S3 gives under `config`
    (None = the bucket has no CORS configuration)."""
    preflight = method == "OPTIONS"
    if config is None or origin is None:
        return (403 if preflight and origin else None), []
    m = acrm if acrm else (None if preflight else method)
    if preflight and m is None:
        return 400, []
    idx = first_match(config, origin, m, acrh if (preflight or acrh) else None)
    if idx is None:
        return (403 if preflight else None), []
    return (200 if preflight else None), cors_headers(config["CORSRules"][idx], origin, acrh,
                                                      preflight)


CORS_RESPONSE_HEADERS = {
    "access-control-allow-origin", "access-control-allow-credentials",
    "access-control-allow-methods", "access-control-allow-headers",
    "access-control-expose-headers", "access-control-max-age", "vary",
}


def is_s3_host(host):
    return host.endswith(".amazonaws.com") and ".s3" in "." + host


def bucket_of(url):
    host = urlsplit(url).hostname or ""
    if not host.endswith(".amazonaws.com"):
        return None
    if host.startswith("s3.") or host.startswith("s3-"):
        path = urlsplit(url).path.lstrip("/")
        return path.split("/", 1)[0] or None
    return host.split(".s3", 1)[0]
