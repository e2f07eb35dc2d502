//! Every emitted form, byte for byte against the committed files in `tests/golden/`, and the S3
//! forms parsed back to the same configuration.
//!
//! After an intended change of output: `UPDATE_GOLDEN=1 cargo test --test emit`, then review the
//! diff of `tests/golden/` like any other change.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use corshar::s3::config::{self, CorsConfiguration};
use corshar::s3::emit::{self, Form, Target};

/// The configurations every form is rendered from: input file and bucket.
const CASES: [(&str, &str); 4] = [
    // One rule for a browser SDK upload (an ID, a header wildcard).
    ("sdk-upload.json", "acme-telemetry-ingest"),
    // Several rules, IDs on some, origin wildcards of each shape, `*` headers, no MaxAge.
    ("several-rules.json", "acme-media.assets"),
    // Apostrophes, quotes, a backslash, `${` and `%{`, `--`, a MaxAge beyond every limit.
    ("quoting.json", "oreilly-shop"),
    // The smallest configuration, read from XML.
    ("minimal.xml", "public-data"),
];

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn case_name(input: &str) -> &str {
    input.rsplit_once('.').map_or(input, |(stem, _)| stem)
}

fn load(input: &str) -> CorsConfiguration {
    let path = golden_dir().join("inputs").join(input);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    config::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Compares `actual` with the golden file, or writes it under `UPDATE_GOLDEN=1`. Returns the
/// mismatch, if any, so one run reports every drifted file.
fn check(relative: &str, actual: &str) -> Option<String> {
    let path = golden_dir().join(relative);
    if updating() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return None;
    }
    match std::fs::read_to_string(&path) {
        Ok(expected) if expected == actual => None,
        Ok(expected) => {
            let line = expected
                .lines()
                .zip(actual.lines())
                .position(|(a, b)| a != b)
                .map_or_else(|| expected.lines().count().min(actual.lines().count()) + 1, |i| i + 1);
            Some(format!(
                "{relative}: differs from line {line}\n  golden: {:?}\n  actual: {:?}",
                expected.lines().nth(line - 1).unwrap_or("(end)"),
                actual.lines().nth(line - 1).unwrap_or("(end)")
            ))
        }
        Err(_) => Some(format!("{relative}: missing golden file")),
    }
}

fn golden_name(case: &str, form: Form) -> String {
    format!("{case}/{}.{}", form.name(), form.extension())
}

/// Notes and apply steps of every form, in one reviewable file per case.
fn notes_file(target: &Target<'_>, config: &CorsConfiguration) -> String {
    let mut out = String::new();
    for form in Form::ALL {
        let emitted = emit::emit(form, target, config);
        let _ = writeln!(out, "== {} ({})", form.name(), form.file_name());
        for note in &emitted.notes {
            let _ = writeln!(out, "note: {note}");
        }
        for step in &emitted.apply {
            let _ = writeln!(out, "apply: {step}");
        }
    }
    out
}

