//! Reading console text. The frames (how each browser wraps a message: Chrome's `Access to ... has
//! been blocked by CORS policy:`, Firefox's `Cross-Origin Request Blocked: ... (Reason: ...)`,
//! WebKit's `... cannot load ... due to access control checks.`) are regexes here; every
//! per-error text is *derived* from the renderers in [`crate::cors::reason`] at first use: each
//! error is rendered with sentinel characters in place of its parameter, URL, origin, status and
//! address spaces, and the sentinels become capture groups. A text changed in reason.rs changes
//! the parser with it; the round-trip tests (tests/explain.rs) check that every rendered message
//! reads back.
//!
//! Matching works on a normalized line (typographic quotes as ASCII, whitespace runs as one
//! space, control and zero-width characters dropped), and is linear in the input: frames are
//! found with one regex pass per line, and per-error templates run only on the span a frame
//! delimits, or on lines that contain their first literal.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::cors::reason::{AddressSpaces, CHROME_CORS_ENABLED_SCHEMES, CorsError, Failure, FirefoxReason, RequestKind};

// Sentinels: private-use characters, which normalized input never contains.
const PARAM: char = '\u{E000}';
const TARGET: char = '\u{E001}';
const RESOURCE: char = '\u{E002}';
const URL: char = '\u{E003}';
const ORIGIN: char = '\u{E004}';
const STATUS: char = '\u{E005}';
const SCHEMES: char = '\u{E006}';

/// A status no renderer prints otherwise (Safari's and Firefox's texts hold no other digits).
const STATUS_PROBE: i64 = 599;
/// A successful status: WebKit words a preflight that failed with one differently (it checks a
/// preflight's status before its headers).
const STATUS_PROBE_OK: i64 = 299;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Param,
    Target,
    Resource,
    Url,
    Origin,
    Status,
    Schemes,
}

impl Slot {
    fn of(c: char) -> Option<Slot> {
        Some(match c {
            PARAM => Slot::Param,
            TARGET => Slot::Target,
            RESOURCE => Slot::Resource,
            URL => Slot::Url,
            ORIGIN => Slot::Origin,
            STATUS => Slot::Status,
            SCHEMES => Slot::Schemes,
            _ => return None,
        })
    }

    /// The capture pattern; a slot that ends the template takes the rest of the span.
    fn pattern(self, last: bool) -> &'static str {
        match (self, last) {
            (Slot::Param, false) => "(.*?)",
            (Slot::Param, true) => "(.*)",
            (Slot::Url | Slot::Origin | Slot::Target | Slot::Resource, false) => r"(\S*?)",
            (Slot::Url | Slot::Origin | Slot::Target | Slot::Resource, true) => r"(\S*)",
            (Slot::Status, _) => r"(\d{1,3}|\(null\))",
            (Slot::Schemes, false) => "(.+?)",
            (Slot::Schemes, true) => "(.+)",
        }
    }
}

/// What a template captured.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Values {
    pub param: Option<String>,
    pub target: Option<String>,
    pub resource: Option<String>,
    pub url: Option<String>,
    pub origin: Option<String>,
    pub status: Option<u16>,
}

/// One message text with slots, compiled.
pub(crate) struct Template {
    /// The normalized text with sentinels: the key errors are grouped by.
    key: String,
    /// The literal text before the first slot (a cheap pre-filter).
    first_literal: String,
    regex: Regex,
    slots: Vec<Slot>,
}

