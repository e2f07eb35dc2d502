//! A HAR rewritten for sharing: every secret value replaced by [`MASK`], everything else kept
//! byte for byte — keys, their order, `_` fields, entries, value types, numbers as written,
//! whitespace. What goes:
//!
//! - URLs (`request.url`, `redirectURL`, `pages[].title`, `_initiator.url` and every `url` in
//!   its stack, `Referer`, `Location`, `Content-Location`, HTTP/2 `:path`): secret query and
//!   fragment parameters (presigned `X-Amz-Signature`/`X-Amz-Credential`/`X-Amz-Security-Token`,
//!   OAuth and session tokens...), userinfo passwords, JWTs (see [`super::url`]);
//! - `queryString[]` values of secret parameters; `cookies[]` values;
//! - headers: `Cookie` and `Set-Cookie` cookie values (names and attributes kept),
//!   `Authorization` credentials (the scheme kept; SigV4 keeps its algorithm and SignedHeaders),
//!   the value of every other secret header ([`super::is_secret_header`], or a name saying
//!   token, secret, session, password... [`super::is_secret_field`]); a header keeps its name;
//! - `_initiator_detail` (chrome-har's JSON text of the initiator): the same rules inside it;
//! - bodies (`response.content.text`, `request.postData.text` and `params[].value`,
//!   `_webSocketMessages[].data`): replaced by the marker, unless [`Options::keep_bodies`], which
//!   keeps textual ones with the values of secret keys masked (JSON by key, recursively; form and
//!   multipart fields by name; URLs and JWTs in any text); file uploads, binary types and base64
//!   bodies other than JSON or forms still go. S3's XML error documents always stay, for the
//!   diagnosis reads them: their provided signature, access key id, tokens and hex dumps masked,
//!   and the credential and token in their canonical request;
//! - JWTs and URLs carrying secrets anywhere else in any string.
//!
//! The rewrite walks the JSON tokens of the input once, copying unchanged spans (the document is
//! validated first by serde_json, which gives the positions of errors). Output costs one copy of
//! the input at most; nothing else grows with the file. A redacted HAR redacts to itself.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use serde::de::IgnoredAny;

use super::{Found, MASK, is_secret_field, is_secret_header, is_secret_param};
use crate::capture::{self, ReadError};
use crate::s3::error_body;

/// Why a HAR could not be redacted: not JSON (where, and what was expected), or not a HAR.
pub type Error = ReadError;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Keep request and response bodies, with the values of secret keys and fields masked,
    /// instead of replacing them by the marker.
    pub keep_bodies: bool,
}

/// The redacted HAR and what was masked in it.
#[derive(Clone, Debug)]
pub struct Redacted {
    pub bytes: Vec<u8>,
    pub summary: Summary,
}

/// What was masked, by kind and name: never a value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// `log.entries` written.
    pub entries: usize,
    /// Header values masked (Cookie, Set-Cookie, Authorization, API keys...), by lower-case name.
    pub headers: BTreeMap<String, usize>,
    /// Query (and fragment) parameter values masked, in URLs and `queryString` lists, by name.
    pub params: BTreeMap<String, usize>,
    /// `cookies[]` values masked.
    pub cookies: usize,
    /// JWT-looking values masked outside the above.
    pub jwts: usize,
    /// Passwords masked in URLs' userinfo.
    pub passwords: usize,
    /// Bodies replaced by the marker (response content, post data, WebSocket messages).
    pub bodies_dropped: usize,
    /// Bodies kept (`keep_bodies`) with some value masked.
    pub bodies_scrubbed: usize,
    /// Values masked inside kept bodies, by lower-case key or field name.
    pub fields: BTreeMap<String, usize>,
    /// S3 XML error bodies kept for the diagnosis (their secret elements masked).
    pub error_bodies: usize,
    /// What was done to the input besides masking (a byte order mark or a wrapper left out).
    pub notes: Vec<String>,
}

impl Summary {
    /// How many values were masked or dropped in all.
    pub fn masked(&self) -> usize {
        self.headers.values().sum::<usize>()
            + self.params.values().sum::<usize>()
            + self.cookies
            + self.jwts
            + self.passwords
            + self.bodies_dropped
            + self.fields.values().sum::<usize>()
    }

