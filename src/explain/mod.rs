//! `corshar explain`: reads what a user pasted from the browser's console (Chrome, Firefox or
//! Safari; whole console output with its noise) and explains every CORS message in it: the Chrome
//! error it is (or the ones it may be, for Firefox's and Safari's vaguer words), the plain-language
//! reason, what to check (with the `aws`/`curl` commands for S3 URLs) and the fix when the message
//! says enough for one.
//!
//! The per-error texts are read with templates derived from the renderers in
//! [`crate::cors::reason`] (see the `parse` module), so the parser and the renderer cannot disagree. URLs
//! are kept as written; [`Explanation::redacted`] masks their secrets.

mod advice;
mod parse;
mod text;

use serde::Serialize;

use crate::causes::CauseCode;
use crate::cors::Credentials;
use crate::cors::check::{Stage, cors_check};
use crate::cors::reason::{CorsError, Failure, FirefoxReason, RequestKind};
use crate::headers::Header;
use crate::s3::{CorsRule, S3Target};

use parse::{Event, SafariLine, Values};

/// The schema name of [`Explanation`] in JSON.
pub const SCHEMA: &str = "corshar.explain/v1";

/// At most this many distinct messages are explained; the rest are counted in a note.
pub const MAX_MESSAGES: usize = 200;

/// Every CORS message found in the text, explained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub schema: &'static str,
    /// One per distinct message, in the order they appear.
    pub messages: Vec<Message>,
    /// What other lines of the text say (a network error, mixed content...).
    pub notes: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Browser {
    Chrome,
    Firefox,
    Safari,
}

impl Browser {
    pub fn name(self) -> &'static str {
        match self {
            Browser::Chrome => "Chrome",
            Browser::Firefox => "Firefox",
            Browser::Safari => "Safari",
        }
    }
}

/// How the message's words map to Chrome's `Network.CorsError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mapping {
    /// The words name exactly one error.
    Exact,
    /// The words stand for several errors (`candidates`), and the rest of the text (a second
    /// Firefox message, the status, the value quoted) singles one out.
    Inferred,
    /// The words stand for several errors (`candidates`); `cors_error` is the likeliest.
    Ambiguous,
    /// Not one of Chrome's errors: Firefox's "CORS request did not succeed" (no usable
    /// response), a Firefox-only reason, a text corshar does not know, or WebKit's "cannot load"
    /// line without its reason.
    None,
}

/// What Chrome's `failedParameter` (or the value the message quotes) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParameterKind {
    /// A request header name, lower-cased as Chrome reports it.
    RequestHeader,
    Method,
    /// The `Access-Control-Allow-Origin` value the response carried.
    AllowOrigin,
    /// The `Access-Control-Allow-Credentials` value the response carried.
    AllowCredentials,
    /// The redirect's `Location`.
    RedirectLocation,
    /// A token of `Access-Control-Allow-Methods` that does not parse (Firefox names it).
    AllowMethodsToken,
    /// A token of `Access-Control-Allow-Headers` that does not parse (Firefox names it).
    AllowHeadersToken,
    /// The value of a response header the check required (`Access-Control-Allow-Private-Network`).
    HeaderValue,
}

