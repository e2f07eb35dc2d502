//! The borrowed serde model of a HAR: just what the analysis needs, borrowed from the input where
//! JSON escapes allow (`Cow`), bodies skipped without copying (`&RawValue` keeps the span of a
//! response body so S3's small XML error bodies can be decoded on demand), every producer's
//! spelling of a field accepted (see `lenient`). Unknown keys are skipped by serde without
//! allocating.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::lenient;
use crate::headers::Header;

/// One `log.entries[]` item.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Entry<'a> {
    #[serde(deserialize_with = "opt_str", borrow)]
    pub pageref: Option<Cow<'a, str>>,
    #[serde(rename = "startedDateTime", deserialize_with = "opt_str", borrow)]
    pub started_date_time: Option<Cow<'a, str>>,
    #[serde(deserialize_with = "null_as_default", borrow)]
    pub request: Request<'a>,
    #[serde(deserialize_with = "null_as_default", borrow)]
    pub response: Response<'a>,
    #[serde(rename = "serverIPAddress", deserialize_with = "opt_str", borrow)]
    pub server_ip_address: Option<Cow<'a, str>>,
    /// Chrome, chrome-har, Playwright: `preflight`, `fetch`, `xhr`, `image`, `document`...
    #[serde(rename = "_resourceType", deserialize_with = "opt_str", borrow)]
    pub resource_type: Option<Cow<'a, str>>,
    /// Chrome: an object `{type, url?, requestId?, lineNumber?, stack?}`; chrome-har: a URL string.
    #[serde(rename = "_initiator", deserialize_with = "opt_initiator", borrow)]
    pub initiator: Option<Initiator<'a>>,
    /// Chrome: `"memory"` or `"disk"` when the response came from the HTTP cache.
    #[serde(rename = "_fromCache", deserialize_with = "opt_str", borrow)]
    pub from_cache: Option<Cow<'a, str>>,
    /// chrome-har / puppeteer-har: the CDP request id (`"1234.5"`, `r` appended per redirect).
    #[serde(rename = "_requestId", deserialize_with = "opt_str", borrow)]
    pub request_id: Option<Cow<'a, str>>,
    /// chrome-har: `JSON.stringify(initiator)`, which holds the preflight's `requestId`.
    #[serde(rename = "_initiator_detail", deserialize_with = "opt_str", borrow)]
    pub initiator_detail: Option<Cow<'a, str>>,
    /// Safari: `Network Load`, `Memory Cache`, `Disk Cache`, `Service Worker`.
    #[serde(rename = "_fetchType", deserialize_with = "opt_str", borrow)]
    pub fetch_type: Option<Cow<'a, str>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Request<'a> {
    #[serde(deserialize_with = "opt_str", borrow)]
    pub method: Option<Cow<'a, str>>,
    #[serde(deserialize_with = "opt_str", borrow)]
    pub url: Option<Cow<'a, str>>,
    #[serde(rename = "httpVersion", deserialize_with = "opt_str", borrow)]
    pub http_version: Option<Cow<'a, str>>,
    #[serde(deserialize_with = "header_list", borrow)]
    pub headers: Vec<Header<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Response<'a> {
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub status: Option<i64>,
    #[serde(rename = "statusText", deserialize_with = "opt_str", borrow)]
    pub status_text: Option<Cow<'a, str>>,
    #[serde(rename = "httpVersion", deserialize_with = "opt_str", borrow)]
    pub http_version: Option<Cow<'a, str>>,
    #[serde(deserialize_with = "header_list", borrow)]
    pub headers: Vec<Header<'a>>,
    #[serde(rename = "redirectURL", deserialize_with = "opt_str", borrow)]
    pub redirect_url: Option<Cow<'a, str>>,
    #[serde(deserialize_with = "null_as_default", borrow)]
    pub content: Content<'a>,
    /// Chrome, Safari, mitmproxy: `_error`. Outer `None`: the producer wrote no such key;
    /// `Some(None)`: it wrote `null` (Chrome's "no failure").
    #[serde(rename = "_error", deserialize_with = "present_opt_str", borrow)]
    pub error: Option<Option<Cow<'a, str>>>,
    /// Playwright: `_failureText` (`net::ERR_FAILED`).
    #[serde(rename = "_failureText", deserialize_with = "opt_str", borrow)]
    pub failure_text: Option<Cow<'a, str>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Content<'a> {
    #[serde(rename = "mimeType", deserialize_with = "opt_str", borrow)]
    pub mime_type: Option<Cow<'a, str>>,
    #[serde(deserialize_with = "opt_str", borrow)]
    pub encoding: Option<Cow<'a, str>>,
    /// The body's JSON span, not decoded: bodies can be hundreds of MB of base64.
    #[serde(borrow)]
    pub text: Option<&'a RawValue>,
}

impl Content<'_> {
    /// The body text, decoded, when it is plain text no longer than `limit` bytes on the wire.
    pub fn text_up_to(&self, limit: usize) -> Option<String> {
        let raw = self.text?;
        if raw.get().len() > limit || self.encoding.as_deref() == Some("base64") {
            return None;
        }
        serde_json::from_str::<String>(raw.get()).ok()
    }
}

