//! A fixture per HAR producer, in its real shape (tests/fixtures/producers, see its README): each
//! is read, its producer recognised, and its S3 CORS failures diagnosed as expected.json says,
//! including what the producer cannot show (preflights it hides, requests it drops).

mod common;

#[test]
fn every_producer_fixture_is_read_and_diagnosed() {
    let failures = common::misses("tests/fixtures/producers/expected.json");
    assert!(
        failures.is_empty(),
        "{} misses:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
