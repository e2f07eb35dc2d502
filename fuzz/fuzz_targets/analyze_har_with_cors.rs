//! The whole engine with a given CORS configuration, so the fix/verify path runs from a real
//! base. The input is `CONFIG \0 HAR`: the bytes before the first NUL are the configuration
//! (empty: the bucket has none, as after NoSuchCORSConfiguration), the rest is the HAR. The HAR
//! is analysed once without, to learn its buckets, then with the configuration given for the
//! first bucket by name and, when it reaches exactly one bucket, unnamed.
#![no_main]

use corshar::{GivenCors, Options};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some(split) = data.iter().position(|&b| b == 0) else {
        return;
    };
    let (config_bytes, har) = (&data[..split], &data[split + 1..]);
    let Ok(config_text) = std::str::from_utf8(config_bytes) else {
        return;
    };
    let config = if config_text.trim().is_empty() {
        None
    } else {
        match corshar::s3::config::parse(config_text) {
            Ok(c) => Some(c),
            Err(_) => return,
        }
    };
    let Some(report) = common::check_analysis(har, &Options::default()) else {
        return;
    };
    let Some(bucket) = report.summary.buckets.first() else {
        return;
    };
    let named = Options {
        cors: vec![GivenCors {
            bucket: Some(bucket.clone()),
            config: config.clone(),
        }],
        ..Options::default()
    };
    common::check_analysis(har, &named);
    if report.summary.buckets.len() == 1 {
        let unnamed = Options {
            cors: vec![GivenCors { bucket: None, config }],
            show_secrets: true,
            ..Options::default()
        };
        common::check_analysis(har, &unnamed);
    }
});
