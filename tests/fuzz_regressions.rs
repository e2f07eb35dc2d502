//! Inputs the fuzz targets (fuzz/, see fuzz/README.md) found to break the library, each named
//! after the target and what went wrong, kept so the bug stays fixed.

use corshar::s3::config;

/// cors_config_json (found by a 200 KB probe beyond the campaign's -max_len): serde_json's syntax
/// check skips any depth without recursion, and the positioned walk of src/s3/json.rs then
/// recursed once per `[`: 100 000 of them overflowed the stack (an abort, not an error) in
/// `config::parse`, so in `corshar lint` and `--cors`.
#[test]
fn fuzz_cors_config_json_deep_nesting_overflows_stack() {
    let depth = 100_000;
    let text = format!("{{\"CORSRules\": {}{}}}", "[".repeat(depth), "]".repeat(depth));
    let err = config::parse(&text).expect_err("refused, not a stack overflow");
    assert!(err.message.contains("nested more than 128 levels"), "{err}");
    // At the `[` that opens level 129 (the object is level 1; the first `[` is at column 15).
    assert_eq!((err.line, err.column), (1, 14 + 128));
    // The console's bare array, the same way.
    let text = "[".repeat(depth) + &"]".repeat(depth);
    assert!(config::parse(&text).is_err());
    // 128 levels (the object and 127 arrays) is still JSON this reader walks (and then refuses as a configuration).
    let text = format!("{{\"CORSRules\": {}{}}}", "[".repeat(127), "]".repeat(127));
    let err = config::parse(&text).expect_err("not rules");
    assert!(!err.message.contains("nested"), "{err}");
}

/// cors_config_roundtrip (found by `.ci/run`'s 10-second run): an XML configuration with a raw NUL
/// inside `<AllowedOrigin>` was read (quick-xml passes it through), and its XML form, `&#x0;`,
/// was then refused by the same reader, so the configuration had no faithful XML form. XML 1.0
/// carries no NUL at all, and S3 refuses such a document: the reader now refuses it, naming the
/// place, and `validate` refuses such a value read from JSON (`\u0000`).
#[test]
fn fuzz_cors_config_roundtrip_nul_in_an_xml_value() {
    let xml = "<CORSConfiguration>\n  <CORSRule>\n    <AllowedOrigin>https:R\0//portal.acme.test</AllowedOrigin>\n    <AllowedMethod>GET</AllowedMethod>\n  </CORSRule>\n</CORSConfiguration>\n";
    let err = config::parse(xml).expect_err("XML carries no NUL");
    assert_eq!((err.line, err.column), (3, 27), "{err}");
    assert!(err.message.contains("U+0000 is not allowed in XML"), "{err}");

    let json = r#"{"CORSRules": [{"AllowedOrigins": ["https:R\u0000//portal.acme.test"], "AllowedMethods": ["GET"]}]}"#;
    let from_json = config::parse(json).expect("JSON can say it");
    let refused = config::validate(&from_json).expect_err("S3 cannot be sent it");
    assert_eq!(refused.code, "MalformedXML");
    // A control character XML does allow (tab) is still taken.
    let tab = r#"{"CORSRules": [{"AllowedOrigins": ["https://portal.acme.test"], "AllowedMethods": ["GET"], "ExposeHeaders": ["x\ty"]}]}"#;
    assert!(config::validate(&config::parse(tab).unwrap()).is_ok());
}
