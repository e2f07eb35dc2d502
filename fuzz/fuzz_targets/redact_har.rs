//! HAR scrubbing (`corshar::redact::har::redact`) on arbitrary bytes: its output re-reads as a
//! HAR with the same entries, and redacting it again changes nothing (idempotence), with and
//! without `keep_bodies`.
#![no_main]

use corshar::redact::har::{Options, redact};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for options in [Options { keep_bodies: false }, Options { keep_bodies: true }] {
        let Ok(once) = redact(data, &options) else {
            continue;
        };
        let _ = once.summary.to_string();
        let read =
            corshar::capture::read(&once.bytes).unwrap_or_else(|e| panic!("the redacted HAR does not read back: {e}"));
        assert!(read.truncated.is_none(), "the redacted HAR is cut off");
        assert_eq!(read.entries.len(), once.summary.entries, "entries written");
        if let Ok(original) = corshar::capture::read(data) {
            assert_eq!(original.entries.len(), read.entries.len(), "entries kept");
        }
        let twice =
            redact(&once.bytes, &options).unwrap_or_else(|e| panic!("the redacted HAR does not redact again: {e}"));
        assert!(
            twice.bytes == once.bytes,
            "redacting twice differs from once:\n{}\n---\n{}",
            String::from_utf8_lossy(&once.bytes),
            String::from_utf8_lossy(&twice.bytes)
        );
    }
});
