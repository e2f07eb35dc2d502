//! HAR scrubbing (`corshar::redact::har::redact`) on arbitrary bytes: redacting a HAR the reader
//! reads whole gives one it reads whole, with the same entries; redacting the output again changes
//! nothing (idempotence), with and without `keep_bodies`. (Redaction is lenient where the reader is
//! not: a HAR with a duplicate key in an entry is redacted, key kept, and the reader still refuses
//! it; so "re-reads" is asserted only for inputs that read.)
#![no_main]

use corshar::redact::har::{Options, redact};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let original = corshar::capture::read(data).ok().filter(|c| c.truncated.is_none());
    for options in [Options { keep_bodies: false }, Options { keep_bodies: true }] {
        let Ok(once) = redact(data, &options) else {
            continue;
        };
        let _ = once.summary.to_string();
        if let Some(original) = &original {
            let read = corshar::capture::read(&once.bytes)
                .unwrap_or_else(|e| panic!("the redacted HAR does not read back: {e}"));
            assert!(read.truncated.is_none(), "the redacted HAR is cut off");
            assert_eq!(read.entries.len(), once.summary.entries, "entries written");
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
