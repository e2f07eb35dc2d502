//! The console-message parser (`corshar::explain::explain`) on arbitrary text: never panics;
//! an explanation has at least one message and serialises to JSON; the redacted explanation
//! and its text rendering work too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match corshar::explain::explain(&text) {
        Ok(explanation) => {
            assert!(!explanation.messages.is_empty());
            let json = serde_json::to_string(&explanation).expect("an explanation serialises");
            serde_json::from_str::<serde_json::Value>(&json).expect("valid JSON");
            let _ = explanation.render_text();
            let redacted = explanation.redacted();
            let _ = redacted.render_text();
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
