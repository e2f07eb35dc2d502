//! Lenient scalars. HAR producers disagree on types: numbers arrive as floats, strings (`"200"`),
//! `null` or are missing; booleans as `"true"`. These deserializers accept every such spelling and
//! give `None` for what cannot be a number, instead of failing a whole file over one field.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// An integer from a number (float truncated), a numeric string, or `None` for null and anything
/// else.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_any(LenientNumber).map(|n| n.map(|f| f as i64))
}

struct LenientNumber;

impl<'de> Visitor<'de> for LenientNumber {
    type Value = Option<f64>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(v.is_finite().then_some(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.trim().parse::<f64>().ok().filter(|f| f.is_finite()))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct N {
        #[serde(default, deserialize_with = "opt_i64")]
        n: Option<i64>,
    }

    fn n(json: &str) -> Option<i64> {
        serde_json::from_str::<N>(json).unwrap().n
    }

    #[test]
    fn numbers_in_every_spelling() {
        assert_eq!(n(r#"{"n": 200}"#), Some(200));
        assert_eq!(n(r#"{"n": -1}"#), Some(-1));
        assert_eq!(n(r#"{"n": 200.0}"#), Some(200));
        assert_eq!(n(r#"{"n": "404"}"#), Some(404));
        assert_eq!(n(r#"{"n": null}"#), None);
        assert_eq!(n(r#"{"n": "error"}"#), None);
        assert_eq!(n(r#"{"n": {"x": [1]}}"#), None);
        assert_eq!(n(r#"{}"#), None);
    }
}