    fn record(&mut self, found: Found<'_>) {
        match found {
            Found::Param(name) => *self.params.entry(name.to_owned()).or_default() += 1,
            Found::Password => self.passwords += 1,
            Found::Jwt => self.jwts += 1,
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counts = |m: &BTreeMap<String, usize>| {
            m.iter()
                .map(|(name, n)| format!("{name} ×{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let entries = if self.entries == 1 { "entry" } else { "entries" };
        if self.masked() == 0 {
            writeln!(f, "{} {entries}; no secret found", self.entries)?;
        } else {
            writeln!(f, "{} {entries}; masked {} values:", self.entries, self.masked())?;
        }
        if !self.headers.is_empty() {
            writeln!(f, "  headers: {}", counts(&self.headers))?;
        }
        if !self.params.is_empty() {
            writeln!(f, "  query parameters: {}", counts(&self.params))?;
        }
        if self.cookies > 0 {
            writeln!(f, "  cookies: {}", self.cookies)?;
        }
        if self.jwts > 0 {
            writeln!(f, "  JWTs: {}", self.jwts)?;
        }
        if self.passwords > 0 {
            writeln!(f, "  URL passwords: {}", self.passwords)?;
        }
        if self.bodies_dropped > 0 {
            writeln!(f, "  bodies dropped: {}", self.bodies_dropped)?;
        }
        if self.bodies_scrubbed > 0 {
            writeln!(f, "  bodies kept with secrets masked: {}", self.bodies_scrubbed)?;
        }
        if !self.fields.is_empty() {
            writeln!(f, "  body fields: {}", counts(&self.fields))?;
        }
        if self.error_bodies > 0 {
            writeln!(
                f,
                "  kept {} S3 error {} for the diagnosis (signature, key id and tokens masked)",
                self.error_bodies,
                if self.error_bodies == 1 { "body" } else { "bodies" }
            )?;
        }
        for note in &self.notes {
            writeln!(f, "  note: {note}")?;
        }
        Ok(())
    }
}

/// The HAR with its secrets masked. The input is UTF-8 JSON (a byte order mark, a JSONP wrapper
/// or Markdown around it are left out of the output, with a note); an input that is not JSON, or
/// is cut off, or is not a HAR, is an error saying where.
pub fn redact(bytes: &[u8], options: &Options) -> Result<Redacted, Error> {
    let mut summary = Summary::default();
    let json = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => {
            summary
                .notes
                .push("left out the byte order mark the file started with".to_owned());
            rest
        }
        None => bytes,
    };
    let json = match capture::wrapper::unwrap(json) {
        Some(u) => {
            summary
                .notes
                .push(format!("wrote the HAR found in {} without what was around it", u.what));
            u.json
        }
        None => json,
    };
    let start = json.as_ptr() as usize - bytes.as_ptr() as usize;
    let text = std::str::from_utf8(json).map_err(|e| {
        let (line, column) = capture::wrapper::line_column(bytes, start + e.valid_up_to());
        ReadError::Syntax {
            line,
            column,
            message: "invalid UTF-8 (a HAR is UTF-8 text)".to_owned(),
            entry: None,
        }
    })?;
    if let Err(e) = serde_json::from_str::<IgnoredAny>(text) {
        return Err(read_error(bytes, &e));
    }
    let mut walk = Walk::new(text, options, &mut summary);
    let walked = walk.document();
    let shape = walk.shape;
    let bytes_out = if walked.is_ok() && !shape.bad {
        walk.finish()
    } else {
        Vec::new()
    };
    if walked.is_err() || shape.bad {
        return Err(capture::read(bytes).err().unwrap_or_else(|| {
            ReadError::NotHar("\"log\" or \"log.entries\" is not what a HAR holds there".to_owned())
        }));
    }
    if !shape.saw_log {
        return Err(ReadError::NotHar("the top-level object has no \"log\" key".to_owned()));
    }
    if !shape.saw_entries {
        return Err(ReadError::NotHar("\"log\" has no \"entries\" array".to_owned()));
    }
    Ok(Redacted {
        bytes: bytes_out,
        summary,
    })
}

/// The error the HAR reader gives for this input, in its words; for a file it can read up to
/// where it ends (a truncated HAR, which redaction cannot complete), serde_json's.
fn read_error(bytes: &[u8], e: &serde_json::Error) -> ReadError {
    match capture::read(bytes) {
        Err(err) => err,
        Ok(capture) => match capture.truncated {
            Some(t) => match capture::syntax_error(e, None) {
                ReadError::Syntax { message, .. } => ReadError::Syntax {
                    line: t.line,
                    column: t.column,
                    message,
                    entry: (!t.entries_complete).then_some(t.complete_entries),
                },
                other => other,
            },
            None => capture::syntax_error(e, None),
        },
    }
}

/// What a JSON value is, by where it is in the HAR.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    Root,
    Log,
    Pages,
    Page,
    Entries,
    Entry,
    Request,
    Response,
    Headers,
    Header,
    QueryString,
    QueryParam,
    Cookies,
    Cookie,
    PostData,
    Content,
    /// `_initiator`: an object (its `url`s are URLs) or, from chrome-har, a URL.
    Initiator,
    /// `_initiator_detail`: JSON text.
    InitiatorDetail,
    Messages,
    Message,
    Url,
    Generic,
    /// Inside a kept JSON body: `secret` once under a secret key.
    Body {
        secret: bool,
    },
}

impl Rule {
    fn child(self, key: &str) -> Rule {
        match (self, key) {
            (Rule::Root, "log") => Rule::Log,
            (Rule::Log, "pages") => Rule::Pages,
            (Rule::Log, "entries") => Rule::Entries,
            (Rule::Page, "title") => Rule::Url,
            (Rule::Entry, "request") => Rule::Request,
            (Rule::Entry, "response") => Rule::Response,
            (Rule::Entry, "_initiator") => Rule::Initiator,
            (Rule::Entry, "_initiator_detail") => Rule::InitiatorDetail,
            (Rule::Entry, "_webSocketMessages") => Rule::Messages,
            (Rule::Request, "url") | (Rule::Response, "redirectURL") => Rule::Url,
            (Rule::Request | Rule::Response, "headers") => Rule::Headers,
            (Rule::Request | Rule::Response, "cookies") => Rule::Cookies,
            (Rule::Request, "queryString") => Rule::QueryString,
            (Rule::Request, "postData") => Rule::PostData,
            (Rule::Response, "content") => Rule::Content,
            (Rule::Body { secret }, key) => Rule::Body {
                secret: secret || is_secret_field(key),
            },
            (_, key) if key.eq_ignore_ascii_case("url") || key.eq_ignore_ascii_case("redirectURL") => Rule::Url,
            _ => Rule::Generic,
        }
    }

    fn element(self) -> Rule {
        match self {
            Rule::Pages => Rule::Page,
            Rule::Entries => Rule::Entry,
            Rule::Headers => Rule::Header,
            Rule::QueryString => Rule::QueryParam,
            Rule::Cookies => Rule::Cookie,
            Rule::Messages => Rule::Message,
            Rule::Body { secret } => Rule::Body { secret },
            _ => Rule::Generic,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// How a kept body is scrubbed.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Json,
    Form,
    Multipart(String),
    Text,
    /// Images, archives, octet streams...: dropped even when bodies are kept.
    Binary,
}

impl Kind {
    /// By the MIME type; `sniff`ed text that looks like JSON counts as JSON when the type does
    /// not say otherwise.
    fn of(mime: Option<&str>, sniff: Option<&str>) -> Kind {
        let mime = mime.unwrap_or("").trim();
        let essence = mime.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if essence.ends_with("json") {
            return Kind::Json;
        }
        if essence == "application/x-www-form-urlencoded" {
            return Kind::Form;
        }
        if essence == "multipart/form-data" {
            return Kind::Multipart(boundary(mime).unwrap_or_default());
        }
        let vague = essence.is_empty() || essence == "text/plain";
        if vague
            && let Some(t) = sniff
            && matches!(t.trim_start().as_bytes().first(), Some(b'{' | b'['))
        {
            return Kind::Json;
        }
        let textual = essence.is_empty()
            || essence.starts_with("text/")
            || essence.ends_with("xml")
            || essence.contains("javascript")
            || essence.contains("ecmascript")
            || essence == "application/graphql";
        if textual { Kind::Text } else { Kind::Binary }
    }

    /// JSON and forms: worth decoding out of base64.
    fn structured(&self) -> bool {
        matches!(self, Kind::Json | Kind::Form | Kind::Multipart(_))
    }
}

/// `multipart/form-data; boundary=...` → the boundary.
fn boundary(mime: &str) -> Option<String> {
    mime.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// Where the document deviates from a HAR's shape.
#[derive(Clone, Copy, Debug, Default)]
struct Shape {
    saw_log: bool,
    saw_entries: bool,
    bad: bool,
}

/// Input that the walk did not expect (serde_json accepted it, so this should not happen).
#[derive(Debug)]
struct Bad;

type Step = Result<(), Bad>;

/// A string token: `start` at its opening quote, `end` after its closing one.
#[derive(Clone, Copy, Debug)]
struct Str {
    start: usize,
    end: usize,
    escaped: bool,
}

/// Bodies seen in one `content` or `postData` object.
#[derive(Default)]
struct Outcome {
    dropped: bool,
    scrubbed: bool,
}

/// One pass over a JSON text, writing it with secrets masked.
struct Walk<'a, 's> {
    src: &'a str,
    pos: usize,
    out: Vec<u8>,
    /// `src[..copied]` is accounted for in `out`.
    copied: usize,
    options: &'s Options,
    sum: &'s mut Summary,
    shape: Shape,
    /// Values masked under secret body keys so far.
    masked_fields: usize,
    /// Containers open around `pos` (this walk's own, not an enclosing one's).
    depth: usize,
}

const WS: &[u8] = b" \t\n\r";

/// Containers nested deeper than this are walked by `flat`, without recursion.
const MAX_DEPTH: usize = 48;

impl<'a, 's> Walk<'a, 's> {
    fn new(src: &'a str, options: &'s Options, sum: &'s mut Summary) -> Self {
        Walk {
            src,
            pos: 0,
            out: Vec::new(),
            copied: 0,
            options,
            sum,
            shape: Shape::default(),
            masked_fields: 0,
            depth: 0,
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.src.as_bytes()
    }

    /// The output: the input when nothing changed.
    fn finish(mut self) -> Vec<u8> {
        if self.copied == 0 {
            return self.src.as_bytes().to_vec();
        }
        self.out.extend_from_slice(&self.src.as_bytes()[self.copied..]);
        self.out
    }

    fn changed(&self) -> bool {
        self.copied > 0
    }

    /// The whole document: one HAR object.
    fn document(&mut self) -> Step {
        self.ws();
        if self.peek() != Some(b'{') {
            self.shape.bad = true;
        }
        self.value(Rule::Root)?;
        self.ws();
        if self.pos == self.src.len() { Ok(()) } else { Err(Bad) }
    }

    fn ws(&mut self) {
        let b = self.bytes();
        while self.pos < b.len() && WS.contains(&b[self.pos]) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    fn bump(&mut self) -> Result<u8, Bad> {
        let c = self.peek().ok_or(Bad)?;
        self.pos += 1;
        Ok(c)
    }

    fn expect(&mut self, c: u8) -> Step {
        if self.bump()? == c { Ok(()) } else { Err(Bad) }
    }

    fn string(&mut self) -> Result<Str, Bad> {
        let b = self.bytes();
        let start = self.pos;
        if b.get(start) != Some(&b'"') {
            return Err(Bad);
        }
        let mut i = start + 1;
        let mut escaped = false;
        loop {
            let rest = b.get(i..).ok_or(Bad)?;
            let k = rest.iter().position(|&c| c == b'"' || c == b'\\').ok_or(Bad)?;
            i += k;
            if b[i] == b'"' {
                i += 1;
                break;
            }
            escaped = true;
            i += 2;
        }
        self.pos = i;
        Ok(Str { start, end: i, escaped })
    }

    fn decode(&self, s: Str) -> Cow<'a, str> {
        let inner = &self.src[s.start + 1..s.end - 1];
        if s.escaped {
            Cow::Owned(unescape(inner))
        } else {
            Cow::Borrowed(inner)
        }
    }

    /// A number, `true`, `false` or `null`: its end.
    fn scalar(&mut self) -> Result<(usize, usize), Bad> {
        let b = self.bytes();
        let start = self.pos;
        while self.pos < b.len() && !matches!(b[self.pos], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
        if self.pos == start {
            Err(Bad)
        } else {
            Ok((start, self.pos))
        }
    }

    fn skip(&mut self) -> Step {
        let mut depth = 0usize;
        loop {
            self.ws();
            match self.peek().ok_or(Bad)? {
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                    continue;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1).ok_or(Bad)?;
                    self.pos += 1;
                }
                b',' | b':' if depth > 0 => {
                    self.pos += 1;
                    continue;
                }
                b'"' => {
                    self.string()?;
                }
                _ => {
                    self.scalar()?;
                }
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }

    /// Writes `raw` (JSON) in place of `src[start..end]`.
    fn splice(&mut self, start: usize, end: usize, raw: &[u8]) {
        if self.out.capacity() == 0 {
            // Room for the whole output at once (masks can be longer than what they replace):
            // growing a copy of a large HAR would hold two for a moment.
            self.out.reserve(self.src.len() + self.src.len() / 8 + 1024);
        }
        self.out.extend_from_slice(&self.src.as_bytes()[self.copied..start]);
        self.out.extend_from_slice(raw);
        self.copied = end;
    }

    /// Writes the string `new` in place of the string token `s`.
    fn replace(&mut self, s: Str, new: &str) {
        let encoded = serde_json::to_string(new).unwrap_or_else(|_| format!("\"{MASK}\""));
        self.splice(s.start, s.end, encoded.as_bytes());
    }

    fn value(&mut self, rule: Rule) -> Step {
        self.ws();
        let c = self.peek().ok_or(Bad)?;
        match rule {
            Rule::Log if c != b'{' => self.shape.bad = true,
            Rule::Entries if c != b'[' && c != b'n' => self.shape.bad = true,
            _ => {}
        }
        match c {
            b'{' | b'[' if self.depth >= MAX_DEPTH => self.flat(rule),
            b'{' | b'[' => {
                self.depth += 1;
                let done = match (c, rule) {
                    (b'{', Rule::Header | Rule::QueryParam | Rule::Cookie) => self.pair(rule),
                    (b'{', Rule::Content | Rule::PostData | Rule::Message) => self.body_holder(rule),
                    (b'{', _) => self.object(rule),
                    (_, Rule::Header) => self.header_pair(),
                    _ => self.array(rule),
                };
                self.depth -= 1;
                done
            }
            b'"' => {
                let s = self.string()?;
                self.string_value(rule, s);
                Ok(())
            }
            _ => self.scalar_value(rule),
        }
    }

    /// A number, `true`, `false` or `null`: kept, but for a secret key's value in a body.
    fn scalar_value(&mut self, rule: Rule) -> Step {
        let (start, end) = self.scalar()?;
        if rule == (Rule::Body { secret: true }) && &self.src[start..end] != "null" {
            self.splice(start, end, format!("\"{MASK}\"").as_bytes());
            self.masked_fields += 1;
        }
        Ok(())
    }

    /// A value nested deeper than `MAX_DEPTH` (serde_json skips any depth without recursion),
    /// walked without recursion either: its strings as in `rule`'s generic or body context,
    /// `url` members as URLs, and in a body every value under a secret key masked.
    fn flat(&mut self, rule: Rule) -> Step {
        let body = matches!(rule, Rule::Body { .. });
        let outer_secret = rule == (Rule::Body { secret: true });
        // Per open container: whether it is an object, and whether it is under a secret key.
        let mut open: Vec<(bool, bool)> = Vec::new();
        let mut key: Option<Cow<'a, str>> = None;
        let mut expect_key = false;
        loop {
            self.ws();
            let c = self.peek().ok_or(Bad)?;
            let secret_here =
                open.last().map_or(outer_secret, |o| o.1) || (body && key.as_deref().is_some_and(is_secret_field));
            match c {
                b'{' | b'[' => {
                    open.push((c == b'{', secret_here));
                    self.pos += 1;
                    expect_key = c == b'{';
                    key = None;
                    continue;
                }
                b'}' | b']' => {
                    open.pop().ok_or(Bad)?;
                    self.pos += 1;
                }
                b',' => {
                    self.pos += 1;
                    expect_key = open.last().is_some_and(|o| o.0);
                    key = None;
                    continue;
                }
                b':' => {
                    self.pos += 1;
                    continue;
                }
                b'"' if expect_key => {
                    let s = self.string()?;
                    key = Some(self.decode(s));
                    expect_key = false;
                    continue;
                }
                _ => {
                    let rule = if body {
                        Rule::Body { secret: secret_here }
                    } else {
                        key.as_deref().map_or(Rule::Generic, |k| Rule::Generic.child(k))
                    };
                    if c == b'"' {
                        let s = self.string()?;
                        self.string_value(rule, s);
                    } else {
                        self.scalar_value(rule)?;
                    }
                    key = None;
                }
            }
            if open.is_empty() {
                return Ok(());
            }
        }
    }

    /// Calls `f` on each member of the object at `pos`, positioned at the member's value.
    fn members(&mut self, mut f: impl FnMut(&mut Self, &str) -> Step) -> Step {
        self.expect(b'{')?;
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.ws();
            let k = self.string()?;
            let key = self.decode(k);
            self.ws();
            self.expect(b':')?;
            self.ws();
            f(self, &key)?;
            self.ws();
            match self.bump()? {
                b',' => {}
                b'}' => return Ok(()),
                _ => return Err(Bad),
            }
        }
    }

    /// The string values of `keys` in the object at `open`, read ahead without writing.
    fn lookahead<const N: usize>(&mut self, open: usize, keys: [&str; N]) -> [Option<Cow<'a, str>>; N] {
        let back = self.pos;
        self.pos = open;
        let mut found: [Option<Cow<'a, str>>; N] = std::array::from_fn(|_| None);
        let _ = self.members(|w, key| match keys.iter().position(|k| *k == key) {
            Some(i) if w.peek() == Some(b'"') => {
                let s = w.string()?;
                found[i] = Some(w.decode(s));
                Ok(())
            }
            _ => w.skip(),
        });
        self.pos = back;
        found
    }

    fn object(&mut self, rule: Rule) -> Step {
        if rule == Rule::Root {
            return self.members(|w, key| {
                if key == "log" {
                    w.shape.saw_log = true;
                }
                w.value(Rule::Root.child(key))
            });
        }
        if rule == Rule::Log {
            return self.members(|w, key| {
                if key == "entries" {
                    w.shape.saw_entries = true;
                }
                w.value(Rule::Log.child(key))
            });
        }
        if let Rule::Body { secret: false } = rule {
            return self.members(|w, key| {
                let child = rule.child(key);
                let before = w.masked_fields;
                w.value(child)?;
                if child == (Rule::Body { secret: true }) && w.masked_fields > before {
                    *w.sum.fields.entry(key.to_lowercase()).or_default() += 1;
                }
                Ok(())
            });
        }
        self.members(|w, key| w.value(rule.child(key)))
    }

    fn array(&mut self, rule: Rule) -> Step {
        let element = rule.element();
        self.expect(b'[')?;
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            if rule == Rule::Entries {
                self.sum.entries += 1;
            }
            self.value(element)?;
            self.ws();
            match self.bump()? {
                b',' => {}
                b']' => return Ok(()),
                _ => return Err(Bad),
            }
        }
    }

    fn string_value(&mut self, rule: Rule, s: Str) {
        let value = self.decode(s);
        if value.is_empty() {
            return;
        }
        let new = match rule {
            Rule::Url | Rule::Initiator => self.url(&value),
            Rule::InitiatorDetail => match self.inner_json(&value, Rule::Initiator) {
                Ok(new) => new,
                Err(Bad) => self.text(&value),
            },
            Rule::Body { secret: true } => (value != MASK).then(|| {
                self.masked_fields += 1;
                MASK.to_owned()
            }),
            _ => self.text(&value),
        };
        if let Some(new) = new {
            self.replace(s, &new);
        }
    }

    /// `url` with its secrets masked, when it has any.
    fn url(&mut self, value: &str) -> Option<String> {
        let sum = &mut *self.sum;
        match super::url_reporting(value, &mut |f| sum.record(f)) {
            Cow::Owned(new) if new != value => Some(new),
            _ => None,
        }
    }

    /// Free text with the secrets of its URLs and its JWTs masked, when it has any.
    fn text(&mut self, value: &str) -> Option<String> {
        if !value.contains("://") && !value.contains("eyJ") {
            return None;
        }
        let sum = &mut *self.sum;
        match super::text_reporting(value, &mut |f| sum.record(f)) {
            Cow::Owned(new) if new != value => Some(new),
            _ => None,
        }
    }

    /// JSON text (a string's content) walked under `rule`: the new text, `None` when nothing in
    /// it changed, `Bad` when it is not JSON.
    fn inner_json(&mut self, text: &str, rule: Rule) -> Result<Option<String>, Bad> {
        serde_json::from_str::<IgnoredAny>(text).map_err(|_| Bad)?;
        let mut inner = Walk::new(text, self.options, self.sum);
        inner.value(rule)?;
        let masked = inner.masked_fields;
        let changed = inner.changed();
        let out = inner.finish();
        self.masked_fields += masked;
        Ok(changed.then(|| String::from_utf8(out).ok()).flatten())
    }

    /// `{"name": .., "value": ..}`: a header, a query parameter or a cookie.
    fn pair(&mut self, rule: Rule) -> Step {
        let open = self.pos;
        let mut name: Option<Cow<'a, str>> = None;
        self.members(|w, key| match key {
            "name" if w.peek() == Some(b'"') => {
                let s = w.string()?;
                name = Some(w.decode(s));
                Ok(())
            }
            "value" if w.peek() == Some(b'"') => {
                if name.is_none() {
                    let [n] = w.lookahead(open, ["name"]);
                    name = n;
                }
                let s = w.string()?;
                let value = w.decode(s);
                if let Some(new) = w.pair_value(rule, name.as_deref(), &value) {
                    w.replace(s, &new);
                }
                Ok(())
            }
            _ => w.value(Rule::Generic.child(key)),
        })
    }

    /// `[name, value]` headers (Slack's exports).
    fn header_pair(&mut self) -> Step {
        self.expect(b'[')?;
        let mut name: Option<Cow<'a, str>> = None;
        let mut index = 0;
        loop {
            self.ws();
            if index == 0 && self.peek() == Some(b']') {
                self.pos += 1;
                return Ok(());
            }
            match (index, self.peek()) {
                (0, Some(b'"')) => {
                    let s = self.string()?;
                    name = Some(self.decode(s));
                }
                (1, Some(b'"')) => {
                    let s = self.string()?;
                    let value = self.decode(s);
                    if let Some(new) = self.pair_value(Rule::Header, name.as_deref(), &value) {
                        self.replace(s, &new);
                    }
                }
                _ => self.value(Rule::Generic)?,
            }
            index += 1;
            self.ws();
            match self.bump()? {
                b',' => {}
                b']' => return Ok(()),
                _ => return Err(Bad),
            }
        }
    }

    fn pair_value(&mut self, rule: Rule, name: Option<&str>, value: &str) -> Option<String> {
        if value.is_empty() {
            return None;
        }
        match (rule, name) {
            (Rule::Header, Some(name)) => self.header(name, value),
            (Rule::QueryParam, Some(name)) if is_secret_param(name) => {
                if value == MASK {
                    return None;
                }
                *self.sum.params.entry(name.to_owned()).or_default() += 1;
                Some(MASK.to_owned())
            }
            (Rule::Cookie, _) => {
                if value == MASK {
                    return None;
                }
                self.sum.cookies += 1;
                Some(MASK.to_owned())
            }
            _ => self.text(value),
        }
    }

    fn header(&mut self, name: &str, value: &str) -> Option<String> {
        let lower = name.to_ascii_lowercase();
        let masked = match lower.as_str() {
            "cookie" => super::cookie(value),
            "set-cookie" => super::set_cookie(value),
            "authorization" | "proxy-authorization" => super::authorization(value),
            // Beyond the known names, any whose name says token, secret, session, password...
            // (`Access-Control-Allow-Credentials` is the CORS protocol, not a credential).
            _ if is_secret_header(name) || (!lower.starts_with("access-control-") && is_secret_field(name)) => {
                Cow::Borrowed(MASK)
            }
            ":path" | "location" | "referer" | "content-location" => return self.url(value),
            _ => return self.text(value),
        };
        if masked == value {
            return None;
        }
        *self.sum.headers.entry(lower).or_default() += 1;
        Some(masked.into_owned())
    }

    /// `response.content`, `request.postData` or a WebSocket message: objects holding a body,
    /// whose type may come after it.
    fn body_holder(&mut self, rule: Rule) -> Step {
        let open = self.pos;
        let [mime, encoding] = self.lookahead(open, ["mimeType", "encoding"]);
        let mut outcome = Outcome::default();
        let side = if rule == Rule::Content {
            Side::Response
        } else {
            Side::Request
        };
        self.members(|w, key| match (rule, key) {
            (Rule::Content | Rule::PostData, "text") | (Rule::Message, "data") if w.peek() == Some(b'"') => {
                let s = w.string()?;
                w.body(s, side, mime.as_deref(), encoding.as_deref(), &mut outcome);
                Ok(())
            }
            (Rule::PostData, "params") if w.peek() == Some(b'[') => w.params(&mut outcome),
            _ => w.value(Rule::Generic.child(key)),
        })?;
        self.count(&outcome);
        Ok(())
    }

    fn count(&mut self, outcome: &Outcome) {
        if outcome.dropped {
            self.sum.bodies_dropped += 1;
        } else if outcome.scrubbed {
            self.sum.bodies_scrubbed += 1;
        }
    }

    /// `postData.params`: the body's fields; counted with the body.
    fn params(&mut self, outcome: &mut Outcome) -> Step {
        self.expect(b'[')?;
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.ws();
            if self.peek() == Some(b'{') {
                let open = self.pos;
                let [name, file] = self.lookahead(open, ["name", "fileName"]);
                self.members(|w, key| match key {
                    "value" if w.peek() == Some(b'"') => {
                        let s = w.string()?;
                        w.param_value(s, name.as_deref(), file.is_some(), outcome);
                        Ok(())
                    }
                    _ => w.value(Rule::Generic.child(key)),
                })?;
            } else {
                self.value(Rule::Generic)?;
            }
            self.ws();
            match self.bump()? {
                b',' => {}
                b']' => return Ok(()),
                _ => return Err(Bad),
            }
        }
    }

    /// A form field: dropped with the body, or kept with a secret field's (or a file's) value
    /// masked.
    fn param_value(&mut self, s: Str, name: Option<&str>, file: bool, outcome: &mut Outcome) {
        let value = self.decode(s);
        if value.is_empty() {
            return;
        }
        let secret = file || name.is_some_and(is_secret_form_field);
        if !self.options.keep_bodies || secret {
            if value != MASK {
                self.replace(s, MASK);
                if self.options.keep_bodies {
                    outcome.scrubbed = true;
                    let key = name.map_or_else(|| "(unnamed)".to_owned(), str::to_lowercase);
                    *self.sum.fields.entry(key).or_default() += 1;
                } else {
                    outcome.dropped = true;
                }
            }
            return;
        }
        if let Some(new) = self.text(&value) {
            outcome.scrubbed = true;
            self.replace(s, &new);
        }
    }

    fn body(&mut self, s: Str, side: Side, mime: Option<&str>, encoding: Option<&str>, outcome: &mut Outcome) {
        // Decoded only when read: a dropped body of hundreds of MB is replaced unread.
        let raw = &self.src[s.start..s.end];
        if raw.len() == 2 {
            return;
        }
        let base64 = encoding.is_some_and(|e| e.eq_ignore_ascii_case("base64"));
        // S3's error document is the diagnosis's evidence (the analysis reads bodies up to 64 kB).
        if side == Side::Response && !base64 && raw.len() <= 64 * 1024 {
            let value = self.decode(s);
            if error_body::parse(&value).is_some() {
                self.sum.error_bodies += 1;
                if let Some(new) = self.s3_error(&value) {
                    self.replace(s, &new);
                }
                return;
            }
        }
        let drop_body = |w: &mut Self, outcome: &mut Outcome| {
            if w.src[s.start..s.end] != format!("\"{MASK}\"") {
                w.replace(s, MASK);
                outcome.dropped = true;
            }
        };
        if !self.options.keep_bodies {
            return drop_body(self, outcome);
        }
        let value = self.decode(s);
        let drop_body = |w: &mut Self, outcome: &mut Outcome| {
            if value != MASK {
                w.replace(s, MASK);
                outcome.dropped = true;
            }
        };
        if !self.options.keep_bodies {
            return drop_body(self, outcome);
        }
        if base64 {
            let kind = Kind::of(mime, None);
            let decoded = (kind.structured() && base64_may_be_text(&value))
                .then(|| base64_decode(&value).and_then(|b| String::from_utf8(b).ok()))
                .flatten();
            let (true, Some(text)) = (kind.structured(), decoded) else {
                return drop_body(self, outcome);
            };
            if let Some(new) = self.scrub(&kind, &text) {
                outcome.scrubbed = true;
                self.replace(s, &base64_encode(new.as_bytes()));
            }
            return;
        }
        let kind = Kind::of(mime, Some(&value));
        if kind == Kind::Binary {
            return drop_body(self, outcome);
        }
        if let Some(new) = self.scrub(&kind, &value) {
            outcome.scrubbed = true;
            self.replace(s, &new);
        }
    }

    /// A kept body with its secrets masked, when it has any.
    fn scrub(&mut self, kind: &Kind, text: &str) -> Option<String> {
        match kind {
            Kind::Json => match self.inner_json(text, Rule::Body { secret: false }) {
                Ok(new) => new,
                Err(Bad) => self.text(text),
            },
            Kind::Form => self.form(text),
            Kind::Multipart(boundary) => self.multipart(text, boundary),
            Kind::Text | Kind::Binary => self.text(text),
        }
    }

    /// `a=1&password=2` → `a=1&password=REDACTED`.
    fn form(&mut self, text: &str) -> Option<String> {
        let mut out = String::with_capacity(text.len());
        let mut changed = false;
        for (i, pair) in text.split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            match pair.split_once('=') {
                Some((name, value)) if !value.is_empty() => {
                    let decoded = form_decode(name);
                    if is_secret_form_field(&decoded) {
                        out.push_str(name);
                        out.push('=');
                        out.push_str(MASK);
                        if value != MASK {
                            changed = true;
                            *self.sum.fields.entry(decoded.to_lowercase()).or_default() += 1;
                        }
                    } else {
                        out.push_str(name);
                        out.push('=');
                        match self.text(value) {
                            Some(new) => {
                                changed = true;
                                out.push_str(&new);
                            }
                            None => out.push_str(value),
                        }
                    }
                }
                _ => out.push_str(pair),
            }
        }
        changed.then_some(out)
    }

    /// A `multipart/form-data` body with file contents and secret fields masked, headers kept.
    fn multipart(&mut self, text: &str, boundary: &str) -> Option<String> {
        let boundary = if boundary.is_empty() {
            // The first line is `--BOUNDARY`.
            text.lines().next()?.strip_prefix("--")?.trim_end()
        } else {
            boundary
        };
        if boundary.is_empty() {
            return self.text(text);
        }
        let delimiter = format!("--{boundary}");
        let mut out = String::with_capacity(text.len());
        let mut changed = false;
        for (i, part) in text.split(delimiter.as_str()).enumerate() {
            if i > 0 {
                out.push_str(&delimiter);
            }
            let split = part
                .find("\r\n\r\n")
                .map(|at| at + 4)
                .or_else(|| part.find("\n\n").map(|at| at + 2));
            // The preamble before the first delimiter and the epilogue after the last stay.
            let (Some(split), false) = (split, i == 0 || part.starts_with("--")) else {
                out.push_str(part);
                continue;
            };
            let (head, rest) = part.split_at(split);
            let body_len = rest
                .strip_suffix("\r\n")
                .or_else(|| rest.strip_suffix('\n'))
                .unwrap_or(rest)
                .len();
            let (body, tail) = rest.split_at(body_len);
            let name = disposition_param(head, "name");
            let file = disposition_param(head, "filename").is_some();
            out.push_str(head);
            let secret = file || name.as_deref().is_some_and(is_secret_form_field);
            if secret && !body.is_empty() && body != MASK {
                changed = true;
                out.push_str(MASK);
                let key = name.map_or_else(|| "(unnamed)".to_owned(), |n| n.to_lowercase());
                *self.sum.fields.entry(key).or_default() += 1;
            } else if let Some(new) = (!secret).then(|| self.text(body)).flatten() {
                changed = true;
                out.push_str(&new);
            } else {
                out.push_str(body);
            }
            out.push_str(tail);
        }
        changed.then_some(out)
    }

    /// S3's `<Error>` document with the provided signature, the access key id, tokens and the
    /// hex dumps masked, and the canonical request's secret parameters and headers (the code,
    /// message, region, endpoint and string-to-sign stay: the diagnosis and whoever compares
    /// signatures read them), and URL secrets and JWTs anywhere.
    fn s3_error(&mut self, xml: &str) -> Option<String> {
        static ELEMENT: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"<([A-Za-z][A-Za-z0-9_.-]*)>([^<]*)</([A-Za-z][A-Za-z0-9_.-]*)>").expect("valid regex")
        });
        let sum = &mut *self.sum;
        let masked = ELEMENT.replace_all(xml, |c: &regex::Captures<'_>| {
            let (name, content) = (&c[1], &c[2]);
            let lower = name.to_ascii_lowercase();
            if name != &c[3] || content.trim().is_empty() || content == MASK {
                return c[0].to_owned();
            }
            if lower == "canonicalrequest" {
                let scrubbed = canonical_request(content);
                if scrubbed != content {
                    *sum.fields.entry(lower).or_default() += 1;
                }
                return format!("<{name}>{scrubbed}</{name}>");
            }
            if is_secret_field(name) || lower.ends_with("bytes") {
                *sum.fields.entry(lower).or_default() += 1;
                return format!("<{name}>{MASK}</{name}>");
            }
            c[0].to_owned()
        });
        let out = match super::text_reporting(&masked, &mut |f| sum.record(f)) {
            Cow::Owned(o) => o,
            Cow::Borrowed(b) => b.to_owned(),
        };
        (out != xml).then_some(out)
    }
}

