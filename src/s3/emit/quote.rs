//! Quoting for every language a form is written in, so any value S3 accepts (quotes,
//! apostrophes, backslashes, `${`, control characters) survives in the emitted text.

use std::fmt::Write as _;

/// An HCL quoted string: backslash escapes, and `${` / `%{` doubled so Terraform does not read
/// them as template interpolation or directives.
pub(super) fn hcl_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() || crate::report::json::must_escape(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(super) fn hcl_list(values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|v| hcl_string(v)).collect();
    format!("[{}]", items.join(", "))
}

/// A YAML double-quoted scalar. Characters YAML cannot hold unescaped (C0/C1 controls, DEL,
/// U+FFFE/U+FFFF) become `\uXXXX`.
pub(super) fn yaml_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // NEL is printable to YAML but a C1 control to a terminal; bidi and zero-width
            // characters would reorder or hide what is shown.
            c if !is_yaml_printable(c) || crate::report::json::must_escape(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// YAML 1.2 `c-printable` (minus TAB and LF, escaped above).
fn is_yaml_printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}') || c >= '\u{10000}'
}

/// A single-quoted TypeScript string literal.
pub(super) fn ts_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || crate::report::json::must_escape(c) => {
                let _ = write!(out, "\\u{{{:X}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

pub(super) fn ts_list(values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|v| ts_string(v)).collect();
    format!("[{}]", items.join(", "))
}

/// POSIX shell quoting: left bare when only safe characters, else single-quoted.
pub(super) fn shell_quote(arg: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c);
    if !arg.is_empty() && arg.chars().all(safe) {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

/// Escapes `& < > " '`; a CR becomes a character reference so XML's line-end normalization does
/// not turn it into a LF, and so do LF and tab (one value, one line). Other control characters
/// (which XML 1.0 does not allow at all: S3 refuses such a value anyway), DEL, C1, bidi and
/// zero-width characters become character references too, so that none reaches a terminal raw.
pub(super) fn xml_escape(value: &str) -> String {
    let escaped = quick_xml::escape::escape(value);
    let mut out = String::with_capacity(escaped.len());
    for c in escaped.chars() {
        if c.is_control() || crate::report::json::must_escape(c) {
            let _ = write!(out, "&#x{:X};", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// Text safe inside an XML comment: no `--`, no trailing `-`, no control characters.
pub(super) fn xml_comment_text(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_control() || crate::report::json::must_escape(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    while out.contains("--") {
        out = out.replace("--", "- -");
    }
    if out.ends_with('-') {
        out.push(' ');
    }
    out
}

/// Text safe in a line comment (`#`, `//`): one line, control characters as spaces. A `*/`
/// is broken up so it cannot close a block comment around it either.
pub(super) fn line_comment_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || crate::report::json::must_escape(c) {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .replace("*/", "* /")
}

/// Pretty JSON, two-space indent, ending with a newline.
pub(super) fn pretty_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Serializing plain strings, vectors, maps and integers cannot fail.
    let mut text = crate::report::json::to_string_pretty(value);
    text.push('\n');
    text
}

/// `value` in double quotes, as prose quotes a configuration value (JSON escapes).
pub(super) fn quoted(value: &str) -> String {
    crate::report::json::to_string(value)
}

/// `"a", "b" and "c"`.
pub(super) fn quoted_list(values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|v| quoted(v)).collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `"a" is left out`, `"a" and "b" are left out`.
pub(super) fn left_out(values: &[String]) -> String {
    let verb = if values.len() == 1 { "is" } else { "are" };
    format!("{} {verb} left out", quoted_list(values))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_cannot_be_closed_or_broken_by_values() {
        assert_eq!(xml_comment_text("a--b-"), "a- -b- ");
        assert_eq!(xml_comment_text("---"), "- - - ");
        assert_eq!(line_comment_text("a\nb */ c"), "a b * / c");
    }

    #[test]
    fn shell_quotes_apostrophes() {
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("o'r"), "'o'\\''r'");
        assert_eq!(shell_quote("*"), "'*'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("https://a.test"), "https://a.test");
    }

    #[test]
    fn lists_read_as_prose() {
        let v = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(quoted_list(&v(&[])), "");
        assert_eq!(quoted_list(&v(&["a"])), "\"a\"");
        assert_eq!(quoted_list(&v(&["a", "b", "c"])), "\"a\", \"b\" and \"c\"");
    }
}
