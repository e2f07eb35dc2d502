//! Every cause, warning and lint code has a section in docs/codes.md, and every section names a code.

use corshar::causes::{CauseCode, WarningCode};

#[test]
fn every_code_is_documented_and_every_section_is_a_code() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/codes.md")).unwrap();
    let sections: Vec<&str> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .map(str::trim)
        .collect();
    let lint = corshar::s3::lint::WARNING_CODES.iter().map(|(c, _)| *c);
    let causes = CauseCode::ALL.iter().map(|c| c.code());
    let warnings = WarningCode::ALL.iter().map(|w| w.code());
    let codes: Vec<&str> = causes.chain(warnings).chain(lint).collect();
    for code in &codes {
        assert!(sections.contains(code), "docs/codes.md has no section for `{code}`");
    }
    for section in &sections {
        assert!(
            codes.contains(section),
            "docs/codes.md documents `{section}`, which is not a code"
        );
    }
}
