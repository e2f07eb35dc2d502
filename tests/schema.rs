//! The JSON documents corshar writes validate against their JSON Schemas (draft 2020-12) in
//! docs/: `corshar.report/v1` (docs/report.schema.json) for every sample, producer fixture and real
//! HAR, with and without the buckets' configurations; `corshar.triage/v1`
//! (docs/triage.schema.json) for the queues of samples/ and tests/fixtures/producers/ (and a file
//! that cannot be read); `corshar.explain/v1` (docs/explain.schema.json) for the real Chrome
//! console lines and for every console line the reports quote. The enums the schemas list are
//! exactly the codes the code defines, so a code added to the engine fails here until the schema
//! has it.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use corshar::causes::{CauseCode, WarningCode};
use corshar::cors::reason::FirefoxReason;
use corshar::cors::{CorsError, Credentials, RequestKind};
use corshar::diagnose::browser::Basis;
use corshar::explain::{self, Browser, Mapping, ParameterKind};
use corshar::report::{Report, Side, Verdict};
use corshar::s3::emit::Form;
use corshar::s3::endpoint::AddressingStyle;
use corshar::s3::fix::Change;
use corshar::{Options, analyze};
use serde::Serialize;
use serde_json::Value;

use common::root;

const SAMPLES: &str = "samples/expected.json";
const PRODUCERS: &str = "tests/fixtures/producers/expected.json";

fn schema(name: &str) -> Value {
    let path = root().join("docs").join(format!("{name}.schema.json"));
    serde_json::from_slice(&std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn validator(name: &str) -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema(name)).unwrap_or_else(|e| panic!("docs/{name}.schema.json: {e}"))
}

/// Every way `value` breaks the schema, as `what at /path: error` lines.
fn violations(validator: &jsonschema::Validator, value: &Value, what: &str) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{what} at {}: {e}", e.instance_path()))
        .collect()
}

fn assert_none(failures: &[String], checked: usize, what: &str) {
    assert!(checked > 0, "no {what} was checked");
    assert!(
        failures.is_empty(),
        "{} schema violations in {checked} {what}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn to_value(t: &impl Serialize) -> Value {
    serde_json::to_value(t).unwrap()
}

fn corshar() -> Command {
    Command::cargo_bin("corshar").unwrap()
}

// ---------------------------------------------------------------------------------------------
// The schemas themselves

#[test]
fn schemas_are_valid_draft_2020_12_and_state_the_versioning_rule() {
    for (name, id) in [
        ("report", "corshar.report/v1"),
        ("triage", "corshar.triage/v1"),
        ("explain", "corshar.explain/v1"),
    ] {
        let s = schema(name);
        if let Err(e) = jsonschema::draft202012::meta::validate(&s) {
            panic!("docs/{name}.schema.json is not a valid draft 2020-12 schema: {e}");
        }
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema", "{name}");
        assert_eq!(s["properties"]["schema"]["const"], id, "{name}");
        let description = s["description"].as_str().unwrap();
        assert!(
            description.contains("fields may be added") && description.contains("changes when the meaning"),
            "docs/{name}.schema.json: the top-level description must state the versioning rule"
        );
    }
}

/// The schema strings are the ones the code writes.
#[test]
fn schema_names_are_the_codes() {
    assert_eq!(
        schema("report")["properties"]["schema"]["const"],
        corshar::report::SCHEMA
    );
    assert_eq!(
        schema("triage")["properties"]["schema"]["const"],
        corshar::triage::SCHEMA
    );
    assert_eq!(schema("explain")["properties"]["schema"]["const"], explain::SCHEMA);
}

/// Every property says what it means: a `description` of its own, or a `$ref` to a definition
/// that has one.
#[test]
fn every_property_is_described() {
    fn walk(node: &Value, defs: &Value, path: &str, missing: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                if let Some(Value::Object(props)) = map.get("properties") {
                    for (name, prop) in props {
                        let described = prop.get("description").is_some()
                            || prop
                                .get("$ref")
                                .and_then(Value::as_str)
                                .and_then(|r| r.strip_prefix("#/$defs/"))
                                .is_some_and(|d| defs[d].get("description").is_some());
                        // Properties inside if/then/else only narrow a described property.
                        if !described && !path.contains("/if") && !path.contains("/then") && !path.contains("/else") {
                            missing.push(format!("{path}/properties/{name}"));
                        }
                    }
                }
                for (k, v) in map {
                    walk(v, defs, &format!("{path}/{k}"), missing);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, defs, &format!("{path}/{i}"), missing);
                }
            }
            _ => {}
        }
    }
    for name in ["report", "triage", "explain"] {
        let s = schema(name);
        let mut missing = Vec::new();
        walk(&s, &s["$defs"], "#", &mut missing);
        assert!(
            missing.is_empty(),
            "docs/{name}.schema.json: properties without a description:\n{}",
            missing.join("\n")
        );
    }
}

