//! Checking corshar's reports against an expectations file (samples/expected.json,
//! tests/fixtures/producers/expected.json): for each HAR, each listed request's verdict, Chrome's
//! error and corshar's causes; findings for preflights whose request the producer dropped; the
//! producer and the warnings; nothing else flagged; and per bucket either no CORS change (the fix
//! is elsewhere) or a verified configuration no larger than the minimal one.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use corshar::s3::config;
use corshar::{GivenCors, Options, Report, analyze};
use serde_json::Value;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `samples` array of an expectations file.
pub fn samples(expected: &str) -> Vec<Value> {
    let v: Value = serde_json::from_slice(&std::fs::read(root().join(expected)).unwrap()).unwrap();
    v["samples"].as_array().unwrap().clone()
}

/// The sample's configuration files, resolved against the repository root or the expectations
/// file's folder.
pub fn given(sample: &Value, base: &Path) -> Vec<GivenCors> {
    sample["cors"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(bucket, path)| GivenCors {
            bucket: Some(bucket.clone()),
            config: path
                .as_str()
                .map(|p| config::parse(&std::fs::read_to_string(resolve(p, base)).unwrap()).unwrap()),
        })
        .collect()
}

fn resolve(p: &str, base: &Path) -> PathBuf {
    let from_root = root().join(p);
    if from_root.exists() { from_root } else { base.join(p) }
}

pub fn run(sample: &Value, expected: &str, with_cors: bool) -> Report {
    let base = root().join(expected).parent().unwrap().to_path_buf();
    let file = sample["file"].as_str().unwrap();
    let bytes = std::fs::read(resolve(file, &base)).unwrap();
    let cors = if with_cors { given(sample, &base) } else { Vec::new() };
    let options = Options {
        source_name: Some(file.to_owned()),
        cors,
        ..Options::default()
    };
    analyze(&bytes, &options).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Items a configuration grants (origins, methods, headers, expose headers over all rules).
pub fn size(config: &Value) -> usize {
    config["CORSRules"]
        .as_array()
        .map(|rules| {
            rules
                .iter()
                .map(|r| {
                    ["AllowedOrigins", "AllowedMethods", "AllowedHeaders", "ExposeHeaders"]
                        .iter()
                        .map(|k| r[*k].as_array().map_or(0, Vec::len))
                        .sum::<usize>()
                })
                .sum()
        })
        .unwrap_or(0)
}

/// Every way the reports differ from the expectations file.
pub fn misses(expected: &str) -> Vec<String> {
    let base = root().join(expected).parent().unwrap().to_path_buf();
    let mut failures = Vec::new();
    for sample in samples(expected) {
        let file = sample["file"].as_str().unwrap();
        let report = run(&sample, expected, true);
        let json = serde_json::to_value(&report).unwrap();
        let findings = json["findings"].as_array().unwrap();
        if let Some(producer) = sample.get("producer")
            && json["source"]["producer"] != *producer
        {
            failures.push(format!(
                "{file}: producer {} (want {producer})",
                json["source"]["producer"]
            ));
        }
        let codes_of = |f: &Value| -> Vec<String> {
            f["causes"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|c| c["code"].as_str().map(str::to_owned))
                .collect()
        };
        let mut listed = Vec::new();
        let requests = sample["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r, r["entry"].as_u64().unwrap(), true));
        let orphans = sample
            .get("unpaired_preflights")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|r| (r, r["preflight_entry"].as_u64().unwrap(), false));
        for (want, entry, recorded) in requests.chain(orphans) {
            listed.push(entry);
            let Some(got) = findings.iter().find(|f| f["entry"].as_u64() == Some(entry)) else {
                failures.push(format!("{file} #{entry}: no finding"));
                continue;
            };
            if got["request_recorded"] != recorded {
                failures.push(format!(
                    "{file} #{entry}: request_recorded {} (want {recorded})",
                    got["request_recorded"]
                ));
            }
            if got["method"] != want["method"] {
                failures.push(format!(
                    "{file} #{entry}: method {} (want {})",
                    got["method"], want["method"]
                ));
            }
            if got["verdict"] != want["verdict"] {
                failures.push(format!(
                    "{file} #{entry}: verdict {} (want {})",
                    got["verdict"], want["verdict"]
                ));
            }
            if got["browser_error"]["code"].as_str() != want["browser_error"].as_str() {
                failures.push(format!(
                    "{file} #{entry}: browser error {} (want {})",
                    got["browser_error"]["code"], want["browser_error"]
                ));
            }
            if recorded && got["preflight_entry"] != want["preflight_entry"] {
                failures.push(format!(
                    "{file} #{entry}: preflight {} (want {})",
                    got["preflight_entry"], want["preflight_entry"]
                ));
            }
            let codes = codes_of(got);
            for cause in want["causes"].as_array().unwrap() {
                if !codes.iter().any(|c| c == cause.as_str().unwrap()) {
                    failures.push(format!("{file} #{entry}: causes {codes:?} lack {cause}"));
                }
            }
        }
        for f in findings {
            let entry = f["entry"].as_u64().unwrap();
            if !listed.contains(&entry) && f["verdict"] != "ok" {
                failures.push(format!(
                    "{file} #{entry}: flagged {} {:?}, but the expectations list no problem there",
                    f["verdict"],
                    codes_of(f)
                ));
            }
        }
        if let Some(warnings) = sample.get("warnings").and_then(Value::as_array) {
            let got: Vec<&str> = json["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|w| w["code"].as_str())
                .collect();
            for w in warnings {
                if !got.contains(&w.as_str().unwrap()) {
                    failures.push(format!("{file}: warnings {got:?} lack {w}"));
                }
            }
        }
        let fixes = json["fixes"].as_array().unwrap();
        for (bucket, want) in sample["fix"].as_object().unwrap() {
            let got = fixes.iter().find(|f| f["bucket"] == bucket.as_str());
            match (want.is_null(), got) {
                (true, Some(_)) => failures.push(format!(
                    "{file}: proposes a CORS change for {bucket}, whose fix is not one"
                )),
                (true, None) => {}
                (false, None) => failures.push(format!("{file}: no fix for {bucket}")),
                (false, Some(got)) => {
                    if got["verified"] != true {
                        failures.push(format!("{file}: the fix for {bucket} is not verified"));
                    }
                    let base_config = sample["cors"][bucket]
                        .as_str()
                        .map(|p| serde_json::from_slice::<Value>(&std::fs::read(resolve(p, &base)).unwrap()).unwrap());
                    let base_size = base_config.as_ref().map_or(0, size);
                    let (grown, minimal) = (
                        size(&got["config"]) as i64 - base_size as i64,
                        size(want) as i64 - base_size as i64,
                    );
                    if grown > minimal {
                        failures.push(format!(
                            "{file}: the fix for {bucket} adds {grown} items; the minimal one {minimal}"
                        ));
                    }
                }
            }
        }
    }
    failures
}