/// One CORS message, read and explained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    pub browser: Browser,
    /// 1-based line of the text where the message starts.
    pub line: usize,
    /// How many times the same message appears.
    pub occurrences: usize,
    /// The message as read (whitespace and quotes normalized; Safari's lines joined by "\n").
    pub text: String,
    /// The request kind the message names (`None` when it does not: Firefox).
    pub request_kind: Option<RequestKind>,
    /// The browser's own word for it (`CSS stylesheet`, `Fetch API`, ...).
    pub request_kind_word: Option<String>,
    pub url: Option<String>,
    /// Chrome's `(redirected from '...')`: the URL the request was made to.
    pub redirected_from: Option<String>,
    /// The page's origin, when the message names it (Chrome always; Safari sometimes; Firefox
    /// never).
    pub origin: Option<String>,
    /// The request's method, only when a line names it (Chrome's `PUT https://... net::ERR_FAILED`
    /// line, or a method error).
    pub method: Option<String>,
    /// The HTTP status, when the message (or Chrome's network line) has one.
    pub status: Option<u16>,
    /// Chrome's `net::ERR_*` for the same URL, from its network line.
    pub network_error: Option<String>,
    /// Chrome's `Network.CorsError` for this message (the likeliest one when `mapping` is
    /// `ambiguous`); `None` when it is none of them (see `mapping`).
    pub cors_error: Option<CorsError>,
    pub mapping: Mapping,
    /// Every Chrome error the words can stand for (one when `exact`).
    pub candidates: Vec<CorsError>,
    /// Firefox's reason key (its MDN page is named after it).
    pub firefox_reason: Option<FirefoxReason>,
    /// Chrome's `failedParameter`, or the value the message quotes.
    pub failed_parameter: Option<String>,
    pub parameter_kind: Option<ParameterKind>,
    pub target_address_space: Option<String>,
    pub resource_address_space: Option<String>,
    /// Whether it was the preflight that failed; `None` when the words do not tell.
    pub preflight: Option<bool>,
    /// Why, in plain language.
    pub reason: String,
    /// What to check, in order, with the command that checks it.
    pub checks: Vec<Check>,
    /// The fix, when the message says enough for one.
    pub fix: Option<Fix>,
    /// corshar's cause codes (docs/codes.md) this message can come from.
    pub possible_causes: Vec<CauseCode>,
    /// The S3 bucket, region and key when the URL is an S3 URL.
    pub s3: Option<S3Target>,
    /// What the message leaves open, and how the mapping was decided.
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    pub what: String,
    /// A shell command that checks it (`aws s3api get-bucket-cors ...`, the `curl` preflight).
    pub command: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub summary: String,
    /// True when the fix is a change to the bucket's (or server's) CORS rules; false when it is
    /// elsewhere (the page's code, the endpoint, the network, a CDN).
    pub cors_rule_change: bool,
    /// A rule (aws-cli JSON form) that allows this request, when origin and method are known
    /// and nothing else is needed; merge it into the configuration `get-bucket-cors` returns.
    pub example_rule: Option<CorsRule>,
}

/// No CORS message in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{hint}")]
pub struct NotRecognised {
    pub kind: NotRecognisedKind,
    /// What the text is instead, and what to paste.
    pub hint: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotRecognisedKind {
    Empty,
    /// A network error (`net::ERR_NAME_NOT_RESOLVED`, Safari's "could not connect"...).
    NetworkError,
    /// Only the script's own error (`TypeError: Failed to fetch`), which never says why.
    ScriptErrorOnly,
    MixedContent,
    ContentSecurityPolicy,
    /// An HTTP error status, not a CORS block.
    HttpError,
    /// Firefox's `Cross-Origin Request Warning` (not a block).
    Warning,
    /// The text mentions CORS in words corshar does not read (another language?).
    UnknownWording,
    NoCorsMessage,
}

/// Finds every CORS message in `text` (a pasted console: several lines, DevTools prefixes, the
/// script's errors, network lines) and explains each.
pub fn explain(text: &str) -> Result<Explanation, NotRecognised> {
    let scan = parse::scan(text);
    let mut drafts = drafts(&scan.events);
    merge_firefox_follow_ups(&mut drafts);
    attach_network_lines(&mut drafts, &scan.net_lines);
    let drafts = deduplicate(drafts);
    if drafts.is_empty() {
        return Err(text::not_recognised(text, &scan.signs));
    }
    let total = drafts.len();
    let messages: Vec<Message> = drafts.into_iter().take(MAX_MESSAGES).map(resolve).collect();
    let mut notes = text::notes(&scan.signs);
    if total > MAX_MESSAGES {
        notes.push(format!(
            "{} more distinct messages were not explained (at most {MAX_MESSAGES} are).",
            total - MAX_MESSAGES
        ));
    }
    Ok(Explanation {
        schema: SCHEMA,
        messages,
        notes,
    })
}

impl Explanation {
    /// The same explanation with secrets masked wherever a URL appears (presigned signatures and
    /// credentials, tokens, passwords): what reports show unless the user asks for secrets.
    pub fn redacted(mut self) -> Explanation {
        use crate::redact;
        let text = |s: &mut String| *s = redact::text(s).into_owned();
        let url = |s: &mut String| *s = redact::url(s).into_owned();
        for m in &mut self.messages {
            text(&mut m.text);
            if let Some(u) = &mut m.url {
                url(u);
            }
            if let Some(u) = &mut m.redirected_from {
                url(u);
            }
            if let Some(p) = &mut m.failed_parameter {
                text(p);
            }
            text(&mut m.reason);
            for c in &mut m.checks {
                text(&mut c.what);
                if let Some(command) = &mut c.command {
                    text(command);
                }
            }
            if let Some(fix) = &mut m.fix {
                text(&mut fix.summary);
            }
            m.notes.iter_mut().for_each(text);
        }
        self.notes.iter_mut().for_each(text);
        self
    }

