#!/usr/bin/env python3
"""Write the real exports' part of samples/expected.json and their samples/cors/*.json.

    python3 samples/tools/real-expectations.py           # (re)write the outputs
    python3 samples/tools/real-expectations.py --check   # exit 1 if any output differs

s01..s10 are Chromium 156 DevTools exports copied unchanged from shared/real-hars; what corshar
must say about them comes from that folder's manifest (tests/data/real-hars/manifest.json):
preflight pairs, failing requests with Chrome's own CorsError, corshar's causes, the fix verified
in the browser, and each bucket's configuration. Every other sample is recorded by `cargo xtask
samples` (the real-Chromium loop, extension/tests/loop), which writes its own expected.json
entries; this script keeps those as they are, in the file's order.

Python 3 standard library only and deterministic: running it again reproduces the committed files
byte for byte. (Until 2026-12 this was make-samples.py, which also generated Chrome-shaped HARs
for the scenarios the loop could not yet reproduce; see git history.)
"""

import json
import sys
from pathlib import Path

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

AWSCLI_KEY_ORDER = ["ID", "AllowedHeaders", "AllowedMethods", "AllowedOrigins", "ExposeHeaders",
                    "MaxAgeSeconds"]

DESCRIPTION = ("What corshar must report for every sample HAR; see samples/README.md. "
               "entry / preflight_entry are indexes into log.entries; cors maps each "
               "bucket to its configuration file (null: the bucket has no CORS "
               "configuration); fix maps each bucket that needs a change to its minimal "
               "fixed configuration (null: the fix is not a CORS change).")


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
    """expected.json entries of the real exports, and their buckets' configurations."""
    manifest = json.loads(MANIFEST.read_bytes())
    out = []
    for f in manifest["files"]:
        if f["file"] not in REAL_FILES:
            continue
        assert (SAMPLES / f["file"]).stat().st_size == f["size_bytes"], f["file"]
        entries = json.loads((SAMPLES / f["file"]).read_bytes())["log"]["entries"]
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
    """{path relative to samples/: bytes} of every output."""
    files = {}
    made = {s["file"]: s for s in real_expectations()}
    ordered = []
    for s in json.loads((SAMPLES / "expected.json").read_text())["samples"]:
        if s["file"] in made:
            ordered.append(made.pop(s["file"]))
        else:
            assert "cargo xtask samples" in s["source"], s["file"] + ": neither real nor recorded"
            ordered.append(s)
    for s in ordered + list(made.values()):
        for bucket, config in s.pop("configs", {}).items():
            path = f"cors/{bucket}.json"
            data = awscli_json(config).encode()
            assert files.get(path, data) == data, bucket
            files[path] = data
    expected = {"description": DESCRIPTION, "samples": ordered + list(made.values())}
    files["expected.json"] = (json.dumps(expected, indent=2, ensure_ascii=False) + "\n").encode()
    return files


def main():
    check = "--check" in sys.argv[1:]
    bad = 0
    for rel, data in sorted(build().items()):
        path = SAMPLES / rel
        if check:
            if not path.exists() or path.read_bytes() != data:
                print(f"differs: samples/{rel}")
                bad += 1
        elif not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"wrote samples/{rel}")
    if check:
        print("all outputs reproduce" if not bad else f"{bad} output(s) differ")
        sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