impl Template {
    fn compile(key: &str, anchored: bool) -> Template {
        let mut pattern = String::from(if anchored { "^" } else { "" });
        let mut slots = Vec::new();
        let mut literal = String::new();
        let mut first_literal = None;
        let chars: Vec<char> = key.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            match Slot::of(c) {
                Some(slot) => {
                    first_literal.get_or_insert_with(|| literal.clone());
                    pattern.push_str(&regex::escape(&literal));
                    literal.clear();
                    pattern.push_str(slot.pattern(i + 1 == chars.len()));
                    slots.push(slot);
                }
                None => literal.push(c),
            }
        }
        match literal.strip_suffix('.') {
            // Older WebKit messages have no final period.
            Some(stem) if !anchored => {
                pattern.push_str(&regex::escape(stem));
                pattern.push_str(r"\.?");
            }
            _ => pattern.push_str(&regex::escape(&literal)),
        }
        let first_literal = first_literal.unwrap_or(literal);
        Template {
            key: key.to_string(),
            first_literal,
            // Built from escaped literals and fixed groups: always a valid pattern.
            regex: Regex::new(&pattern).expect("template pattern"),
            slots,
        }
    }

    fn values(&self, captures: &Captures<'_>) -> Values {
        let mut values = Values::default();
        for (i, slot) in self.slots.iter().enumerate() {
            let Some(text) = captures.get(i + 1).map(|m| m.as_str().to_string()) else {
                continue;
            };
            match slot {
                Slot::Param => values.param = values.param.or(Some(text)),
                Slot::Target => values.target = values.target.or(Some(text)),
                Slot::Resource => values.resource = values.resource.or(Some(text)),
                Slot::Url => values.url = values.url.or(Some(text)),
                Slot::Origin => values.origin = values.origin.or(Some(text)),
                Slot::Status => values.status = values.status.or(text.parse().ok()),
                Slot::Schemes => {}
            }
        }
        values
    }

    /// The match at the start of `text` (anchored templates): its end and what it captured.
    fn match_start(&self, text: &str) -> Option<(usize, Values)> {
        if !text.starts_with(&self.first_literal) {
            return None;
        }
        let captures = self.regex.captures(text)?;
        Some((captures.get(0)?.end(), self.values(&captures)))
    }

    /// The first match anywhere in `text` (unanchored templates).
    fn find(&self, text: &str) -> Option<(usize, usize, Values)> {
        if !text.contains(&self.first_literal) {
            return None;
        }
        let captures = self.regex.captures(text)?;
        let whole = captures.get(0)?;
        Some((whole.start(), whole.end(), self.values(&captures)))
    }

    fn literal_len(&self) -> usize {
        self.key.chars().filter(|&c| Slot::of(c).is_none()).count()
    }
}

/// Normalizes a rendered template the way input lines are normalized (sentinels kept).
fn normalize_template(s: &str) -> String {
    normalize(s, false)
}

/// Normalizes one input line: typographic quotes as ASCII, whitespace runs (and control
/// characters) as one space, zero-width and private-use characters dropped, trimmed.
pub(crate) fn normalize_line(s: &str) -> String {
    normalize(s, true)
}

fn normalize(s: &str, input: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' => '"',
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => continue,
            // Bidi marks, embeddings, overrides and isolates reorder what the terminal shows.
            '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}' => continue,
            '\u{E000}'..='\u{F8FF}' if input => continue,
            c if c.is_whitespace() || c.is_control() => {
                pending_space = true;
                continue;
            }
            c => c,
        };
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// A group of errors that share one text.
pub(crate) struct Family {
    pub template: Template,
    /// In [`CorsError::ALL`] order.
    pub errors: Vec<CorsError>,
}

fn group(rendered: impl IntoIterator<Item = (String, CorsError)>, anchored: bool) -> Vec<Family> {
    let mut groups: Vec<(String, Vec<CorsError>)> = Vec::new();
    for (key, error) in rendered {
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, errors)) => {
                if !errors.contains(&error) {
                    errors.push(error);
                }
            }
            None => groups.push((key, vec![error])),
        }
    }
    let mut families: Vec<Family> = groups
        .into_iter()
        .map(|(key, errors)| Family {
            template: Template::compile(&key, anchored),
            errors,
        })
        .collect();
    // Most specific first, so a text that another contains never shadows it.
    families.sort_by_key(|f| std::cmp::Reverse(f.template.literal_len()));
    families
}

fn s(c: char) -> String {
    c.to_string()
}

/// Two parameter probes: one plain, one with a comma (some renderers pick another text when the
/// value holds several origins); both normalize back to the plain sentinel.
fn parameter_probes() -> [String; 2] {
    [s(PARAM), format!("{PARAM}, {PARAM}")]
}

fn unprobe(rendered: &str) -> String {
    rendered.replace(&format!("{PARAM}, {PARAM}"), &s(PARAM))
}

// ---------------------------------------------------------------------------------------------
// Chrome

/// Chrome's frame: `Access to {kind} at '{url}' [(redirected from '{url}') ]from origin
/// '{origin}' has been blocked by CORS policy: ` (fetch-cors.md §9, `Failure::chrome_console`).
static CHROME_FRAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"Access to ([A-Za-z][A-Za-z ]{0,40}?) at '(\S*?)' (?:\(redirected from '(\S*?)'\) )?from origin '(\S*?)' has been blocked by CORS policy: ?",
    )
    .expect("valid regex")
});