    /// The explanation for a terminal (the CLI's default rendering).
    pub fn render_text(&self) -> String {
        text::render(self)
    }
}

/// What Chrome's parameter is for an error (`None`: Chrome reports none).
pub fn parameter_kind(error: CorsError) -> Option<ParameterKind> {
    use CorsError as E;
    match error {
        E::HeaderDisallowedByPreflightResponse => Some(ParameterKind::RequestHeader),
        E::MethodDisallowedByPreflightResponse => Some(ParameterKind::Method),
        E::MultipleAllowOriginValues
        | E::InvalidAllowOriginValue
        | E::AllowOriginMismatch
        | E::PreflightMultipleAllowOriginValues
        | E::PreflightInvalidAllowOriginValue
        | E::PreflightAllowOriginMismatch => Some(ParameterKind::AllowOrigin),
        E::InvalidAllowCredentials | E::PreflightInvalidAllowCredentials => Some(ParameterKind::AllowCredentials),
        E::RedirectContainsCredentials => Some(ParameterKind::RedirectLocation),
        E::InvalidAllowMethodsPreflightResponse => Some(ParameterKind::AllowMethodsToken),
        E::InvalidAllowHeadersPreflightResponse => Some(ParameterKind::AllowHeadersToken),
        E::PreflightInvalidAllowExternal | E::PreflightInvalidAllowPrivateNetwork => Some(ParameterKind::HeaderValue),
        E::DisallowedByMode
        | E::InvalidResponse
        | E::WildcardOriginNotAllowed
        | E::MissingAllowOriginHeader
        | E::CorsDisabledScheme
        | E::PreflightInvalidStatus
        | E::PreflightDisallowedRedirect
        | E::PreflightWildcardOriginNotAllowed
        | E::PreflightMissingAllowOriginHeader
        | E::PreflightMissingAllowExternal
        | E::PreflightMissingAllowPrivateNetwork
        | E::InsecureLocalNetwork
        | E::InvalidLocalNetworkAccess
        | E::UnexpectedPrivateNetworkAccess
        | E::NoCorsRedirectModeNotFollow
        | E::PreflightMissingPrivateNetworkAccessId
        | E::PreflightMissingPrivateNetworkAccessName
        | E::PrivateNetworkAccessPermissionUnavailable
        | E::PrivateNetworkAccessPermissionDenied
        | E::LocalNetworkAccessPermissionDenied => None,
    }
}

// ---------------------------------------------------------------------------------------------

/// How the words are checked against each candidate: by rendering the candidate with what the
/// message captured and comparing.
#[derive(Clone, Debug)]
enum Words {
    /// Chrome's templates are exact.
    Chrome,
    /// Firefox's reason text.
    Firefox(String),
    /// WebKit's message.
    Safari(String),
    /// Nothing to compare (no reason was read).
    Nothing,
}

#[derive(Clone, Debug)]
struct Draft {
    browser: Browser,
    line: usize,
    text: String,
    kind: Option<RequestKind>,
    kind_word: Option<String>,
    url: Option<String>,
    redirected_from: Option<String>,
    origin: Option<String>,
    method: Option<String>,
    status: Option<u16>,
    network_error: Option<String>,
    errors: Vec<CorsError>,
    /// The words were read (a known family, or a Firefox-only key).
    known: bool,
    firefox_reason: Option<FirefoxReason>,
    values: Values,
    words: Words,
    preflight_evidence: Option<bool>,
    did_not_succeed: bool,
    notes: Vec<String>,
    occurrences: usize,
}

impl Draft {
    fn new(browser: Browser, line: usize, text: String) -> Draft {
        Draft {
            browser,
            line,
            text,
            kind: None,
            kind_word: None,
            url: None,
            redirected_from: None,
            origin: None,
            method: None,
            status: None,
            network_error: None,
            errors: Vec::new(),
            known: false,
            firefox_reason: None,
            values: Values::default(),
            words: Words::Nothing,
            preflight_evidence: None,
            did_not_succeed: false,
            notes: Vec::new(),
            occurrences: 1,
        }
    }