#[test]
fn every_form_matches_its_golden_file() {
    let mut failures = Vec::new();
    let mut expected_files = BTreeSet::new();
    for (input, bucket) in CASES {
        let config = load(input);
        let case = case_name(input);
        let target = Target::bucket(bucket);
        for form in Form::ALL {
            let name = golden_name(case, form);
            let text = emit::emit(form, &target, &config).text;
            assert_eq!(
                text,
                emit::render(form, bucket, &config),
                "{name}: render and emit differ"
            );
            failures.extend(check(&name, &text));
            expected_files.insert(name);
        }
        let name = format!("{case}/notes.txt");
        failures.extend(check(&name, &notes_file(&target, &config)));
        expected_files.insert(name);
    }
    // The user's legacy Terraform with its inline cors_rule blocks replaced.
    let legacy = std::fs::read_to_string(golden_dir().join("inputs/legacy-bucket.tf")).unwrap();
    let patch = emit::patch_terraform_inline(&legacy, "acme-media.assets", &load("several-rules.json")).unwrap();
    assert_eq!((patch.resource.as_str(), patch.replaced), ("media", 2));
    let mut report = String::new();
    for note in &patch.notes {
        let _ = writeln!(report, "note: {note}");
    }
    for (name, text) in [
        ("terraform-patch/legacy-bucket.tf", patch.text.as_str()),
        ("terraform-patch/notes.txt", report.as_str()),
    ] {
        failures.extend(check(name, text));
        expected_files.insert(name.to_owned());
    }
    // A golden file no case produces any more is drift too.
    for case in CASES
        .map(|(input, _)| case_name(input))
        .into_iter()
        .chain(["terraform-patch"])
    {
        let dir = golden_dir().join(case);
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = format!("{case}/{}", entry.file_name().to_string_lossy());
            if !expected_files.contains(&name) {
                if updating() {
                    std::fs::remove_file(entry.path()).unwrap();
                } else {
                    failures.push(format!("{name}: golden file produced by no form (remove it)"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden file(s) drifted; if intended, run UPDATE_GOLDEN=1 cargo test --test emit and review the diff:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn s3_forms_parse_back_to_the_same_configuration() {
    for (input, bucket) in CASES {
        let config = load(input);
        for form in Form::ALL.into_iter().filter(|f| f.is_s3_document()) {
            let text = emit::render(form, bucket, &config);
            assert_eq!(config::parse(&text).as_ref(), Ok(&config), "{input} as {form}");
        }
        for form in [Form::AwsCli, Form::Console, Form::Xml] {
            assert!(form.is_s3_document());
        }
    }
}

#[test]
fn json_and_xml_forms_are_well_formed() {
    for (input, bucket) in CASES {
        let config = load(input);
        for form in Form::ALL {
            let text = emit::render(form, bucket, &config);
            assert!(text.ends_with('\n'), "{input} as {form}: no final newline");
            match form.extension() {
                "json" => {
                    serde_json::from_str::<serde_json::Value>(&text)
                        .unwrap_or_else(|e| panic!("{input} as {form}: invalid JSON: {e}"));
                }
                "xml" => {
                    let mut reader = quick_xml::Reader::from_str(&text);
                    loop {
                        match reader.read_event() {
                            Ok(quick_xml::events::Event::Eof) => break,
                            Ok(_) => {}
                            Err(e) => panic!("{input} as {form}: invalid XML: {e}"),
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

#[test]
fn the_golden_cases_cover_what_they_claim() {
    let several = load("several-rules.json");
    assert!(several.rules.len() > 1);
    assert!(several.rules.iter().any(|r| r.id.is_some()) && several.rules.iter().any(|r| r.id.is_none()));
    assert!(
        several
            .rules
            .iter()
            .flat_map(|r| &r.allowed_origins)
            .any(|o| o.contains('*'))
    );
    let quoting = load("quoting.json");
    let values: Vec<&String> = quoting
        .rules
        .iter()
        .flat_map(|r| {
            r.allowed_origins
                .iter()
                .chain(&r.allowed_headers)
                .chain(&r.expose_headers)
        })
        .chain(quoting.rules.iter().filter_map(|r| r.id.as_ref()))
        .collect();
    for needle in ["'", "\"", "\\", "${", "%{", "--"] {
        assert!(values.iter().any(|v| v.contains(needle)), "no value with {needle}");
    }
}

#[test]
fn hosts_fill_in_account_and_region() {
    let config = load("sdk-upload.json");
    let spaces = emit::emit(
        Form::Spaces,
        &Target::with_host("acme", "acme.fra1.digitaloceanspaces.com"),
        &config,
    );
    assert_eq!(
        spaces.apply,
        [
            "aws s3api put-bucket-cors --bucket acme --cors-configuration file://cors.json --endpoint-url https://fra1.digitaloceanspaces.com"
        ]
    );
    let tf = emit::render(Form::SpacesTerraform, "acme", &config);
    assert!(tf.contains("  region = \"REGION\"\n"));
    let azure = emit::emit(
        Form::AzureCli,
        &Target::with_host("uploads", "acmedata.blob.core.windows.net"),
        &config,
    );
    assert!(
        azure
            .text
            .contains("az storage cors clear --services b --account-name acmedata\n")
    );
    assert!(azure.notes[0].contains("(acmedata)") && azure.notes[0].contains("container uploads"));
    let r2 = emit::emit(
        Form::R2,
        &Target::with_host("media", "media.0123abcd.r2.cloudflarestorage.com"),
        &config,
    );
    assert!(
        r2.notes
            .iter()
            .any(|n| n.contains("https://0123abcd.r2.cloudflarestorage.com"))
    );
    assert_eq!(r2.apply, ["wrangler r2 bucket cors set media --file cors.json"]);
    assert_eq!(
        emit::for_host("media.0123abcd.r2.cloudflarestorage.com"),
        Some(Form::R2)
    );
}

#[test]
fn forms_never_panic_on_odd_configurations() {
    use corshar::s3::CorsRule;
    let odd = [
        "",
        "*",
        "**",
        "*://*",
        "\u{0}\u{7f}\r\n\t",
        "é*",
        ":*",
        "https://*.",
        "x,y",
        "-->",
        "*/",
        "b2-x",
    ];
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let configs = [
        CorsConfiguration::default(),
        CorsConfiguration {
            rules: vec![CorsRule {
                id: Some("--\u{2028}'\"".into()),
                allowed_origins: strings(&odd),
                allowed_methods: strings(&["get", "PATCH", "", "GET"]),
                allowed_headers: strings(&odd),
                expose_headers: strings(&odd),
                max_age_seconds: Some(i64::MIN),
            }],
        },
        CorsConfiguration {
            rules: vec![CorsRule::default(); 7],
        },
    ];
    for config in &configs {
        for form in Form::ALL {
            for target in [Target::bucket(""), Target::with_host("b.c", "x.blob.core.windows.net")] {
                let emitted = emit::emit(form, &target, config);
                assert!(emitted.text.ends_with('\n'), "{form}");
            }
        }
    }
}
