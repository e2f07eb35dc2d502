//! `--format json`: the report itself, pretty-printed. The schema is the contract (SCHEMA).
//!
//! Every JSON corshar writes goes through [`Safe`]: serde_json escapes only U+0000–U+001F, `"`
//! and `\`, so DEL, the C1 controls (U+0080–U+009F, of which U+009B is a one-byte CSI) and the
//! bidi overrides and isolates would reach a terminal raw when JSON is printed to one. `Safe`
//! writes them, the zero-width characters and U+2028/U+2029 as `\uXXXX` escapes: the same
//! strings for any JSON reader, nothing invisible or terminal-driving on the screen.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use super::Report;

/// Writes the report as pretty JSON straight to `out`: a report of a million-entry HAR is never
/// held twice in memory.
pub fn write(report: &Report, out: impl Write) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    to_writer_pretty(&mut out, report)?;
    out.write_all(b"\n")?;
    out.flush()
}

pub fn render(report: &Report) -> String {
    to_string_pretty(report) + "\n"
}

/// Pretty JSON (two-space indent) with the terminal-safe escapes.
pub fn to_writer_pretty<T: Serialize + ?Sized>(out: impl Write, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, Safe(PrettyFormatter::new()));
    value.serialize(&mut ser).map_err(io::Error::from)
}

/// Pretty JSON with the terminal-safe escapes. Serializing plain data cannot fail; if it ever did,
/// the error is returned as a JSON text rather than a panic.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::with_capacity(128);
    match to_writer_pretty(&mut out, value) {
        Ok(()) => into_string(out),
        Err(e) => to_string(&format!("cannot serialize: {e}")),
    }
}

/// Compact JSON with the terminal-safe escapes.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::with_capacity(64);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Safe(CompactFormatter));
    match value.serialize(&mut ser) {
        Ok(()) => into_string(out),
        Err(_) => "null".to_owned(),
    }
}

fn into_string(bytes: Vec<u8>) -> String {
    // serde_json writes UTF-8 only.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Whether `c` is written as a `\uXXXX` escape beyond what JSON requires: DEL, C1 controls, the
/// bidi marks, embeddings, overrides and isolates, zero-width characters and the line and
/// paragraph separators.
pub fn must_escape(c: char) -> bool {
    matches!(c,
        '\u{7f}'..='\u{9f}'
        | '\u{061c}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2069}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}')
}

/// A serde_json formatter that escapes [`must_escape`] characters inside strings.
pub struct Safe<F>(pub F);

impl<F: Formatter> Formatter for Safe<F> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if must_escape(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_and_c1_characters_are_escaped_and_round_trip() {
        let s = "a\u{7f}b\u{9b}c\u{202e}d\u{2066}e\u{200b}f\u{feff}g\u{2028}h\u{1b}i\"ü€😀";
        let json = to_string(s);
        assert_eq!(
            json,
            r#""a\u007fb\u009bc\u202ed\u2066e\u200bf\ufeffg\u2028h\u001bi\"ü€😀""#
        );
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), s);
        let v = serde_json::json!({s: [s, 1]});
        let pretty = to_string_pretty(&v);
        let expected: String = serde_json::to_string_pretty(&v)
            .unwrap()
            .chars()
            .map(|c| {
                if must_escape(c) {
                    format!("\\u{:04x}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect();
        assert_eq!(pretty, expected);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&pretty).unwrap(), v);
    }
}