    fn set_safari_reason(&mut self, text: &str, family: usize, values: Values) {
        if let Some(f) = parse::SAFARI_MESSAGES.get(family) {
            self.errors = f.errors.clone();
        }
        self.known = true;
        self.status = values.status;
        if self.origin.is_none() {
            self.origin = values.origin.clone();
        }
        self.values = values;
        self.words = Words::Safari(text.to_string());
    }
}

fn drafts(events: &[(usize, Event)]) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    // The Safari message still collecting its "cannot load" line and its repeat.
    let mut open: Option<usize> = None;
    for (line, event) in events {
        let line = *line;
        let near = |d: &Draft| line.saturating_sub(d.line) <= 3;
        match event {
            Event::Chrome(m) => {
                open = None;
                let mut d = Draft::new(Browser::Chrome, line, m.text.clone());
                d.kind = parse::kind_of_chrome_word(&m.kind_word).or(Some(RequestKind::Other));
                d.kind_word = Some(m.kind_word.clone());
                d.url = Some(m.url.clone());
                d.redirected_from = m.redirected_from.clone();
                d.origin = Some(m.origin.clone()).filter(|o| !o.is_empty());
                if let Some(family) = m.family.and_then(|i| parse::CHROME_TEXTS.get(i)) {
                    d.errors = family.errors.clone();
                    d.known = true;
                    d.words = Words::Chrome;
                }
                d.status = m.values.status;
                d.values = m.values.clone();
                if m.legacy {
                    d.notes.push(
                        "This is the wording of Chrome before version 64 ('XMLHttpRequest cannot load ...').".into(),
                    );
                }
                drafts.push(d);
            }
            Event::Firefox(m) => {
                open = None;
                let mut d = Draft::new(Browser::Firefox, line, m.text.clone());
                d.url = Some(m.url.clone());
                d.errors = m.errors.clone();
                d.known = !m.errors.is_empty() || m.key.is_some();
                d.firefox_reason = m.key;
                d.values = m.values.clone();
                d.status = m.status;
                d.words = Words::Firefox(m.reason.clone());
                d.did_not_succeed = m.did_not_succeed;
                drafts.push(d);
            }
            Event::SafariLegacy {
                text,
                kind,
                url,
                family,
                values,
            } => {
                open = None;
                let mut d = Draft::new(Browser::Safari, line, text.clone());
                d.kind = Some(*kind);
                d.kind_word = Some(kind.chrome_word().to_string());
                d.url = Some(url.clone());
                let message = text.split_once(". ").map_or("", |(_, m)| m).to_string();
                d.set_safari_reason(&message, *family, values.clone());
                drafts.push(d);
            }
            Event::Safari(SafariLine::Reason {
                text,
                family,
                values,
                repeat,
            }) => {
                if *repeat && let Some(i) = open.filter(|&i| near(&drafts[i])) {
                    match &drafts[i].words {
                        Words::Safari(seen) if seen == text => {
                            open = None;
                            continue;
                        }
                        Words::Nothing => {
                            drafts[i].set_safari_reason(text, *family, values.clone());
                            drafts[i].text = format!("{}\n{}", drafts[i].text, text);
                            open = None;
                            continue;
                        }
                        _ => {}
                    }
                }
                let mut d = Draft::new(Browser::Safari, line, text.clone());
                d.set_safari_reason(text, *family, values.clone());
                drafts.push(d);
                open = (!*repeat).then_some(drafts.len() - 1);
            }
            Event::Safari(SafariLine::CannotLoad {
                text,
                kind,
                kind_word,
                url,
            }) => {
                if let Some(i) = open.filter(|&i| near(&drafts[i]) && drafts[i].url.is_none()) {
                    let d = &mut drafts[i];
                    d.url = Some(url.clone());
                    d.kind = *kind;
                    d.kind_word = Some(kind_word.clone());
                    d.text = format!("{}\n{}", d.text, text);
                    continue;
                }
                let mut d = Draft::new(Browser::Safari, line, text.clone());
                d.url = Some(url.clone());
                d.kind = *kind;
                d.kind_word = Some(kind_word.clone());
                drafts.push(d);
                open = Some(drafts.len() - 1);
            }
        }
    }
    drafts
}

