//! Shared presentation helpers for the text renderers: neutralising control characters from the
//! input (a hostile header value must not drive the terminal), shortening URLs for tables, and the
//! words for verdicts.

use super::{Side, Verdict};

/// Replaces every control character (C0, DEL, C1) with a visible escape, so input text can never
/// reach the terminal as an escape sequence. Newlines and tabs are escaped too: one value, one line.
/// So are the characters that reorder or hide text (bidi overrides and isolates, zero-width
/// characters, line separators: [`super::json::must_escape`]), so what is shown is what is there.
pub fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() || super::json::must_escape(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// `https://host/path/to/key?query` → `host/path/to/key?…`, cut in the middle of the path when
/// longer than `max` characters.
pub fn short_url(url: &str, max: usize) -> String {
    let no_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (path, has_query) = match no_scheme.split_once('?') {
        Some((p, _)) => (p, true),
        None => (no_scheme, false),
    };
    let mut s: String = path.to_owned();
    let total = s.chars().count();
    if total > max {
        let keep_head = max * 2 / 3;
        let keep_tail = max.saturating_sub(keep_head + 1);
        let head: String = s.chars().take(keep_head).collect();
        let tail: String = s.chars().skip(total - keep_tail).collect();
        s = format!("{head}…{tail}");
    }
    if has_query {
        s.push_str("?…");
    }
    printable(&s)
}

/// `#4`, `#4, #9, #14`, or `#4, #9, #14 and 997 more`.
pub fn entry_list(entries: &[usize]) -> String {
    let shown: Vec<String> = entries.iter().take(3).map(|e| format!("#{e}")).collect();
    match entries.len() {
        0..=3 => shown.join(", "),
        n => format!("{} and {} more", shown.join(", "), n - 3),
    }
}

pub fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Blocked => "blocked",
        Verdict::Unreadable => "unreadable",
        Verdict::Ok => "ok",
    }
}

pub fn side_words(side: Side) -> &'static str {
    match side {
        Side::PreflightRequest => "preflight request",
        Side::PreflightResponse => "preflight response",
        Side::Request => "request",
        Side::Response => "response",
        Side::Configuration => "configuration",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_pass() {
        assert_eq!(printable("a\u{1b}[31mred\u{7}\n"), "a\\u{1b}[31mred\\u{7}\\n");
        assert_eq!(printable("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(printable("plain ‘quotes’"), "plain ‘quotes’");
        assert_eq!(
            printable("a\u{202e}b\u{200b}c\u{2066}"),
            "a\\u{202e}b\\u{200b}c\\u{2066}"
        );
    }

    #[test]
    fn entry_lists_stay_short() {
        assert_eq!(entry_list(&[4]), "#4");
        assert_eq!(entry_list(&[4, 9, 14]), "#4, #9, #14");
        assert_eq!(entry_list(&[4, 9, 14, 19, 24]), "#4, #9, #14 and 2 more");
    }

    #[test]
    fn urls_shorten_in_the_path() {
        assert_eq!(
            short_url("https://b.s3.amazonaws.com/k.png?X-Amz-Signature=1", 60),
            "b.s3.amazonaws.com/k.png?…"
        );
        let s = short_url(
            "https://bucket.s3.us-east-2.amazonaws.com/a/very/long/path/to/an/object/key.bin",
            30,
        );
        assert_eq!(s.chars().count(), 30);
        assert!(s.starts_with("bucket.s3.us-east-2.") && s.ends_with("key.bin"), "{s}");
    }
}
