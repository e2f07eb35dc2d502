//! Round trip: any configuration `config::parse` reads (any of the three forms) is emitted in
//! every form; S3's own forms (aws-cli JSON, console array, XML, and Spaces/MinIO, which are
//! the same documents) parse back to an equal configuration, as src/s3/emit/s3.rs promises.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(config) = corshar::s3::config::parse(text) {
        common::check_parsed(&config);
        common::check_emitted(&config);
        // A diff of a configuration against itself and against nothing must not panic.
        let _ = corshar::s3::emit::diff(Some(&config), &config);
        let _ = corshar::s3::emit::diff(None, &config);
    }
});
