//! Output safety (issue #7, item 4): text from the input never drives the terminal. Hostile
//! strings (ESC sequences: CSI colour, OSC 8 hyperlinks, OSC 52 clipboard; BEL, backspace, CR, C1
//! controls, DEL, bidi overrides and isolates, zero-width characters, Markdown and HTML) are
//! planted in every string a HAR carries, in `--cors` files, in file names and in console texts;
//! every command and format runs on them, and every byte written (stdout, stderr, reply files)
//! is checked: valid UTF-8, no C0 control but `\n`, no DEL, no C1, no raw bidi or zero-width
//! character. JSON must parse (and escapes DEL, C1, bidi and zero-width as `\uXXXX`); Markdown
//! tables keep their shape and carry no live HTML or links.

mod guard;

use std::ffi::OsStr;
use std::path::Path;

use guard::{Outcome, S05, TempDir, run, run_os, run_stdin, sample};
use serde_json::Value;

/// Everything a hostile value can hold.
const H: &str = "\u{1b}[31mRED\u{1b}[0m\u{1b}]8;;https://evil.test\u{7}LINK\u{1b}]8;;\u{7}\u{1b}]52;c;ZXZpbA==\u{7}\u{7}\u{8}\r\u{9b}2J\u{85}\u{7f}\u{202e}rev\u{202c}\u{2066}\u{2067}\u{2068}\u{2069}\u{200e}\u{200f}\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}\u{2028}|`<script>alert(1)</script>[x](javascript:alert(1))*#\n# H1\n\t|end";

/// Characters that reorder or hide text in a terminal or an editor.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{061c}' | '\u{2028}' | '\u{2029}')
}

/// Every byte `o` wrote is safe for a terminal.
fn assert_clean_bytes(bytes: &[u8], what: &str) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8 ({e})"));
    for (i, c) in text.char_indices() {
        let bad = (c.is_control() && c != '\n') || is_invisible(c);
        if bad {
            let from = text[..i].char_indices().rev().nth(60).map_or(0, |(j, _)| j);
            panic!("{what}: raw {:?} at byte {i}, after: {:?}", c, &text[from..i]);
        }
    }
}

fn assert_clean(o: &Outcome) {
    o.assert_sane();
    assert_clean_bytes(&o.stdout, &format!("{} (stdout)", o.what));
    assert_clean_bytes(&o.stderr, &format!("{} (stderr)", o.what));
}

fn json_of(o: &Outcome) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{}: stdout is not JSON: {e}\n{}", o.what, o.stdout()))
}

/// Whether the planted string comes back whole from some string of the JSON.
fn holds_h(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains(H),
        Value::Array(a) => a.iter().any(holds_h),
        Value::Object(m) => m.iter().any(|(k, v)| k.contains(H) || holds_h(v)),
        _ => false,
    }
}

/// GFM tables keep their shape (as many cells in every row as in the header) and no live HTML,
/// link, image or heading comes from the input, outside code.
fn assert_markdown_structure(md: &str, what: &str) {
    let mut in_fence: Option<String> = None;
    let mut table: Option<usize> = None;
    for line in md.lines() {
        let t = line.trim_start();
        if let Some(f) = &in_fence {
            if t.starts_with(f.as_str()) && t.trim_end().chars().all(|c| c == '`') {
                in_fence = None;
            }
            continue;
        }
        if t.starts_with("```") {
            in_fence = Some(t.chars().take_while(|&c| c == '`').collect());
            continue;
        }
        if t.starts_with('|') {
            let cells = cells(t);
            match table {
                None => table = Some(cells),
                Some(n) => assert_eq!(
                    cells, n,
                    "{what}: a table row with {cells} cells instead of {n}: {line}"
                ),
            }
        } else {
            table = None;
        }
        let outside = strip_code_spans(line);
        assert!(!t.starts_with("# H1"), "{what}: a heading from the input: {line}");
        let bytes = outside.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let escaped = i > 0 && bytes[i - 1] == b'\\';
            if escaped {
                continue;
            }
            if b == b'<' {
                // corshar's own folding of the evidence is the only HTML it writes.
                let tag = &outside[i..];
                let own = ["<details>", "</details>", "<summary>", "</summary>"]
                    .iter()
                    .any(|t| tag.starts_with(t));
                let next = bytes.get(i + 1).copied().unwrap_or(b' ');
                assert!(
                    own || !(next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?'),
                    "{what}: live HTML: {line}"
                );
            }
            if b == b']' && bytes.get(i + 1) == Some(&b'(') {
                let target = &outside[i + 2..];
                assert!(!target.starts_with("javascript:"), "{what}: a live link: {line}");
            }
        }
    }
}