/// S3's canonical request (XML-escaped, one item a line) with the values of secret query
/// parameters (`X-Amz-Credential`, `X-Amz-Security-Token`...) and secret headers masked.
fn canonical_request(content: &str) -> String {
    let lines: Vec<String> = content
        .split('\n')
        .map(|line| {
            if let Some((name, value)) = line.split_once(':')
                && is_secret_header(name.trim())
                && !value.trim().is_empty()
            {
                return format!("{name}:{MASK}");
            }
            let separator = if line.contains("&amp;") { "&amp;" } else { "&" };
            line.split(separator)
                .map(|pair| match pair.split_once('=') {
                    Some((name, value)) if !value.is_empty() && is_secret_param(name) => format!("{name}={MASK}"),
                    _ => pair.to_owned(),
                })
                .collect::<Vec<_>>()
                .join(separator)
        })
        .collect();
    lines.join("\n")
}

/// Whether a form field (urlencoded or multipart) holds a secret: a secret field or query
/// parameter name, and an S3 POST `policy` (base64 JSON carrying the credential and session
/// token). The object `key` of an S3 POST form is not one.
fn is_secret_form_field(name: &str) -> bool {
    name.eq_ignore_ascii_case("policy")
        || is_secret_field(name)
        || (is_secret_param(name) && !name.eq_ignore_ascii_case("key"))
}

