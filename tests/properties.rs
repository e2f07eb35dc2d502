//! Properties of the engine over generated cases (issue #7, item 2): the fix (s3::fix) makes every
//! blocked request pass, keeps what passed, is minimal and adds no wildcard; S3's simulation grants
//! exactly what the rules allow; redaction is idempotent and leaves no planted secret.
//!
//! Each property runs `PROPTEST_CASES` cases (default: the number in its `cases(...)`).

#[path = "properties/engine.rs"]
mod engine;
#[path = "properties/fix.rs"]
mod fix;
#[path = "properties/judge.rs"]
mod judge;
#[path = "properties/redact.rs"]
mod redact;
#[path = "properties/simulate.rs"]
mod simulate;
#[path = "properties/strategies.rs"]
mod strategies;

use proptest::test_runner::Config;

/// `default` cases, or `PROPTEST_CASES` when set.
pub fn cases(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        ..Config::default()
    }
}
