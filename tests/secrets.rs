//! No secret from a HAR ever reaches an output of corshar, unless `--show-secrets` asks for it.
//!
//! tests/fixtures/secrets/ (written by its make-secrets.py) holds one session in six producers'
//! shapes with every kind of secret planted wherever a HAR carries it (cookies and `Set-Cookie`,
//! `cookies[]`, `Authorization` Bearer/Basic/SigV4, `Proxy-Authorization`, `X-Amz-Security-Token`
//! in a header and in a query, presigned `X-Amz-Credential`/`X-Amz-Signature`, OAuth and API
//! tokens in queries, JWTs in headers and URLs, `Referer`, `Location` and `redirectURL`,
//! `_initiator`, `pages[].title`, `postData`, response bodies, a URL's `user:password@`), each a
//! unique recognisable string listed in secrets.json. The requests carrying them fail every way
//! corshar diagnoses (blocked at the preflight or at the response, unreadable, an orphan
//! preflight, a redirected preflight), so the secrets reach every part of a report.
//!
//! Every output is searched for every secret: `corshar analyze` (table, json, markdown; with and
//! without --cors; --emit terraform), `corshar triage` (table, json, markdown, and the --replies
//! files), `corshar explain` of the console lines a browser prints for those requests (table,
//! json, markdown), `corshar fix` and `corshar verify`, standard error included. With
//! `--show-secrets` the URL secrets must appear, so the search can fail. And no raw control
//! character (ESC, BEL, DEL, C1) from a HAR reaches an output that is not JSON.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use corshar::cors::{CorsError, Failure, RequestKind};
use corshar::{GivenCors, Options, Report, analyze};
use serde_json::Value;

const DIR: &str = "tests/fixtures/secrets";
const ORIGIN: &str = "https://app.acme.test";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Secret {
    label: String,
    value: String,
    place: String,
    in_url: bool,
}

fn manifest() -> Value {
    serde_json::from_slice(&std::fs::read(root().join(DIR).join("secrets.json")).unwrap()).unwrap()
}

fn secrets() -> Vec<Secret> {
    manifest()["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| Secret {
            label: s["label"].as_str().unwrap().to_owned(),
            value: s["value"].as_str().unwrap().to_owned(),
            place: s["where"].as_str().unwrap().to_owned(),
            in_url: s["in_url"].as_bool().unwrap(),
        })
        .collect()
}

/// `BUCKET=FILE` for every bucket of the session.
fn cors_args() -> Vec<String> {
    manifest()["buckets"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(b, f)| format!("{b}={}", f.as_str().unwrap()))
        .collect()
}

fn given() -> Vec<GivenCors> {
    manifest()["buckets"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(b, f)| GivenCors {
            bucket: Some(b.clone()),
            config: Some(
                corshar::s3::config::parse(&std::fs::read_to_string(root().join(f.as_str().unwrap())).unwrap())
                    .unwrap(),
            ),
        })
        .collect()
}

/// The HARs with planted secrets (relative to the repository root).
fn hars() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root().join(DIR))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("-secrets.har"))
        .map(|n| format!("{DIR}/{n}"))
        .collect();
    out.sort();
    assert!(out.len() >= 6, "only {} secret HARs", out.len());
    out
}

/// One text corshar wrote, and what wrote it.
struct Output {
    what: String,
    text: String,
    json: bool,
}

fn corshar() -> Command {
    let mut cmd = Command::cargo_bin("corshar").unwrap();
    cmd.current_dir(root()).env_remove("NO_COLOR");
    cmd
}

/// Runs corshar; its stdout and stderr. Exit 2 (bad usage or input) is a failure of the test
/// itself: the outputs would not be the ones meant.
fn run(args: &[String], stdin: Option<&str>) -> Vec<Output> {
    let mut cmd = corshar();
    cmd.args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_owned());
    }
    let out = cmd.output().unwrap();
    let what = format!("corshar {}", args.join(" "));
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{what}: exit {:?}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    let json = args.windows(2).any(|w| w[0] == "--format" && w[1] == "json");
    vec![
        Output {
            what: format!("{what} (stdout)"),
            text: String::from_utf8_lossy(&out.stdout).into_owned(),
            json,
        },
        Output {
            what: format!("{what} (stderr)"),
            text: String::from_utf8_lossy(&out.stderr).into_owned(),
            json: false,
        },
    ]
}

fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| (*s).to_owned()).collect()
}

/// Where each secret appears, with the text around it.
fn leaks(outputs: &[Output], secrets: &[Secret]) -> Vec<String> {
    let mut found = Vec::new();
    for o in outputs {
        for s in secrets {
            if let Some(at) = o.text.find(&s.value) {
                let start = o.text[..at].char_indices().rev().nth(70).map_or(0, |(i, _)| i);
                let end = (at + s.value.len() + 30).min(o.text.len());
                let end = (end..=o.text.len()).find(|&i| o.text.is_char_boundary(i)).unwrap();
                found.push(format!(
                    "{} [{}] in {}: …{}…",
                    s.label,
                    s.place,
                    o.what,
                    o.text[start..end].escape_debug()
                ));
            }
        }
    }
    found
}

fn assert_no_leak(outputs: &[Output], what: &str) {
    let secrets = secrets();
    assert!(secrets.len() >= 40, "only {} planted secrets", secrets.len());
    assert!(
        outputs.iter().any(|o| !o.text.is_empty()),
        "{what}: nothing was written"
    );
    let found = leaks(outputs, &secrets);
    // One line per secret: in how many outputs, and the first one with its context.
    let mut summary: Vec<String> = Vec::new();
    for s in &secrets {
        let prefix = format!("{} [", s.label);
        let mine: Vec<&String> = found.iter().filter(|l| l.starts_with(&prefix)).collect();
        if let Some(first) = mine.first() {
            summary.push(format!("{} output(s), first: {first}", mine.len()));
        }
    }
    assert!(
        found.is_empty(),
        "{} of {} planted secrets shown in {} of {} outputs of {what} (see tests/fixtures/secrets/FINDINGS.md):\n{}",
        summary.len(),
        secrets.len(),
        outputs
            .iter()
            .filter(|o| secrets.iter().any(|s| o.text.contains(&s.value)))
            .count(),
        outputs.len(),
        summary.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// analyze

fn analyze_outputs(har: &str) -> Vec<Output> {
    let mut outputs = Vec::new();
    for format in ["table", "json", "markdown"] {
        for with_cors in [false, true] {
            for emit in ["aws-cli", "terraform"] {
                let mut a = args(&["analyze", har, "--format", format, "--emit", emit, "--color", "never"]);
                if with_cors {
                    for c in cors_args() {
                        a.extend(["--cors".to_owned(), c]);
                    }
                }
                outputs.extend(run(&a, None));
            }
        }
    }
    // Colour on, and the HAR from standard input.
    outputs.extend(run(&args(&["analyze", har, "--color", "always"]), None));
    let bytes = std::fs::read_to_string(root().join(har)).unwrap();
    outputs.extend(run(&args(&["analyze", "-", "--format", "markdown"]), Some(&bytes)));
    outputs
}

#[test]
fn analyze_never_shows_a_secret() {
    let mut outputs = Vec::new();
    for har in hars() {
        outputs.extend(analyze_outputs(&har));
    }
    assert_no_leak(&outputs, "corshar analyze");
}

/// The library's report (what the DevTools panel renders) masks the same way.
#[test]
fn the_library_report_never_holds_a_secret() {
    let mut outputs = Vec::new();
    for har in hars() {
        let bytes = std::fs::read(root().join(&har)).unwrap();
        for cors in [Vec::new(), given()] {
            let options = Options {
                source_name: Some(har.clone()),
                cors,
                ..Options::default()
            };
            let report = analyze(&bytes, &options).unwrap();
            outputs.push(Output {
                what: format!("corshar::analyze({har}) as JSON"),
                text: serde_json::to_string(&report).unwrap(),
                json: true,
            });
        }
    }
    assert_no_leak(&outputs, "the library's report");
}

/// The search can fail: with --show-secrets, every secret of a request URL is shown.
#[test]
fn show_secrets_shows_the_url_secrets() {
    let har = format!("{DIR}/chrome-secrets.har");
    let mut a = args(&["analyze", &har, "--format", "json", "--show-secrets"]);
    for c in cors_args() {
        a.extend(["--cors".to_owned(), c]);
    }
    let outputs = run(&a, None);
    let url_secrets: Vec<Secret> = secrets().into_iter().filter(|s| s.in_url).collect();
    assert!(url_secrets.len() >= 15, "only {} URL secrets", url_secrets.len());
    let shown = leaks(&outputs, &url_secrets);
    let missing: Vec<&str> = url_secrets
        .iter()
        .filter(|s| !shown.iter().any(|l| l.starts_with(&format!("{} [", s.label))))
        .map(|s| s.label.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "--show-secrets does not show these URL secrets: {missing:?}"
    );
    // explain too: the presigned signature of a console line is shown only when asked.
    let line = console_lines(&har)
        .into_iter()
        .find(|l| l.contains("SECRETxOKxPRESIGNxSIG01") && l.starts_with("Access to"))
        .expect("a Chrome line for the presigned GET");
    let shown = run(&args(&["explain", &line, "--format", "json", "--show-secrets"]), None);
    assert!(shown[0].text.contains("SECRETxOKxPRESIGNxSIG01"), "{}", shown[0].text);
    let masked = run(&args(&["explain", &line, "--format", "json"]), None);
    assert!(
        !masked[0].text.contains("SECRETxOKxPRESIGNxSIG01"),
        "{}",
        masked[0].text
    );
}

// ---------------------------------------------------------------------------------------------
// triage

#[test]
fn triage_never_shows_a_secret() {
    let replies = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("secrets-replies");
    let mut outputs = Vec::new();
    for with_cors in [false, true] {
        for format in ["table", "json", "markdown"] {
            let _ = std::fs::remove_dir_all(&replies);
            let mut a = args(&["triage", DIR, "--format", format, "--quiet"]);
            a.extend(["--replies".to_owned(), replies.display().to_string()]);
            if format == "markdown" {
                a.extend(args(&["--emit", "terraform"]));
            }
            if with_cors {
                for c in cors_args() {
                    a.extend(["--cors".to_owned(), c]);
                }
            }
            outputs.extend(run(&a, None));
            let mut files = 0;
            for entry in std::fs::read_dir(&replies).unwrap() {
                let path = entry.unwrap().path();
                outputs.push(Output {
                    what: format!("the reply {} of corshar {}", path.display(), a.join(" ")),
                    text: std::fs::read_to_string(&path).unwrap(),
                    json: false,
                });
                files += 1;
            }
            assert!(files >= 7, "only {files} replies written");
        }
    }
    assert_no_leak(&outputs, "corshar triage");
}

// ---------------------------------------------------------------------------------------------
// explain

/// A report of `har` with secrets shown: the requests as the browser saw them.
fn raw_report(har: &str) -> Report {
    let bytes = std::fs::read(root().join(har)).unwrap();
    let options = Options {
        source_name: Some(har.to_owned()),
        cors: given(),
        show_secrets: true,
        ..Options::default()
    };
    analyze(&bytes, &options).unwrap()
}

/// The console lines browsers print for the failed requests of `har`, secrets and all: Chrome's,
/// Firefox's and Safari's words for each blocked request as corshar renders them, Chrome's network
/// line for each, and the other messages the same URLs can appear in (a redirect, a rejected
/// header, an Allow-Origin mismatch, a redirect carrying credentials).
fn console_lines(har: &str) -> Vec<String> {
    let report = raw_report(har);
    let mut lines = Vec::new();
    let urls: Vec<&str> = report.findings.iter().map(|f| f.url.as_str()).collect();
    for f in &report.findings {
        if let Some(e) = &f.browser_error {
            lines.push(e.message.clone());
            lines.push(format!("{} {} net::ERR_FAILED", f.method, f.url));
            lines.push(e.firefox.clone());
            lines.push(e.safari.clone());
        }
    }
    for (i, url) in urls.iter().enumerate() {
        let other = urls[(i + 1) % urls.len()];
        for (kind, failure, redirected_from) in [
            (
                RequestKind::Fetch,
                Failure::new(CorsError::HeaderDisallowedByPreflightResponse, "authorization"),
                None,
            ),
            (
                RequestKind::XmlHttpRequest,
                Failure::new(CorsError::AllowOriginMismatch, "https://evil.test"),
                None,
            ),
            (
                RequestKind::Fetch,
                Failure::new(CorsError::PreflightDisallowedRedirect, ""),
                Some(other),
            ),
            (
                RequestKind::Fetch,
                Failure::new(CorsError::RedirectContainsCredentials, other),
                None,
            ),
            (
                RequestKind::Image,
                Failure::new(CorsError::MissingAllowOriginHeader, ""),
                None,
            ),
        ] {
            lines.push(failure.chrome_console(kind, url, redirected_from, ORIGIN));
            lines.push(failure.firefox_console(url, ORIGIN, "GET", Some(403)));
            lines.push(failure.safari_console(kind, url, ORIGIN, "GET", Some(403)));
        }
        lines.push(format!("GET {url} 403 (Forbidden)"));
    }
    lines
}

#[test]
fn explain_never_shows_a_secret() {
    let mut outputs = Vec::new();
    let mut explained = 0;
    for har in hars() {
        let lines = console_lines(&har);
        // Each line alone, as the library explains it for the CLI (masked unless asked).
        for line in &lines {
            let Ok(found) = corshar::explain::explain(line) else {
                continue;
            };
            let found = found.redacted();
            explained += 1;
            outputs.push(Output {
                what: format!("explain of a line of {har} as JSON"),
                text: serde_json::to_string(&found).unwrap(),
                json: true,
            });
            outputs.push(Output {
                what: format!("explain of a line of {har} as text"),
                text: found.render_text(),
                json: false,
            });
        }
        // The whole console, pasted, through the CLI in every format; and one line as the argument.
        let console = lines.join("\n");
        for format in ["table", "json", "markdown"] {
            outputs.extend(run(&args(&["explain", "-", "--format", format]), Some(&console)));
            outputs.extend(run(&args(&["explain", &lines[0], "--format", format]), None));
        }
    }
    assert!(explained >= 100, "only {explained} console lines explained");
    assert_no_leak(&outputs, "corshar explain");
}

/// What explain says about text it does not read as CORS (a network error for a URL with
/// secrets) shows none either.
#[test]
fn explain_hints_never_show_a_secret() {
    let report = raw_report(&format!("{DIR}/chrome-secrets.har"));
    let mut outputs = Vec::new();
    for f in &report.findings {
        for line in [
            format!("GET {} net::ERR_NAME_NOT_RESOLVED", f.url),
            format!(
                "Mixed Content: The page at '{ORIGIN}/' was loaded over HTTPS, but requested an insecure resource '{}'. This request has been blocked; the content must be served over HTTPS.",
                f.url.replacen("https:", "http:", 1)
            ),
            format!(
                "Failed to load resource: the server responded with a status of 403 (Forbidden) {}",
                f.url
            ),
        ] {
            let mut cmd = corshar();
            let out = cmd.args(["explain", &line]).output().unwrap();
            for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
                outputs.push(Output {
                    what: format!("corshar explain {line:?} ({stream})"),
                    text: String::from_utf8_lossy(text).into_owned(),
                    json: false,
                });
            }
        }
    }
    assert_no_leak(&outputs, "corshar explain's hints");
}

// ---------------------------------------------------------------------------------------------
// fix and verify

#[test]
fn fix_and_verify_never_show_a_secret() {
    let buckets: Vec<String> = manifest()["buckets"].as_object().unwrap().keys().cloned().collect();
    let mut outputs = Vec::new();
    for har in hars() {
        let cors = cors_args();
        for bucket in &buckets {
            for emit in ["aws-cli", "terraform", "console", "cloudformation"] {
                let mut a = args(&["fix", &har, "--bucket", bucket, "--emit", emit]);
                for c in &cors {
                    a.extend(["--cors".to_owned(), c.clone()]);
                }
                outputs.extend(run(&a, None));
            }
        }
        let mut a = args(&["verify", &har]);
        for c in &cors {
            a.extend(["--cors".to_owned(), c.clone()]);
        }
        outputs.extend(run(&a, None));
        // Without the configuration, fix refuses with the commands to run.
        let out = corshar()
            .args(["fix", &har, "--bucket", "acme-vault-uploads"])
            .output()
            .unwrap();
        outputs.push(Output {
            what: format!("corshar fix {har} without --cors (stderr)"),
            text: String::from_utf8_lossy(&out.stderr).into_owned(),
            json: false,
        });
    }
    assert_no_leak(&outputs, "corshar fix and verify");
}

// ---------------------------------------------------------------------------------------------
// Terminal safety

/// Characters that drive a terminal: C0 controls but newline and tab, DEL, and C1 (U+0080 to
/// U+009F: 8-bit CSI, OSC...).
fn raw_controls(text: &str) -> Vec<(usize, char)> {
    text.char_indices()
        .filter(|(_, c)| c.is_control() && *c != '\n' && *c != '\t')
        .collect()
}

fn assert_no_raw_control(outputs: &[Output], what: &str) {
    let mut found = Vec::new();
    for o in outputs.iter().filter(|o| !o.json) {
        for (at, c) in raw_controls(&o.text) {
            let start = o.text[..at].char_indices().rev().nth(50).map_or(0, |(i, _)| i);
            let end = (at + 30..=o.text.len())
                .find(|&i| o.text.is_char_boundary(i))
                .unwrap_or(o.text.len());
            found.push(format!(
                "U+{:04X} in {}: …{}…",
                c as u32,
                o.what,
                o.text[start..end].escape_debug()
            ));
        }
    }
    assert!(
        found.is_empty(),
        "{} raw control characters reach {what}:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn no_raw_control_character_reaches_a_terminal() {
    let escapes = format!("{DIR}/chrome-escapes.har");
    let mut outputs = Vec::new();
    for har in [escapes.clone()].into_iter().chain(hars()) {
        for format in ["table", "markdown"] {
            outputs.extend(run(
                &args(&["analyze", &har, "--format", format, "--color", "never"]),
                None,
            ));
            let mut a = args(&["analyze", &har, "--format", format, "--color", "never"]);
            for c in cors_args() {
                a.extend(["--cors".to_owned(), c]);
            }
            outputs.extend(run(&a, None));
        }
        let mut a = args(&["verify", &har]);
        for c in cors_args() {
            a.extend(["--cors".to_owned(), c]);
        }
        outputs.extend(run(&a, None));
    }
    for emit in ["aws-cli", "terraform", "xml"] {
        let mut a = args(&["fix", &escapes, "--bucket", "acme-vault-media", "--emit", emit]);
        for c in cors_args() {
            a.extend(["--cors".to_owned(), c]);
        }
        outputs.extend(run(&a, None));
    }
    // The escapes did reach the outputs, made visible: the check is not vacuous.
    let table = &outputs[0].text;
    assert!(
        table.contains("\\u{1b}") && table.contains("\\u{9b}"),
        "the escape sequences of {escapes} do not reach the table:\n{table}"
    );
    let replies = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("escape-replies");
    let _ = std::fs::remove_dir_all(&replies);
    for format in ["table", "markdown"] {
        outputs.extend(run(
            &args(&[
                "triage",
                &escapes,
                DIR,
                "--format",
                format,
                "--quiet",
                "--replies",
                &replies.display().to_string(),
            ]),
            None,
        ));
    }
    for entry in std::fs::read_dir(&replies).unwrap() {
        let path = entry.unwrap().path();
        outputs.push(Output {
            what: format!("the reply {}", path.display()),
            text: std::fs::read_to_string(&path).unwrap(),
            json: false,
        });
    }
    // The console lines a browser prints for the escape HAR's requests quote the values.
    let console = console_lines(&escapes).join("\n");
    assert!(console.contains('\u{1b}'), "no escape in the console lines");
    for format in ["table", "markdown"] {
        outputs.extend(run(&args(&["explain", "-", "--format", format]), Some(&console)));
    }
    assert_no_raw_control(&outputs, "the terminal");
}

/// The fixtures are what make-secrets.py writes (when Python is there to run it).
#[test]
fn fixtures_are_reproducible() {
    let script = root().join(DIR).join("make-secrets.py");
    let Ok(out) = std::process::Command::new("python3")
        .arg(&script)
        .arg("--check")
        .output()
    else {
        eprintln!("python3 not found: fixtures not re-checked");
        return;
    };
    assert!(
        out.status.success(),
        "{}: {}",
        Path::new(DIR).join("make-secrets.py").display(),
        String::from_utf8_lossy(&out.stderr)
    );
}