/// Every Chrome text (`Failure::chrome_text_with`, preflight prefix included, no suffix), grouped.
pub(crate) static CHROME_TEXTS: LazyLock<Vec<Family>> = LazyLock::new(|| {
    let spaces = AddressSpaces {
        target: Some("\u{E001}"),
        resource: Some("\u{E002}"),
    };
    let rendered = CorsError::ALL.into_iter().filter(|e| e.has_chrome_text()).map(|error| {
        let text = Failure::new(error, s(PARAM)).chrome_text_with(RequestKind::Other, spaces);
        let text = text.replace(CHROME_CORS_ENABLED_SCHEMES, &s(SCHEMES));
        (normalize_template(&text), error)
    });
    group(rendered, true)
});

/// The suffixes Chrome adds for fetch and XHR, today's and older versions' (which ended fetch()
/// messages with a no-cors suggestion).
static CHROME_SUFFIXES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut suffixes: Vec<String> = crate::cors::reason::OLD_SUFFIXES
        .iter()
        .map(|s| normalize_template(s))
        .collect();
    for error in CorsError::ALL.into_iter().filter(|e| e.has_chrome_text()) {
        let failure = Failure::new(error, "");
        let base = failure.chrome_text(RequestKind::Other);
        for kind in [RequestKind::Fetch, RequestKind::XmlHttpRequest] {
            let full = failure.chrome_text(kind);
            if let Some(suffix) = full.strip_prefix(&base) {
                let suffix = normalize_template(suffix);
                if !suffix.is_empty() && !suffixes.contains(&suffix) {
                    suffixes.push(suffix);
                }
            }
        }
    }
    suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
    suffixes
});

/// Every request kind, for reading Chrome's word back.
const KINDS: [RequestKind; 8] = [
    RequestKind::Fetch,
    RequestKind::XmlHttpRequest,
    RequestKind::Script,
    RequestKind::Image,
    RequestKind::Font,
    RequestKind::Other,
    RequestKind::Stylesheet,
    RequestKind::Manifest,
];

/// Fails to compile when a kind is added without being listed in [`KINDS`].
#[allow(dead_code)]
fn every_kind_listed(kind: RequestKind) {
    match kind {
        RequestKind::Fetch
        | RequestKind::XmlHttpRequest
        | RequestKind::Script
        | RequestKind::Image
        | RequestKind::Font
        | RequestKind::Other
        | RequestKind::Stylesheet
        | RequestKind::Manifest => {}
    }
}

/// The request kind Chrome's word names (`fetch`, `XMLHttpRequest`, `CSS stylesheet`...).
pub(crate) fn kind_of_chrome_word(word: &str) -> Option<RequestKind> {
    KINDS.into_iter().find(|k| k.chrome_word() == word)
}

/// A Chrome message read from a line.
#[derive(Clone, Debug)]
pub(crate) struct ChromeMessage {
    pub text: String,
    pub kind_word: String,
    pub url: String,
    pub redirected_from: Option<String>,
    pub origin: String,
    /// Index in [`CHROME_TEXTS`]; `None` when the text is not one corshar knows.
    pub family: Option<usize>,
    pub values: Values,
    /// The older `XMLHttpRequest cannot load URL. ...` form (Chrome before 64).
    pub legacy: bool,
}

/// Reads a Chrome text (what follows "blocked by CORS policy: "): the family, what it captured
/// and where the text (with Chrome's suffix, if any) ends.
pub(crate) fn read_chrome_text(span: &str) -> Option<(usize, Values, usize)> {
    CHROME_TEXTS.iter().enumerate().find_map(|(i, family)| {
        let (end, values) = family.template.match_start(span)?;
        let rest = &span[end..];
        let trimmed = rest.trim_start();
        let suffix_len = CHROME_SUFFIXES
            .iter()
            .find(|suffix| trimmed.starts_with(suffix.as_str()))
            .map_or(0, |suffix| rest.len() - trimmed.len() + suffix.len());
        Some((i, values, end + suffix_len))
    })
}

fn chrome_messages(line: &str, out: &mut Vec<ChromeMessage>) -> bool {
    let frames: Vec<Captures<'_>> = CHROME_FRAME.captures_iter(line).collect();
    for (i, frame) in frames.iter().enumerate() {
        let Some(whole) = frame.get(0) else { continue };
        let span_end = frames
            .get(i + 1)
            .and_then(|next| next.get(0))
            .map_or(line.len(), |m| m.start());
        let span = &line[whole.end()..span_end];
        let (family, values, text_end) = match read_chrome_text(span) {
            Some((family, values, end)) => (Some(family), values, end),
            None => (None, Values::default(), span.len()),
        };
        let text = format!("{}{}", whole.as_str(), &span[..text_end]).trim().to_string();
        out.push(ChromeMessage {
            text: strip_devtools_trailer(&text),
            kind_word: frame[1].to_string(),
            url: frame[2].to_string(),
            redirected_from: frame.get(3).map(|m| m.as_str().to_string()),
            origin: frame[4].to_string(),
            family,
            values,
            legacy: false,
        });
    }
    !frames.is_empty()
}

