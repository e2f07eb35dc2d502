//! HAR ingestion: from the bytes of a HAR file to a borrowed [`Capture`] of what the analysis
//! needs. Lenient about every producer's spelling (see `model` and `lenient`), strict about
//! structure: an input that is not JSON, or not a HAR, is an error that says where and what was
//! expected. Bodies are skipped without copying.

mod lenient;
pub mod model;
pub mod producer;
pub mod time;

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

pub use model::{Content, Entry, Initiator, Page, Product, Request, Response};
pub use producer::Producer;

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

/// Reads a HAR from its bytes (UTF-8, a leading BOM tolerated).
pub fn read(bytes: &[u8]) -> Result<Capture<'_>, ReadError> {
    let mut notes = Vec::new();
    let json = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => {
            notes.push("skipped a UTF-8 byte order mark at the start of the file".to_owned());
            rest
        }
        None => bytes,
    };
    let current_entry = Cell::new(None);
    let mut de = serde_json::Deserializer::from_slice(json);
    let root = RootSeed {
        current_entry: &current_entry,
    }
    .deserialize(&mut de)
    .and_then(|root| de.end().map(|()| root))
    .map_err(|e| syntax_error(&e, current_entry.get()))?;
    let log = root.ok_or_else(|| ReadError::NotHar("the top-level object has no \"log\" key".to_owned()))?;
    let entries = log
        .entries
        .ok_or_else(|| ReadError::NotHar("\"log\" has no \"entries\" array".to_owned()))?;
    let producer = Producer::detect(log.creator.name.as_deref());
    Ok(Capture {
        version: log.version,
        creator: log.creator,
        browser: log.browser,
        pages: log.pages,
        entries,
        producer,
        notes,
    })
}

fn syntax_error(e: &serde_json::Error, entry: Option<usize>) -> ReadError {
    let text = e.to_string();
    // serde_json appends " at line L column C"; the position is reported separately.
    let message = match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    };
    let message = if e.is_eof() && !message.contains("EOF") {
        format!("{message} (the file ends early: is it truncated?)")
    } else if e.is_eof() {
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

struct Log<'a> {
    version: Option<Cow<'a, str>>,
    creator: Product<'a>,
    browser: Option<Product<'a>>,
    pages: Vec<Page<'a>>,
    entries: Option<Vec<Entry<'a>>>,
}

/// The top level: an object whose `log` we read; `None` when it has no `log`.
struct RootSeed<'c> {
    current_entry: &'c Cell<Option<usize>>,
}

impl<'de> DeserializeSeed<'de> for RootSeed<'_> {
    type Value = Option<Log<'de>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RootSeed<'_> {
    type Value = Option<Log<'de>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR: a JSON object with a \"log\" key")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut log = None;
        while let Some(key) = map.next_key::<model::Key<'de>>()? {
            if key.0 == "log" {
                log = Some(map.next_value_seed(LogSeed {
                    current_entry: self.current_entry,
                })?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(log)
    }
}

struct LogSeed<'c> {
    current_entry: &'c Cell<Option<usize>>,
}

impl<'de> DeserializeSeed<'de> for LogSeed<'_> {
    type Value = Log<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LogSeed<'_> {
    type Value = Log<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("\"log\" to be an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut log = Log {
            version: None,
            creator: Product::default(),
            browser: None,
            pages: Vec::new(),
            entries: None,
        };
        while let Some(key) = map.next_key::<model::Key<'de>>()? {
            match key.0.as_ref() {
                "version" => log.version = map.next_value_seed(model::StrSeed)?,
                "creator" => log.creator = map.next_value::<Option<Product<'de>>>()?.unwrap_or_default(),
                "browser" => log.browser = map.next_value()?,
                "pages" => log.pages = map.next_value::<Option<Vec<Page<'de>>>>()?.unwrap_or_default(),
                "entries" => {
                    log.entries = Some(map.next_value_seed(EntriesSeed {
                        current_entry: self.current_entry,
                    })?)
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(log)
    }
}

/// `log.entries`, read one entry at a time so that an error can name the entry it is in.
struct EntriesSeed<'c> {
    current_entry: &'c Cell<Option<usize>>,
}

impl<'de> DeserializeSeed<'de> for EntriesSeed<'_> {
    type Value = Vec<Entry<'de>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed<'_> {
    type Value = Vec<Entry<'de>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("\"entries\" to be an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(seq.size_hint().unwrap_or(64));
        loop {
            self.current_entry.set(Some(entries.len()));
            match seq.next_element::<Entry<'de>>()? {
                Some(entry) => entries.push(entry),
                None => break,
            }
        }
        self.current_entry.set(None);
        Ok(entries)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
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
