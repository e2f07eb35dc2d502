//! The whole engine (`corshar::analyze`) on arbitrary bytes, without a given configuration (the
//! current one is reconstructed from the HAR). The report serialises to valid JSON, its summary
//! counts its findings, every fix's S3 forms parse back to the fix, and the Markdown rendering
//! works.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::check_analysis(data, &corshar::Options::default());
});