/// DevTools' "Understand this error" button text, which a copy of the console picks up.
fn strip_devtools_trailer(text: &str) -> String {
    let mut text = text.trim_end();
    for trailer in ["Understand this error", "Understand this warning", "[Learn More]"] {
        text = text.strip_suffix(trailer).unwrap_or(text).trim_end();
    }
    text.to_string()
}

/// Older Chrome (before 64) and older Safari: `XMLHttpRequest cannot load {url}. {text}`.
static CANNOT_LOAD_LEGACY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(Fetch API|XMLHttpRequest) cannot load (\S+?)\. (.+)$").expect("valid regex"));
static LEGACY_ORIGIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"Origin '(\S*?)' is therefore not allowed access").expect("valid regex"));
static LEGACY_STATUS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"The response had HTTP status code (\d{3})").expect("valid regex"));

// ---------------------------------------------------------------------------------------------
// Firefox

/// Firefox's frame (security.properties, fetch-cors.md §10): the URL, the reason and the status
/// of the three keys that carry one (`(null)` when there was no response). Older versions print
/// no status.
static FIREFOX_FRAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at '?(\S+?)'?\. \(Reason: (.+?)\)\.(?: Status code: (\d{1,3}|\(null\))\.)?",
    )
    .expect("valid regex")
});

/// Every Firefox reason (`Failure::firefox_console`, read back through [`FIREFOX_FRAME`]),
/// grouped: several Chrome errors share each.
pub(crate) static FIREFOX_REASONS: LazyLock<Vec<Family>> = LazyLock::new(|| {
    let mut rendered = Vec::new();
    for error in CorsError::ALL {
        for parameter in parameter_probes() {
            let line = Failure::new(error, parameter).firefox_console(&s(URL), &s(ORIGIN), "GET", Some(STATUS_PROBE));
            if let Some(reason) = firefox_reason_text(&normalize_template(&line)) {
                rendered.push((unprobe(&reason), error));
            }
        }
    }
    group(rendered, true)
});

/// The reason part of a normalized Firefox line.
pub(crate) fn firefox_reason_text(line: &str) -> Option<String> {
    FIREFOX_FRAME.captures(line).map(|c| c[2].to_string())
}

/// Firefox's reasons in older wordings (MDN's page titles) and the two keys no Chrome error maps
/// to. Each older wording names an error whose current reason means the same.
pub(crate) enum FirefoxExtra {
    Older(CorsError),
    Only(FirefoxReason),
}

static FIREFOX_EXTRA: LazyLock<Vec<(Template, FirefoxExtra)>> = LazyLock::new(|| {
    let rows = [
        (
            "CORS preflight channel did not succeed".to_string(),
            FirefoxExtra::Older(CorsError::PreflightInvalidStatus),
        ),
        (
            format!(
                "missing token '{PARAM}' in CORS header 'Access-Control-Allow-Headers' from CORS preflight channel"
            ),
            FirefoxExtra::Older(CorsError::HeaderDisallowedByPreflightResponse),
        ),
        (
            "CORS disabled".to_string(),
            FirefoxExtra::Only(FirefoxReason::CORSDisabled),
        ),
        (
            "CORS header 'Origin' cannot be added".to_string(),
            FirefoxExtra::Only(FirefoxReason::CORSOriginHeaderNotAdded),
        ),
    ];
    rows.into_iter()
        .map(|(text, extra)| (Template::compile(&text, true), extra))
        .collect()
});

/// A Firefox message read from a line.
#[derive(Clone, Debug)]
pub(crate) struct FirefoxMessage {
    pub text: String,
    pub url: String,
    pub reason: String,
    /// The errors the reason stands for (empty for a Firefox-only key or an unknown reason).
    pub errors: Vec<CorsError>,
    pub key: Option<FirefoxReason>,
    pub values: Values,
    /// `Status code: N.` (`None` for `(null)` or no status).
    pub status: Option<u16>,
    /// The reason is the generic "CORS request did not succeed".
    pub did_not_succeed: bool,
}

/// The Firefox key most of the errors map to (the comma probe sends two of them elsewhere).
fn majority_key(errors: &[CorsError]) -> Option<FirefoxReason> {
    let keys: Vec<FirefoxReason> = errors.iter().map(|e| e.firefox_reason()).collect();
    keys.iter()
        .copied()
        .max_by_key(|k| keys.iter().filter(|x| *x == k).count())
}

