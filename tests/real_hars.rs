//! The engine against real Chromium 156 DevTools exports of S3 CORS scenarios
//! (tests/data/real-hars, copied unchanged from ../shared/real-hars), using what the browser
//! itself recorded (manifest.json) as the expected answers.

use std::path::PathBuf;

use serde_json::Value;

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(path)
}

fn manifest(dir: &str) -> Value {
    serde_json::from_slice(&std::fs::read(data(dir).join("manifest.json")).unwrap()).unwrap()
}

/// Every preflight is paired with the request Chrome's own request ids say it guarded, and the
/// non-simple requests without a preflight entry stay unpaired.
#[test]
fn pairing_matches_chromes_request_ids() {
    let manifest = manifest("real-hars");
    let mut checked = 0;
    for file in manifest["files"].as_array().unwrap() {
        let Some(pairing) = file.get("preflight_pairing") else {
            continue;
        };
        let name = file["file"].as_str().unwrap();
        let bytes = std::fs::read(data("real-hars").join(name)).unwrap();
        let capture = corshar::capture::read(&bytes).unwrap();
        let pairs = corshar::pair::pair(&capture);
        for p in pairing["pairs"].as_array().unwrap() {
            let (pre, actual) = (
                p["preflight_entry"].as_u64().unwrap() as usize,
                p["actual_entry"].as_u64().unwrap() as usize,
            );
            assert_eq!(pairs.actual_of[pre], Some(actual), "{name}: preflight {pre}");
            assert_eq!(pairs.preflight_of[actual], Some(pre), "{name}: actual {actual}");
            checked += 1;
        }
        for w in pairing["without_preflight_entry"].as_array().unwrap() {
            let entry = w["entry"].as_u64().unwrap() as usize;
            assert_eq!(
                pairs.preflight_of[entry], None,
                "{name}: entry {entry} has no preflight"
            );
        }
        let preflights = pairs.is_preflight.iter().filter(|&&p| p).count();
        assert_eq!(
            preflights,
            pairing["pairs"].as_array().unwrap().len(),
            "{name}: preflight count"
        );
    }
    assert!(checked >= 7, "only {checked} pairs checked");
}

/// With secrets shown, corshar's `browser_error.message` is the line Chrome itself printed in the
/// console, byte for byte, for every failing request of the real exports.
#[test]
fn chrome_console_lines_are_reproduced_exactly() {
    let manifest = manifest("real-hars");
    let mut compared = 0;
    for file in manifest["files"].as_array().unwrap() {
        let name = file["file"].as_str().unwrap();
        let Some(console) = file
            .get("browser_reported")
            .and_then(|b| b.get("browser_console"))
            .and_then(Value::as_array)
        else {
            continue;
        };
        let lines: Vec<&str> = console
            .iter()
            .filter(|c| c["source"] == "javascript")
            .filter_map(|c| c["text"].as_str())
            .collect();
        if lines.is_empty() {
            continue;
        }
        let bytes = std::fs::read(data("real-hars").join(name)).unwrap();
        let options = corshar::Options {
            show_secrets: true,
            ..Default::default()
        };
        let report = corshar::analyze(&bytes, &options).unwrap();
        let messages: Vec<&str> = report
            .findings
            .iter()
            .filter_map(|f| f.browser_error.as_ref())
            .map(|e| e.message.as_str())
            .collect();
        for line in lines {
            assert!(
                messages.contains(&line),
                "{name}: Chrome printed\n  {line}\ncorshar says\n  {messages:?}"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 7, "the seven blocked requests of the real exports");
}