/// Firefox reports a failed preflight twice: the preflight's reason (with its status), then
/// "CORS request did not succeed" with no status for the request it guarded. The second message
/// is folded into the first, which it shows was a preflight.
fn merge_firefox_follow_ups(drafts: &mut Vec<Draft>) {
    let mut i = 0;
    while i < drafts.len() {
        let d = &drafts[i];
        if d.browser == Browser::Firefox && d.did_not_succeed && d.status.is_none() {
            let url = d.url.clone();
            let guarded = drafts.iter().position(|o| {
                o.browser == Browser::Firefox
                    && !o.did_not_succeed
                    && o.url == url
                    && o.errors.iter().any(|e| e.is_preflight())
            });
            if let Some(j) = guarded {
                let first = &mut drafts[j];
                if first.preflight_evidence.is_none() {
                    first.preflight_evidence = Some(true);
                    first.notes.push(
                        "Firefox's other message for the same URL, 'CORS request did not succeed' with no status, is \
                         the request the failed preflight guarded: so this one is the preflight."
                            .into(),
                    );
                }
                drafts.remove(i);
                continue;
            }
        }
        i += 1;
    }
}

fn attach_network_lines(drafts: &mut [Draft], lines: &[parse::NetLine]) {
    for d in drafts {
        let Some(url) = &d.url else { continue };
        let Some(net) = lines
            .iter()
            .find(|n| &n.url == url || d.redirected_from.as_ref() == Some(&n.url))
        else {
            continue;
        };
        d.method = Some(net.method.clone());
        d.network_error = Some(net.error.clone());
        if d.status.is_none() {
            d.status = net.status;
        }
    }
}

fn deduplicate(drafts: Vec<Draft>) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::new();
    let mut seen: std::collections::HashMap<(Browser, String), usize> = std::collections::HashMap::new();
    for d in drafts {
        match seen.get(&(d.browser, d.text.clone())) {
            Some(&i) => out[i].occurrences += 1,
            None => {
                seen.insert((d.browser, d.text.clone()), out.len());
                out.push(d);
            }
        }
    }
    out
}

