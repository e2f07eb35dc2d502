//! Properties of the engine over generated cases (issue #7, item 2): the fix (s3::fix) makes every
//! blocked request pass, keeps what passed, is minimal and adds no wildcard; S3's simulation grants
//! exactly what the rules allow; redaction is idempotent and leaves no planted secret.
//!
//! - fix.rs: properties 1–4 on `s3::fix::propose` (1000 cases each);
//! - engine.rs: property 1 through `analyze` with `--cors` given, on HARs recorded under a
//!   generated configuration (1000 cases);
//! - simulate.rs: property 5, `s3::simulate` against judge.rs's reference model (2000 each);
//! - redact.rs: property 6, `redact` and analyze's reports on HARs with planted secrets (1000
//!   each);
//! - strategies.rs: the generators; judge.rs: the independent browser judge and the reference S3.
//!
//! Each property runs `PROPTEST_CASES` cases when it is set, else the number in its `cases(...)`.
//! A failing case is minimised and saved as tests/properties/*.proptest-regressions (not kept in
//! git: a real failure becomes a plain regression test named after the bug).

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
