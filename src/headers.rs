//! HTTP header lists as recorded: names and values exactly as the producer wrote them, duplicates
//! kept in wire order. Lookups follow Fetch: names compare case-insensitively, values are trimmed of
//! leading and trailing SP/HTAB (HTTP field parsing), and "get" joins repeated lines with ", ".

use std::borrow::Cow;

use serde::Serialize;

/// One header line. `Cow` because HAR values with JSON escapes cannot borrow from the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Header<'a> {
    pub name: Cow<'a, str>,
    pub value: Cow<'a, str>,
}

impl<'a> Header<'a> {
    pub fn new(name: impl Into<Cow<'a, str>>, value: impl Into<Cow<'a, str>>) -> Self {
        Header {
            name: name.into(),
            value: value.into(),
        }
    }

    /// True for HTTP/2 and HTTP/3 pseudo-headers (`:authority`, `:path`, ...), which Chrome lists
    /// beside the real ones and which are never part of a CORS decision.
    pub fn is_pseudo(&self) -> bool {
        self.name.starts_with(':')
    }

    pub fn into_owned(self) -> Header<'static> {
        Header {
            name: Cow::Owned(self.name.into_owned()),
            value: Cow::Owned(self.value.into_owned()),
        }
    }
}

/// Strips the HTTP whitespace (SP, HTAB) that field parsing removes around a value.
pub fn trim_http_ws(value: &str) -> &str {
    value.trim_matches(|c| c == ' ' || c == '\t')
}

/// Every line named `name`, in order, values trimmed.
pub fn all<'h, 'n>(headers: &'h [Header<'_>], name: &'n str) -> impl Iterator<Item = &'h str> + use<'h, 'n> {
    headers
        .iter()
        .filter(move |h| h.name.eq_ignore_ascii_case(name))
        .map(|h| trim_http_ws(&h.value))
}

/// The first line named `name`, trimmed.
pub fn first<'h>(headers: &'h [Header<'_>], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| trim_http_ws(&h.value))
}

/// Fetch's "get": all lines named `name`, trimmed, joined with ", "; `None` when absent.
pub fn get<'h>(headers: &'h [Header<'_>], name: &str) -> Option<Cow<'h, str>> {
    let mut lines = all(headers, name);
    let first = lines.next()?;
    match lines.next() {
        None => Some(Cow::Borrowed(first)),
        Some(second) => {
            let mut joined = String::with_capacity(first.len() + second.len() + 2);
            joined.push_str(first);
            joined.push_str(", ");
            joined.push_str(second);
            for more in lines {
                joined.push_str(", ");
                joined.push_str(more);
            }
            Some(Cow::Owned(joined))
        }
    }
}

/// How many lines are named `name` (Firefox counts lines, not values).
pub fn count(headers: &[Header<'_>], name: &str) -> usize {
    headers.iter().filter(|h| h.name.eq_ignore_ascii_case(name)).count()
}

pub fn contains(headers: &[Header<'_>], name: &str) -> bool {
    headers.iter().any(|h| h.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(pairs: &[(&'static str, &'static str)]) -> Vec<Header<'static>> {
        pairs.iter().map(|(n, v)| Header::new(*n, *v)).collect()
    }

    #[test]
    fn get_joins_repeated_lines_and_trims() {
        let h = list(&[
            ("Access-Control-Allow-Origin", " * "),
            ("access-control-allow-origin", "*\t"),
        ]);
        assert_eq!(get(&h, "ACCESS-CONTROL-ALLOW-ORIGIN").as_deref(), Some("*, *"));
        assert_eq!(first(&h, "access-control-allow-origin"), Some("*"));
        assert_eq!(count(&h, "access-control-allow-origin"), 2);
        assert_eq!(get(&h, "vary"), None);
    }
}