/// The definitions the three documents share are the same in each.
#[test]
fn shared_definitions_are_identical() {
    let (report, triage, explain) = (schema("report"), schema("triage"), schema("explain"));
    for def in ["CauseCode", "WarningCode", "Producer"] {
        assert_eq!(
            report["$defs"][def], triage["$defs"][def],
            "report vs triage: $defs/{def}"
        );
    }
    for def in ["CauseCode", "CorsError", "RequestKind", "AddressingStyle", "CORSRule"] {
        assert_eq!(
            report["$defs"][def], explain["$defs"][def],
            "report vs explain: $defs/{def}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The enums are exactly the code's

fn schema_enum(schema: &Value, pointer: &str) -> Vec<String> {
    let node = schema
        .pointer(pointer)
        .unwrap_or_else(|| panic!("the schema has no {pointer}"));
    let values = node
        .get("enum")
        .or_else(|| node.get("oneOf").and_then(|o| o[0].get("enum")))
        .unwrap_or_else(|| panic!("{pointer} is not an enum"));
    values
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

fn serde_names<T: Serialize>(values: impl IntoIterator<Item = T>) -> Vec<String> {
    values
        .into_iter()
        .map(|v| to_value(&v).as_str().unwrap().to_owned())
        .collect()
}

fn assert_same(what: &str, schema_values: Vec<String>, code_values: Vec<String>) {
    let (s, c): (BTreeSet<&String>, BTreeSet<&String>) = (schema_values.iter().collect(), code_values.iter().collect());
    assert_eq!(
        schema_values.len(),
        s.len(),
        "{what}: the schema lists a value twice: {schema_values:?}"
    );
    let missing: Vec<_> = c.difference(&s).collect();
    let extra: Vec<_> = s.difference(&c).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what}: the schema lacks {missing:?} and lists {extra:?}, which the code does not define"
    );
}

// Enums without an `ALL`: each list is checked exhaustive by a `match`, so a variant added to the
// enum fails to compile here until it is listed (and then the schema must list it too).

fn producers() -> Vec<corshar::capture::Producer> {
    use corshar::capture::Producer::*;
    let all = [
        ChromeDevtools,
        Firefox,
        Safari,
        Playwright,
        ChromeHar,
        Mitmproxy,
        Charles,
        Fiddler,
        Insomnia,
        Unknown,
    ];
    for p in all {
        match p {
            ChromeDevtools | Firefox | Safari | Playwright | ChromeHar | Mitmproxy | Charles | Fiddler | Insomnia
            | Unknown => {}
        }
    }
    all.to_vec()
}

fn verdicts() -> Vec<Verdict> {
    let all = [Verdict::Blocked, Verdict::Unreadable, Verdict::Ok];
    for v in all {
        match v {
            Verdict::Blocked | Verdict::Unreadable | Verdict::Ok => {}
        }
    }
    all.to_vec()
}

fn sides() -> Vec<Side> {
    use Side::*;
    let all = [PreflightRequest, PreflightResponse, Request, Response, Configuration];
    for s in all {
        match s {
            PreflightRequest | PreflightResponse | Request | Response | Configuration => {}
        }
    }
    all.to_vec()
}

fn credentials() -> Vec<Credentials> {
    let all = [Credentials::Omit, Credentials::SameOrigin, Credentials::Include];
    for c in all {
        match c {
            Credentials::Omit | Credentials::SameOrigin | Credentials::Include => {}
        }
    }
    all.to_vec()
}

fn request_kinds() -> Vec<RequestKind> {
    use RequestKind::*;
    let all = [Fetch, XmlHttpRequest, Script, Image, Font, Other, Stylesheet, Manifest];
    for k in all {
        match k {
            Fetch | XmlHttpRequest | Script | Image | Font | Other | Stylesheet | Manifest => {}
        }
    }
    all.to_vec()
}

fn styles() -> Vec<AddressingStyle> {
    use AddressingStyle::*;
    let all = [VirtualHosted, PathStyle, Accelerate, Website];
    for s in all {
        match s {
            VirtualHosted | PathStyle | Accelerate | Website => {}
        }
    }
    all.to_vec()
}

fn bases() -> Vec<&'static str> {
    let all = [Basis::Replayed, Basis::BrowserText, Basis::Simulated];
    for b in all {
        match b {
            Basis::Replayed | Basis::BrowserText | Basis::Simulated => {}
        }
    }
    all.into_iter().map(Basis::name).collect()
}

fn firefox_reasons() -> Vec<FirefoxReason> {
    use FirefoxReason::*;
    let all = [
        CORSDisabled,
        CORSDidNotSucceed2,
        CORSOriginHeaderNotAdded,
        CORSExternalRedirectNotAllowed,
        CORSRequestNotHttp,
        CORSMissingAllowOrigin2,
        CORSMultipleAllowOriginNotAllowed,
        CORSAllowOriginNotMatchingOrigin,
        CORSNotSupportingCredentials,
        CORSMethodNotFound,
        CORSMissingAllowCredentials,
        CORSPreflightDidNotSucceed3,
        CORSInvalidAllowMethod,
        CORSInvalidAllowHeader,
        CORSMissingAllowHeaderFromPreflight2,
    ];
    for r in all {
        match r {
            CORSDisabled
            | CORSDidNotSucceed2
            | CORSOriginHeaderNotAdded
            | CORSExternalRedirectNotAllowed
            | CORSRequestNotHttp
            | CORSMissingAllowOrigin2
            | CORSMultipleAllowOriginNotAllowed
            | CORSAllowOriginNotMatchingOrigin
            | CORSNotSupportingCredentials
            | CORSMethodNotFound
            | CORSMissingAllowCredentials
            | CORSPreflightDidNotSucceed3
            | CORSInvalidAllowMethod
            | CORSInvalidAllowHeader
            | CORSMissingAllowHeaderFromPreflight2 => {}
        }
    }
    all.to_vec()
}

fn browsers() -> Vec<Browser> {
    let all = [Browser::Chrome, Browser::Firefox, Browser::Safari];
    for b in all {
        match b {
            Browser::Chrome | Browser::Firefox | Browser::Safari => {}
        }
    }
    all.to_vec()
}

fn mappings() -> Vec<Mapping> {
    let all = [Mapping::Exact, Mapping::Inferred, Mapping::Ambiguous, Mapping::None];
    for m in all {
        match m {
            Mapping::Exact | Mapping::Inferred | Mapping::Ambiguous | Mapping::None => {}
        }
    }
    all.to_vec()
}

fn parameter_kinds() -> Vec<ParameterKind> {
    use ParameterKind::*;
    let all = [
        RequestHeader,
        Method,
        AllowOrigin,
        AllowCredentials,
        RedirectLocation,
        AllowMethodsToken,
        AllowHeadersToken,
        HeaderValue,
    ];
    for k in all {
        match k {
            RequestHeader | Method | AllowOrigin | AllowCredentials | RedirectLocation | AllowMethodsToken
            | AllowHeadersToken | HeaderValue => {}
        }
    }
    all.to_vec()
}

/// One change of each kind, and the `kind` each serializes with.
fn change_kinds() -> (Vec<String>, Vec<String>) {
    let value = || "x".to_owned();
    let all = [
        Change::AddRule {
            rule: 0,
            reason: value(),
        },
        Change::AddOrigin {
            rule: 0,
            value: value(),
        },
        Change::AddMethod {
            rule: 0,
            value: value(),
        },
        Change::AddHeader {
            rule: 0,
            value: value(),
        },
        Change::AddExposeHeader {
            rule: 0,
            value: value(),
        },
    ];
    let (mut with_reason, mut with_value) = (Vec::new(), Vec::new());
    for c in &all {
        let kind = to_value(c)["kind"].as_str().unwrap().to_owned();
        match c {
            Change::AddRule { .. } => with_reason.push(kind),
            Change::AddOrigin { .. }
            | Change::AddMethod { .. }
            | Change::AddHeader { .. }
            | Change::AddExposeHeader { .. } => with_value.push(kind),
        }
    }
    (with_reason, with_value)
}

#[test]
fn report_enums_are_exactly_the_codes() {
    let s = schema("report");
    assert_same(
        "CauseCode",
        schema_enum(&s, "/$defs/CauseCode"),
        serde_names(CauseCode::ALL),
    );
    assert_same(
        "CauseCode (codes)",
        schema_enum(&s, "/$defs/CauseCode"),
        CauseCode::ALL.iter().map(|c| c.code().to_owned()).collect(),
    );
    assert_same(
        "WarningCode",
        schema_enum(&s, "/$defs/WarningCode"),
        serde_names(WarningCode::ALL),
    );
    assert_same(
        "CorsError",
        schema_enum(&s, "/$defs/CorsError"),
        serde_names(CorsError::ALL),
    );
    assert_same(
        "CorsError (CDP names)",
        schema_enum(&s, "/$defs/CorsError"),
        CorsError::ALL.iter().map(|e| e.name().to_owned()).collect(),
    );
    assert_same("Producer", schema_enum(&s, "/$defs/Producer"), serde_names(producers()));
    assert_same("Verdict", schema_enum(&s, "/$defs/Verdict"), serde_names(verdicts()));
    assert_same(
        "Side",
        schema_enum(&s, "/$defs/Evidence/properties/side"),
        serde_names(sides()),
    );
    assert_same(
        "Credentials",
        schema_enum(&s, "/$defs/CredentialsUse/properties/mode"),
        serde_names(credentials()),
    );
    assert_same(
        "RequestKind",
        schema_enum(&s, "/$defs/RequestKind"),
        serde_names(request_kinds()),
    );
    assert_same(
        "AddressingStyle",
        schema_enum(&s, "/$defs/AddressingStyle"),
        serde_names(styles()),
    );
    assert_same(
        "BrowserError basis",
        schema_enum(&s, "/$defs/BrowserError/properties/basis"),
        bases().into_iter().map(str::to_owned).collect(),
    );
    let forms: Vec<String> = Form::ALL
        .into_iter()
        .filter(|f| *f != Form::AwsCli)
        .map(|f| f.name().to_owned())
        .collect();
    assert_same("Form", schema_enum(&s, "/$defs/FormName"), forms.clone());
    let required: Vec<String> = s["$defs"]["Fix"]["properties"]["forms"]["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_same("Fix.forms required", required, forms);
    let (with_reason, with_value) = change_kinds();
    let kinds = &s["$defs"]["ChangeText"]["oneOf"];
    assert_same(
        "Change kinds with a reason",
        vec![kinds[0]["properties"]["kind"]["const"].as_str().unwrap().to_owned()],
        with_reason,
    );
    assert_same(
        "Change kinds with a value",
        schema_enum(&s, "/$defs/ChangeText/oneOf/1/properties/kind"),
        with_value,
    );
}

#[test]
fn triage_and_explain_enums_are_exactly_the_codes() {
    let t = schema("triage");
    assert_same(
        "triage CauseCode",
        schema_enum(&t, "/$defs/CauseCode"),
        serde_names(CauseCode::ALL),
    );
    assert_same(
        "triage WarningCode",
        schema_enum(&t, "/$defs/WarningCode"),
        WarningCode::ALL.iter().map(|w| w.code().to_owned()).collect(),
    );
    assert_same(
        "triage Producer",
        schema_enum(&t, "/$defs/Producer"),
        serde_names(producers()),
    );
    let e = schema("explain");
    assert_same(
        "explain CorsError",
        schema_enum(&e, "/$defs/CorsError"),
        serde_names(CorsError::ALL),
    );
    assert_same(
        "explain CauseCode",
        schema_enum(&e, "/$defs/CauseCode"),
        serde_names(CauseCode::ALL),
    );
    assert_same(
        "explain Browser",
        schema_enum(&e, "/$defs/Message/properties/browser"),
        serde_names(browsers()),
    );
    assert_same(
        "explain Mapping",
        schema_enum(&e, "/$defs/Message/properties/mapping"),
        serde_names(mappings()),
    );
    assert_same(
        "explain ParameterKind",
        schema_enum(&e, "/$defs/Message/properties/parameter_kind"),
        serde_names(parameter_kinds()),
    );
    assert_same(
        "explain FirefoxReason",
        schema_enum(&e, "/$defs/FirefoxReason"),
        serde_names(firefox_reasons()),
    );
    assert_same(
        "explain RequestKind",
        schema_enum(&e, "/$defs/RequestKind"),
        serde_names(request_kinds()),
    );
    assert_same(
        "explain AddressingStyle",
        schema_enum(&e, "/$defs/AddressingStyle"),
        serde_names(styles()),
    );
}

// ---------------------------------------------------------------------------------------------
// Reports

fn check_reports(expected: &str) -> (Vec<String>, usize) {
    let v = validator("report");
    let mut failures = Vec::new();
    let mut checked = 0;
    for sample in common::samples(expected) {
        let file = sample["file"].as_str().unwrap();
        for with_cors in [false, true] {
            let report = common::run(&sample, expected, with_cors);
            let what = format!("{file}{}", if with_cors { " --cors" } else { "" });
            failures.extend(violations(&v, &to_value(&report), &what));
            checked += 1;
        }
    }
    (failures, checked)
}

#[test]
fn every_sample_report_validates() {
    let (failures, checked) = check_reports(SAMPLES);
    assert_none(&failures, checked, "sample reports");
}

#[test]
fn every_producer_fixture_report_validates() {
    let (failures, checked) = check_reports(PRODUCERS);
    assert_none(&failures, checked, "producer fixture reports");
}

fn real_hars() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["tests/data/real-hars", "tests/data/real-hars-firefox"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "har"))
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

fn analyse_file(path: &Path, show_secrets: bool) -> Report {
    let bytes = std::fs::read(path).unwrap();
    let options = Options {
        source_name: Some(path.display().to_string()),
        show_secrets,
        ..Options::default()
    };
    analyze(&bytes, &options).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_real_har_report_validates() {
    let v = validator("report");
    let mut failures = Vec::new();
    let files = real_hars();
    assert!(files.len() >= 30, "only {} real HARs", files.len());
    for path in &files {
        let report = analyse_file(path, false);
        failures.extend(violations(&v, &to_value(&report), &path.display().to_string()));
    }
    assert_none(&failures, files.len(), "real HAR reports");
}

/// The secret-planting fixtures reach shapes the samples do not (the service endpoint, the
/// website endpoint, a GCS URL, an orphan preflight with userinfo, control characters).
#[test]
fn every_secrets_fixture_report_validates() {
    let v = validator("report");
    let dir = root().join("tests/fixtures/secrets");
    let manifest: Value = serde_json::from_slice(&std::fs::read(dir.join("secrets.json")).unwrap()).unwrap();
    let given: Vec<corshar::GivenCors> = manifest["buckets"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(b, f)| corshar::GivenCors {
            bucket: Some(b.clone()),
            config: Some(
                corshar::s3::config::parse(&std::fs::read_to_string(root().join(f.as_str().unwrap())).unwrap())
                    .unwrap(),
            ),
        })
        .collect();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "har"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        for cors in [Vec::new(), given.clone()] {
            for show_secrets in [false, true] {
                let options = Options {
                    source_name: Some(path.display().to_string()),
                    cors: cors.clone(),
                    show_secrets,
                    ..Options::default()
                };
                let report = analyze(&bytes, &options).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                failures.extend(violations(&v, &to_value(&report), &path.display().to_string()));
                checked += 1;
            }
        }
    }
    assert!(files.len() >= 7, "only {} fixtures", files.len());
    assert_none(&failures, checked, "secrets fixture reports");
}

/// The CLI writes the report as it streams it: the same document.
#[test]
fn the_cli_json_report_validates() {
    let v = validator("report");
    let mut failures = Vec::new();
    let mut checked = 0;
    for (har, cors) in [
        (
            "samples/s10-mixed-three-buckets.har",
            Some("acme-batch-jobs=samples/cors/acme-batch-jobs.json"),
        ),
        ("samples/s10-mixed-three-buckets.har", None),
        ("samples/presigned-put-no-cors.har", None),
        ("tests/fixtures/producers/ie11-jsonp.harp", None),
    ] {
        let mut cmd = corshar();
        cmd.current_dir(root()).args(["analyze", har, "--format", "json"]);
        if let Some(c) = cors {
            cmd.args(["--cors", c]);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.code().is_some_and(|c| c < 2), "{har}: {out:?}");
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        failures.extend(violations(&v, &json, &format!("corshar analyze {har}")));
        checked += 1;
    }
    assert_none(&failures, checked, "CLI reports");
}

// ---------------------------------------------------------------------------------------------
// Triage

#[test]
fn triage_of_the_samples_and_the_producer_fixtures_validates() {
    let v = validator("triage");
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("schema-triage");
    std::fs::create_dir_all(&tmp).unwrap();
    // A file that cannot be read gives an `error` record.
    let broken = tmp.join("broken.har");
    std::fs::write(&broken, b"{\"log\": {\"entries\": [ {\"request\": ").unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    let runs: Vec<Vec<String>> = vec![
        vec!["samples".into()],
        vec!["tests/fixtures/producers".into()],
        vec![
            "samples".into(),
            "tests/fixtures/producers".into(),
            broken.display().to_string(),
            "no-such-folder".into(),
            "--cors".into(),
            "acme-batch-jobs=samples/cors/acme-batch-jobs.json".into(),
        ],
    ];
    for args in runs {
        let out = corshar()
            .current_dir(root())
            .arg("triage")
            .args(&args)
            .args(["--format", "json", "--quiet"])
            .output()
            .unwrap();
        assert!(out.status.code().is_some_and(|c| c < 2), "triage {args:?}: {out:?}");
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let what = format!("corshar triage {}", args.join(" "));
        failures.extend(violations(&v, &json, &what));
        checked += 1;
        let records = json["records"].as_array().unwrap();
        assert!(records.len() >= 13, "{what}: only {} records", records.len());
        if args.len() > 2 {
            assert!(
                records.iter().filter(|r| r["status"] == "error").count() >= 2,
                "{what}: the broken file and the missing folder are not error records"
            );
        }
    }
    assert_none(&failures, checked, "triage queues");
}

/// The library's records, built from every report, validate too (with and without --cors).
#[test]
fn triage_records_from_the_library_validate() {
    let v = validator("triage");
    let mut records = Vec::new();
    for expected in [SAMPLES, PRODUCERS] {
        for sample in common::samples(expected) {
            let file = sample["file"].as_str().unwrap();
            for with_cors in [false, true] {
                records.push(corshar::triage::record(
                    file,
                    &common::run(&sample, expected, with_cors),
                ));
            }
        }
    }
    records.push(corshar::triage::failed("x.har", "x.har:1:2: expected value"));
    let n = records.len();
    let queue = corshar::triage::triage(records);
    let failures = violations(&v, &to_value(&queue), "triage of every report");
    assert_none(&failures, n, "triage records");
}

// ---------------------------------------------------------------------------------------------
// Explain

fn manifest(dir: &str) -> Value {
    serde_json::from_slice(&std::fs::read(root().join("tests/data").join(dir).join("manifest.json")).unwrap()).unwrap()
}

#[test]
fn explain_of_the_real_chrome_console_lines_validates() {
    let v = validator("explain");
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in manifest("real-hars")["files"].as_array().unwrap() {
        let name = file["file"].as_str().unwrap();
        let Some(console) = file["browser_reported"]["browser_console"].as_array() else {
            continue;
        };
        let text: Vec<&str> = console.iter().filter_map(|c| c["text"].as_str()).collect();
        let text = text.join("\n");
        if !text.contains("blocked by CORS policy") {
            continue;
        }
        let found = explain::explain(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        failures.extend(violations(&v, &to_value(&found), name));
        failures.extend(violations(
            &v,
            &to_value(&found.redacted()),
            &format!("{name} (redacted)"),
        ));
        checked += 1;
    }
    assert!(checked >= 7, "only {checked} real consoles explained");
    assert_none(&failures, checked, "real Chrome consoles");
}

/// Every console line the reports quote (Chrome's, Firefox's and Safari's words for each blocked
/// request of every sample and fixture), explained, validates: this reaches the Firefox and
/// Safari readings and the mappings the real Chrome lines do not.
#[test]
fn explain_of_every_reported_console_line_validates() {
    let v = validator("explain");
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut mappings = BTreeSet::new();
    let mut browsers = BTreeSet::new();
    for expected in [SAMPLES, PRODUCERS] {
        for sample in common::samples(expected) {
            let file = sample["file"].as_str().unwrap();
            let report = common::run(&sample, expected, true);
            for f in &report.findings {
                let Some(e) = &f.browser_error else { continue };
                for (browser, text) in [("chrome", &e.message), ("firefox", &e.firefox), ("safari", &e.safari)] {
                    let Ok(found) = explain::explain(text) else {
                        continue;
                    };
                    let json = to_value(&found);
                    for m in json["messages"].as_array().unwrap() {
                        mappings.insert(m["mapping"].as_str().unwrap().to_owned());
                        browsers.insert(m["browser"].as_str().unwrap().to_owned());
                    }
                    failures.extend(violations(&v, &json, &format!("{file} #{} {browser}", f.entry)));
                    checked += 1;
                }
            }
        }
    }
    assert_none(&failures, checked, "reported console lines");
    assert_eq!(browsers.len(), 3, "{browsers:?}");
    assert!(mappings.len() >= 3, "{mappings:?}");
}

/// The CLI's JSON is the same document.
#[test]
fn the_cli_json_explanation_validates() {
    let v = validator("explain");
    let line = "Access to fetch at 'https://acme-telemetry-ingest.s3.us-east-2.amazonaws.com/audit/batch.ndjson?x-id=PutObject' from origin 'https://admin.acme.test' has been blocked by CORS policy: Request header field x-amz-date is not allowed by Access-Control-Allow-Headers in preflight response.";
    let out = corshar().args(["explain", line, "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let failures = violations(&v, &json, "corshar explain");
    assert_none(&failures, 1, "CLI explanations");
}

// ---------------------------------------------------------------------------------------------
// The schemas reject what they must

#[test]
fn the_schemas_reject_drift() {
    let v = validator("report");
    let sample = &common::samples(SAMPLES)[0];
    let good = to_value(&common::run(sample, SAMPLES, true));
    assert!(v.is_valid(&good));
    let mutate = |f: &dyn Fn(&mut Value)| {
        let mut bad = good.clone();
        f(&mut bad);
        bad
    };
    let bad = [
        (
            "an unknown top-level field",
            mutate(&|r| r["extra"] = Value::Bool(true)),
        ),
        (
            "another schema string",
            mutate(&|r| r["schema"] = "corshar.report/v2".into()),
        ),
        (
            "an unknown cause code",
            mutate(&|r| r["findings"][1]["causes"][0]["code"] = "s3-made-up".into()),
        ),
        (
            "an unknown verdict",
            mutate(&|r| r["findings"][0]["verdict"] = "passed".into()),
        ),
        (
            "a missing field",
            mutate(&|r| {
                r["findings"][0].as_object_mut().unwrap().remove("origin_source");
            }),
        ),
        (
            "a CORSRule with another field name",
            mutate(&|r| r["fixes"][0]["config"]["CORSRules"][0]["AllowedMethod"] = Value::Array(vec![])),
        ),
        (
            "a complete fix from a reconstruction",
            mutate(&|r| r["fixes"][0]["base_source"] = "reconstructed".into()),
        ),
    ];
    for (what, value) in bad {
        assert!(!v.is_valid(&value), "the report schema accepts {what}");
    }
}
