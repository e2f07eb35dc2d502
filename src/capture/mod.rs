//! HAR ingestion: from the bytes of a HAR file to a borrowed [`Capture`] of what the analysis
//! needs. Lenient about every producer's spelling (see `model` and `lenient`), strict about
//! structure: an input that is not JSON, or not a HAR, is an error that says where and what was
//! expected. Bodies are skipped without copying.

mod lenient;
pub mod model;
pub mod producer;
mod reader;
pub mod time;
pub mod wrapper;

pub use model::{Content, Entry, Initiator, Page, Product, Request, Response};
pub use producer::Producer;
use std::borrow::Cow;

use crate::headers;

/// A HAR, as far as the analysis needs it. Borrows from the input bytes.
#[derive(Debug, Default)]
pub struct Capture<'a> {
    pub version: Option<Cow<'a, str>>,
    pub creator: Product<'a>,
    pub browser: Option<Product<'a>>,
    pub pages: Vec<Page<'a>>,
    pub entries: Vec<Entry<'a>>,
    pub producer: Producer,
    /// Things the reader did to the input that the user should know (a BOM skipped...).
    pub notes: Vec<String>,
    /// Set when the file was cut off: the entries are those read whole.
    pub truncated: Option<Truncation>,
}

/// Why a HAR could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Not valid JSON, or a value of the wrong kind: where, and what was expected there.
    #[error("{line}:{column}: {}{message}", entry.map(|i| format!("in log.entries[{i}]: ")).unwrap_or_default())]
    Syntax {
        line: usize,
        column: usize,
        message: String,
        entry: Option<usize>,
    },
    /// Valid JSON that is not a HAR: which key is missing.
    #[error("not a HAR: {0}")]
    NotHar(String),
}

/// Where a truncated HAR ends, and what of it could still be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truncation {
    /// The input's length in bytes: where it ends.
    pub file_bytes: usize,
    /// Line and column of the end.
    pub line: usize,
    pub column: usize,
    /// Entries read whole (`log.entries[..complete_entries]`).
    pub complete_entries: usize,
    /// Byte offset just after the last complete entry.
    pub last_complete_end: Option<usize>,
    /// Whether the `entries` array itself was complete (only closing brackets were lost).
    pub entries_complete: bool,
}

/// Reads a HAR from its bytes (UTF-8, a leading BOM tolerated). A file cut off inside
/// `log.entries` is read up to its last complete entry and marked `truncated`.
pub fn read(bytes: &[u8]) -> Result<Capture<'_>, ReadError> {
    let mut notes = Vec::new();
    let json = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => {
            notes.push("skipped a UTF-8 byte order mark at the start of the file".to_owned());
            rest
        }
        None => bytes,
    };
    // A HAR inside a JSONP call or pasted into Markdown: read the JSON, keep positions relative
    // to the whole input.
    let (json, unwrapped) = match wrapper::unwrap(json) {
        Some(u) => {
            notes.push(format!("read the HAR out of {}", u.what));
            (u.json, true)
        }
        None => (json, false),
    };
    // Where `json` starts in the file's bytes (after a BOM, inside a wrapper).
    let json_start = json.as_ptr() as usize - bytes.as_ptr() as usize;
    let base = unwrapped.then_some(json_start);
    let relocate = |mut e: ReadError| {
        if let (Some(base), ReadError::Syntax { line, column, .. }) = (base, &mut e) {
            let (base_line, base_column) = wrapper::line_column(bytes, base);
            if *line == 1 {
                *column += base_column - 1;
            }
            *line += base_line - 1;
        }
        e
    };
    let sink = reader::Sink::<Entry<'_>>::default();
    let outcome = reader::parse(json, &sink);
    let current = sink.current.get();
    let (head, entries) = (sink.head.into_inner(), sink.items.into_inner());
    let mut truncated = None;
    if let Err(e) = outcome {
        let recoverable = e.is_eof() && head.saw_entries && (!entries.is_empty() || sink.done.get());
        if !recoverable {
            return Err(relocate(syntax_error(&e, current)));
        }
        let spans = reader::entry_spans(json, entries.len());
        let t = Truncation {
            file_bytes: bytes.len(),
            line: e.line(),
            column: e.column(),
            complete_entries: entries.len(),
            last_complete_end: spans.map(|end| end + json_start),
            entries_complete: sink.done.get(),
        };
        truncated = Some(t);
    }
    if !head.saw_log {
        return Err(ReadError::NotHar("the top-level object has no \"log\" key".to_owned()));
    }
    if !head.saw_entries {
        return Err(ReadError::NotHar("\"log\" has no \"entries\" array".to_owned()));
    }
    let producer = Producer::detect(head.creator.name.as_deref());
    Ok(Capture {
        version: head.version,
        creator: head.creator,
        browser: head.browser,
        pages: head.pages,
        entries,
        producer,
        notes,
        truncated,
    })
}

