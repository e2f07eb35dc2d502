//! JSON with positions, for messages that point at the offending key or value (serde_json reports
//! where it stopped reading, which is the end of a value, not its start). serde_json first checks
//! the syntax; this reader then walks the text it knows to be valid, refusing nesting deeper than
//! [`MAX_DEPTH`], and records the 1-based line and column of every value and key. (serde_json's
//! syntax check into `IgnoredAny` skips any depth without recursion, so it bounds nothing: the
//! bound must be the walk's own.)

use serde::de::IgnoredAny;

/// A JSON value with the line and column (in characters) where it starts.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    pub line: usize,
    pub column: usize,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    /// The number as written (`3000`, `3e3`, `-1.5`).
    Number(String),
    String(String),
    Array(Vec<Node>),
    /// Members in document order, duplicates kept; each key is a `Value::String` node.
    Object(Vec<(Node, Node)>),
}

impl Value {
    /// "a string", "an array"...: what was found, for "expected X, found Y" messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// A syntax error: where (1-based) and what serde_json said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Arrays and objects nested deeper than this are refused (serde_json's own limit for typed
/// values): the walk recurses once per level, and a configuration is three levels deep.
pub(crate) const MAX_DEPTH: usize = 128;

/// Parses `text` (one JSON value, surrounded by whitespace only).
pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
    if let Err(e) = serde_json::from_str::<IgnoredAny>(text) {
        return Err(syntax_error(text, &e));
    }
    let mut cursor = Cursor {
        text,
        at: 0,
        line: 1,
        column: 1,
        depth: 0,
    };
    // The text is valid JSON, so the walk fails only on depth; if it ever failed otherwise, say so
    // rather than panic.
    cursor.value().ok_or_else(|| SyntaxError {
        line: cursor.line,
        column: cursor.column,
        message: if cursor.depth > MAX_DEPTH {
            format!("invalid JSON: nested more than {MAX_DEPTH} levels deep")
        } else {
            "invalid JSON".into()
        },
    })
}

/// serde_json's message without its " at line L column C" suffix, and its byte column turned into
/// a character column.
fn syntax_error(text: &str, e: &serde_json::Error) -> SyntaxError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    let line_text = text.lines().nth(e.line().saturating_sub(1)).unwrap_or("");
    let column = char_column(line_text, e.column());
    SyntaxError {
        line: e.line().max(1),
        column,
        message: format!("invalid JSON: {message}"),
    }
}

/// The character column of a 1-based byte column within one line.
fn char_column(line: &str, byte_column: usize) -> usize {
    let mut end = byte_column.saturating_sub(1).min(line.len());
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    line[..end].chars().count() + 1
}

struct Cursor<'t> {
    text: &'t str,
    at: usize,
    line: usize,
    column: usize,
    /// Arrays and objects open around `at`; past `MAX_DEPTH` the walk stops (and it stays there).
    depth: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.at..).and_then(|rest| rest.chars().next())
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    fn value(&mut self) -> Option<Node> {
        self.skip_whitespace();
        let (line, column) = (self.line, self.column);
        let value = match self.peek()? {
            '{' | '[' if self.depth >= MAX_DEPTH => {
                self.depth += 1;
                return None;
            }
            '{' => self.object()?,
            '[' => self.array()?,
            '"' => Value::String(self.string()?),
            't' => self.literal("true", Value::Bool(true))?,
            'f' => self.literal("false", Value::Bool(false))?,
            'n' => self.literal("null", Value::Null)?,
            _ => self.number()?,
        };
        Some(Node { line, column, value })
    }

    fn literal(&mut self, word: &str, value: Value) -> Option<Value> {
        for expected in word.chars() {
            if self.bump()? != expected {
                return None;
            }
        }
        Some(value)
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.at;
        while matches!(self.peek(), Some('0'..='9' | '-' | '+' | '.' | 'e' | 'E')) {
            self.bump();
        }
        let raw = self.text.get(start..self.at)?;
        (!raw.is_empty()).then(|| Value::Number(raw.to_string()))
    }

    /// A string token, decoded by serde_json (escapes, surrogate pairs).
    fn string(&mut self) -> Option<String> {
        let start = self.at;
        self.bump()?; // the opening quote
        loop {
            match self.bump()? {
                '\\' => {
                    self.bump()?;
                }
                '"' => break,
                _ => {}
            }
        }
        serde_json::from_str(self.text.get(start..self.at)?).ok()
    }

    fn array(&mut self) -> Option<Value> {
        self.bump()?; // [
        self.depth += 1;
        let mut items = Vec::new();
        loop {
            self.skip_whitespace();
            match self.peek()? {
                ']' => {
                    self.bump();
                    self.depth -= 1;
                    return Some(Value::Array(items));
                }
                ',' => {
                    self.bump();
                }
                _ => items.push(self.value()?),
            }
        }
    }

    fn object(&mut self) -> Option<Value> {
        self.bump()?; // {
        self.depth += 1;
        let mut members = Vec::new();
        loop {
            self.skip_whitespace();
            match self.peek()? {
                '}' => {
                    self.bump();
                    self.depth -= 1;
                    return Some(Value::Object(members));
                }
                ',' => {
                    self.bump();
                }
                _ => {
                    let key = self.value()?;
                    self.skip_whitespace();
                    if self.bump()? != ':' {
                        return None;
                    }
                    let value = self.value()?;
                    members.push((key, value));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_where_each_value_starts() {
        let node = parse("{\n  \"a\": [1, \"é\\u00e9\"],\n  \"b\": null\n}").expect("valid");
        let Value::Object(members) = node.value else {
            panic!("object")
        };
        assert_eq!((members[0].0.line, members[0].0.column), (2, 3));
        let Value::Array(items) = &members[0].1.value else {
            panic!("array")
        };
        assert_eq!((items[1].line, items[1].column), (2, 12));
        assert_eq!(items[1].value, Value::String("éé".into()));
        assert_eq!((members[1].1.line, members[1].1.column), (3, 8));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{{\"CORSRules\":\n {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
        let err = parse(&deep).expect_err("too deep");
        assert_eq!((err.line, err.column), (2, 129));
        assert_eq!(err.message, "invalid JSON: nested more than 128 levels deep");
        let ok = format!("{}\"[{{\\\"\"{}", "[".repeat(127), "]".repeat(127));
        assert!(parse(&ok).is_ok(), "brackets inside strings do not count");
    }

    #[test]
    fn syntax_errors_name_the_place() {
        let err = parse("{\n  \"a\": [1,]\n}").expect_err("trailing comma");
        assert_eq!(err.line, 2);
        assert_eq!(err.message, "invalid JSON: expected value");
        assert!(parse("").is_err());
    }
}