/// Cells of a table row: split at unescaped pipes (GFM splits inside code spans too).
fn cells(row: &str) -> usize {
    let row = row.trim();
    let mut n = 0;
    let mut escaped = false;
    for c in row.chars() {
        if c == '|' && !escaped {
            n += 1;
        }
        escaped = c == '\\' && !escaped;
    }
    n - 1
}

/// The line with its code spans (matching backtick runs) removed.
fn strip_code_spans(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let run = rest[start..].chars().take_while(|&c| c == '`').count();
        let fence = "`".repeat(run);
        let after = &rest[start + run..];
        match after.find(&fence) {
            Some(end) => rest = &after[end + run..],
            None => {
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------------------------
// HARs with the hostile string planted

fn set_header(headers: &mut Value, name: &str, value: &str) {
    let list = headers.as_array_mut().unwrap();
    match list
        .iter_mut()
        .find(|h| h["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)))
    {
        Some(h) => h["value"] = Value::String(value.to_owned()),
        None => list.push(serde_json::json!({"name": name, "value": value})),
    }
}

/// Plants the hostile string in some places of a HAR.
type Plant = Box<dyn Fn(&mut Value)>;

/// One HAR per place, and one with every place at once.
fn hostile_hars(dir: &TempDir) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut all = sample(S05);
    let places: Vec<(&str, Plant)> = vec![
        (
            "url",
            Box::new(|h: &mut Value| {
                for i in [3, 4] {
                    let url = h["log"]["entries"][i]["request"]["url"]
                        .as_str()
                        .unwrap()
                        .replace("batch-0192", &format!("batch-{H}"));
                    h["log"]["entries"][i]["request"]["url"] = Value::String(format!("{url}&q={H}#{H}"));
                }
            }),
        ),
        (
            "origin",
            Box::new(|h: &mut Value| {
                for i in [3, 4] {
                    set_header(
                        &mut h["log"]["entries"][i]["request"]["headers"],
                        "Origin",
                        &format!("https://admin.acme.test{H}"),
                    );
                    set_header(
                        &mut h["log"]["entries"][i]["request"]["headers"],
                        "Referer",
                        &format!("https://admin.acme.test/{H}"),
                    );
                }
            }),
        ),
        (
            "headers",
            Box::new(|h: &mut Value| {
                let e = &mut h["log"]["entries"];
                set_header(
                    &mut e[3]["request"]["headers"],
                    "Access-Control-Request-Headers",
                    &format!("amz-sdk-request,x-{H},{H}"),
                );
                set_header(&mut e[3]["request"]["headers"], &format!("X-{H}"), H);
                set_header(&mut e[4]["request"]["headers"], &format!("x-{H}"), H);
                set_header(
                    &mut e[4]["request"]["headers"],
                    "Authorization",
                    &format!("AWS4-HMAC-SHA256 Credential={H}, SignedHeaders={H}, Signature={H}"),
                );
                set_header(&mut e[3]["response"]["headers"], "Access-Control-Allow-Origin", H);
                set_header(&mut e[3]["response"]["headers"], "Access-Control-Allow-Headers", H);
                set_header(&mut e[3]["response"]["headers"], "Access-Control-Allow-Methods", H);
                set_header(&mut e[3]["response"]["headers"], "Access-Control-Expose-Headers", H);
                set_header(&mut e[3]["response"]["headers"], "Vary", H);
                set_header(&mut e[3]["response"]["headers"], "Location", H);
                set_header(&mut e[3]["response"]["headers"], "Server", H);
                set_header(&mut e[3]["response"]["headers"], &format!("X-{H}"), H);
            }),
        ),
        (
            "fields",
            Box::new(|h: &mut Value| {
                let log = &mut h["log"];
                log["creator"]["name"] = Value::String(H.into());
                log["creator"]["version"] = Value::String(H.into());
                log["browser"] = serde_json::json!({"name": H, "version": H});
                log["comment"] = Value::String(H.into());
                log["pages"][0]["title"] = Value::String(format!("https://admin.acme.test/{H}"));
                log["pages"][0]["id"] = Value::String(H.into());
                for i in 0..5 {
                    let e = &mut log["entries"][i];
                    e["pageref"] = Value::String(H.into());
                    e["serverIPAddress"] = Value::String(H.into());
                    e["_resourceType"] = Value::String(if i == 3 { "preflight".into() } else { H.into() });
                    e["response"]["statusText"] = Value::String(H.into());
                    e["response"]["httpVersion"] = Value::String(H.into());
                    e["request"]["httpVersion"] = Value::String(H.into());
                    e["response"]["content"]["mimeType"] = Value::String(H.into());
                    e["response"]["redirectURL"] = Value::String(H.into());
                    e["request"]["cookies"] = serde_json::json!([{"name": H, "value": H}]);
                    e["response"]["cookies"] = serde_json::json!([{"name": H, "value": H}]);
                    e["request"]["queryString"] = serde_json::json!([{"name": H, "value": H}]);
                    e["startedDateTime"] = Value::String(H.into());
                }
                log["entries"][4]["response"]["_error"] = Value::String(format!("net::ERR_FAILED{H}"));
                log["entries"][4]["response"]["_failureText"] = Value::String(H.into());
                log["entries"][4]["_initiator"] = serde_json::json!({"type": H, "url": H});
            }),
        ),
        (
            "bodies",
            Box::new(|h: &mut Value| {
                let e = &mut h["log"]["entries"];
                let body = format!(
                    "<?xml version=\"1.0\"?><Error><Code>{0}</Code><Message>{0}</Message><Region>{0}</Region><Endpoint>{0}</Endpoint><Bucket>{0}</Bucket><RequestId>{0}</RequestId></Error>",
                    xml_text(H)
                );
                e[3]["response"]["content"]["text"] = Value::String(body.clone());
                e[4]["response"]["content"]["text"] = Value::String(body);
                e[4]["response"]["status"] = Value::from(400);
                e[4]["request"]["postData"] = serde_json::json!({"mimeType": H, "text": H});
            }),
        ),
        (
            "error-body-code",
            Box::new(|h: &mut Value| {
                let e = &mut h["log"]["entries"];
                let body = format!(
                    "<Error><Code>PermanentRedirect</Code><Message>{0}</Message><Endpoint>{0}.s3.amazonaws.com</Endpoint><Bucket>{0}</Bucket></Error>",
                    xml_text(H)
                );
                e[3]["response"]["content"]["text"] = Value::String(body);
                e[3]["response"]["status"] = Value::from(301);
                e[3]["response"]["content"]["mimeType"] = Value::String("application/xml".into());
            }),
        ),
    ];
    for (name, plant) in &places {
        let mut har = sample(S05);
        plant(&mut har);
        plant(&mut all);
        out.push(dir.file(&format!("{name}.har"), &serde_json::to_vec(&har).unwrap()));
    }
    out.push(dir.file("all.har", &serde_json::to_vec(&all).unwrap()));
    out
}

/// XML text content for `s`: markup escaped, and the characters XML 1.0 cannot hold as character
/// references (the document must still parse).
fn xml_text(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// A `--cors` configuration with the string planted in every field, as JSON and XML.
fn hostile_configs(dir: &TempDir) -> Vec<std::path::PathBuf> {
    let rule = serde_json::json!({
        "ID": H,
        "AllowedOrigins": ["https://admin.acme.test", H, format!("https://{H}.test"), format!("https://*.{H}")],
        "AllowedMethods": ["GET", "PUT", H],
        "AllowedHeaders": ["x-amz-*", H],
        "ExposeHeaders": ["ETag", H],
        "MaxAgeSeconds": 3000
    });
    let json =
        serde_json::json!({"CORSRules": [rule.clone(), {"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]}], H: H});
    let x = xml_text(H);
    let xml = format!(
        "<CORSConfiguration><CORSRule><ID>{x}</ID><AllowedOrigin>https://admin.acme.test</AllowedOrigin><AllowedOrigin>{x}</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>{x}</AllowedMethod><AllowedHeader>{x}</AllowedHeader><ExposeHeader>{x}</ExposeHeader><{x}>1</{x}></CORSRule></CORSConfiguration>"
    )
    .replace(&format!("<{x}>1</{x}>"), "<MaxAgeSeconds>1</MaxAgeSeconds>");
    let bad_json = format!("{{\"CORSRules\": [{{\"AllowedOrigins\": [\"{}\"]}}] \u{1b}[2J {H}", "a");
    let bad_xml = format!("<CORSConfiguration><{H}>");
    vec![
        dir.file("hostile.json", serde_json::to_string_pretty(&json).unwrap().as_bytes()),
        dir.file(
            "hostile-array.json",
            serde_json::to_string(&serde_json::json!([rule])).unwrap().as_bytes(),
        ),
        dir.file("hostile.xml", xml.as_bytes()),
        dir.file("bad.json", bad_json.as_bytes()),
        dir.file("bad.xml", bad_xml.as_bytes()),
        dir.file("not-utf8.json", b"{\"CORSRules\": [\xff\x1b[31m]}"),
    ]
}

// ---------------------------------------------------------------------------------------------

#[test]
fn every_command_on_hostile_hars() {
    let dir = TempDir::new("safety-har");
    let hars = hostile_hars(&dir);
    let cors = format!(
        "acme-telemetry-ingest={}",
        guard::root().join("samples/cors/acme-telemetry-ingest.json").display()
    );
    let replies = dir.path("replies");
    for har in &hars {
        let p = har.to_str().unwrap();
        let is_url = har.ends_with("url.har");
        for format in ["table", "json", "markdown"] {
            for with_cors in [false, true] {
                let mut args = vec!["analyze", p, "--format", format];
                if with_cors {
                    args.extend(["--cors", cors.as_str()]);
                }
                for secrets in [false, true] {
                    let mut args = args.clone();
                    if secrets {
                        args.push("--show-secrets");
                    }
                    let o = run(&args);
                    assert_clean(&o);
                    match format {
                        "json" => {
                            let v = json_of(&o);
                            if is_url && secrets {
                                assert!(holds_h(&v), "{}: the planted string is not in the JSON whole", o.what);
                            }
                        }
                        "markdown" => assert_markdown_structure(&o.stdout(), &o.what),
                        _ => {}
                    }
                }
            }
        }
        for form in ["terraform", "xml", "cloudformation", "console", "gcs", "azure-xml"] {
            assert_clean(&run(&["analyze", p, "--emit", form, "--cors", &cors]));
            assert_clean(&run(&["fix", p, "--emit", form, "--cors", &cors]));
        }
        assert_clean(&run(&["fix", p, "--cors", &cors]));
        assert_clean(&run(&["fix", p]));
        assert_clean(&run(&["verify", p, "--cors", &cors]));
        for format in ["table", "json", "markdown"] {
            let o = run(&["triage", p, "--format", format, "--quiet"]);
            assert_clean(&o);
            match format {
                "json" => drop(json_of(&o)),
                "markdown" => assert_markdown_structure(&o.stdout(), &o.what),
                _ => {}
            }
        }
        let o = run(&["triage", p, "--quiet", "--replies", replies.to_str().unwrap()]);
        assert_clean(&o);
        let out = dir.path("redacted.har");
        let o = run(&["redact", p, "-o", out.to_str().unwrap()]);
        assert_clean(&o);
    }
    for reply in std::fs::read_dir(&replies).unwrap() {
        let path = reply.unwrap().path();
        let text = std::fs::read(&path).unwrap();
        let what = path.display().to_string();
        assert_clean_bytes(&text, &what);
        assert_markdown_structure(&String::from_utf8(text).unwrap(), &what);
    }
}

#[test]
fn hostile_cors_configurations() {
    let dir = TempDir::new("safety-cors");
    let har = format!("samples/{S05}");
    for config in hostile_configs(&dir) {
        let p = config.to_str().unwrap();
        let arg = format!("acme-telemetry-ingest={p}");
        for format in ["table", "json", "markdown"] {
            let o = run(&["analyze", &har, "--cors", &arg, "--format", format]);
            assert_clean(&o);
            if format == "json" && o.code != Some(2) {
                json_of(&o);
            }
            if format == "markdown" {
                assert_markdown_structure(&o.stdout(), &o.what);
            }
        }
        assert_clean(&run(&["fix", &har, "--cors", &arg]));
        assert_clean(&run(&["fix", &har, "--cors", &arg, "--emit", "terraform"]));
        assert_clean(&run(&["verify", &har, "--cors", &arg]));
        assert_clean(&run(&["triage", &har, "--cors", &arg, "--quiet"]));
        for format in ["table", "json"] {
            let o = run(&["lint", p, "--format", format]);
            assert_clean(&o);
            if format == "json" && o.code != Some(2) {
                json_of(&o);
            }
            for origin in ["https://admin.acme.test", H] {
                let o = run(&[
                    "s3",
                    "simulate",
                    "--cors",
                    p,
                    "--origin",
                    origin,
                    "--request-method",
                    H,
                    "--request-headers",
                    &format!("x-amz-date,{H}"),
                    "--url",
                    &format!("https://b.s3.amazonaws.com/{H}"),
                    "--format",
                    format,
                ]);
                assert_clean(&o);
                if format == "json" && o.code != Some(2) {
                    json_of(&o);
                }
            }
        }
    }
}

#[test]
fn hostile_file_names() {
    use std::os::unix::ffi::OsStrExt;
    let dir = TempDir::new("safety-names");
    let har = std::fs::read(guard::root().join("samples").join(S05)).unwrap();
    let evil = format!("evil{}", H.replace(['\n', '/'], "_"));
    let good = dir.file(&format!("{evil}.har"), &har);
    let broken = dir.file(&format!("{evil}-broken.har"), b"{\"log\": {\"entries\": [{");
    let raw = dir.0.join(OsStr::from_bytes(b"raw\xff\x9b2J.har"));
    std::fs::write(&raw, &har).unwrap();
    let missing = dir.path(&format!("{evil}-missing.har"));
    for p in [&good, &broken, &raw, &missing] {
        for format in ["table", "json", "markdown"] {
            let o = run_os(&[
                OsStr::new("analyze"),
                p.as_os_str(),
                OsStr::new("--format"),
                OsStr::new(format),
            ]);
            assert_clean(&o);
            if format == "json" && o.code != Some(2) {
                json_of(&o);
            }
            if format == "markdown" {
                assert_markdown_structure(&o.stdout(), &o.what);
            }
        }
        assert_clean(&run_os(&[
            OsStr::new("verify"),
            p.as_os_str(),
            OsStr::new("--cors"),
            OsStr::new(&format!(
                "{}",
                guard::root().join("samples/cors/acme-telemetry-ingest.json").display()
            )),
        ]));
        assert_clean(&run_os(&[OsStr::new("lint"), p.as_os_str()]));
    }
    let missing_cors = format!("acme-telemetry-ingest={}", missing.display());
    assert_clean(&run(&["analyze", &format!("samples/{S05}"), "--cors", &missing_cors]));
    // Triage's folder listing, every format, and the reply files it names after the inputs.
    let replies = guard::root()
        .join("target")
        .join(format!("safety-replies-{}", std::process::id()));
    for format in ["table", "json", "markdown"] {
        let o = run(&["triage", dir.0.to_str().unwrap(), "--format", format, "--quiet"]);
        assert_clean(&o);
        if format == "json" {
            let v = json_of(&o);
            assert_eq!(v["files"], 3, "{v:#}");
        }
        if format == "markdown" {
            assert_markdown_structure(&o.stdout(), &o.what);
        }
    }
    let o = run(&[
        "triage",
        dir.0.to_str().unwrap(),
        "--quiet",
        "--replies",
        replies.to_str().unwrap(),
    ]);
    assert_clean(&o);
    for reply in std::fs::read_dir(&replies).unwrap() {
        let reply = reply.unwrap();
        let name = reply.file_name();
        assert_clean_bytes(name.as_bytes(), "a reply file's name");
        assert_clean_bytes(
            &std::fs::read(reply.path()).unwrap(),
            &reply.path().display().to_string(),
        );
    }
    let _ = std::fs::remove_dir_all(&replies);
}

#[test]
fn explain_hostile_console_texts() {
    let texts = [
        format!(
            "Access to fetch at 'https://acme.s3.us-east-2.amazonaws.com/{H}' from origin 'https://admin.acme.test{H}' has been blocked by CORS policy: Request header field x-{H} is not allowed by Access-Control-Allow-Headers in preflight response."
        ),
        format!(
            "Access to XMLHttpRequest at 'https://b.s3.amazonaws.com/k' from origin 'https://a.test' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value '{H}' that is not equal to the supplied origin."
        ),
        format!(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://b.s3.amazonaws.com/{H}. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 403."
        ),
        format!(
            "[Error] Origin https://a.test{H} is not allowed by Access-Control-Allow-Origin. Status code: 403\n[Error] Fetch API cannot load https://b.s3.amazonaws.com/{H} due to access control checks."
        ),
        format!("{H} not a CORS message {H}"),
    ];
    for text in &texts {
        for format in ["table", "json", "markdown"] {
            for secrets in [false, true] {
                let mut args = vec!["explain", text.as_str(), "--format", format];
                if secrets {
                    args.push("--show-secrets");
                }
                let o = run(&args);
                assert_clean(&o);
                if format == "json" && o.code == Some(1) {
                    json_of(&o);
                }
                let mut args = vec!["explain", "-", "--format", format];
                if secrets {
                    args.push("--show-secrets");
                }
                let o = run_stdin(&args, text.clone().into_bytes());
                assert_clean(&o);
            }
        }
    }
}

/// Errors on stderr quote the input: a bad HAR whose error names an entry, a key, a value.
#[test]
fn errors_quote_no_control_characters() {
    let dir = TempDir::new("safety-errors");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "unknown-variant.har",
            format!(
                "{{\"log\": {{\"entries\": [{{\"request\": {{\"headers\": \"{}\"}}}}]}}}}",
                serde_json::to_string(H).unwrap().trim_matches('"')
            )
            .into_bytes(),
        ),
        (
            "not-har.har",
            serde_json::to_vec(&serde_json::json!({H: {H: H}})).unwrap(),
        ),
        ("garbage.har", format!("{H}{{").into_bytes()),
        (
            "markdown.md",
            format!("# {H}\n\n```json\n{{\"log\": {{\"entries\": [{{\"request\": {H}}}]}}}}\n```\n").into_bytes(),
        ),
    ];
    for (name, bytes) in &cases {
        let path = dir.file(name, bytes);
        for format in ["table", "json", "markdown"] {
            let o = run(&["analyze", path.to_str().unwrap(), "--format", format]);
            assert_clean(&o);
        }
        let o = run(&["triage", path.to_str().unwrap(), "--format", "json", "--quiet"]);
        assert_clean(&o);
        json_of(&o);
        let o = run(&["triage", path.to_str().unwrap(), "--format", "markdown", "--quiet"]);
        assert_clean(&o);
        assert_markdown_structure(&o.stdout(), &o.what);
        assert_clean(&run(&[
            "redact",
            path.to_str().unwrap(),
            "-o",
            dir.path("out.har").to_str().unwrap(),
        ]));
    }
    // Usage errors quote arguments (clap's own messages).
    assert_clean(&run(&["analyze", "--format", H, "x.har"]));
    assert_clean(&run(&["analyze", "x.har", "--emit", H]));
    assert_clean(&run(&[H]));
}

/// The JSON writer escapes what serde_json leaves raw, and the result parses back to the same
/// strings.
#[test]
fn json_escapes_round_trip() {
    let value = serde_json::json!({H: [H, "plain", "ü€😀", "\u{7f}\u{80}\u{9f}\u{a0}"], "n": 1});
    let text = corshar::report::json::to_string_pretty(&value);
    assert_clean_bytes(text.as_bytes(), "to_string_pretty");
    for needle in [
        "\\u007f", "\\u009b", "\\u202e", "\\u2066", "\\u200b", "\\ufeff", "\\u2028",
    ] {
        assert!(text.contains(needle), "{needle} missing in {text}");
    }
    assert!(text.contains("ü€😀"), "{text}");
    let back: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back, value);
    let _ = Path::new("");
}