fn firefox_messages(line: &str, out: &mut Vec<FirefoxMessage>) -> bool {
    let mut found = false;
    for frame in FIREFOX_FRAME.captures_iter(line) {
        found = true;
        let reason = frame[2].to_string();
        let status = frame.get(3).and_then(|m| m.as_str().parse().ok());
        let mut message = FirefoxMessage {
            text: strip_devtools_trailer(&frame[0]),
            url: frame[1].to_string(),
            reason: reason.clone(),
            errors: Vec::new(),
            key: None,
            values: Values::default(),
            status,
            did_not_succeed: false,
        };
        let known = FIREFOX_REASONS.iter().find_map(|f| {
            f.template
                .match_start(&reason)
                .filter(|(end, _)| *end == reason.len())
                .map(|(_, v)| (f, v))
        });
        if let Some((family, values)) = known {
            message.errors = family.errors.clone();
            message.key = majority_key(&family.errors);
            message.values = values;
        } else if let Some((extra, values)) = FIREFOX_EXTRA.iter().find_map(|(t, extra)| {
            t.match_start(&reason)
                .filter(|(end, _)| *end == reason.len())
                .map(|(_, v)| (extra, v))
        }) {
            message.values = values;
            match extra {
                FirefoxExtra::Older(error) => {
                    if let Some(family) = FIREFOX_REASONS.iter().find(|f| f.errors.contains(error)) {
                        message.errors = family.errors.clone();
                        message.key = majority_key(&family.errors);
                    }
                }
                FirefoxExtra::Only(key) => message.key = Some(*key),
            }
        }
        message.did_not_succeed = message.key == Some(FirefoxReason::CORSDidNotSucceed2);
        out.push(message);
    }
    found
}

// ---------------------------------------------------------------------------------------------
// Safari

/// Every WebKit message (the first line of `Failure::safari_console`), with and without a status,
/// grouped. WebKit says the same words for several Chrome errors.
pub(crate) static SAFARI_MESSAGES: LazyLock<Vec<Family>> = LazyLock::new(|| {
    let mut rendered = Vec::new();
    for error in CorsError::ALL {
        for parameter in parameter_probes() {
            for status in [Some(STATUS_PROBE), Some(STATUS_PROBE_OK), None] {
                let failure = Failure::new(error, parameter.clone());
                let text = failure.safari_console(RequestKind::Other, &s(URL), &s(ORIGIN), "GET", status);
                if let Some(message) = text.lines().next().filter(|m| !m.is_empty()) {
                    let key = unprobe(&normalize_template(message))
                        .replace(&STATUS_PROBE.to_string(), &s(STATUS))
                        .replace(&STATUS_PROBE_OK.to_string(), &s(STATUS));
                    rendered.push((key, error));
                }
            }
        }
    }
    group(rendered, false)
});

/// WebKit's `Failed to load resource: ` (the repeat of the message on its own line).
static SAFARI_FAILED_TO_LOAD: LazyLock<String> = LazyLock::new(|| {
    let failure = Failure::new(CorsError::MissingAllowOriginHeader, "");
    let text = failure.safari_console(RequestKind::Other, &s(URL), &s(ORIGIN), "GET", None);
    let lines: Vec<&str> = text.lines().collect();
    match lines.as_slice() {
        [message, repeat] => repeat.strip_suffix(message).unwrap_or_default().trim().to_string(),
        _ => String::new(),
    }
});

/// `Fetch API cannot load {url} due to access control checks.` and the XHR form, from the
/// renderer (an error WebKit has no message of its own for prints only this line).
static SAFARI_CANNOT_LOAD: LazyLock<Vec<(Template, RequestKind)>> = LazyLock::new(|| {
    let Some(silent) = CorsError::ALL.into_iter().find(|e| {
        Failure::new(*e, "")
            .safari_console(RequestKind::Other, "u", "o", "GET", None)
            .is_empty()
    }) else {
        return Vec::new();
    };
    [RequestKind::Fetch, RequestKind::XmlHttpRequest]
        .into_iter()
        .map(|kind| {
            let line = Failure::new(silent, "").safari_console(kind, &s(URL), &s(ORIGIN), "GET", None);
            (Template::compile(&normalize_template(&line), false), kind)
        })
        .collect()
});

/// WebKit's other loaders (`Cannot load image {url} due to access control checks.`,
/// `EventSource cannot load ...`), which the renderer does not print.
static SAFARI_CANNOT_LOAD_OTHER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\b([A-Za-z][A-Za-z ]{0,30}?) cannot load|\bCannot load ([a-z]+)) (\S+?) due to access control checks\.",
    )
    .expect("valid regex")
});

