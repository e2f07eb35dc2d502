//! Every sample HAR gives the answer samples/expected.json records for it: each S3 request's
//! verdict, Chrome's error and corshar's causes; nothing else flagged; and per bucket either no
//! CORS change (the fix is elsewhere) or a verified configuration no larger than the minimal one.

mod common;

use std::path::Path;

use common::{root, run, samples};

const EXPECTED: &str = "samples/expected.json";

#[test]
fn every_sample_gives_its_expected_diagnosis() {
    let failures = common::misses(EXPECTED);
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
    for sample in samples(EXPECTED) {
        let file = sample["file"].as_str().unwrap();
        let report = run(&sample, EXPECTED, false);
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
    let listed: Vec<String> = samples(EXPECTED)
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

/// The samples table cites the entries of the requests that fail (or carry a cause) in its
/// "Chrome error" cell; `cargo xtask samples` renumbers them when Chrome orders a new recording
/// differently. This keeps the table and expected.json from drifting apart.
#[test]
fn the_samples_table_cites_the_entries_expected_json_has() {
    let table = std::fs::read_to_string(root().join("samples/README.md")).unwrap();
    let expected = samples(EXPECTED);
    let mut rows = 0;
    for line in table.lines().filter(|l| l.starts_with("| `") && l.contains(".har` ")) {
        let cells: Vec<&str> = line.split('|').collect();
        let name = cells[1].trim().split('`').nth(1).unwrap();
        let sample = expected
            .iter()
            .find(|s| s["file"].as_str() == Some(&format!("samples/{name}")))
            .unwrap_or_else(|| panic!("{name}: in the table, not in expected.json"));
        let mut cited: Vec<u64> = cells[4]
            .split(|c: char| !c.is_ascii_digit())
            .filter(|d| !d.is_empty())
            .map(|d| d.parse().unwrap())
            .collect();
        let mut failing: Vec<u64> = sample["requests"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["verdict"] != "ok" || !r["causes"].as_array().unwrap().is_empty())
            .map(|r| r["entry"].as_u64().unwrap())
            .collect();
        cited.sort_unstable();
        failing.sort_unstable();
        assert_eq!(
            cited, failing,
            "{name}: the table's entry numbers against expected.json"
        );
        rows += 1;
    }
    assert_eq!(rows, expected.len(), "one table row per sample");
}