/// `name="value"` in a part's `Content-Disposition`.
fn disposition_param(head: &str, param: &str) -> Option<String> {
    let line = head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
    line.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(param)
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// A form field name: `+` is a space, `%XX` a byte.
fn form_decode(s: &str) -> String {
    let plus = s.replace('+', " ");
    super::percent_decode_lossy(&plus).into_owned()
}

/// A JSON string's content (between the quotes) decoded; a lone surrogate becomes U+FFFD.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let mut chars = rest[at + 1..].chars();
        match chars.next() {
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let c = match hex4(&mut chars) {
                    Some(hi @ 0xD800..=0xDBFF) => {
                        let mut ahead = chars.clone();
                        match (ahead.next(), ahead.next(), hex4(&mut ahead)) {
                            (Some('\\'), Some('u'), Some(lo @ 0xDC00..=0xDFFF)) => {
                                chars = ahead;
                                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            }
                            _ => None,
                        }
                    }
                    Some(code) => char::from_u32(code),
                    None => None,
                };
                out.push(c.unwrap_or('\u{FFFD}'));
            }
            Some(other) => out.push(other),
            None => {}
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
    out
}

fn hex4(chars: &mut std::str::Chars<'_>) -> Option<u32> {
    let mut v = 0;
    for _ in 0..4 {
        v = v * 16 + chars.next()?.to_digit(16)?;
    }
    Some(v)
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard or URL-safe base64, padded or not; `None` on any other character.
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    const INVALID: u8 = 0xFF;
    static TABLE: LazyLock<[u8; 256]> = LazyLock::new(|| {
        let mut t = [INVALID; 256];
        for (i, c) in BASE64.iter().enumerate() {
            t[usize::from(*c)] = i as u8;
        }
        t[usize::from(b'-')] = 62;
        t[usize::from(b'_')] = 63;
        t
    });
    let s = s.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(s.len() / 4 * 3 + 3);
    let mut chunks = s.chunks_exact(4);
    for chunk in &mut chunks {
        let [a, b, c, d] = [0, 1, 2, 3].map(|i| TABLE[usize::from(chunk[i])]);
        if (a | b | c | d) & 0xC0 != 0 {
            return None;
        }
        let n = (u32::from(a) << 18) | (u32::from(b) << 12) | (u32::from(c) << 6) | u32::from(d);
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    let rest = chunks.remainder();
    if rest.len() == 1 {
        return None;
    }
    let mut n = 0u32;
    for (i, c) in rest.iter().enumerate() {
        let v = TABLE[usize::from(*c)];
        if v == INVALID {
            return None;
        }
        n |= u32::from(v) << (18 - 6 * i);
    }
    out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8][..rest.len().saturating_sub(1)]);
    Some(out)
}