/// Keeps the candidates whose own rendering, filled with what the message captured, gives the
/// same words (Firefox and WebKit pick their text from the value, e.g. a comma in
/// Access-Control-Allow-Origin).
fn renders_same(error: CorsError, d: &Draft) -> bool {
    let parameter = d.values.param.clone().unwrap_or_default();
    let failure = Failure::new(error, parameter);
    match &d.words {
        Words::Firefox(reason) => {
            let line = failure.firefox_console("u", "o", "GET", Some(200));
            parse::firefox_reason_text(&parse::normalize_line(&line)).as_deref() == Some(reason.as_str())
        }
        Words::Safari(message) => {
            let origin = d.values.origin.as_deref().unwrap_or("");
            let text = failure.safari_console(RequestKind::Other, "u", origin, "GET", d.values.status.map(i64::from));
            parse::normalize_line(text.lines().next().unwrap_or_default()) == *message
        }
        Words::Chrome | Words::Nothing => true,
    }
}

/// Narrows an Access-Control-Allow-Origin family with the value the message quotes, judged by
/// the same CORS check the analysis uses.
fn narrow_by_allow_origin(candidates: &[CorsError], value: &str, origin: Option<&str>) -> Vec<CorsError> {
    if candidates
        .iter()
        .any(|e| parameter_kind(*e) != Some(ParameterKind::AllowOrigin))
    {
        return candidates.to_vec();
    }
    let origin = origin
        .filter(|o| !o.is_empty() && *o != value)
        .unwrap_or("https://origin.invalid");
    let headers = [Header::new("access-control-allow-origin", value.to_string())];
    let judged: Vec<CorsError> = [Stage::Actual, Stage::Preflight]
        .into_iter()
        .filter_map(|stage| cors_check(&headers, origin, Credentials::Omit, stage).err())
        .map(|f| f.error)
        .collect();
    let narrowed: Vec<CorsError> = candidates.iter().copied().filter(|e| judged.contains(e)).collect();
    if narrowed.is_empty() {
        candidates.to_vec()
    } else {
        narrowed
    }
}

fn class_is_missing(error: CorsError) -> bool {
    matches!(
        error,
        CorsError::MissingAllowOriginHeader | CorsError::PreflightMissingAllowOriginHeader
    )
}

