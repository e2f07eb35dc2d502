//! HARs that arrive inside something else: a JSONP call (`onInputData({...});`, harviewer's
//! `.harp` files), or pasted into a Markdown ticket or chat between prose, usually in a fenced
//! block. The reader extracts the JSON and says what it did; positions in errors stay relative to
//! the whole input. (Compressed files and archives are opened by the CLI, before this.)

/// The HAR's JSON inside a larger input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwrapped<'a> {
    pub json: &'a [u8],
    /// Byte offset of `json` in the input.
    pub start: usize,
    /// What was around it, for the user.
    pub what: String,
}

/// Finds the HAR in an input that is not a bare JSON object; `None` when the input starts with `{`
/// (a plain HAR, or something for the JSON reader to reject precisely) or holds no HAR.
pub fn unwrap(input: &[u8]) -> Option<Unwrapped<'_>> {
    let first = input.iter().position(|b| !b.is_ascii_whitespace())?;
    if input[first] == b'{' || input[first] == b'[' {
        return None;
    }
    jsonp(input, first)
        .or_else(|| fenced(input))
        .or_else(|| embedded(input))
}

/// `name({...})` or `name({...});` with an identifier-like name (dots allowed).
fn jsonp(input: &[u8], first: usize) -> Option<Unwrapped<'_>> {
    let rest = &input[first..];
    let name_len = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'.'))
        .count();
    if name_len == 0 || rest[0].is_ascii_digit() {
        return None;
    }
    let after_name = first + name_len + rest[name_len..].iter().take_while(|b| b.is_ascii_whitespace()).count();
    if input.get(after_name) != Some(&b'(') {
        return None;
    }
    let close = input.iter().rposition(|&b| b == b')')?;
    if close <= after_name {
        return None;
    }
    let tail = &input[close + 1..];
    if !tail.iter().all(|b| b.is_ascii_whitespace() || *b == b';') {
        return None;
    }
    let name = String::from_utf8_lossy(&input[first..first + name_len]).into_owned();
    let (json, start) = trim(&input[after_name + 1..close], after_name + 1);
    Some(Unwrapped {
        json,
        start,
        what: format!("a JSONP wrapper {name}(…)"),
    })
}

/// The first fenced Markdown block (``` or ~~~) whose content looks like a HAR.
fn fenced(input: &[u8]) -> Option<Unwrapped<'_>> {
    let mut offset = 0;
    let mut open: Option<(usize, u8, usize, usize)> = None; // (content start, fence byte, fence length, line)
    for (line_no, line) in input.split(|&b| b == b'\n').enumerate() {
        let line_start = offset;
        offset += line.len() + 1;
        let text = trim_ascii_start(line);
        let fence_byte = match text.first() {
            Some(b @ (b'`' | b'~')) => *b,
            _ => continue,
        };
        let fence_len = text.iter().take_while(|&&b| b == fence_byte).count();
        if fence_len < 3 {
            continue;
        }
        match open {
            None => open = Some((offset.min(input.len()), fence_byte, fence_len, line_no + 1)),
            Some((content_start, byte, len, first_line)) if byte == fence_byte && fence_len >= len => {
                let content = &input[content_start..line_start];
                if looks_like_har(content) {
                    let (json, start) = trim(content, content_start);
                    return Some(Unwrapped {
                        json,
                        start,
                        what: format!("a fenced block of Markdown text (lines {}–{})", first_line + 1, line_no),
                    });
                }
                open = None;
            }
            Some(_) => {}
        }
    }
    None
}

/// `{` followed by `"log"`, through the last `}`: a HAR pasted into prose without a fence.
fn embedded(input: &[u8]) -> Option<Unwrapped<'_>> {
    let start =
        (0..input.len()).find(|&i| input[i] == b'{' && trim_ascii_start(&input[i + 1..]).starts_with(b"\"log\""))?;
    let end = input.iter().rposition(|&b| b == b'}')?;
    (end > start).then(|| Unwrapped {
        json: &input[start..=end],
        start,
        what: format!("text around it (the HAR is bytes {start}–{end})"),
    })
}

fn looks_like_har(content: &[u8]) -> bool {
    let t = trim_ascii_start(content);
    t.starts_with(b"{") && content.windows(5).take(4096).any(|w| w == b"\"log\"")
}

fn trim(slice: &[u8], start: usize) -> (&[u8], usize) {
    let lead = slice.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let trail = slice.iter().rev().take_while(|b| b.is_ascii_whitespace()).count();
    (&slice[lead..slice.len().saturating_sub(trail).max(lead)], start + lead)
}

fn trim_ascii_start(s: &[u8]) -> &[u8] {
    let lead = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[lead..]
}

/// 1-based line and column of byte `offset` in `input`.
pub fn line_column(input: &[u8], offset: usize) -> (usize, usize) {
    let before = &input[..offset.min(input.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = offset - before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonp_wrapper() {
        let u = unwrap(b"onInputData({\"log\": {\"entries\": []}});\n").unwrap();
        assert_eq!(u.json, b"{\"log\": {\"entries\": []}}");
        assert_eq!(u.start, 12);
        assert_eq!(u.what, "a JSONP wrapper onInputData(…)");
        assert!(unwrap(b"{\"log\": {}}").is_none());
        assert!(unwrap(b"not json at all").is_none());
    }

    #[test]
    fn markdown_fence_and_bare_paste() {
        let md = b"Hi support,\n\nhere is my HAR:\n\n```json\n{\"log\": {\"entries\": []}}\n```\n\nThanks!\n";
        let u = unwrap(md).unwrap();
        assert_eq!(u.json, b"{\"log\": {\"entries\": []}}");
        assert_eq!(line_column(md, u.start), (6, 1));
        assert_eq!(u.what, "a fenced block of Markdown text (lines 6–6)");
        let prose = b"HAR below\n{\"log\": {\"entries\": []}}\n-- sent from my phone";
        let u = unwrap(prose).unwrap();
        assert_eq!(u.json, b"{\"log\": {\"entries\": []}}");
        // A fenced block that is not a HAR is passed over.
        let two = b"```sh\ncurl -I x\n```\n~~~\n{ \"log\": {\"entries\": []} }\n~~~\n";
        assert_eq!(unwrap(two).unwrap().json, b"{ \"log\": {\"entries\": []} }");
    }
}
