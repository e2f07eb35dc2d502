#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seeds taken from the repository at run time (nothing here
# copies a file the repo already has): the sample and fixture HARs, the real browser HARs of
# tests/data, the bucket configurations (and the console-array and XML forms derived from them),
# the console texts recorded in tests/data's manifests and the console messages quoted in the
# explain tests, and the hand-written seeds of fuzz/seeds/. Idempotent: existing corpus files
# (what earlier runs found) are kept.
set -euo pipefail
cd "$(dirname "$0")"
exec python3 - "$@" <<'PY'
import glob, hashlib, json, os, re, shutil, sys

ROOT = ".."
CORPUS = "corpus"

def put(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    # Named by content, as libFuzzer names what it adds, so reruns do not duplicate.
    digest = hashlib.sha1(data).hexdigest()[:16]
    path = os.path.join(d, f"seed-{name}-{digest}")
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)

def files(*patterns):
    out = []
    for p in patterns:
        out += sorted(glob.glob(os.path.join(ROOT, p)))
    return [f for f in out if os.path.isfile(f)]

def read(path):
    with open(path, "rb") as f:
        return f.read()

def stem(path):
    return re.sub(r"[^A-Za-z0-9._-]", "_", os.path.basename(path))

# ------------------------------------------------------------------------------------- HARs
hars = files("samples/*.har", "tests/fixtures/producers/*.har", "tests/fixtures/producers/*.harp",
             "tests/fixtures/producers/*.md", "tests/fixtures/secrets/*.har",
             "tests/data/real-hars/*.har", "tests/data/real-hars-firefox/*.har", "fuzz/seeds/har/*")
for h in hars:
    data = read(h)
    for target in ("har_read", "analyze_har", "redact_har"):
        put(target, stem(h), data)
    # A cut-off copy exercises the truncated-HAR path.
    put("har_read", "cut-" + stem(h), data[: len(data) * 2 // 3])

# ------------------------------------------------------------------- bucket configurations
def xml_text(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#xD;"))

def to_xml(config):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">']
    for rule in config.get("CORSRules", []):
        out.append("  <CORSRule>")
        if "ID" in rule:
            out.append(f"    <ID>{xml_text(rule['ID'])}</ID>")
        for field, element in (("AllowedOrigins", "AllowedOrigin"), ("AllowedMethods", "AllowedMethod"),
                               ("AllowedHeaders", "AllowedHeader"), ("ExposeHeaders", "ExposeHeader")):
            for v in rule.get(field, []):
                out.append(f"    <{element}>{xml_text(v)}</{element}>")
        if "MaxAgeSeconds" in rule:
            out.append(f"    <MaxAgeSeconds>{rule['MaxAgeSeconds']}</MaxAgeSeconds>")
        out.append("  </CORSRule>")
    out.append("</CORSConfiguration>")
    return "\n".join(out) + "\n"

configs = {}  # bucket name -> aws-cli JSON object
for c in files("samples/cors/*.json", "tests/fixtures/producers/cors/*.json", "tests/fixtures/secrets/cors/*.json"):
    text = read(c)
    try:
        config = json.loads(text)
    except ValueError:
        continue
    name = os.path.basename(c)[: -len(".json")]
    configs[name] = config
    for target in ("cors_config_json", "cors_config_roundtrip"):
        put(target, stem(c), text)
for manifest in files("tests/data/real-hars/manifest.json", "tests/data/real-hars-firefox/manifest.json"):
    for entry in json.loads(read(manifest)).get("files", []):
        for key in ("s3_cors_configuration",):
            for bucket, v in (entry.get(key) or {}).items():
                if isinstance(v, dict) and "cors" in v:
                    configs.setdefault(bucket, v["cors"])
        for bucket, v in ((entry.get("fix") or {}).get("s3_cors_configuration") or {}).items():
            configs.setdefault(bucket + "-fixed", v)
for name, config in sorted(configs.items()):
    if not isinstance(config, dict) or "CORSRules" not in config:
        continue
    compact = json.dumps(config, separators=(",", ":"))
    console = json.dumps(config["CORSRules"], indent=2)
    xml = to_xml(config)
    put("cors_config_json", name, compact)
    put("cors_config_console", name, console)
    put("cors_config_xml", name, xml)
    for form, text in (("json", compact), ("console", console), ("xml", xml)):
        put("cors_config_roundtrip", f"{name}-{form}", text)
for s in files("fuzz/seeds/cors/*"):
    text = read(s)
    first = text.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    target = {b"{": "cors_config_json", b"[": "cors_config_console", b"<": "cors_config_xml"}.get(first)
    if target:
        put(target, stem(s), text)
    put("cors_config_roundtrip", stem(s), text)

# ----------------------------------------------- HAR + its bucket's configuration, NUL-separated
for h in hars:
    data = read(h)
    text = data.decode("utf-8", "replace")
    put("analyze_har_with_cors", "none-" + stem(h), b"\0" + data)
    for bucket, config in sorted(configs.items()):
        base = bucket[: -len("-fixed")] if bucket.endswith("-fixed") else bucket
        if base in text and "CORSRules" in config:
            put("analyze_har_with_cors", f"{bucket}-{stem(h)}", json.dumps(config).encode() + b"\0" + data)
            put("analyze_har_with_cors", f"{bucket}-xml-{stem(h)}", to_xml(config).encode() + b"\0" + data)

# ------------------------------------------------------------------------- console messages
consoles = []
for manifest in files("tests/data/real-hars/manifest.json", "tests/data/real-hars-firefox/manifest.json"):
    for entry in json.loads(read(manifest)).get("files", []):
        reported = entry.get("browser_reported") or {}
        for key in ("browser_console", "firefox_console"):
            lines = [c.get("text", "") for c in reported.get(key) or [] if isinstance(c, dict)]
            if lines:
                consoles.append((f"{key}-{entry.get('file', 'x')}", "\n".join(lines)))
                for i, line in enumerate(lines):
                    consoles.append((f"{key}-{entry.get('file', 'x')}-{i}", line))

# Rust string literals in the explain tests that read like console messages. Ordinary "..."
# literals with `\` line continuations and simple escapes, and r"..."/r#"..."# raw ones.
LITERAL = re.compile(r'r(#*)"(.*?)"\1|"((?:[^"\\]|\\.)*)"', re.S)
WORDS = re.compile(r"CORS|Access-Control|access control|Cross-Origin|cannot load|has been blocked|Reason:")
def unescape(s):
    s = re.sub(r"\\\n\s*", "", s)
    def one(m):
        c = m.group(1)
        if c.startswith("u{"):
            return chr(int(c[2:-1], 16))
        return {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}.get(c, c)
    return re.sub(r"\\(u\{[0-9A-Fa-f]+\}|.)", one, s)
for src in files("tests/explain.rs", "src/explain/tests.rs", "src/explain/parse.rs", "src/explain/text.rs"):
    for i, m in enumerate(LITERAL.finditer(read(src).decode())):
        text = m.group(2) if m.group(2) is not None else unescape(m.group(3))
        if len(text) > 20 and WORDS.search(text):
            consoles.append((f"{stem(src)}-{i}", text))
for s in files("fuzz/seeds/console/*"):
    consoles.append((stem(s), read(s).decode("utf-8", "replace")))
for name, text in consoles:
    put("explain_console", name, text)

for d in sorted(os.listdir(CORPUS)):
    print(f"{d}: {len(os.listdir(os.path.join(CORPUS, d)))} files")
PY