#[derive(Clone, Debug)]
pub(crate) enum SafariLine {
    /// WebKit's reason; `repeat` when it follows `Failed to load resource: `.
    Reason {
        text: String,
        family: usize,
        values: Values,
        repeat: bool,
    },
    CannotLoad {
        text: String,
        kind: Option<RequestKind>,
        kind_word: String,
        url: String,
    },
}

fn safari_lines(line: &str, out: &mut Vec<SafariLine>) -> bool {
    let before = out.len();
    for (template, kind) in SAFARI_CANNOT_LOAD.iter() {
        if let Some((start, end, values)) = template.find(line) {
            out.push(SafariLine::CannotLoad {
                text: line[start..end].to_string(),
                kind: Some(*kind),
                kind_word: line[start..end]
                    .split(" cannot load")
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                url: values.url.unwrap_or_default(),
            });
        }
    }
    if out.len() == before
        && let Some(c) = SAFARI_CANNOT_LOAD_OTHER.captures(line)
    {
        let word = c.get(1).or(c.get(2)).map_or("", |m| m.as_str()).to_string();
        let kind = match word.as_str() {
            "image" => Some(RequestKind::Image),
            "script" => Some(RequestKind::Script),
            "font" => Some(RequestKind::Font),
            "stylesheet" => Some(RequestKind::Stylesheet),
            _ => None,
        };
        out.push(SafariLine::CannotLoad {
            text: c[0].to_string(),
            kind,
            kind_word: word,
            url: c[3].to_string(),
        });
    }
    // The leftmost message, the most specific at a position.
    let best = SAFARI_MESSAGES
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            f.template
                .find(line)
                .map(|(start, end, values)| (start, end, i, values))
        })
        .min_by_key(|(start, end, _, _)| (*start, std::cmp::Reverse(*end)));
    if let Some((start, end, family, values)) = best {
        let repeat =
            !SAFARI_FAILED_TO_LOAD.is_empty() && line[..start].trim_end().ends_with(SAFARI_FAILED_TO_LOAD.as_str());
        out.push(SafariLine::Reason {
            text: line[start..end].to_string(),
            family,
            values,
            repeat,
        });
    }
    out.len() > before
}

/// Reads a WebKit message at the start of `text` (the legacy one-line form).
fn read_safari_text(text: &str) -> Option<(usize, Values, usize)> {
    SAFARI_MESSAGES.iter().enumerate().find_map(|(i, f)| {
        let captures = f.template.regex.captures(text)?;
        let whole = captures.get(0)?;
        (whole.start() == 0).then(|| (i, f.template.values(&captures), whole.end()))
    })
}

// ---------------------------------------------------------------------------------------------
// Chrome's network lines and everything else worth a hint

/// DevTools' network error line: `PUT https://... net::ERR_FAILED 403 (Forbidden)`.
static NET_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-Z]{3,10}) (\S+) (net::ERR_[A-Z0-9_]+(?:\.[A-Za-z]+)?)(?: (\d{3})\b)?").expect("valid regex")
});
static NET_ERROR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"net::ERR_[A-Z0-9_]+(?:\.[A-Za-z]+)?").expect("valid regex"));
static HTTP_STATUS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"the server responded with a status of (\d{3})(?: \(([^)]*)\))?").expect("valid regex")
});

#[derive(Clone, Debug)]
pub(crate) struct NetLine {
    pub method: String,
    pub url: String,
    pub error: String,
    pub status: Option<u16>,
}

/// Lines that are not CORS messages but say what happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Sign {
    /// `net::ERR_*` (other than the generic `ERR_FAILED` a CORS block also shows).
    NetworkError(String),
    /// `net::ERR_FAILED` alone.
    Failed,
    /// `Failed to load resource: the server responded with a status of N`.
    HttpStatus(u16),
    /// The script's own error: `TypeError: Failed to fetch`, `NetworkError when attempting to
    /// fetch resource.`, `Load failed`, axios' `Network Error`.
    ScriptError(String),
    MixedContent,
    ContentSecurityPolicy,
    /// Firefox's `Cross-Origin Request Warning:` (a deprecation warning, not a block).
    FirefoxWarning,
    /// WebKit's network failures (`Failed to load resource: A server with the specified
    /// hostname could not be found.`).
    SafariNetwork(String),
    /// Mentions CORS in words corshar does not know (another language, another browser).
    UnknownCors,
}

