//! Every sample HAR gives the answer samples/expected.json records for it: each S3 request's
//! verdict, Chrome's error and corshar's causes; nothing else flagged; and per bucket either no
//! CORS change (the fix is elsewhere) or a verified configuration no larger than the minimal one.

use std::path::{Path, PathBuf};

use corshar::s3::config;
use corshar::{GivenCors, Options, Report, analyze};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn expected() -> Vec<Value> {
    let v: Value = serde_json::from_slice(&std::fs::read(root().join("samples/expected.json")).unwrap()).unwrap();
    v["samples"].as_array().unwrap().clone()
}

fn given(sample: &Value) -> Vec<GivenCors> {
    sample["cors"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(bucket, path)| GivenCors {
            bucket: Some(bucket.clone()),
            config: path
                .as_str()
                .map(|p| config::parse(&std::fs::read_to_string(root().join(p)).unwrap()).unwrap()),
        })
        .collect()
}

fn run(sample: &Value, with_cors: bool) -> Report {
    let file = sample["file"].as_str().unwrap();
    let bytes = std::fs::read(root().join(file)).unwrap();
    let options = Options {
        source_name: Some(file.to_owned()),
        cors: if with_cors { given(sample) } else { Vec::new() },
        ..Options::default()
    };
    analyze(&bytes, &options).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Items a configuration grants (origins, methods, headers, expose headers over all rules).
fn size(config: &Value) -> usize {
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

#[test]
fn every_sample_gives_its_expected_diagnosis() {
    let mut failures = Vec::new();
    for sample in expected() {
        let file = sample["file"].as_str().unwrap();
        let report = run(&sample, true);
        let json = serde_json::to_value(&report).unwrap();
        let findings = json["findings"].as_array().unwrap();
        let listed: Vec<u64> = sample["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["entry"].as_u64().unwrap())
            .collect();
        for want in sample["requests"].as_array().unwrap() {
            let entry = want["entry"].as_u64().unwrap();
            let Some(got) = findings.iter().find(|f| f["entry"].as_u64() == Some(entry)) else {
                failures.push(format!("{file} #{entry}: no finding"));
                continue;
            };
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
            if got["preflight_entry"] != want["preflight_entry"] {
                failures.push(format!(
                    "{file} #{entry}: preflight {} (want {})",
                    got["preflight_entry"], want["preflight_entry"]
                ));
            }
            let codes: Vec<&str> = got["causes"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|c| c["code"].as_str())
                .collect();
            for cause in want["causes"].as_array().unwrap() {
                if !codes.contains(&cause.as_str().unwrap()) {
                    failures.push(format!("{file} #{entry}: causes {codes:?} lack {cause}"));
                }
            }
        }
        for f in findings {
            let entry = f["entry"].as_u64().unwrap();
            if !listed.contains(&entry) && f["verdict"] != "ok" {
                failures.push(format!(
                    "{file} #{entry}: flagged {} but expected.json lists no problem there",
                    f["verdict"]
                ));
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
                    let base = sample["cors"][bucket]
                        .as_str()
                        .map(|p| serde_json::from_slice::<Value>(&std::fs::read(root().join(p)).unwrap()).unwrap());
                    let base_size = base.as_ref().map_or(0, size);
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
    assert!(
        failures.is_empty(),
        "{} misses:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The usual first run has no --cors: fixes are marked incomplete and never verified, and
/// buckets whose fix is not a CORS change get none.
#[test]
fn without_the_configuration_fixes_are_incomplete_and_never_applied_blindly() {
    for sample in expected() {
        let file = sample["file"].as_str().unwrap();
        let report = run(&sample, false);
        for fix in &report.fixes {
            assert!(
                !fix.complete && !fix.verified,
                "{file}: {} fix claims completeness without --cors",
                fix.bucket
            );
            assert!(
                fix.steps.iter().all(|s| !s.contains("aws s3api put-bucket-cors")),
                "{file}: put-bucket-cors offered for an incomplete configuration"
            );
            assert!(fix.steps[0].contains("get-bucket-cors"), "{file}: {:?}", fix.steps);
            let want = &sample["fix"][&fix.bucket];
            assert!(
                !want.is_null(),
                "{file}: proposes a CORS change for {}, whose fix is not one",
                fix.bucket
            );
        }
    }
}

#[test]
fn samples_exist_as_the_readme_promises() {
    let hars: Vec<_> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "har"))
        .collect();
    assert!(hars.len() >= 8, "only {} sample HARs", hars.len());
    let listed: Vec<String> = expected()
        .iter()
        .map(|s| s["file"].as_str().unwrap().to_owned())
        .collect();
    for h in hars {
        let rel = Path::new("samples").join(h.file_name());
        assert!(
            listed.contains(&rel.to_string_lossy().into_owned()),
            "{} has no expectations in samples/expected.json",
            rel.display()
        );
    }
}