/// Who started a request (Chrome's `_initiator`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Initiator<'a> {
    /// `parser`, `script`, `preload`, `preflight`, `other`, ... (`None` for chrome-har's string form).
    pub kind: Option<Cow<'a, str>>,
    pub url: Option<Cow<'a, str>>,
    /// For a preflight: the DevTools id of the request it guards.
    pub request_id: Option<Cow<'a, str>>,
}

/// A string that borrows from the input when it has no escapes.
pub(super) struct CowStr<'a>(pub(super) Cow<'a, str>);

impl<'de> Deserialize<'de> for CowStr<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(CowStrVisitor)
    }
}

struct CowStrVisitor;

impl<'de> Visitor<'de> for CowStrVisitor {
    type Value = CowStr<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(CowStr(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(CowStr(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(CowStr(Cow::Owned(v)))
    }
}

/// A string, or `None` for null and for any other type (a producer's number where a string was
/// expected must not fail the file).
struct LenientStr;

impl<'de> Visitor<'de> for LenientStr {
    type Value = Option<Cow<'de, str>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(if v { "true" } else { "false" })))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

fn opt_str<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    d.deserialize_any(LenientStr)
}

fn present_opt_str<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<Cow<'de, str>>>, D::Error> {
    opt_str(d).map(Some)
}

/// `null` where an object was expected reads as the empty object.
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(d).map(Option::unwrap_or_default)
}

/// A header list: `[{"name": .., "value": ..}]` (HAR) or `[[name, value]]` (Slack's exports, per
/// mitmproxy's importer); `null` reads as empty; a header without a name is skipped; a `null`
/// value reads as "".
fn header_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Header<'de>>, D::Error> {
    struct ListVisitor;
    impl<'de> Visitor<'de> for ListVisitor {
        type Value = Vec<Header<'de>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of headers")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(16));
            while let Some(item) = seq.next_element::<HeaderItem<'de>>()? {
                if let Some(h) = item.0 {
                    out.push(h);
                }
            }
            // A HAR of a million entries holds two million of these lists: give back the unused
            // room (shrinking in place costs no copy).
            if out.capacity() > out.len() + 2 {
                out.shrink_to_fit();
            }
            Ok(out)
        }
    }
    d.deserialize_any(ListVisitor)
}

struct HeaderItem<'a>(Option<Header<'a>>);

impl<'de> Deserialize<'de> for HeaderItem<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = HeaderItem<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a header object {\"name\", \"value\"} or a [name, value] pair")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let (mut name, mut value) = (None, None);
                while let Some(key) = map.next_key::<CowStr<'de>>()? {
                    match key.0.as_ref() {
                        "name" => name = map.next_value_seed(LenientSeed)?,
                        "value" => value = map.next_value_seed(LenientSeed)?,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(HeaderItem(name.map(|n| Header {
                    name: n,
                    value: value.unwrap_or_default(),
                })))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let name = seq.next_element_seed(LenientSeed)?.flatten();
                let value = seq.next_element_seed(LenientSeed)?.flatten();
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(HeaderItem(name.map(|n| Header {
                    name: n,
                    value: value.unwrap_or_default(),
                })))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(HeaderItem(None))
            }
        }
        d.deserialize_any(ItemVisitor)
    }
}

/// Seed form of `LenientStr`, for custom visitors.
pub(super) struct LenientSeed;

impl<'de> de::DeserializeSeed<'de> for LenientSeed {
    type Value = Option<Cow<'de, str>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(LenientStr)
    }
}

/// `_initiator`: an object (Chrome; `stack` skipped unread — it can be tens of kB), a URL string
/// (chrome-har), or null.
fn opt_initiator<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Initiator<'de>>, D::Error> {
    struct InitiatorVisitor;
    impl<'de> Visitor<'de> for InitiatorVisitor {
        type Value = Option<Initiator<'de>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an initiator object or URL")
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Some(Initiator {
                url: Some(Cow::Borrowed(v)),
                ..Initiator::default()
            }))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(Initiator {
                url: Some(Cow::Owned(v.to_owned())),
                ..Initiator::default()
            }))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Initiator::default();
            while let Some(key) = map.next_key::<CowStr<'de>>()? {
                match key.0.as_ref() {
                    "type" => out.kind = map.next_value_seed(LenientSeed)?,
                    "url" => out.url = map.next_value_seed(LenientSeed)?,
                    "requestId" => out.request_id = map.next_value_seed(LenientSeed)?,
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(Some(out))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    }
    d.deserialize_any(InitiatorVisitor)
}

/// `log.creator` / `log.browser`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Product<'a> {
    #[serde(deserialize_with = "opt_str", borrow)]
    pub name: Option<Cow<'a, str>>,
    #[serde(deserialize_with = "opt_str", borrow)]
    pub version: Option<Cow<'a, str>>,
}

/// `log.pages[]`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Page<'a> {
    #[serde(deserialize_with = "opt_str", borrow)]
    pub id: Option<Cow<'a, str>>,
    /// Chrome and Firefox write the page URL here.
    #[serde(deserialize_with = "opt_str", borrow)]
    pub title: Option<Cow<'a, str>>,
    #[serde(rename = "startedDateTime", deserialize_with = "opt_str", borrow)]
    pub started_date_time: Option<Cow<'a, str>>,
}

pub(super) use {CowStr as Key, LenientSeed as StrSeed};