fn signs(line: &str, out: &mut Vec<Sign>) {
    let mut add = |sign: Sign| {
        if !out.contains(&sign) {
            out.push(sign);
        }
    };
    // A line that says what it is (a network error, mixed content...) is not an unknown CORS text.
    let mut specific = false;
    for m in NET_ERROR.find_iter(line) {
        if m.as_str() == "net::ERR_FAILED" {
            add(Sign::Failed);
        } else {
            specific = true;
            add(Sign::NetworkError(m.as_str().to_string()));
        }
    }
    if let Some(c) = HTTP_STATUS_LINE.captures(line)
        && let Ok(status) = c[1].parse()
    {
        add(Sign::HttpStatus(status));
    }
    for script in [
        "Failed to fetch",
        "NetworkError when attempting to fetch resource",
        "Load failed",
        "Network Error",
        "Network request failed",
    ] {
        if line.contains(script) {
            add(Sign::ScriptError(script.to_string()));
        }
    }
    if line.contains("Mixed Content:")
        || line.contains("mixed active content")
        || line.contains("insecure content from")
    {
        specific = true;
        add(Sign::MixedContent);
    }
    if line.contains("Content Security Policy") || line.contains("Content-Security-Policy") {
        specific = true;
        add(Sign::ContentSecurityPolicy);
    }
    if line.contains("Cross-Origin Request Warning") {
        specific = true;
        add(Sign::FirefoxWarning);
    }
    for safari in [
        "A server with the specified hostname could not be found.",
        "Could not connect to the server.",
        "The network connection was lost.",
        "An SSL error has occurred and a secure connection to the server cannot be made.",
        "The certificate for this server is invalid.",
        "The request timed out.",
    ] {
        if line.contains(safari) {
            specific = true;
            add(Sign::SafariNetwork(safari.to_string()));
        }
    }
    if !specific && (line.contains("CORS") || line.contains("Access-Control-Allow-") || line.contains("Cross-Origin")) {
        add(Sign::UnknownCors);
    }
}

// ---------------------------------------------------------------------------------------------
// One pass over the text

#[derive(Clone, Debug)]
pub(crate) enum Event {
    Chrome(ChromeMessage),
    Firefox(FirefoxMessage),
    Safari(SafariLine),
    /// A legacy `cannot load URL. {WebKit text}` line.
    SafariLegacy {
        text: String,
        kind: RequestKind,
        url: String,
        family: usize,
        values: Values,
    },
}

pub(crate) struct Scan {
    /// (1-based line, event), in order.
    pub events: Vec<(usize, Event)>,
    pub net_lines: Vec<NetLine>,
    /// Signs from lines that held no CORS message.
    pub signs: Vec<Sign>,
}

pub(crate) fn scan(text: &str) -> Scan {
    let mut scan = Scan {
        events: Vec::new(),
        net_lines: Vec::new(),
        signs: Vec::new(),
    };
    let lines: Vec<(usize, String)> = text
        .lines()
        .enumerate()
        .flat_map(|(index, raw)| raw.split('\r').map(move |part| (index + 1, normalize_line(part))))
        .filter(|(_, line)| !line.is_empty())
        .collect();
    let mut i = 0;
    while i < lines.len() {
        let (number, line) = &lines[i];
        let (joined, used) = unwrap_message(line, &lines[i + 1..]);
        scan_line(*number, joined.as_deref().unwrap_or(line), &mut scan);
        i += 1 + used;
    }
    scan
}

/// The most lines a message broken by hard wrapping (an e-mail, a terminal) is read across.
const MAX_WRAPPED_LINES: usize = 3;

/// A Chrome or Firefox message whose line ends before its text does: the joined text and how many
/// following lines it took, when joining them (with a space, as the wrap replaced one) completes it.
fn unwrap_message(line: &str, next: &[(usize, String)]) -> (Option<String>, usize) {
    if !is_cut(line) {
        return (None, 0);
    }
    let mut joined = line.to_string();
    for (k, (_, more)) in next.iter().take(MAX_WRAPPED_LINES).enumerate() {
        if more.contains("Access to ") || more.contains("Cross-Origin Request Blocked:") {
            break;
        }
        joined.push(' ');
        joined.push_str(more);
        if !is_cut(&joined) {
            return (Some(joined), k + 1);
        }
    }
    (None, 0)
}

/// A message start whose frame or text does not complete on this line.
fn is_cut(line: &str) -> bool {
    if line.contains("Access to ") {
        match CHROME_FRAME.captures_iter(line).last() {
            None => return true,
            Some(frame) => {
                let end = frame.get(0).map_or(line.len(), |m| m.end());
                if read_chrome_text(&line[end..]).is_none() {
                    return true;
                }
            }
        }
    }
    line.contains("Cross-Origin Request Blocked:") && !FIREFOX_FRAME.is_match(line)
}

