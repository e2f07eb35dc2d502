//! The HAR reader (`corshar::capture::read`) on arbitrary bytes: never panics; what it reads is
//! consistent (a truncated read names an end inside the input and counts the entries it kept).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match corshar::capture::read(data) {
        Ok(capture) => {
            if let Some(t) = &capture.truncated {
                assert_eq!(t.file_bytes, data.len());
                assert_eq!(t.complete_entries, capture.entries.len());
                if let Some(end) = t.last_complete_end {
                    assert!(end <= data.len(), "{t:?}");
                }
                assert!(t.line >= 1);
                let _ = t.describe();
            }
            for e in &capture.entries {
                let _ = (e.method(), e.url(), e.status(), e.has_response());
                let _ = (e.failure(), e.has_failure_field(), e.is_preflight(), e.started_ms());
            }
            let _ = corshar::capture::Producer::detect(capture.creator.name.as_deref());
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