/// Whether base64 text may decode to UTF-8: its first kilobyte does (binary fails at once,
/// sparing the decoding of a large image).
fn base64_may_be_text(s: &str) -> bool {
    let head = &s.as_bytes()[..s.len().min(1024) / 4 * 4];
    let Some(bytes) = std::str::from_utf8(head).ok().and_then(base64_decode) else {
        return false;
    };
    match std::str::from_utf8(&bytes) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        let sextets = chunk.len() + 1;
        for i in 0..4 {
            if i < sextets {
                out.push(BASE64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3I0ODIxIn0.c2lnbmF0dXJlLXNpZ24";

    fn har(entry: &str) -> String {
        format!(r#"{{"log": {{"version": "1.2", "pages": [], "entries": [{entry}]}}}}"#)
    }

    fn run(input: &str, keep_bodies: bool) -> (String, Summary) {
        let r = redact(input.as_bytes(), &Options { keep_bodies }).unwrap_or_else(|e| panic!("{e}: {input}"));
        let again = redact(&r.bytes, &Options { keep_bodies }).unwrap();
        assert_eq!(again.bytes, r.bytes, "redacting twice changes nothing");
        assert_eq!(again.summary.masked(), 0, "{:?}", again.summary);
        (String::from_utf8(r.bytes).unwrap(), r.summary)
    }

    #[test]
    fn a_har_without_secrets_is_copied_byte_for_byte() {
        let input = har(
            r#"{"request": {"method": "GET", "url": "https://b.s3.amazonaws.com/k?x-id=GetObject", "headers": [
                {"name": "Origin", "value": "https://app.test"}, {"name": "Cookie", "value": ""}]},
               "response": {"status": 200, "content": {"size": 0, "mimeType": "x-unknown", "text": ""}},
               "time": 1.50, "_x": [1e3, -0, true, null]}"#,
        );
        let (out, summary) = run(&input, false);
        assert_eq!(out, input);
        assert_eq!(summary.masked(), 0);
        assert_eq!(summary.entries, 1);
    }

    #[test]
    fn headers_keep_their_names_and_what_the_diagnosis_reads() {
        let input = har(&format!(
            r#"{{"request": {{"url": "https://b/k", "headers": [
                {{"name": "authorization", "value": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261127/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027"}},
                {{"value": "sid=s3cr3t; theme=dark", "name": "Cookie"}},
                ["X-Amz-Security-Token", "FwoGZXIvYXdzEXAMPLE"],
                {{"name": "x-api-key", "value": "k-123"}},
                {{"name": "Proxy-Authorization", "value": "Basic dXNlcjpwdw=="}},
                {{"name": "Referer", "value": "https://app.test/cb?code=abc123&x=1"}},
                {{"name": ":path", "value": "/k?X-Amz-Signature=abcdef"}},
                {{"name": "X-Trace", "value": "Bearer {JWT}"}},
                {{"name": "Origin", "value": "https://app.test"}},
                {{"name": "X-Shop-Session", "value": "5e55"}}]}},
               "response": {{"headers": [
                {{"name": "Access-Control-Allow-Credentials", "value": "true"}},
                {{"name": "Set-Cookie", "value": "sid=s3cr3t; Path=/; SameSite=None; Secure"}},
                {{"name": "Location", "value": "https://b/k?token=t0k3n"}}]}}}}"#
        ));
        let (out, summary) = run(&input, false);
        for secret in [
            "AKIAIOSFODNN7EXAMPLE",
            "fe5f80f77",
            "s3cr3t",
            "dark",
            "FwoGZXIvYXdzEXAMPLE",
            "k-123",
            "dXNlcjpwdw",
            "abc123",
            "abcdef",
            "eyJ",
            "t0k3n",
            "5e55",
        ] {
            assert!(!out.contains(secret), "{secret} survives: {out}");
        }
        for kept in [
            "AWS4-HMAC-SHA256 Credential=REDACTED, SignedHeaders=host;x-amz-date, Signature=REDACTED",
            r#"{"value": "sid=REDACTED; theme=REDACTED", "name": "Cookie"}"#,
            r#"["X-Amz-Security-Token", "REDACTED"]"#,
            "Basic REDACTED",
            "https://app.test/cb?code=REDACTED&x=1",
            "/k?X-Amz-Signature=REDACTED",
            "Bearer REDACTED",
            r#"{"name": "Origin", "value": "https://app.test"}"#,
            "sid=REDACTED; Path=/; SameSite=None; Secure",
            r#"{"name": "Access-Control-Allow-Credentials", "value": "true"}"#,
        ] {
            assert!(out.contains(kept), "{kept} missing: {out}");
        }
        assert_eq!(summary.headers["authorization"], 1);
        assert_eq!(summary.headers["cookie"], 1);
        assert_eq!(summary.headers["set-cookie"], 1);
        assert_eq!(summary.headers["x-amz-security-token"], 1);
        assert_eq!(summary.params["code"], 1);
        assert_eq!(summary.jwts, 1);
    }

    #[test]
    fn urls_query_lists_cookies_initiators_and_pages() {
        let detail = serde_json::to_string(
            r#"{"type":"script","url":"https://app.test/a.js?sig=d3t41l","requestId":"7.2","stack":{"callFrames":[{"url":"https://app.test/b.js?token=fr4me"}]}}"#,
        )
        .unwrap();
        let input = format!(
            r#"{{"log": {{"pages": [{{"id": "page_1", "title": "https://app.test/#access_token=p4ge"}}], "entries": [
            {{"request": {{"url": "https://u:pa55@b/k?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F1&X-Amz-Signature=5ig&x-id=PutObject",
                "queryString": [{{"name": "X-Amz-Signature", "value": "5ig"}}, {{"name": "x-id", "value": "PutObject"}}],
                "cookies": [{{"name": "sid", "value": "c00kie", "httpOnly": true}}]}},
             "response": {{"redirectURL": "https:\/\/b\/k?access_token=r3dir", "cookies": [{{"value": "c00kie2", "name": "sid"}}]}},
             "_initiator": {{"type": "script", "url": "https://app.test/app.js?api_key=1nit", "stack": {{"callFrames": [{{"functionName": "f", "url": "https://app.test/v.js?id_token=st4ck"}}], "parent": {{"callFrames": [{{"url": "https://app.test/w.js?session=p4rent"}}]}}}}}},
             "_initiator_detail": {detail},
             "comment": "copied from https://app.test/x?password=c0mment"}},
            {{"request": {{"url": "https://b/k2"}}, "_initiator": "https://app.test/?refresh_token=chr0meh4r"}}]}}}}"#
        );
        let (out, summary) = run(&input, false);
        for secret in [
            "d3t41l",
            "fr4me",
            "p4ge",
            "pa55",
            "AKIAIOSFODNN7EXAMPLE",
            "5ig",
            "c00kie",
            "r3dir",
            "1nit",
            "st4ck",
            "p4rent",
            "c0mment",
            "chr0meh4r",
        ] {
            assert!(!out.contains(secret), "{secret} survives: {out}");
        }
        assert!(out.contains(r#"{"name": "x-id", "value": "PutObject"}"#));
        assert!(out.contains(r#"\"requestId\":\"7.2\""#), "{out}");
        assert!(
            out.contains("https://u:REDACTED@b/k?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&x-id=PutObject")
        );
        assert_eq!(summary.entries, 2);
        assert_eq!(summary.cookies, 2);
        assert_eq!(summary.passwords, 1);
        assert_eq!(summary.params["X-Amz-Signature"], 2);
    }

    #[test]
    fn bodies_are_dropped_but_s3_error_documents_stay_for_the_diagnosis() {
        let error = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match.</Message><AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256\n20261127T192324Z\n20261127/us-east-2/s3/aws4_request\n3f73f4</StringToSign><SignatureProvided>65ce7c</SignatureProvided><CanonicalRequest>PUT\n/k\nX-Amz-Algorithm=AWS4-HMAC-SHA256&amp;X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261127&amp;X-Amz-Security-Token=FwoG&amp;X-Amz-SignedHeaders=host\nhost:b\nx-amz-security-token:FwoG\n\nhost\nUNSIGNED-PAYLOAD</CanonicalRequest><CanonicalRequestBytes>50 55 54</CanonicalRequestBytes><RequestId>E119</RequestId></Error>";
        let input = har(&format!(
            r#"{{"request": {{"postData": {{"mimeType": "application/json", "text": "{{\"password\":\"hunter2\"}}", "params": []}}}},
               "response": {{"status": 403, "content": {{"size": 10, "text": {}, "mimeType": "application/xml"}}}}}},
              {{"request": {{"postData": {{"mimeType": "application/x-www-form-urlencoded", "params": [{{"name": "user", "value": "bob"}}], "text": "user=bob"}}}},
               "response": {{"content": {{"text": "aGVsbG8=", "encoding": "base64", "mimeType": "image/png"}}}},
               "_webSocketMessages": [{{"type": "send", "opcode": 1, "data": "{{\"token\":\"ws\"}}"}}]}}"#,
            serde_json::to_string(error).unwrap()
        ));
        let (out, summary) = run(&input, false);
        for secret in [
            "hunter2",
            "AKIAIOSFODNN7EXAMPLE",
            "65ce7c",
            "FwoG",
            "50 55 54",
            "bob",
            "aGVsbG8",
            "ws\\",
        ] {
            assert!(!out.contains(secret), "{secret} survives: {out}");
        }
        for kept in [
            "<Code>SignatureDoesNotMatch</Code>",
            "<StringToSign>AWS4-HMAC-SHA256\\n20261127T192324Z",
            "X-Amz-Credential=REDACTED&amp;X-Amz-Security-Token=REDACTED&amp;X-Amz-SignedHeaders=host\\nhost:b\\nx-amz-security-token:REDACTED",
            r#""params": [{"name": "user", "value": "REDACTED"}], "text": "REDACTED""#,
            r#""text": "REDACTED", "encoding": "base64""#,
        ] {
            assert!(out.contains(kept), "{kept} missing: {out}");
        }
        assert_eq!(summary.error_bodies, 1);
        assert_eq!(summary.bodies_dropped, 4, "{summary:?}");
        let capture = capture::read(out.as_bytes()).unwrap();
        let body = capture.entries[0].response.content.text_up_to(64 * 1024).unwrap();
        assert_eq!(error_body::parse(&body).unwrap().code, "SignatureDoesNotMatch");
    }

    #[test]
    fn kept_bodies_lose_their_secret_fields() {
        let json = r#"{"user":"bob","Password":"hunter2","nested":{"apiKey":"k-1","list":[{"accessToken":"t-1"}]},"credentials":{"id":"AKIAIOSFODNN7EXAMPLE","n":42},"pin":1234,"note":"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3I0ODIxIn0.c2ln","count":3}"#;
        let multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nuploads/a.png\r\n--XyZ\r\nContent-Disposition: form-data; name=\"Policy\"\r\n\r\neyJjb25kaXRpb25zIjpbXX0=\r\n--XyZ\r\nContent-Disposition: form-data; name=\"x-amz-signature\"\r\n\r\nm5ig\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n--XyZ--\r\n";
        let input = har(&format!(
            r#"{{"request": {{"postData": {{"text": {}, "mimeType": "application/json; charset=utf-8"}}}},
               "response": {{"content": {{"mimeType": "application/vnd.api+json", "encoding": "base64", "text": "{}"}}}}}},
              {{"request": {{"postData": {{"mimeType": "application/x-www-form-urlencoded", "text": "grant_type=authorization_code&code=c0de&client_secret=s3c&user=bob",
                 "params": [{{"name": "code", "value": "c0de"}}, {{"name": "user", "value": "bob"}}, {{"name": "f", "fileName": "a.txt", "value": "F1LE"}}]}}}},
               "response": {{"content": {{"mimeType": "image/png", "encoding": "base64", "text": "iVBORw0KGgo="}}}}}},
              {{"request": {{"postData": {{"mimeType": "multipart/form-data; boundary=XyZ", "text": {}}}}},
               "response": {{"content": {{"mimeType": "text/html", "text": "<a href='https://app.test/?token=h7ml'>x</a>"}}}}}},
              {{"request": {{"postData": {{"mimeType": "image/png", "text": "\u0089PNG-R4W"}}}}}}"#,
            serde_json::to_string(json).unwrap(),
            base64_encode(br#"{"id_token": "i-1", "ok": true}"#),
            serde_json::to_string(multipart).unwrap(),
        ));
        let (out, summary) = run(&input, true);
        for secret in [
            "hunter2",
            "k-1",
            "t-1",
            "AKIAIOSFODNN7EXAMPLE",
            "1234",
            "eyJhbGci",
            "c0de",
            "s3c",
            "F1LE",
            "iVBOR",
            "m5ig",
            "PNGDATA",
            "h7ml",
            "R4W",
        ] {
            assert!(!out.contains(secret), "{secret} survives: {out}");
        }
        let capture = capture::read(out.as_bytes()).unwrap();
        assert_eq!(capture.entries.len(), 4);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let text = |i: usize| {
            v["log"]["entries"][i]["request"]["postData"]["text"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(
            text(0),
            r#"{"user":"bob","Password":"REDACTED","nested":{"apiKey":"REDACTED","list":[{"accessToken":"REDACTED"}]},"credentials":{"id":"REDACTED","n":"REDACTED"},"pin":"REDACTED","note":"Bearer REDACTED","count":3}"#
        );
        assert_eq!(
            text(1),
            "grant_type=authorization_code&code=REDACTED&client_secret=REDACTED&user=bob"
        );
        assert!(
            text(2).contains("name=\"key\"\r\n\r\nuploads/a.png\r\n--XyZ"),
            "{}",
            text(2)
        );
        assert!(
            text(2).contains("name=\"Policy\"\r\n\r\nREDACTED\r\n--XyZ"),
            "{}",
            text(2)
        );
        assert!(text(2).ends_with("filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nREDACTED\r\n--XyZ--\r\n"));
        let params = &v["log"]["entries"][1]["request"]["postData"]["params"];
        assert_eq!(params[0]["value"], MASK);
        assert_eq!(params[1]["value"], "bob");
        assert_eq!(params[2]["value"], MASK);
        let decoded = base64_decode(v["log"]["entries"][0]["response"]["content"]["text"].as_str().unwrap()).unwrap();
        assert_eq!(decoded, br#"{"id_token": "REDACTED", "ok": true}"#);
        assert_eq!(v["log"]["entries"][1]["response"]["content"]["text"], MASK);
        assert_eq!(summary.fields["password"], 1);
        assert_eq!(summary.fields["credentials"], 1);
        assert_eq!(summary.bodies_scrubbed, 5, "{summary:?}");
        assert_eq!(summary.bodies_dropped, 2, "{summary:?}");
    }

    #[test]
    fn errors_say_where() {
        let err = |s: &[u8]| redact(s, &Options::default()).unwrap_err().to_string();
        assert_eq!(
            err(b"{\"log\": {\"entries\": [\n  {\"request\": {\"method\" \"GET\"}}\n]}}"),
            "2:25: in log.entries[0]: expected `:`"
        );
        assert_eq!(
            err(b"{\"CORSRules\": []}"),
            "not a HAR: the top-level object has no \"log\" key"
        );
        assert_eq!(err(b"{\"log\": {}}"), "not a HAR: \"log\" has no \"entries\" array");
        assert!(err(b"[1]").contains("expected a HAR"), "{}", err(b"[1]"));
        assert!(err(b"{\"log\": {\"entries\": 3}}").contains("\"entries\" to be an array"));
        let cut = err(br#"{"log": {"entries": [{"request": {"url": "https://b/k"}}, {"request": {"#);
        assert!(cut.contains("in log.entries[1]") && cut.contains("ends early"), "{cut}");
        assert_eq!(
            err(b"{\"log\": {\"entries\": [\"\xff\"]}}"),
            "1:23: invalid UTF-8 (a HAR is UTF-8 text)"
        );
    }

    #[test]
    fn a_byte_order_mark_and_wrappers_are_left_out() {
        let inner = har(r#"{"request": {"url": "https://b/k?token=abc"}}"#);
        let bom = format!("\u{feff}{inner}");
        let r = redact(bom.as_bytes(), &Options::default()).unwrap();
        assert!(r.bytes.starts_with(b"{\"log\""));
        assert_eq!(r.summary.notes.len(), 1);
        let jsonp = format!("onInputData({inner});");
        let r = redact(jsonp.as_bytes(), &Options::default()).unwrap();
        assert!(r.bytes.starts_with(b"{\"log\"") && r.bytes.ends_with(b"}"));
        assert!(!String::from_utf8(r.bytes).unwrap().contains("abc"));
    }

    #[test]
    fn escapes_and_surrogates() {
        let input = har(
            r#"{"request": {"url": "https:\/\/b\/k?token=\u0061bc&n=\ud83d\ude00", "y": "\"quoted\" https:\/\/a\/?sig=s1g", "z": "\u00e9"}}"#,
        );
        let (out, _) = run(&input, false);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            v["log"]["entries"][0]["request"]["url"],
            "https://b/k?token=REDACTED&n=😀"
        );
        assert_eq!(
            v["log"]["entries"][0]["request"]["y"],
            "\"quoted\" https://a/?sig=REDACTED"
        );
        assert!(out.contains(r#""z": "\u00e9""#), "untouched strings keep their escapes");
        // A lone surrogate (serde_json accepts it when skipping) stays as written; a string that
        // changes writes it as U+FFFD.
        let lone = har(r#"{"request": {"url": "https://b/k?token=abc&x=\ud800", "x": "\ud800 lone"}}"#);
        let (out, _) = run(&lone, false);
        assert!(
            out.contains("\"url\": \"https://b/k?token=REDACTED&x=\u{fffd}\""),
            "{out}"
        );
        assert!(out.contains(r#""x": "\ud800 lone""#), "{out}");
        assert_eq!(unescape(r"a\u00e9\n\ud83d\ude00\udc00\\"), "aé\n😀\u{fffd}\\");
    }

    #[test]
    fn base64_round_trip() {
        for s in ["", "a", "ab", "abc", "abcd", "hello world!"] {
            let e = base64_encode(s.as_bytes());
            assert_eq!(base64_decode(&e).unwrap(), s.as_bytes(), "{e}");
        }
        assert_eq!(base64_encode(b"hello"), "aGVsbG8=");
        assert_eq!(base64_decode("aGVsbG8"), Some(b"hello".to_vec()));
        assert_eq!(base64_decode("a$=="), None);
        assert!(!base64_may_be_text("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ"));
        assert!(base64_may_be_text(&base64_encode("{\"a\": \"é\"}".as_bytes())));
    }

    #[test]
    fn never_panics_on_a_cut_or_mangled_har() {
        let sample = har(&format!(
            r#"{{"request": {{"url": "https://b/k?token=a\u00e9", "headers": [{{"name": "Cookie", "value": "a=b"}}], "postData": {{"mimeType": "multipart/form-data", "text": "--B\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nx\r\n--B--"}}}},
               "_initiator_detail": "{{\"url\": \"https://a/?code=1\"}}", "response": {{"content": {{"text": "{JWT}", "encoding": "base64", "mimeType": "application/json"}}}}}}"#
        ));
        let bytes = sample.as_bytes();
        for keep_bodies in [false, true] {
            for cut in 0..bytes.len() {
                let _ = redact(&bytes[..cut], &Options { keep_bodies });
                let mut mangled = bytes.to_vec();
                mangled[cut] = b'"';
                let _ = redact(&mangled, &Options { keep_bodies });
            }
        }
    }

    #[test]
    fn deep_documents_within_serde_json_limits() {
        let deep = |n: usize, inner: &str| format!("{}{inner}{}", "[".repeat(n), "]".repeat(n));
        let body = serde_json::to_string(&deep(120, r#"{"token": "d33p"}"#)).unwrap();
        let detail = serde_json::to_string(&deep(120, r#"{"url": "https://a/?sig=d3741l"}"#)).unwrap();
        let input = har(&format!(
            r#"{{"_x": {}, "_initiator_detail": {detail}, "request": {{"postData": {{"mimeType": "application/json", "text": {body}}}}}}}"#,
            deep(100, r#""https://a/?token=n3st""#)
        ));
        let (out, _) = run(&input, true);
        for secret in ["d33p", "d3741l", "n3st"] {
            assert!(!out.contains(secret), "{secret} survives");
        }
        // serde_json skips any depth without recursion, and so does the walk past MAX_DEPTH.
        let deeper = har(&format!(
            r#"{{"_x": {}, "request": {{"postData": {{"mimeType": "application/json", "text": {}}}}}}}"#,
            deep(
                100_000,
                r#"{"a": {"url": "/k?token=v3ry", "b": [1, "x"]}, "c": "Bearer eyJhbGciOi.eyJzdWIiOiIx.d33p3r"}"#
            ),
            serde_json::to_string(&deep(
                1000,
                r#"{"k": [{"Password": {"x": [1, "s3cr3t"]}}], "ok": "kept"}"#
            ))
            .unwrap()
        ));
        let (out, _) = run(&deeper, true);
        for secret in ["v3ry", "d33p3r", "s3cr3t"] {
            assert!(!out.contains(secret), "{secret} survives");
        }
        assert!(out.contains("/k?token=REDACTED") && out.contains(r#"\"ok\": \"kept\""#));
        assert!(out.contains(r#"[{\"Password\": {\"x\": [\"REDACTED\", \"REDACTED\"]}}]"#));
    }
}