fn is_redirect_status(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// The preflight errors Chrome finds in its CORS check, before it looks at the status
/// (`cors::check::preflight_check`).
const CHROME_PREFLIGHT_CORS_CHECK: [CorsError; 6] = [
    CorsError::PreflightMissingAllowOriginHeader,
    CorsError::PreflightWildcardOriginNotAllowed,
    CorsError::PreflightMultipleAllowOriginValues,
    CorsError::PreflightInvalidAllowOriginValue,
    CorsError::PreflightAllowOriginMismatch,
    CorsError::PreflightInvalidAllowCredentials,
];

/// What S3 never answers a preflight with when its status is 2xx: it answers 200 only when a rule
/// matched, and then echoes the origin with Access-Control-Allow-Credentials: true (or says `*`).
const NOT_FROM_S3_AT_200: [CorsError; 5] = [
    CorsError::PreflightMissingAllowOriginHeader,
    CorsError::PreflightMultipleAllowOriginValues,
    CorsError::PreflightInvalidAllowOriginValue,
    CorsError::PreflightAllowOriginMismatch,
    CorsError::PreflightInvalidAllowCredentials,
];

/// Keeps the errors `keep` accepts, unless that would leave none.
fn keep(errors: &mut Vec<CorsError>, keep: impl Fn(CorsError) -> bool) -> bool {
    let kept: Vec<CorsError> = errors.iter().copied().filter(|e| keep(*e)).collect();
    let changed = !kept.is_empty() && kept.len() < errors.len();
    if changed {
        *errors = kept;
    }
    changed
}

fn resolve(d: Draft) -> Message {
    let mut notes = d.notes.clone();
    let s3 = d.url.as_deref().and_then(crate::s3::endpoint::recognise);
    let on_s3 = s3.as_ref().is_some_and(|t| t.bucket.is_some());
    let ok_status = d.status.map(|s| (200..300).contains(&s));
    // The words: every error whose rendering gives them.
    let mut candidates: Vec<CorsError> = d.errors.iter().copied().filter(|e| renders_same(*e, &d)).collect();
    if candidates.is_empty() {
        candidates = d.errors.clone();
    }
    // WebKit checks a preflight's status before its CORS headers (validatePreflightResponse), so
    // "Preflight response is not successful" also stands for what Chrome reports first.
    let webkit_status = d.browser == Browser::Safari && candidates.contains(&CorsError::PreflightInvalidStatus);
    if webkit_status {
        for e in CHROME_PREFLIGHT_CORS_CHECK {
            if !candidates.contains(&e) {
                candidates.push(e);
            }
        }
        notes.push(
            "WebKit checks a preflight's status before its CORS headers, so Safari says this for every preflight \
             answered with an error status; Chrome names a missing or wrong Access-Control-Allow-Origin first."
                .into(),
        );
    }
    // The rest of the text.
    let mut narrowed = candidates.clone();
    if let Some(preflight) = d.preflight_evidence {
        keep(&mut narrowed, |e| e.is_preflight() == preflight);
    }
    if d.browser == Browser::Safari
        && !webkit_status
        && ok_status == Some(false)
        && keep(&mut narrowed, |e| !e.is_preflight())
    {
        notes.push(format!(
            "Status {}: WebKit says 'Preflight response is not successful' for a preflight with an error status, \
             so this was the response itself.",
            d.status.unwrap_or_default()
        ));
    }
    if on_s3
        && d.preflight_evidence.is_none()
        && ok_status == Some(true)
        && keep(&mut narrowed, |e| !NOT_FROM_S3_AT_200.contains(&e))
    {
        notes.push(format!(
            "Status {}: S3 answers a preflight {} only when a rule matches, with the origin echoed, so this was the \
             response itself.",
            d.status.unwrap_or_default(),
            d.status.unwrap_or_default()
        ));
    }
    if webkit_status
        || (narrowed.contains(&CorsError::PreflightInvalidStatus)
            && narrowed.contains(&CorsError::PreflightDisallowedRedirect))
    {
        match (on_s3, d.status) {
            // S3's 301 PermanentRedirect carries no Location: not a redirect to the browser.
            (true, Some(301)) => {
                keep(&mut narrowed, |e| e == CorsError::PreflightMissingAllowOriginHeader);
            }
            (_, Some(status)) if is_redirect_status(status) => {
                keep(&mut narrowed, |e| e == CorsError::PreflightDisallowedRedirect);
            }
            // S3 sends no CORS header with an error status.
            (true, Some(_)) => {
                keep(&mut narrowed, |e| e == CorsError::PreflightMissingAllowOriginHeader);
            }
            (true, None) => {
                keep(&mut narrowed, |e| {
                    e == CorsError::PreflightMissingAllowOriginHeader || e == CorsError::PreflightDisallowedRedirect
                });
            }
            (false, Some(_)) => {
                keep(&mut narrowed, |e| e != CorsError::PreflightDisallowedRedirect);
            }
            (false, None) => {}
        }
    }
    if let Some(value) = d.values.param.as_deref() {
        narrowed = narrow_by_allow_origin(&narrowed, value, d.origin.as_deref());
    }
    // S3 answers 403 to a preflight no rule matches: with that status a preflight is likelier.
    let preflight_likelier = on_s3 && d.status == Some(403) && d.preflight_evidence.is_none();
    let (cors_error, mapping) = match (candidates.len(), narrowed.len()) {
        (0, _) => (None, Mapping::None),
        _ if d.did_not_succeed => (None, Mapping::None),
        (1, _) => (candidates.first().copied(), Mapping::Exact),
        (_, 1) => (narrowed.first().copied(), Mapping::Inferred),
        _ => {
            // Likeliest: a response before a preflight (the words would say "preflight" if they
            // could) unless the status says otherwise; on S3 a missing header (S3 sends none
            // when no rule matches); then CDP's order.
            let mut ranked = narrowed.clone();
            ranked.sort_by_key(|e| {
                (
                    e.is_preflight() != preflight_likelier,
                    !(on_s3 && class_is_missing(*e)),
                    CorsError::ALL.iter().position(|x| x == e),
                )
            });
            (ranked.first().copied(), Mapping::Ambiguous)
        }
    };
    let preflight = match (mapping, cors_error) {
        (Mapping::Exact | Mapping::Inferred, Some(e)) => Some(e.is_preflight()),
        (Mapping::Ambiguous, _) => match narrowed.first() {
            Some(first) if narrowed.iter().all(|e| e.is_preflight() == first.is_preflight()) => {
                Some(first.is_preflight())
            }
            _ => d.preflight_evidence,
        },
        _ => d.preflight_evidence,
    };
    if mapping == Mapping::Ambiguous {
        let why = match (d.browser, preflight) {
            (_, None) if preflight_likelier => {
                " (S3 answers a preflight that no rule matches with 403; it could also be S3 refusing the request \
                 itself, as for an expired URL, with no rule for it either)"
            }
            (Browser::Firefox, None) => {
                " (when a preflight fails, Firefox prints a second message for the same URL, 'CORS request did not \
                 succeed' with no status; none is in the text, which points to the response itself, unless only \
                 this line was pasted)"
            }
            (Browser::Safari, None) => {
                " (WebKit uses the same words for a preflight and a response, and for a missing and a different \
                 Access-Control-Allow-Origin)"
            }
            (Browser::Safari, Some(_)) => {
                " (WebKit uses the same words for a missing and a different Access-Control-Allow-Origin)"
            }
            _ => "",
        };
        notes.push(format!(
            "{}'s words stand for {} of Chrome's errors: {}; {} is the likeliest{why}.",
            d.browser.name(),
            narrowed.len(),
            narrowed.iter().map(|e| e.name()).collect::<Vec<_>>().join(", "),
            cors_error.map_or("none", |e| e.name()),
        ));
    }
    let failed_parameter = d.values.param.clone().map(|p| {
        if cors_error.and_then(parameter_kind) == Some(ParameterKind::RequestHeader) {
            p.to_ascii_lowercase()
        } else {
            p
        }
    });
    let method = d.method.clone().or_else(|| {
        (cors_error == Some(CorsError::MethodDisallowedByPreflightResponse))
            .then(|| failed_parameter.clone())
            .flatten()
    });
    let facts = advice::Facts {
        browser: d.browser,
        error: cors_error,
        known: d.known,
        did_not_succeed: d.did_not_succeed,
        firefox_reason: d.firefox_reason,
        preflight,
        kind: d.kind,
        url: d.url.as_deref(),
        redirected_from: d.redirected_from.as_deref(),
        origin: d.origin.as_deref(),
        method: method.as_deref(),
        parameter: failed_parameter.as_deref(),
        status: d.status,
        network_error: d.network_error.as_deref(),
        s3: s3.as_ref(),
    };
    let advice = advice::advise(&facts);
    notes.extend(advice.notes);
    Message {
        browser: d.browser,
        line: d.line,
        occurrences: d.occurrences,
        text: d.text,
        request_kind: d.kind,
        request_kind_word: d.kind_word,
        url: d.url,
        redirected_from: d.redirected_from,
        origin: d.origin,
        method,
        status: d.status,
        network_error: d.network_error,
        cors_error,
        mapping,
        candidates,
        firefox_reason: d.firefox_reason,
        parameter_kind: cors_error
            .and_then(parameter_kind)
            .filter(|_| failed_parameter.is_some()),
        failed_parameter,
        target_address_space: d.values.target,
        resource_address_space: d.values.resource,
        preflight,
        reason: advice.reason,
        checks: advice.checks,
        fix: advice.fix,
        possible_causes: advice.causes,
        s3,
        notes,
    }
}

#[cfg(test)]
mod tests;