fn scan_line(number: usize, line: &str, scan: &mut Scan) {
    if line.is_empty() {
        return;
    }
    let mut chrome = Vec::new();
    let mut firefox = Vec::new();
    let mut found = chrome_messages(line, &mut chrome);
    found |= firefox_messages(line, &mut firefox);
    scan.events
        .extend(chrome.into_iter().map(|m| (number, Event::Chrome(m))));
    scan.events
        .extend(firefox.into_iter().map(|m| (number, Event::Firefox(m))));
    if !found && let Some(c) = CANNOT_LOAD_LEGACY.captures(line) {
        let kind = if &c[1] == "XMLHttpRequest" {
            RequestKind::XmlHttpRequest
        } else {
            RequestKind::Fetch
        };
        let rest = &c[3];
        if let Some((family, values, end)) = read_chrome_text(rest) {
            found = true;
            scan.events.push((
                number,
                Event::Chrome(ChromeMessage {
                    text: c[0].to_string(),
                    kind_word: kind.chrome_word().to_string(),
                    url: c[2].to_string(),
                    redirected_from: None,
                    origin: LEGACY_ORIGIN
                        .captures(&rest[end..])
                        .map_or_else(String::new, |o| o[1].to_string()),
                    family: Some(family),
                    values: Values {
                        status: LEGACY_STATUS.captures(rest).and_then(|s| s[1].parse().ok()),
                        ..values
                    },
                    legacy: true,
                }),
            ));
        } else if let Some((family, values, _)) = read_safari_text(rest) {
            found = true;
            scan.events.push((
                number,
                Event::SafariLegacy {
                    text: c[0].to_string(),
                    kind,
                    url: c[2].to_string(),
                    family,
                    values,
                },
            ));
        }
    }
    if !found {
        let mut safari = Vec::new();
        found = safari_lines(line, &mut safari);
        scan.events
            .extend(safari.into_iter().map(|l| (number, Event::Safari(l))));
    }
    for c in NET_LINE.captures_iter(line) {
        scan.net_lines.push(NetLine {
            method: c[1].to_string(),
            url: c[2].to_string(),
            error: c[3].to_string(),
            status: c.get(4).and_then(|m| m.as_str().parse().ok()),
        });
    }
    if !found {
        signs(line, &mut scan.signs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_derived_for_every_error() {
        let chrome: usize = CHROME_TEXTS.iter().map(|f| f.errors.len()).sum();
        let with_text = CorsError::ALL.iter().filter(|e| e.has_chrome_text()).count();
        assert_eq!(chrome, with_text);
        // Only the permission-denied text is shared (PNA and LNA spellings of one message).
        let shared: Vec<_> = CHROME_TEXTS.iter().filter(|f| f.errors.len() > 1).collect();
        assert_eq!(shared.len(), 1);
        assert_eq!(
            shared[0].errors,
            [
                CorsError::PrivateNetworkAccessPermissionDenied,
                CorsError::LocalNetworkAccessPermissionDenied
            ]
        );
        for e in CorsError::ALL {
            assert!(FIREFOX_REASONS.iter().any(|f| f.errors.contains(&e)), "{e}");
        }
        assert!(SAFARI_MESSAGES.len() > 10);
        assert_eq!(SAFARI_FAILED_TO_LOAD.as_str(), "Failed to load resource:");
        assert_eq!(SAFARI_CANNOT_LOAD.len(), 2);
        assert_eq!(
            CHROME_SUFFIXES.len(),
            4,
            "today's fetch and XHR suffixes, and the two older fetch ones"
        );
    }

    #[test]
    fn normalization() {
        assert_eq!(
            normalize_line("  a\t\tb\u{a0}‘c’\u{200b}\u{e000}\u{1b}[0m  "),
            "a b 'c' [0m"
        );
        assert_eq!(normalize_template("x\u{e000}  y"), "x\u{e000} y");
    }

    #[test]
    fn template_slots() {
        let t = Template::compile("Method \u{E000} is not allowed.", true);
        let (end, values) = t.match_start("Method PATCH is not allowed. rest").unwrap();
        assert_eq!(end, 28);
        assert_eq!(values.param.as_deref(), Some("PATCH"));
        let trailing = Template::compile("value: \u{E000}", false);
        assert_eq!(trailing.find("x value: a b").unwrap().2.param.as_deref(), Some("a b"));
    }
}
