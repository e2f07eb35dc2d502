//! The `corshar` command as a user runs it: exit codes, formats, errors that name the file and the
//! place, colour only when wanted, no control characters or secrets from the HAR on the terminal.
//! Rendered output is pinned with snapshots (tests/snapshots) so a change in wording is a
//! reviewed diff.

use std::path::PathBuf;

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corshar() -> Command {
    let mut c = Command::cargo_bin("corshar").unwrap();
    c.current_dir(root()).env_remove("NO_COLOR");
    c
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = corshar().args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn run_stdin(args: &[&str], stdin: Vec<u8>) -> Run {
    let out = corshar().args(args).write_stdin(stdin).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("corshar-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

const S05: &str = "samples/s05-sdk-signed-headers-not-allowed.har";
const S05_CORS: &str = "acme-telemetry-ingest=samples/cors/acme-telemetry-ingest.json";

#[test]
fn exit_status_says_whether_anything_failed() {
    assert_eq!(run(&["analyze", S05]).code, 1, "a blocked request exits 1");
    assert_eq!(
        run(&["analyze", "samples/s06-range-content-range-not-exposed.har"]).code,
        1,
        "an unreadable response exits 1"
    );
    let control = run(&["analyze", "samples/s08-xhr-upload-progress-forced-preflight.har"]);
    assert_eq!(control.code, 0, "{}", control.stdout);
}

#[test]
fn table_output_with_the_configuration() {
    let r = run(&["analyze", S05, "--cors", S05_CORS]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("s05_table_with_cors", r.stdout);
}

#[test]
fn table_output_on_a_first_run_without_the_configuration() {
    let r = run(&["analyze", "samples/s01-head-not-allowed.har"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("s01_table_without_cors", r.stdout);
}

#[test]
fn markdown_output() {
    let r = run(&[
        "analyze",
        "samples/credentials-wildcard-origin.har",
        "--cors",
        "acme-portal-downloads=samples/cors/acme-portal-downloads.json",
        "--format",
        "markdown",
    ]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("credentials_markdown", r.stdout);
}

#[test]
fn json_output_follows_the_contract() {
    let r = run(&["analyze", "samples/s10-mixed-three-buckets.har", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["schema"], "corshar.report/v1");
    let f = &v["findings"][2];
    assert_eq!((f["entry"].as_u64(), f["preflight_entry"].as_u64()), (Some(9), Some(8)));
    assert_eq!(f["verdict"], "blocked");
    assert_eq!(f["browser_error"]["code"], "PreflightMissingAllowOriginHeader");
    assert!(
        f["browser_error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Access to fetch at 'https://acme-batch-jobs")
    );
    assert!(f["causes"][0]["code"].is_string() && f["causes"][0]["evidence"].is_array());
    assert!(
        v["fixes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["config"]["CORSRules"].is_array() && x["verified"].is_boolean())
    );
}

#[test]
fn stdin_is_read_with_a_dash() {
    let bytes = std::fs::read(root().join(S05)).unwrap();
    let r = run_stdin(&["analyze", "-", "--format", "json"], bytes);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["source"]["file"], "<stdin>");
}

#[test]
fn invalid_json_names_file_line_column_and_what_was_expected() {
    let path = temp_file(
        "broken.har",
        b"{\"log\": {\"entries\": [\n  {\"request\": {\"method\" \"GET\"}}\n]}}",
    );
    let r = run(&["analyze", path.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr
            .contains(&format!("{}:2:25: in log.entries[0]: expected `:`", path.display())),
        "{}",
        r.stderr
    );
}

#[test]
fn json_that_is_not_a_har_names_the_missing_key() {
    let path = temp_file("not-a-har.json", b"{\"CORSRules\": []}");
    let r = run(&["analyze", path.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("not a HAR: the top-level object has no \"log\" key"),
        "{}",
        r.stderr
    );
}

#[test]
fn truncated_har_is_analysed_up_to_its_last_complete_entry() {
    let bytes = std::fs::read(root().join("samples/s10-mixed-three-buckets.har")).unwrap();
    // Cut inside the last entry (the blocked POST): the entries before it are analysed.
    let cut = bytes.len() - 200;
    let path = temp_file("truncated.har", &bytes[..cut]);
    let r = run(&["analyze", path.to_str().unwrap(), "--format", "json"]);
    assert!(r.code <= 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let w = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "truncated-input")
        .expect("a truncation warning");
    let message = w["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("at byte {cut}")) && message.contains("inside log.entries[9]"),
        "{message}"
    );
    assert_eq!(v["summary"]["entries"], 9);
    // The blocked POST's preflight (entry 8) survived; the POST did not.
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "unpaired-preflight")
    );
    // Cut before any entry: nothing to analyse, an error that says so.
    let path = temp_file("cut-early.har", &bytes[..100]);
    let r = run(&["analyze", path.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("truncated"), "{}", r.stderr);
}

#[test]
fn missing_file_and_bad_usage_exit_2() {
    let r = run(&["analyze", "no/such/file.har"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no/such/file.har: cannot read"), "{}", r.stderr);
    assert_eq!(run(&["analyze"]).code, 2);
    assert_eq!(run(&["analyze", S05, "--format", "yaml"]).code, 2);
    assert_eq!(run(&["--version"]).code, 0);
}

#[test]
fn cors_argument_errors() {
    let bad = temp_file(
        "bad-cors.json",
        b"{\"CORSRules\": [{\"AllowedOrigins\": \"https://a\"}]}",
    );
    let r = run(&[
        "analyze",
        S05,
        "--cors",
        &format!("acme-telemetry-ingest={}", bad.display()),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(&format!("{}:1:", bad.display())), "{}", r.stderr);
    let r = run(&[
        "analyze",
        "samples/s10-mixed-three-buckets.har",
        "--cors",
        "samples/cors/acme-batch-jobs.json",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("reaches 3 buckets"), "{}", r.stderr);
    // An unnamed --cors applies to the only bucket.
    let r = run(&[
        "analyze",
        S05,
        "--cors",
        "samples/cors/acme-telemetry-ingest.json",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["fixes"][0]["complete"], true);
}

#[test]
fn colour_only_when_wanted() {
    assert!(run(&["analyze", S05, "--color", "always"]).stdout.contains("\x1b["));
    assert!(
        !run(&["analyze", S05]).stdout.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    let out = corshar()
        .args(["analyze", S05, "--color", "auto"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains('\x1b'));
}

/// A header value full of terminal escape sequences must not reach the terminal.
#[test]
fn hostile_header_values_never_reach_the_terminal_raw() {
    let text = std::fs::read_to_string(root().join(S05)).unwrap();
    let hostile = text
        .replace("\"x-amz-date\"", "\"x-\\u001b]0;pwned\\u0007\\u001b[2J-date\"")
        .replace("https://admin.acme.test", "https://admin.acme.test\\u001b[31m");
    let path = temp_file("hostile.har", hostile.as_bytes());
    for format in ["table", "markdown"] {
        let r = run(&["analyze", path.to_str().unwrap(), "--format", format]);
        assert!(r.code <= 1, "{}", r.stderr);
        assert!(
            !r.stdout.contains('\x1b') && !r.stdout.contains('\x07'),
            "{format} output carries raw control characters"
        );
    }
    let r = run(&["analyze", path.to_str().unwrap(), "--format", "json"]);
    serde_json::from_str::<serde_json::Value>(&r.stdout).expect("JSON stays valid");
    assert!(!r.stdout.contains('\x1b'), "JSON escapes control characters");
}

/// Presigned signatures and credentials, and SigV4 Authorization values, are masked everywhere.
#[test]
fn secrets_are_masked_in_every_format() {
    for (har, secret) in [
        (
            "samples/s01-head-not-allowed.har",
            "fef39a3c3c831f414614e18df79f47beece18277eda47d341c0ee5f4c2f2cdeb",
        ),
        (
            "samples/s10-mixed-three-buckets.har",
            "0505dc80d1768e065bb5a49a52196eb70185738a8b01ae126ecf09cc23a2644c",
        ),
        ("samples/s01-head-not-allowed.har", "AKIAIOSFODNN7EXAMPLE"),
    ] {
        assert!(
            std::fs::read_to_string(root().join(har)).unwrap().contains(secret),
            "the sample holds the secret"
        );
        for format in ["table", "json", "markdown"] {
            let r = run(&["analyze", har, "--format", format]);
            assert!(!r.stdout.contains(secret), "{har} --format {format} shows {secret}");
        }
    }
}

#[test]
fn secrets_show_only_when_asked() {
    let signature = "fef39a3c3c831f414614e18df79f47beece18277eda47d341c0ee5f4c2f2cdeb";
    let r = run(&[
        "analyze",
        "samples/s01-head-not-allowed.har",
        "--format",
        "json",
        "--show-secrets",
    ]);
    assert!(
        r.stdout.contains(signature),
        "--show-secrets shows the presigned signature"
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let message = v["findings"][1]["browser_error"]["message"].as_str().unwrap();
    assert!(
        message.contains(signature),
        "with secrets shown, the message is Chrome's byte for byte"
    );
}

#[test]
fn conformance_runs_the_vectors() {
    let r = run(&[
        "conformance",
        "tests/data/vectors/fetch.json",
        "tests/data/vectors/s3.json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.stdout.lines().last(), Some("194 passed, 0 failed"));
    let wrong = temp_file(
        "wrong.json",
        br#"[{"name": "a GET with ACAO * is blocked (it is not)", "request": {"method": "GET", "credentials": "omit", "headers": {}, "url": "https://api.example.net/r", "origin": "https://app.example.com"},
              "preflight_response": null, "response": {"status": 200, "headers": {"Access-Control-Allow-Origin": "*"}},
              "expect": {"preflight_needed": false, "blocked": true, "reason": "MissingAllowOriginHeader"}}]"#,
    );
    let r = run(&["conformance", wrong.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.starts_with("FAIL "), "{}", r.stdout);
    assert_eq!(r.stdout.lines().last(), Some("0 passed, 1 failed"));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn warnings(stdout: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(stdout).unwrap();
    v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| format!("{}: {}", w["code"].as_str().unwrap(), w["message"].as_str().unwrap()))
        .collect()
}

fn blocked_count(stdout: &str) -> u64 {
    serde_json::from_str::<serde_json::Value>(stdout).unwrap()["summary"]["blocked"]
        .as_u64()
        .unwrap()
}

/// .har.gz, .zip (one HAR, or one named among several), a cut-off .har.gz, a HAR pasted into a
/// Markdown ticket, a JSONP-wrapped HAR: each is opened and says what was done.
#[test]
fn hars_inside_containers_and_text() {
    let har = std::fs::read(root().join(S05)).unwrap();
    let plain = run(&["analyze", S05, "--format", "json"]);
    let want = blocked_count(&plain.stdout);
    assert_eq!(want, 1);

    let gz = temp_file("s05.har.gz", &gzip(&har));
    let r = run(&["analyze", gz.to_str().unwrap(), "--format", "json"]);
    assert_eq!((r.code, blocked_count(&r.stdout)), (1, want), "{}", r.stderr);
    assert!(
        warnings(&r.stdout)
            .iter()
            .any(|w| w.starts_with("input-repaired: decompressed gzip"))
    );

    let one = temp_file("one.zip", &zip_of(&[("export/s05.har", &har), ("readme.txt", b"hi")]));
    let r = run(&["analyze", one.to_str().unwrap(), "--format", "json"]);
    assert_eq!((r.code, blocked_count(&r.stdout)), (1, want), "{}", r.stderr);
    assert!(
        warnings(&r.stdout)
            .iter()
            .any(|w| w.contains("read export/s05.har from the zip archive"))
    );

    let control = std::fs::read(root().join("samples/s08-xhr-upload-progress-forced-preflight.har")).unwrap();
    let two = temp_file("two.zip", &zip_of(&[("a.har", &har), ("b.har.gz", &gzip(&control))]));
    let r = run(&["analyze", two.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("holds 2 HAR files (a.har, b.har.gz)"), "{}", r.stderr);
    let r = run(&["analyze", &format!("{}:b.har.gz", two.display()), "--format", "json"]);
    assert_eq!((r.code, blocked_count(&r.stdout)), (0, 0), "{}", r.stderr);

    let big = std::fs::read(root().join("samples/s10-mixed-three-buckets.har")).unwrap();
    let cut = gzip(&big);
    let cut = temp_file("cut.har.gz", &cut[..cut.len() * 9 / 10]);
    let r = run(&["analyze", cut.to_str().unwrap(), "--format", "json"]);
    assert!(r.code <= 1, "{}", r.stderr);
    assert!(
        warnings(&r.stdout).iter().any(|w| w.starts_with("truncated-input")),
        "{:?}",
        warnings(&r.stdout)
    );

    let mut md = b"Hi! Uploads fail with a CORS error, HAR below.\n\n```json\n".to_vec();
    md.extend_from_slice(&har);
    md.extend_from_slice(b"\n```\n\nThanks, Sam\n");
    let md = temp_file("ticket.md", &md);
    let r = run(&["analyze", md.to_str().unwrap(), "--format", "json"]);
    assert_eq!((r.code, blocked_count(&r.stdout)), (1, want), "{}", r.stderr);
    assert!(
        warnings(&r.stdout)
            .iter()
            .any(|w| w.contains("fenced block of Markdown text (lines 4–")),
        "{:?}",
        warnings(&r.stdout)
    );

    let mut jsonp = b"onInputData(".to_vec();
    jsonp.extend_from_slice(&har);
    jsonp.extend_from_slice(b");");
    let jsonp = temp_file("s05.harp", &jsonp);
    let r = run(&["analyze", jsonp.to_str().unwrap(), "--format", "json"]);
    assert_eq!((r.code, blocked_count(&r.stdout)), (1, want), "{}", r.stderr);
    assert!(
        warnings(&r.stdout)
            .iter()
            .any(|w| w.contains("JSONP wrapper onInputData"))
    );
}

/// `fix` prints only the configuration, and refuses without the current one; `verify` exits 0
/// only when every recorded request passes; `s3 simulate` prints S3's answer.
#[test]
fn fix_verify_and_simulate() {
    let r = run(&["fix", S05, "--cors", S05_CORS]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let config = corshar::s3::config::parse(&r.stdout).expect("fix prints a configuration and nothing else");
    assert!(config.rules[0].allowed_headers.iter().any(|h| h == "amz-sdk-request"));
    let new = temp_file("s05-new.json", r.stdout.as_bytes());
    let r = run(&["verify", S05, "--cors", new.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("1 of 1 recorded requests pass"), "{}", r.stdout);
    let r = run(&["verify", S05, "--cors", S05_CORS]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("#4 PUT from https://admin.acme.test: PreflightMissingAllowOriginHeader"),
        "{}",
        r.stdout
    );

    let r = run(&["fix", S05]);
    assert_eq!(r.code, 2, "no fix from a reconstructed configuration");
    assert!(
        r.stderr.contains("get-bucket-cors --bucket acme-telemetry-ingest"),
        "{}",
        r.stderr
    );
    let r = run(&["fix", S05, "--cors", S05_CORS, "--emit", "terraform"]);
    assert!(
        r.stdout
            .contains("\nresource \"aws_s3_bucket_cors_configuration\" \"acme_telemetry_ingest\""),
        "{}",
        r.stdout
    );
    let r = run(&[
        "fix",
        "samples/s08-xhr-upload-progress-forced-preflight.har",
        "--cors",
        "samples/cors/acme-media-uploads.json",
    ]);
    assert_eq!(r.code, 1, "nothing to fix in a control");
    let r = run(&[
        "fix",
        "samples/wrong-region-301.har",
        "--cors",
        "samples/cors/acme-eu-contracts.json",
    ]);
    assert_eq!(r.code, 1, "a wrong region is not fixed by CORS rules: {}", r.stdout);

    let r = run(&[
        "s3",
        "simulate",
        "--cors",
        "samples/cors/acme-batch-jobs.json",
        "--origin",
        "https://portal.acme.test",
        "--request-method",
        "POST",
        "--url",
        "https://acme-batch-jobs.s3.eu-central-1.amazonaws.com/k",
    ]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.starts_with("HTTP/1.1 403 Forbidden") && r.stdout.contains("<Code>AccessForbidden</Code>"),
        "{}",
        r.stdout
    );
    let r = run(&[
        "s3",
        "simulate",
        "--cors",
        "samples/cors/acme-batch-jobs.json",
        "--origin",
        "https://portal.acme.test",
        "--request-method",
        "PUT",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["status"], 200);
    assert!(
        v["headers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["name"] == "Access-Control-Allow-Methods" && h["value"] == "GET, PUT")
    );
}

/// `explain` reads a pasted console message (here Chromium 156's own line from a real export),
/// masks its secrets, and exits 2 with a hint on text that is not a CORS message.
#[test]
fn explain_reads_a_console_message() {
    let line = "Access to fetch at 'https://acme-batch-jobs.s3.eu-central-1.amazonaws.com/nightly/x.parquet?X-Amz-Signature=0505dc80d1768e065bb5a49a52196eb70185738a8b01ae126ecf09cc23a2644c&uploads=' from origin 'https://portal.acme.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    let r = run(&["explain", line, "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["messages"][0]["cors_error"], "PreflightMissingAllowOriginHeader");
    assert!(
        !r.stdout
            .contains("0505dc80d1768e065bb5a49a52196eb70185738a8b01ae126ecf09cc23a2644c"),
        "the signature is masked"
    );
    let r = run_stdin(&["explain"], line.as_bytes().to_vec());
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("acme-batch-jobs"), "{}", r.stdout);
    let r = run(&["explain", "GET https://a.test/x net::ERR_NAME_NOT_RESOLVED"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("not CORS") || r.stderr.contains("network"),
        "{}",
        r.stderr
    );
}

/// `triage` takes folders (recursively), zip archives (each HAR inside) and files; lists a bad file
/// with its error without stopping; writes a ticket reply per file; `--bucket` narrows.
#[test]
fn triage_a_queue() {
    let dir = std::env::temp_dir().join(format!("corshar-triage-{}", std::process::id()));
    let queue = dir.join("queue/ticket-7");
    std::fs::create_dir_all(&queue).unwrap();
    std::fs::copy(root().join(S05), queue.join("s05.har")).unwrap();
    std::fs::write(queue.join("broken.har"), b"{\"log\": {\"entries\": [ {\"request\" ").unwrap();
    std::fs::write(queue.join("notes.txt"), b"not a HAR").unwrap();
    let control = std::fs::read(root().join("samples/s08-xhr-upload-progress-forced-preflight.har")).unwrap();
    std::fs::write(
        dir.join("queue/attached.zip"),
        zip_of(&[
            ("a/control.har", &control),
            ("b/s05.har", &std::fs::read(root().join(S05)).unwrap()),
        ]),
    )
    .unwrap();
    let replies = dir.join("replies");
    let r = run(&[
        "triage",
        dir.join("queue").to_str().unwrap(),
        "--format",
        "json",
        "--replies",
        replies.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["schema"], "corshar.triage/v1");
    let files: Vec<&str> = v["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["file"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 4, "{files:?}");
    assert!(
        files.iter().any(|f| f.ends_with("attached.zip:a/control.har"))
            && files.iter().any(|f| f.ends_with("attached.zip:b/s05.har"))
    );
    let broken = v["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["file"].as_str().unwrap().ends_with("broken.har"))
        .unwrap();
    assert_eq!(broken["status"], "error");
    assert!(broken["error"].as_str().unwrap().contains("truncated"), "{broken}");
    let s05 = v["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["file"].as_str().unwrap().ends_with("ticket-7/s05.har"))
        .unwrap();
    assert_eq!(
        (s05["blocked"].as_u64(), s05["top_cause"].as_str()),
        (Some(1), Some("s3-no-rule-matched"))
    );
    assert_eq!(v["unreadable_files"], 1);
    let reply = std::fs::read_dir(&replies)
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().contains("ticket-7_s05.har"));
    let reply = std::fs::read_to_string(reply.expect("a reply per analysed file").path()).unwrap();
    assert!(
        reply.contains("**In short:**") && reply.contains("### How to check"),
        "{reply}"
    );
    // Table and Markdown forms, and the bucket filter.
    let r = run(&[
        "triage",
        dir.join("queue").to_str().unwrap(),
        "--bucket",
        "acme-media-uploads",
    ]);
    assert!(
        r.stdout.contains("4 files, 0 with problems, 1 unreadable"),
        "{}",
        r.stdout
    );
    let r = run(&["triage", dir.join("queue").to_str().unwrap(), "--format", "markdown"]);
    assert!(
        r.stdout
            .starts_with("## CORS triage: 4 files, 2 with problems, 1 unreadable"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("### Causes across files"));
    assert_eq!(r.stderr, "", "no progress bar when stderr is not a terminal");
}
