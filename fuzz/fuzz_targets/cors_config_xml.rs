//! The CORS configuration parser on S3 XML `<CORSConfiguration>` (inputs that `config::parse` does not
//! auto-detect as that form are skipped, so the fuzzer stays on that parser). Errors point inside
//! the text; a configuration that parses survives validation and lint, and its serde (aws-cli)
//! form parses back to it. The emitters are `cors_config_roundtrip`'s.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if common::first_significant(text) != Some('<') {
        return;
    }
    match corshar::s3::config::parse(text) {
        Ok(config) => common::check_parsed(&config),
        Err(e) => common::check_error_position(text, &e),
    }
});
