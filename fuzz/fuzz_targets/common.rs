//! Invariants shared by the targets. Each `check_*` panics (a libFuzzer crash) when a property
//! the library documents does not hold.
#![allow(dead_code)]

use corshar::s3::CorsConfiguration;
use corshar::s3::config::{self, ConfigError};
use corshar::s3::emit::{self, Form};

/// Which form `config::parse` auto-detects from the first significant character.
pub fn first_significant(text: &str) -> Option<char> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.trim_start().chars().next()
}

/// A parse error points somewhere inside (or just past the end of) the text, 1-based.
pub fn check_error_position(text: &str, e: &ConfigError) {
    assert!(e.line >= 1 && e.column >= 1, "{e:?}");
    let lines = text.split('\n').count().max(1);
    assert!(e.line <= lines, "line {} of {lines}: {e:?}", e.line);
    assert!(!e.message.is_empty());
    let _ = e.to_string();
}

/// What the library does with a parsed configuration: validation and lint must not panic, and
/// the model's serde form (the aws-cli form) parses back to the same configuration.
pub fn check_parsed(config: &CorsConfiguration) {
    let _ = config::validate(config);
    let lint = corshar::s3::lint::lint(config);
    serde_json::to_string(&lint.errors).expect("lint serialises");
    // The model's serde form is the aws-cli form.
    let json = serde_json::to_string(config).expect("a configuration serialises");
    let again = config::parse(&json).unwrap_or_else(|e| panic!("serde JSON does not re-parse: {e}\n{json}"));
    assert_eq!(&again, config, "serde JSON round trip\n{json}");
}

/// Every form renders; S3's own forms (aws-cli JSON, console array, XML, Spaces, MinIO) parse
/// back to the same configuration (src/s3/emit/s3.rs: "Nothing is lost").
pub fn check_emitted(config: &CorsConfiguration) {
    // A value with a character XML 1.0 cannot carry (read from JSON's `\u0000`, say) has no XML
    // form; S3 refuses such a configuration (`validate`), so only its JSON forms must round-trip.
    let xml_expressible = config.rules.iter().all(|r| {
        r.id.iter()
            .chain(&r.allowed_origins)
            .chain(&r.allowed_methods)
            .chain(&r.allowed_headers)
            .chain(&r.expose_headers)
            .all(|v| v.chars().all(config::is_xml_char))
    });
    if !xml_expressible {
        assert!(
            config::validate(config).is_err(),
            "S3 would take a value XML cannot carry"
        );
    }
    for form in Form::ALL {
        let text = emit::render(form, "fuzz-bucket", config);
        assert!(text.ends_with('\n'), "{form}: no final newline");
        if form.is_s3_document() && (xml_expressible || !text.trim_start().starts_with('<')) {
            let again = config::parse(&text).unwrap_or_else(|e| panic!("{form} does not re-parse: {e}\n{text}"));
            assert_eq!(&again, config, "{form} round trip\n{text}");
        }
    }
}

/// Runs the whole engine and checks the report: it serialises to valid JSON, its summary counts
/// its findings, every fix's configuration is in its S3 forms (which parse back to it), and the
/// Markdown rendering works. `None` when the input is not a HAR.
pub fn check_analysis(har: &[u8], options: &corshar::Options) -> Option<corshar::Report> {
    let report = match corshar::analyze(har, options) {
        Ok(report) => report,
        Err(e) => {
            let _ = e.to_string();
            return None;
        }
    };
    let json = corshar::report::json::render(&report);
    let value: serde_json::Value = serde_json::from_str(&json).expect("the report is valid JSON");
    assert_eq!(value["schema"], corshar::report::SCHEMA);
    let s = &report.summary;
    assert_eq!(s.cross_origin, report.findings.len());
    assert_eq!(s.blocked + s.unreadable + s.ok, s.cross_origin, "{s:?}");
    assert_eq!(s.entries, report.source.entries);
    for fix in &report.fixes {
        for form in [Form::AwsCli, Form::Xml] {
            if let Some(text) = fix.forms.get(form.name()) {
                let again = config::parse(text).unwrap_or_else(|e| panic!("fix in {form} does not parse: {e}\n{text}"));
                assert_eq!(again, fix.config, "fix in {form}");
            }
        }
    }
    // (The terminal table, report::text, is behind the `cli` feature this crate leaves off.)
    let _ = corshar::report::markdown::render(&report, Form::Terraform);
    Some(report)
}
