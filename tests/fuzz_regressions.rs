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
