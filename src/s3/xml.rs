//! A small element tree over `quick-xml` events, for the two XML documents S3 deals in: the
//! `<CORSConfiguration>` a user pastes and the `<Error>` body S3 answers with. Both are tiny and
//! flat, so a tree with byte offsets (for `line:column` in messages) is simpler to interpret than
//! raw events. Names are local names: `<s3:CORSRule>` and `<CORSRule xmlns=...>` both read as
//! `CORSRule`, because S3 users paste documents with and without the namespace.

use quick_xml::Reader;
use quick_xml::events::{BytesRef, Event};

/// One element: its local name, where its `<` is, its child elements and its text (text, CDATA
/// and references of the element itself, concatenated in document order, unescaped).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Element {
    pub name: String,
    pub offset: usize,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    /// The first child with this local name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
}

/// Why the text is not one well-formed XML element: the byte offset and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct XmlError {
    pub offset: usize,
    pub message: String,
}

/// Deeper documents are not S3 documents; the limit keeps a hostile input from costing much.
const MAX_DEPTH: usize = 32;

/// Reads one root element. Declarations, comments, processing instructions and a doctype are
/// skipped; text outside the root must be whitespace.
pub(crate) fn parse(text: &str) -> Result<Element, XmlError> {
    // quick-xml passes characters XML 1.0 forbids (NUL, most C0 controls) through as text, and
    // S3 refuses such a document; refusing it here also keeps every value expressible in the XML
    // the emitters write (found by fuzzing: a raw NUL came back as `&#x0;`, which no XML reader
    // accepts).
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| !super::config::is_xml_char(c)) {
        return Err(XmlError {
            offset: at,
            message: format!(
                "malformed XML: the character U+{:04X} is not allowed in XML",
                u32::from(c)
            ),
        });
    }
    let mut reader = Reader::from_str(text);
    let mut open: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let before = offset(reader.buffer_position());
        let event = reader.read_event().map_err(|e| XmlError {
            offset: offset(reader.error_position()),
            message: format!("malformed XML: {e}"),
        })?;
        match event {
            Event::Start(start) => {
                if root.is_some() {
                    return Err(second_root(before));
                }
                if open.len() >= MAX_DEPTH {
                    return Err(XmlError {
                        offset: before,
                        message: "the XML is nested too deeply".into(),
                    });
                }
                open.push(element(start.local_name().into_inner(), before));
            }
            Event::Empty(start) => {
                if root.is_some() {
                    return Err(second_root(before));
                }
                let done = element(start.local_name().into_inner(), before);
                attach(&mut open, &mut root, done);
            }
            Event::End(_) => match open.pop() {
                Some(done) => attach(&mut open, &mut root, done),
                None => {
                    return Err(XmlError {
                        offset: before,
                        message: "unexpected closing tag".into(),
                    });
                }
            },
            Event::Text(t) => push_text(&mut open, &t.xml10_content(), before)?,
            Event::CData(t) => push_text(&mut open, &t.xml10_content(), before)?,
            Event::GeneralRef(r) => push_text(&mut open, &resolve(&r, before)?, before)?,
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(unclosed) = open.last() {
        return Err(XmlError {
            offset: unclosed.offset,
            message: format!("<{}> is never closed", unclosed.name),
        });
    }
    root.ok_or_else(|| XmlError {
        offset: text.len(),
        message: "no XML element found".into(),
    })
}

fn offset(position: u64) -> usize {
    usize::try_from(position).unwrap_or(usize::MAX)
}

fn element(name: &str, offset: usize) -> Element {
    Element {
        name: name.to_string(),
        offset,
        ..Element::default()
    }
}

fn second_root(offset: usize) -> XmlError {
    XmlError {
        offset,
        message: "unexpected second root element".into(),
    }
}

fn attach(open: &mut [Element], root: &mut Option<Element>, done: Element) {
    match open.last_mut() {
        Some(parent) => parent.children.push(done),
        None => *root = Some(done),
    }
}

/// Text belongs to the innermost open element; outside the root only whitespace is allowed.
fn push_text(open: &mut [Element], text: &str, at: usize) -> Result<(), XmlError> {
    match open.last_mut() {
        Some(parent) => {
            parent.text.push_str(text);
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err(XmlError {
            offset: at,
            message: format!("unexpected text {:?} outside the root element", short(text.trim())),
        }),
    }
}

/// `&amp;`-style predefined entities and character references; a document's own entities are not
/// supported (S3 documents never define any).
fn resolve(reference: &BytesRef<'_>, at: usize) -> Result<String, XmlError> {
    let name: &str = reference;
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return Ok(c.to_string());
    }
    if let Some(value) = quick_xml::escape::resolve_xml_entity(name) {
        return Ok(value.to_string());
    }
    Err(XmlError {
        offset: at,
        message: format!("unknown entity &{name};"),
    })
}

/// At most 40 characters of a value, for messages.
pub(crate) fn short(value: &str) -> String {
    let mut out: String = value.chars().take(40).collect();
    if value.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

/// 1-based line and column (in characters) of a byte offset; an offset inside a character or past
/// the end is moved back to the nearest boundary.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_a_tree_with_local_names_and_unescaped_text() {
        let doc = "<?xml version=\"1.0\"?>\n<a:Root xmlns:a=\"urn:x\"><a:Item>x &amp; y&#33;</a:Item><Empty/><![CDATA[<c>]]></a:Root>";
        let root = parse(doc).expect("parses");
        assert_eq!(root.name, "Root");
        assert_eq!(root.children.len(), 2);
        assert_eq!(root.children[0].text, "x & y!");
        assert_eq!(root.children[1].name, "Empty");
        assert_eq!(root.text, "<c>");
        assert_eq!(line_column(doc, root.offset), (2, 1));
    }

    #[test]
    fn reports_where_the_document_breaks() {
        let err = parse("<A>\n  <B></C>\n</A>").expect_err("mismatched");
        assert_eq!(line_column("<A>\n  <B></C>\n</A>", err.offset).0, 2);
        assert!(parse("<A>").is_err());
        assert!(parse("just text").is_err());
        assert!(parse("").is_err());
        assert!(parse("<A/><B/>").is_err());
        assert!(parse("<A>&bogus;</A>").is_err());
    }

    #[test]
    fn line_column_never_splits_a_character() {
        assert_eq!(line_column("é", 1), (1, 1));
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("ab", 99), (1, 3));
    }
}
