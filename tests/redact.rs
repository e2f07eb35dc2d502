//! `corshar redact`: every kind of secret, planted in every place a HAR holds one, is gone from
//! the output; the output is the same HAR otherwise (same keys in the same order, same entries,
//! same `_` fields, same value types); redacting twice changes nothing; and the analysis of the
//! redacted file is the analysis of the original, report for report. Then the command itself:
//! standard output or -o, the summary on standard error, exit codes, and never over IN.

mod common;

use std::fmt::Write as _;
use std::path::PathBuf;

use assert_cmd::Command;
use corshar::redact::MASK;
use corshar::redact::har::{Options, Redacted, redact};
use corshar::{GivenCors, analyze};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use common::root;

const MODES: [Options; 2] = [Options { keep_bodies: false }, Options { keep_bodies: true }];

/// A JSON document with its keys in their order (serde_json's `Value` sorts them).
#[derive(Clone, Debug, PartialEq)]
enum Tree {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Tree>),
    Obj(Vec<(String, Tree)>),
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Tree;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<Tree, E> {
                Ok(Tree::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Tree, E> {
                Ok(Tree::Bool(b))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Tree, E> {
                Ok(Tree::Num(n.to_string()))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Tree, E> {
                Ok(Tree::Num(n.to_string()))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Tree, E> {
                Ok(Tree::Num(serde_json::to_string(&n).unwrap()))
            }
            fn visit_str<E>(self, s: &str) -> Result<Tree, E> {
                Ok(Tree::Str(s.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
                let mut v = Vec::new();
                while let Some(t) = seq.next_element()? {
                    v.push(t);
                }
                Ok(Tree::Arr(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
                let mut v = Vec::new();
                while let Some((k, t)) = map.next_entry()? {
                    v.push((k, t));
                }
                Ok(Tree::Obj(v))
            }
        }
        d.deserialize_any(V)
    }
}

impl Tree {
    fn parse(bytes: &[u8]) -> Tree {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        serde_json::from_slice(bytes).unwrap()
    }

    fn json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Tree::Null => out.push_str("null"),
            Tree::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Tree::Num(n) => out.push_str(n),
            Tree::Str(s) => out.push_str(&serde_json::to_string(s).unwrap()),
            Tree::Arr(items) => {
                out.push('[');
                for (i, t) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    t.write(out);
                }
                out.push(']');
            }
            Tree::Obj(members) => {
                out.push('{');
                for (i, (k, t)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push(':');
                    t.write(out);
                }
                out.push('}');
            }
        }
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Tree> {
        match self {
            Tree::Obj(m) => m.iter_mut().find(|(k, _)| k == key).map(|(_, t)| t),
            _ => None,
        }
    }

    /// Sets `key`, in place when present, else appended.
    fn set(&mut self, key: &str, value: Tree) {
        if let Tree::Obj(m) = self {
            match m.iter_mut().find(|(k, _)| k == key) {
                Some((_, t)) => *t = value,
                None => m.push((key.to_owned(), value)),
            }
        }
    }

    fn str(&self) -> Option<&str> {
        match self {
            Tree::Str(s) => Some(s),
            _ => None,
        }
    }

    fn obj(members: &[(&str, Tree)]) -> Tree {
        Tree::Obj(members.iter().map(|(k, t)| ((*k).to_owned(), t.clone())).collect())
    }

    fn s(s: &str) -> Tree {
        Tree::Str(s.to_owned())
    }

    fn pair(name: &str, value: &str) -> Tree {
        Tree::obj(&[("name", Tree::s(name)), ("value", Tree::s(value))])
    }
}

/// Where `after` is not `before` with only strings masked: a different key, order, type or
/// length, or a string that changed without the marker in it.
fn shape_differences(before: &Tree, after: &Tree, path: &str, out: &mut Vec<String>) {
    match (before, after) {
        (Tree::Obj(a), Tree::Obj(b)) => {
            let (ka, kb): (Vec<&String>, Vec<&String>) =
                (a.iter().map(|m| &m.0).collect(), b.iter().map(|m| &m.0).collect());
            if ka != kb {
                out.push(format!("{path}: keys {ka:?} became {kb:?}"));
                return;
            }
            for ((k, x), (_, y)) in a.iter().zip(b) {
                shape_differences(x, y, &format!("{path}.{k}"), out);
            }
        }
        (Tree::Arr(a), Tree::Arr(b)) => {
            if a.len() != b.len() {
                out.push(format!("{path}: {} items became {}", a.len(), b.len()));
                return;
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                shape_differences(x, y, &format!("{path}[{i}]"), out);
            }
        }
        (Tree::Str(a), Tree::Str(b)) => {
            if a != b && !b.contains(MASK) {
                out.push(format!("{path}: {a:?} became {b:?} without the marker"));
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{path}: {a:?} became {b:?}")),
    }
}

/// FNV-1a: a short stable tag per URL, so that equal URLs stay equal once planted.
fn tag(s: &str) -> String {
    let h = s.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{:08x}", h as u32)
}

const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJQTEFOVCJ9.PLANTjwtSignature";

fn with_param(url: &str, param: &str) -> String {
    let (base, fragment) = url.split_once('#').map_or((url, None), |(b, f)| (b, Some(f)));
    let sep = if base.contains('?') { '&' } else { '?' };
    let mut out = format!("{base}{sep}{param}");
    if let Some(f) = fragment {
        let _ = write!(out, "#{f}");
    }
    out
}

/// Plants every kind of secret in every place of every entry. Every planted value contains
/// `PLANT` (the JWT too), no planted name does.
fn plant(har: &mut Tree) {
    let log = har.get_mut("log").expect("log");
    if let Some(Tree::Arr(pages)) = log.get_mut("pages") {
        for page in pages {
            if let Some(title) = page.get_mut("title").and_then(|t| t.str().map(str::to_owned)) {
                page.set("title", Tree::Str(format!("{title}#access_token=PLANTpage&state=ok")));
            }
        }
    }
    let Some(Tree::Arr(entries)) = log.get_mut("entries") else {
        panic!("entries");
    };
    for (i, entry) in entries.iter_mut().enumerate() {
        let url = entry
            .get_mut("request")
            .and_then(|r| r.get_mut("url"))
            .and_then(|u| u.str().map(str::to_owned))
            .unwrap_or_default();
        let t = tag(&url);
        let request = entry.get_mut("request").expect("request");
        let planted_url = with_param(
            &url.replacen("://", &format!("://user:PLANTpw{t}@"), 1),
            &format!("access_token=PLANTat{t}&X-Amz-Security-Token=PLANTst{t}"),
        );
        request.set("url", Tree::Str(planted_url));
        if let Some(Tree::Arr(headers)) = request.get_mut("headers") {
            for h in headers.iter_mut() {
                let is_referer = h
                    .get_mut("name")
                    .and_then(|n| n.str())
                    .is_some_and(|n| n.eq_ignore_ascii_case("referer"));
                if is_referer && let Some(v) = h.get_mut("value").and_then(|v| v.str().map(str::to_owned)) {
                    h.set("value", Tree::Str(with_param(&v, "code=PLANTref")));
                }
            }
            headers.extend([
                Tree::pair("Authorization", &format!("Bearer {JWT}")),
                Tree::pair("Cookie", "sid=PLANTsid; theme=PLANTtheme"),
                Tree::pair("X-Amz-Security-Token", "PLANTtoken"),
                Tree::pair("x-api-key", "PLANTapikey"),
                Tree::pair("Proxy-Authorization", "Basic PLANTbasic"),
                Tree::pair("x-amz-server-side-encryption-customer-key", "PLANTssec"),
                Tree::pair("X-Request-Context", &format!("ctx {JWT}")),
            ]);
            if i % 2 == 0 {
                headers.push(Tree::pair(
                    "authorization",
                    "AWS4-HMAC-SHA256 Credential=AKIAPLANTSIGV4/20261127/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=PLANTsigv4",
                ));
            }
        }
        if let Some(Tree::Arr(q)) = request.get_mut("queryString") {
            q.push(Tree::pair("X-Amz-Signature", "PLANTqs"));
            q.push(Tree::pair("id_token", JWT));
        }
        if let Some(Tree::Arr(c)) = request.get_mut("cookies") {
            c.push(Tree::pair("sid", "PLANTcookie"));
        }
        let post = if i % 2 == 0 {
            Tree::obj(&[
                ("mimeType", Tree::s("application/json")),
                (
                    "text",
                    Tree::s(&format!(
                        r#"{{"user":"bob","password":"PLANTpass","nested":{{"API_KEY":"PLANTkey","list":[{{"refreshToken":"PLANTrt"}}]}},"note":"{JWT}","n":1}}"#
                    )),
                ),
                ("params", Tree::Arr(vec![Tree::pair("password", "PLANTparam")])),
            ])
        } else {
            Tree::obj(&[
                ("mimeType", Tree::s("application/x-www-form-urlencoded")),
                ("text", Tree::s("user=bob&client_secret=PLANTform&code=PLANTcode")),
                (
                    "params",
                    Tree::Arr(vec![Tree::pair("client_secret", "PLANTfp"), Tree::pair("user", "bob")]),
                ),
            ])
        };
        request.set("postData", post);
        let response = entry.get_mut("response").expect("response");
        if let Some(Tree::Arr(headers)) = response.get_mut("headers") {
            headers.push(Tree::pair("Set-Cookie", "sid=PLANTset; Path=/; Secure; SameSite=None"));
            headers.push(Tree::pair("Location", "https://idp.test/cb?code=PLANTloc&state=ok"));
        }
        if let Some(Tree::Arr(c)) = response.get_mut("cookies") {
            c.push(Tree::pair("sid", "PLANTrcookie"));
        }
        response.set("redirectURL", Tree::s("https://b.test/next?X-Amz-Signature=PLANTredir"));
        if let Some(content) = response.get_mut("content") {
            let text = content.get_mut("text").and_then(|t| t.str().map(str::to_owned));
            match text {
                // S3's error documents stay (the diagnosis reads them): plant inside.
                Some(xml) if xml.contains("<Error>") => content.set(
                    "text",
                    Tree::Str(xml.replacen(
                        "<Error>",
                        "<Error><AWSAccessKeyId>AKIAPLANTERROR</AWSAccessKeyId><SignatureProvided>PLANTprovided</SignatureProvided><Token-0>PLANTtoken0</Token-0>",
                        1,
                    )),
                ),
                _ => {
                    content.set("mimeType", Tree::s("application/json"));
                    content.set(
                        "text",
                        Tree::s(&format!(
                            r#"{{"access_token":"PLANTbody","Secret":{{"x":"PLANTnested"}},"link":"https://b.test/k?sig=PLANTlink","jwt":"{JWT}"}}"#
                        )),
                    );
                }
            }
        }
        match entry.get_mut("_initiator") {
            Some(Tree::Str(u)) => {
                let planted = with_param(u, "api_key=PLANTinit");
                entry.set("_initiator", Tree::Str(planted));
            }
            Some(init @ Tree::Obj(_)) => {
                if let Some(u) = init.get_mut("url").and_then(|u| u.str().map(str::to_owned)) {
                    init.set("url", Tree::Str(with_param(&u, "api_key=PLANTinit")));
                }
                init.set("stack", stack());
            }
            _ => {}
        }
        let detail = match entry
            .get_mut("_initiator_detail")
            .and_then(|d| d.str().map(str::to_owned))
        {
            Some(d) => {
                let mut t = Tree::parse(d.as_bytes());
                t.set("url", Tree::s("https://app.test/x.js?sig=PLANTdetail"));
                t.set("stack", stack());
                t.json()
            }
            None => Tree::obj(&[("type", Tree::s("other")), ("stack", stack())]).json(),
        };
        entry.set("_initiator_detail", Tree::Str(detail));
        entry.set(
            "_webSocketMessages",
            Tree::Arr(vec![Tree::obj(&[
                ("type", Tree::s("send")),
                ("time", Tree::Num("1.5".to_owned())),
                ("opcode", Tree::Num("1".to_owned())),
                ("data", Tree::s(r#"{"token":"PLANTws"}"#)),
            ])]),
        );
        entry.set(
            "comment",
            Tree::Str(format!("see https://app.test/?session=PLANTcomment and {JWT}")),
        );
        entry.set(
            "_debug",
            Tree::obj(&[
                ("url", Tree::s("https://x.test/?auth=PLANTdebug")),
                ("note", Tree::s(JWT)),
            ]),
        );
    }
}

fn stack() -> Tree {
    let frame = |u: &str| {
        Tree::obj(&[
            ("functionName", Tree::s("f")),
            ("url", Tree::s(u)),
            ("lineNumber", Tree::Num("3".to_owned())),
        ])
    };
    Tree::obj(&[
        (
            "callFrames",
            Tree::Arr(vec![frame("https://app.test/a.js?token=PLANTframe")]),
        ),
        (
            "parent",
            Tree::obj(&[(
                "callFrames",
                Tree::Arr(vec![frame("https://app.test/b.js#id_token=PLANTparent")]),
            )]),
        ),
    ])
}

/// Every HAR of the samples and the producer fixtures.
fn hars() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["samples", "tests/fixtures/producers"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "har") {
                out.push(p);
            }
        }
    }
    out.sort();
    assert!(out.len() >= 40, "{out:?}");
    out
}

fn redacted(bytes: &[u8], options: &Options) -> Redacted {
    redact(bytes, options).unwrap_or_else(|e| panic!("{e}"))
}

/// What must hold of any redaction: valid JSON and HAR, the same document but for masked
/// strings, and a fixed point.
fn check_redaction(name: &str, input: &[u8], options: &Options, out: &Redacted) {
    let text = std::str::from_utf8(&out.bytes).unwrap();
    serde_json::from_str::<Value>(text).unwrap_or_else(|e| panic!("{name}: output is not JSON: {e}"));
    let before = corshar::capture::read(input).unwrap();
    let after = corshar::capture::read(&out.bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(after.entries.len(), before.entries.len(), "{name}");
    assert_eq!(out.summary.entries, before.entries.len(), "{name}");
    let mut diffs = Vec::new();
    shape_differences(&Tree::parse(input), &Tree::parse(&out.bytes), "", &mut diffs);
    assert!(diffs.is_empty(), "{name} ({options:?}):\n{}", diffs.join("\n"));
    let again = redacted(&out.bytes, options);
    assert!(
        again.bytes == out.bytes,
        "{name} ({options:?}): redacting twice changed the file"
    );
    assert_eq!(again.summary.masked(), 0, "{name}: {:?}", again.summary);
}

#[test]
fn every_planted_secret_goes_and_the_har_stays_the_same() {
    for path in hars() {
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        let mut tree = Tree::parse(&std::fs::read(&path).unwrap());
        plant(&mut tree);
        let planted = tree.json().into_bytes();
        for options in MODES {
            let out = redacted(&planted, &options);
            let text = String::from_utf8(out.bytes.clone()).unwrap();
            for secret in ["PLANT", "eyJhbGci", "AKIA"] {
                if let Some(at) = text.find(secret) {
                    panic!(
                        "{name} ({options:?}): {secret} survives: …{}…",
                        &text[at.saturating_sub(200)..(at + 100).min(text.len())]
                    );
                }
            }
            check_redaction(&name, &planted, &options, &out);
            let s = &out.summary;
            for header in [
                "authorization",
                "cookie",
                "set-cookie",
                "x-amz-security-token",
                "x-api-key",
            ] {
                assert!(
                    s.headers.get(header).copied().unwrap_or(0) > 0,
                    "{name}: {header} {s:?}"
                );
            }
            for param in ["access_token", "X-Amz-Security-Token", "X-Amz-Signature", "code"] {
                assert!(s.params.get(param).copied().unwrap_or(0) > 0, "{name}: {param} {s:?}");
            }
            assert!(s.cookies > 0 && s.jwts > 0 && s.passwords > 0, "{name}: {s:?}");
            if options.keep_bodies {
                assert!(
                    s.bodies_scrubbed > 0 && s.fields.contains_key("password"),
                    "{name}: {s:?}"
                );
            } else {
                assert!(s.bodies_dropped > 0, "{name}: {s:?}");
            }
            let summary = s.to_string();
            assert!(!summary.contains("PLANT") && !summary.contains("eyJ"), "{summary}");
        }
    }
}

/// The bucket configurations an expectations file gives a sample.
fn given(sample: &Value, expected: &str) -> Vec<GivenCors> {
    common::given(sample, root().join(expected).parent().unwrap())
}

fn report(bytes: &[u8], name: &str, cors: Vec<GivenCors>) -> Value {
    let options = corshar::Options {
        source_name: Some(name.to_owned()),
        cors,
        ..corshar::Options::default()
    };
    serde_json::to_value(analyze(bytes, &options).unwrap_or_else(|e| panic!("{name}: {e}"))).unwrap()
}

/// The first place two reports differ.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                if let Some(d) = first_difference(v, y.get(k).unwrap_or(&Value::Null), &format!("{path}.{k}")) {
                    return Some(d);
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| first_difference(v, w, &format!("{path}[{i}]"))),
        _ if a == b => None,
        _ => Some(format!("{path}: {a} became {b}")),
    }
}

/// For every sample of both expectation files, with and without its --cors configurations, and
/// with bodies dropped or kept: the whole report (verdicts, browser errors, causes with their
/// evidence, fixes, verification, warnings) is the same on the redacted file.
#[test]
fn the_diagnosis_is_unchanged() {
    let mut checked = 0;
    for expected in ["samples/expected.json", "tests/fixtures/producers/expected.json"] {
        for sample in common::samples(expected) {
            let file = sample["file"].as_str().unwrap();
            let bytes = std::fs::read(root().join(file)).unwrap();
            for options in MODES {
                let out = redacted(&bytes, &options);
                for with_cors in [false, true] {
                    let cors = || {
                        if with_cors {
                            given(&sample, expected)
                        } else {
                            Vec::new()
                        }
                    };
                    let mut before = report(&bytes, file, cors());
                    let after = report(&out.bytes, file, cors());
                    // A byte order mark or a wrapper (JSONP, Markdown) is left out of the output,
                    // with a note: the reader's warning about it goes with it.
                    if !out.summary.notes.is_empty() {
                        let warnings = before["warnings"].as_array_mut().unwrap();
                        let repaired = warnings.len();
                        warnings.retain(|w| w["code"] != "input-repaired");
                        assert_eq!(repaired - warnings.len(), 1, "{file}");
                    }
                    if let Some(d) = first_difference(&before, &after, "") {
                        panic!("{file} ({options:?}, cors: {with_cors}): {d}");
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 4 * 40, "{checked}");
}

/// The same on the planted copies: masking what was planted changes no finding either.
#[test]
fn the_diagnosis_of_a_planted_har_is_unchanged() {
    for path in hars() {
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        let mut tree = Tree::parse(&std::fs::read(&path).unwrap());
        plant(&mut tree);
        let planted = tree.json().into_bytes();
        let before = report(&planted, &name, Vec::new());
        for options in MODES {
            let after = report(&redacted(&planted, &options).bytes, &name, Vec::new());
            if let Some(d) = first_difference(&before, &after, "") {
                panic!("{name} ({options:?}): {d}");
            }
        }
    }
}

#[test]
fn untouched_samples_keep_every_byte_but_their_secrets() {
    for path in hars() {
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        let bytes = std::fs::read(&path).unwrap();
        for options in MODES {
            let out = redacted(&bytes, &options);
            check_redaction(&name, &bytes, &options, &out);
            let text = String::from_utf8(out.bytes.clone()).unwrap();
            assert!(!text.contains("AKIA"), "{name}: an access key id survives");
            for (at, _) in text.match_indices("X-Amz-Signature=") {
                let value = &text[at + 16..];
                assert!(
                    value.starts_with(MASK) || value.starts_with('&') || value.starts_with('"'),
                    "{name}: {}",
                    &value[..value.len().min(80)]
                );
            }
        }
    }
}

// The command.

fn corshar() -> Command {
    let mut c = Command::cargo_bin("corshar").unwrap();
    c.current_dir(root());
    c
}

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

fn run(args: &[&str], stdin: Option<Vec<u8>>) -> Run {
    let mut c = corshar();
    c.args(args);
    if let Some(input) = stdin {
        c.write_stdin(input);
    }
    let out = c.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("corshar-redact-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let path = temp_dir().join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

const S05: &str = "samples/s05-sdk-signed-headers-not-allowed.har";

#[test]
fn cli_writes_standard_output_or_a_file_and_the_summary_on_standard_error() {
    let bytes = std::fs::read(root().join(S05)).unwrap();
    let want = redacted(&bytes, &Options::default());
    let r = run(&["redact", S05], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout == want.bytes, "standard output is the library's redaction");
    assert!(
        r.stderr.starts_with(&format!(
            "corshar: redacted {S05} to standard output: 5 entries; masked "
        )),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("  headers: authorization ×1"), "{}", r.stderr);
    assert!(r.stderr.contains("bodies dropped: "), "{}", r.stderr);
    assert!(!r.stderr.contains("AKIA"), "{}", r.stderr);

    let out = temp_dir().join("s05.redacted.har");
    let r = run(&["redact", S05, "-o", out.to_str().unwrap(), "--keep-bodies"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains(&format!("to {}", out.display())), "{}", r.stderr);
    let written = std::fs::read(&out).unwrap();
    assert!(written == redacted(&bytes, &Options { keep_bodies: true }).bytes);

    // The redacted file analyses as the original does.
    let analysed = |file: &str| {
        let out = corshar().args(["analyze", file, "--format", "json"]).output().unwrap();
        let mut v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["source"]["file"] = Value::Null;
        (out.status.code(), v["findings"].clone(), v["fixes"].clone())
    };
    let (code, findings, fixes) = analysed(S05);
    let (code2, findings2, fixes2) = analysed(out.to_str().unwrap());
    assert_eq!((code, &findings), (code2, &findings2));
    assert_eq!(fixes.as_array().unwrap().len(), fixes2.as_array().unwrap().len());
}

#[test]
fn cli_reads_gzip_from_standard_input() {
    let bytes = std::fs::read(root().join(S05)).unwrap();
    let want = redacted(&bytes, &Options::default()).bytes;
    let r = run(&["redact", "-"], Some(flate2_free_gzip(&bytes)));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout == want);
    assert!(
        r.stderr.contains("corshar: redacted <stdin> to standard output"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("note: decompressed gzip"), "{}", r.stderr);
}

/// A gzip member holding `data` in stored (uncompressed) deflate blocks: enough for the reader,
/// without a compression crate in the tests.
fn flate2_free_gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let chunks: Vec<&[u8]> = data.chunks(0xffff).collect();
    for (i, chunk) in chunks.iter().enumerate() {
        out.push(u8::from(i + 1 == chunks.len()));
        let len = chunk.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xffff_ffffu32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xedb8_8320 ^ (c >> 1) } else { c >> 1 };
        }
    }
    !c
}

#[test]
fn cli_errors_name_the_file_and_the_place_and_exit_2() {
    let broken = temp_file(
        "broken.har",
        b"{\"log\": {\"entries\": [\n  {\"request\": {\"method\" \"GET\"}}\n]}}",
    );
    let r = run(&["redact", broken.to_str().unwrap()], None);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr
            .contains(&format!("{}:2:25: in log.entries[0]: expected `:`", broken.display())),
        "{}",
        r.stderr
    );

    let not_har = temp_file("cors.json", b"{\"CORSRules\": []}");
    let r = run(&["redact", not_har.to_str().unwrap()], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("not a HAR: the top-level object has no \"log\" key"),
        "{}",
        r.stderr
    );

    let bytes = std::fs::read(root().join("samples/s10-mixed-three-buckets.har")).unwrap();
    let cut = temp_file("cut.har", &bytes[..bytes.len() * 2 / 3]);
    let r = run(&["redact", cut.to_str().unwrap()], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("the file ends early (is it truncated?)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(": in log.entries["), "{}", r.stderr);

    let r = run(&["redact", "no/such/file.har"], None);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no/such/file.har: cannot read"), "{}", r.stderr);
}

#[test]
fn cli_never_overwrites_its_input() {
    let bytes = std::fs::read(root().join(S05)).unwrap();
    let input = temp_file("in.har", &bytes);
    let dir = input.parent().unwrap();
    let spellings = [
        input.to_str().unwrap().to_owned(),
        dir.join(".").join("in.har").to_str().unwrap().to_owned(),
    ];
    #[cfg(unix)]
    let spellings = {
        let link = dir.join("link.har");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&input, &link).unwrap();
        let hard = dir.join("hard.har");
        let _ = std::fs::remove_file(&hard);
        std::fs::hard_link(&input, &hard).unwrap();
        let mut s = spellings.to_vec();
        s.push(link.to_str().unwrap().to_owned());
        s.push(hard.to_str().unwrap().to_owned());
        s
    };
    for out in &spellings {
        let r = run(&["redact", input.to_str().unwrap(), "-o", out], None);
        assert_eq!(r.code, 2, "{out}: {}", r.stderr);
        assert!(r.stderr.contains("refusing to overwrite the input"), "{}", r.stderr);
        assert!(std::fs::read(&input).unwrap() == bytes, "{out}: the input changed");
    }
    // Another file is fine, and overwritten when it exists.
    let other = temp_file("other.har", b"old");
    let r = run(
        &["redact", input.to_str().unwrap(), "-o", other.to_str().unwrap()],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read(&other).unwrap() == redacted(&bytes, &Options::default()).bytes);
}

#[test]
fn cli_help_lists_redact() {
    let r = run(&["--help"], None);
    assert!(String::from_utf8(r.stdout).unwrap().contains("redact"));
    let r = run(&["redact", "--help"], None);
    let help = String::from_utf8(r.stdout).unwrap();
    assert!(
        help.contains("--keep-bodies") && help.contains("-o, --output <OUT>"),
        "{help}"
    );
}

/// Mangled HARs (bytes replaced by JSON punctuation or noise, files cut anywhere) are an error
/// or a redaction whose output is JSON: never a panic.
#[test]
fn mangled_hars_never_panic() {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    const NOISE: &[u8] = b"{}[],:\"\\0e-.nt \xc3\xff";
    for file in [
        S05,
        "tests/fixtures/producers/chrome-har.har",
        "tests/fixtures/producers/fiddler.har",
    ] {
        let bytes = std::fs::read(root().join(file)).unwrap();
        for i in 0..400 {
            let mut mangled = bytes.clone();
            for _ in 0..1 + i % 3 {
                let at = (next() as usize) % mangled.len();
                mangled[at] = NOISE[(next() as usize) % NOISE.len()];
            }
            if i % 5 == 0 {
                mangled.truncate((next() as usize) % mangled.len());
            }
            for options in MODES {
                if let Ok(out) = redact(&mangled, &options) {
                    serde_json::from_slice::<serde::de::IgnoredAny>(&out.bytes)
                        .unwrap_or_else(|e| panic!("{file} #{i}: the output is not JSON: {e}"));
                }
            }
        }
    }
}
