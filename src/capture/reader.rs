//! The walk over a HAR's top level: `log.version`, `creator`, `browser`, `pages`, and
//! `log.entries` one element at a time into a sink, so that what was read survives an error (a
//! file cut off mid-entry is analysed up to its last complete entry) and an error can name the
//! entry it is in. Generic over the element type: the normal pass reads `Entry`, the error path
//! reads `&RawValue` spans to say where the last complete entry ends.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::model::{Key, Page, Product, StrSeed};

/// `log`'s fields other than the entries.
#[derive(Default)]
pub struct Head<'a> {
    pub version: Option<Cow<'a, str>>,
    pub creator: Product<'a>,
    pub browser: Option<Product<'a>>,
    pub pages: Vec<Page<'a>>,
    pub saw_log: bool,
    pub saw_entries: bool,
}

/// What the walk has read so far.
pub struct Sink<'a, T> {
    pub head: RefCell<Head<'a>>,
    pub items: RefCell<Vec<T>>,
    /// The index of the entry being read, while inside `log.entries`.
    pub current: Cell<Option<usize>>,
    /// Whether `log.entries` was read to its closing bracket.
    pub done: Cell<bool>,
}

impl<T> Default for Sink<'_, T> {
    fn default() -> Self {
        Sink {
            head: RefCell::default(),
            items: RefCell::new(Vec::new()),
            current: Cell::new(None),
            done: Cell::new(false),
        }
    }
}

/// Walks the whole document into `sink`.
pub fn parse<'a, T: Deserialize<'a>>(json: &'a [u8], sink: &Sink<'a, T>) -> Result<(), serde_json::Error> {
    // Validating the whole input once (fast, vectorised) lets serde_json skip the check on every
    // one of the millions of header strings a large HAR holds. Invalid UTF-8 takes the byte
    // reader, which reports where the bad bytes are.
    match std::str::from_utf8(json) {
        Ok(text) => walk(serde_json::Deserializer::from_str(text), sink),
        Err(_) => walk(serde_json::Deserializer::from_slice(json), sink),
    }
}

fn walk<'a, R: serde_json::de::Read<'a>, T: Deserialize<'a>>(
    mut de: serde_json::Deserializer<R>,
    sink: &Sink<'a, T>,
) -> Result<(), serde_json::Error> {
    RootSeed { sink }.deserialize(&mut de)?;
    de.end()
}

/// The byte offset (in `json`) just after entry `count - 1`, by walking the entries again as raw
/// spans. Only on the error path: it reads the file a second time.
pub fn entry_spans(json: &[u8], count: usize) -> Option<usize> {
    let sink = Sink::<&RawValue>::default();
    let _ = parse(json, &sink);
    let items = sink.items.into_inner();
    let last = items.get(count.checked_sub(1)?)?;
    let start = json.as_ptr() as usize;
    Some(last.get().as_ptr() as usize - start + last.get().len())
}

struct RootSeed<'s, 'a, T> {
    sink: &'s Sink<'a, T>,
}

impl<'s, 'de, T: Deserialize<'de>> DeserializeSeed<'de> for RootSeed<'s, 'de, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'s, 'de, T: Deserialize<'de>> Visitor<'de> for RootSeed<'s, 'de, T> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR: a JSON object with a \"log\" key")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if key.0 == "log" {
                self.sink.head.borrow_mut().saw_log = true;
                map.next_value_seed(LogSeed { sink: self.sink })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct LogSeed<'s, 'a, T> {
    sink: &'s Sink<'a, T>,
}

impl<'s, 'de, T: Deserialize<'de>> DeserializeSeed<'de> for LogSeed<'s, 'de, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'s, 'de, T: Deserialize<'de>> Visitor<'de> for LogSeed<'s, 'de, T> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("\"log\" to be an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match key.0.as_ref() {
                "version" => self.sink.head.borrow_mut().version = map.next_value_seed(StrSeed)?,
                "creator" => {
                    self.sink.head.borrow_mut().creator = map.next_value::<Option<Product<'de>>>()?.unwrap_or_default()
                }
                "browser" => self.sink.head.borrow_mut().browser = map.next_value()?,
                "pages" => {
                    self.sink.head.borrow_mut().pages = map.next_value::<Option<Vec<Page<'de>>>>()?.unwrap_or_default()
                }
                "entries" => {
                    self.sink.head.borrow_mut().saw_entries = true;
                    map.next_value_seed(EntriesSeed {
                        sink: self.sink,
                        item: PhantomData,
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// `log.entries`, one element at a time into the sink.
struct EntriesSeed<'s, 'a, T> {
    sink: &'s Sink<'a, T>,
    item: PhantomData<T>,
}

impl<'s, 'de, T: Deserialize<'de>> DeserializeSeed<'de> for EntriesSeed<'s, 'de, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'s, 'de, T: Deserialize<'de>> Visitor<'de> for EntriesSeed<'s, 'de, T> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("\"entries\" to be an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            let index = self.sink.items.borrow().len();
            self.sink.current.set(Some(index));
            match seq.next_element::<T>()? {
                Some(item) => self.sink.items.borrow_mut().push(item),
                None => break,
            }
        }
        self.sink.current.set(None);
        self.sink.done.set(true);
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.sink.done.set(true);
        Ok(())
    }
}