impl Truncation {
    /// Where the file ends and what the analysis covers, for the user.
    pub fn describe(&self) -> String {
        truncation_note(self)
    }
}

fn truncation_note(t: &Truncation) -> String {
    let end = format!(
        "The file ends early, at byte {} (line {}, column {})",
        t.file_bytes, t.line, t.column
    );
    if t.entries_complete {
        return format!(
            "{end}, after log.entries: all {} entries are read; only the closing brackets are missing.",
            t.complete_entries
        );
    }
    let after = t
        .last_complete_end
        .map(|b| format!(", which end at byte {b}"))
        .unwrap_or_default();
    format!(
        "{end}, inside log.entries[{k}]: the analysis covers log.entries[0..{k}]{after}. Entry {k} and any after it are lost; how many is not knowable from the file.",
        k = t.complete_entries
    )
}

/// serde_json's error as a [`ReadError`] at the place it names.
pub(crate) fn syntax_error(e: &serde_json::Error, entry: Option<usize>) -> ReadError {
    let text = e.to_string();
    // serde_json appends " at line L column C"; the position is reported separately.
    let message = match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    };
    // serde_json's words for bytes that are not UTF-8 (the position is that of the bad bytes).
    let message = if message == "invalid unicode code point" {
        "invalid UTF-8: a HAR is UTF-8 text (was the file saved in another encoding?)".to_owned()
    } else {
        message
    };
    let message = if e.is_eof() {
        format!("{message}: the file ends early (is it truncated?)")
    } else {
        message
    };
    ReadError::Syntax {
        line: e.line(),
        column: e.column(),
        message,
        entry,
    }
}

impl<'a> Entry<'a> {
    pub fn method(&self) -> &str {
        self.request.method.as_deref().unwrap_or("")
    }

    pub fn url(&self) -> &str {
        self.request.url.as_deref().unwrap_or("")
    }

    /// The response status; `None` when the producer wrote none. 0 and -1 mean "no response".
    pub fn status(&self) -> Option<i64> {
        self.response.status
    }

    /// True when a response was received (a real HTTP status).
    pub fn has_response(&self) -> bool {
        self.response.status.is_some_and(|s| s >= 100)
    }

    /// The failure the producer recorded (`_error`, `_failureText`), if any. Chrome 49's `""`
    /// counts as none.
    pub fn failure(&self) -> Option<&str> {
        let error = self.response.error.as_ref().and_then(|e| e.as_deref());
        error
            .or(self.response.failure_text.as_deref())
            .filter(|e| !e.is_empty())
    }

    /// Whether the producer wrote a failure field on this entry at all (even `null`).
    pub fn has_failure_field(&self) -> bool {
        self.response.error.is_some() || self.response.failure_text.is_some()
    }

    /// Whether this entry is a CORS preflight, from the most to the least specific evidence:
    /// Chrome's `_resourceType`, the `_initiator` type, then an `OPTIONS` carrying both
    /// `Access-Control-Request-Method` and `Origin` (Firefox, proxies, Chrome before ~86).
    pub fn is_preflight(&self) -> bool {
        if self.resource_type.as_deref() == Some("preflight") {
            return true;
        }
        if self.initiator.as_ref().and_then(|i| i.kind.as_deref()) == Some("preflight") {
            return true;
        }
        self.method().eq_ignore_ascii_case("OPTIONS")
            && headers::contains(&self.request.headers, "access-control-request-method")
            && headers::contains(&self.request.headers, "origin")
    }

    /// `startedDateTime` in milliseconds since the epoch.
    pub fn started_ms(&self) -> Option<f64> {
        self.started_date_time.as_deref().and_then(time::parse_ms)
    }
}

#[cfg(test)]
mod tests;
