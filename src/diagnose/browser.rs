//! The browser's verdict on one exchange: replay Chrome's checks (cors::check) on the recorded
//! headers, infer the credentials mode the HAR does not record, and tell what the page could not
//! read. When the record is incomplete, say so rather than guess.

use crate::cors::check::{self, PreflightResponse, Stage};
use crate::cors::{self, Credentials, Failure, Mode, request};
use crate::headers::{self, Header};

use super::exchange::Exchange;

/// How the credentials mode was decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialsGuess {
    pub mode: Credentials,
    pub inferred: bool,
    pub basis: &'static str,
}

/// How corshar knows why the browser blocked a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// The browser's checks, replayed on the recorded headers.
    Replayed,
    /// The browser's own words in the HAR (WebKit writes its CORS message into `_error`).
    BrowserText,
    /// S3's answer under the given configuration, for an answer the HAR does not hold.
    Simulated,
}

impl Basis {
    pub fn name(self) -> &'static str {
        match self {
            Basis::Replayed => "replayed",
            Basis::BrowserText => "browser-message",
            Basis::Simulated => "simulated",
        }
    }
}

/// What the browser did with the exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Judgment {
    /// The browser's checks fail.
    Blocked {
        failure: Failure,
        stage: Stage,
        basis: Basis,
    },
    /// The checks pass. `hidden` lists response headers the request exists to read that the page
    /// cannot (the `unreadable` verdict when non-empty).
    Passed {
        hidden: Vec<String>,
        other_hidden: Vec<String>,
    },
    /// The preflight (or the request) failed below CORS: no answer to judge.
    NetworkError { text: String, at_preflight: bool },
    /// The request needed a preflight the HAR does not hold, and no response was recorded: the
    /// browser's reason is not in the file.
    PreflightNotRecorded,
    /// The producer marks the request failed, yet the recorded headers pass the checks.
    Unexplained { failure: String },
}

#[derive(Clone, Debug)]
pub struct BrowserView {
    pub judgment: Judgment,
    pub credentials: CredentialsGuess,
    /// The CORS-unsafe request-header names (from the preflight when recorded).
    pub unsafe_names: Vec<String>,
    /// Whether the request needs a preflight by its method and headers.
    pub needs_preflight: bool,
}

/// Chrome's text for a request failed by CORS or by a blocked redirect.
const CORS_FAILURES: [&str; 2] = ["net::ERR_FAILED", "net::ERR_INVALID_REDIRECT"];

pub fn judge(ex: &Exchange<'_>, marks_failures: bool) -> BrowserView {
    let unsafe_names = ex
        .requested_headers()
        .unwrap_or_else(|| request::unsafe_request_header_names(ex.request_headers()));
    let needs_preflight =
        !request::is_safelisted_method(&request::normalize_method(ex.method())) || !unsafe_names.is_empty();
    let has_cookie = headers::first(ex.request_headers(), "cookie").is_some_and(|c| !c.is_empty());
    let first = if has_cookie {
        CredentialsGuess {
            mode: Credentials::Include,
            inferred: false,
            basis: "the request carried a Cookie header, which browsers send cross-origin only with credentials mode 'include'",
        }
    } else {
        CredentialsGuess {
            mode: Credentials::SameOrigin,
            inferred: true,
            basis: "the HAR does not record the credentials mode; the request carried no Cookie, so the default ('same-origin') is assumed",
        }
    };
    let replay_with = |credentials: Credentials| replay(ex, &unsafe_names, needs_preflight, credentials);
    let mut judgment = replay_with(first.mode);
    let mut credentials = first;
    let failure = ex.failure();
    // WebKit writes its own CORS message into `_error`: the browser says why, in its words.
    if !matches!(judgment, Judgment::Blocked { .. })
        && let Some(reported) = failure.and_then(|f| {
            Failure::from_webkit_text(
                f,
                ex.preflight.is_some() || (needs_preflight && ex.response().is_none()),
            )
        })
    {
        let stage = if reported.error.is_preflight() {
            Stage::Preflight
        } else {
            Stage::Actual
        };
        judgment = Judgment::Blocked {
            failure: reported,
            stage,
            basis: Basis::BrowserText,
        };
    } else if let (Judgment::Passed { .. }, Some(f)) = (&judgment, failure)
        && CORS_FAILURES.contains(&f)
    {
        // The browser failed a request whose headers pass: with credentials they may not. That is
        // the only hidden input that changes the CORS checks (fetch-cors.md §2).
        let with_credentials = replay_with(Credentials::Include);
        judgment = match with_credentials {
            Judgment::Blocked { .. } if credentials.mode != Credentials::Include => {
                credentials = CredentialsGuess {
                    mode: Credentials::Include,
                    inferred: true,
                    basis: "inferred by elimination: the browser failed the request, and its recorded headers fail only for a request with credentials (fetch credentials: 'include' or XHR withCredentials)",
                };
                with_credentials
            }
            _ => Judgment::Unexplained { failure: f.to_owned() },
        };
    } else if let (Judgment::Passed { .. }, Some(f)) = (&judgment, failure)
        && ex.response().is_none()
    {
        judgment = Judgment::NetworkError {
            text: f.to_owned(),
            at_preflight: false,
        };
    } else if matches!(judgment, Judgment::Passed { .. })
        && marks_failures
        && ex.request.is_some()
        && ex.response().is_none()
        && ex.status().is_some_and(|s| s <= 0)
    {
        // A browser that records failures recorded no answer and no reason: Chrome writes an
        // empty `_error` when it blocks a request before sending it (mixed content).
        judgment = Judgment::NetworkError {
            text: "no answer, and no error text: the browser did not send the request (mixed content, a blocking extension)".to_owned(),
            at_preflight: false,
        };
    }
    if marks_failures && failure.is_none() && matches!(judgment, Judgment::Blocked { .. }) && ex.response().is_some() {
        // The producer records every failure and recorded none: the browser did not block, so
        // the request was not judged by CORS as replayed (a cached or service-worker answer).
        judgment = Judgment::Passed {
            hidden: Vec::new(),
            other_hidden: Vec::new(),
        };
    }
    BrowserView {
        judgment,
        credentials,
        unsafe_names,
        needs_preflight,
    }
}

fn replay(ex: &Exchange<'_>, unsafe_names: &[String], needs_preflight: bool, credentials: Credentials) -> Judgment {
    let req = cors::Request {
        method: ex.method(),
        url: ex.url(),
        origin: &ex.origin,
        headers: ex.request_headers(),
        credentials,
        mode: Mode::Cors,
        // A recorded preflight for a request that needs none by method and headers means the
        // use-CORS-preflight flag was set (XHR upload listeners, a streamed body).
        use_cors_preflight_flag: ex.preflight.is_some() && !needs_preflight,
    };
    if let Some(pre) = ex.preflight {
        let status = pre.status().unwrap_or(0);
        let failure = pre.failure();
        let redirected = failure == Some("net::ERR_INVALID_REDIRECT")
            || ((300..400).contains(&status) && headers::contains(&pre.response.headers, "location"));
        if status < 100 && !redirected {
            return Judgment::NetworkError {
                text: failure.unwrap_or("no response").to_owned(),
                at_preflight: true,
            };
        }
        let response = PreflightResponse {
            status,
            headers: &pre.response.headers,
            redirected,
        };
        if let Err(failure) = check::preflight_check(&req, unsafe_names, &response) {
            return Judgment::Blocked {
                failure,
                stage: Stage::Preflight,
                basis: Basis::Replayed,
            };
        }
    }
    match ex.response() {
        Some((status, hs)) => match check::actual_check(&req, &[], &cors::Response { status, headers: hs }) {
            Err(failure) => Judgment::Blocked {
                failure,
                stage: Stage::Actual,
                basis: Basis::Replayed,
            },
            Ok(()) => {
                let (hidden, other_hidden) = unread(ex, hs, credentials);
                Judgment::Passed { hidden, other_hidden }
            }
        },
        None if ex.preflight.is_none() && needs_preflight => Judgment::PreflightNotRecorded,
        None => Judgment::Passed {
            hidden: Vec::new(),
            other_hidden: Vec::new(),
        },
    }
}

/// Response headers the page cannot read: first those the request exists to read (the
/// `unreadable` verdict), then any other non-infrastructure header, which is only mentioned.
fn unread(ex: &Exchange<'_>, response: &[Header<'_>], credentials: Credentials) -> (Vec<String>, Vec<String>) {
    let needed = needed_headers(ex, response);
    let mut hidden = Vec::new();
    let mut other = Vec::new();
    for h in response {
        let name = h.name.as_ref();
        if check::is_readable(name, response, credentials) || is_infrastructure(name) {
            continue;
        }
        let list = if needed.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            &mut hidden
        } else {
            &mut other
        };
        if !list.iter().any(|n: &String| n.eq_ignore_ascii_case(name)) {
            list.push(name.to_owned());
        }
    }
    (hidden, other)
}

/// The response headers a request of this kind exists to read (deliberately short: a control
/// page must come out clean): `ETag` on multipart uploads (UploadPart, CompleteMultipartUpload:
/// the page must send each part's ETag back), `Content-Range`/`Accept-Ranges` on a 206 to a Range
/// request, and `x-amz-version-id` whenever the response carries it.
///
/// A plain PutObject's `ETag` is not on the list: most pages never read it, and the fix for a
/// PUT blocked at its preflight cannot know whether the page would have (no response was
/// recorded), so listing it made corshar call its own verified fix "unreadable" on the next HAR
/// (found by the real-browser loop, presigned-put-no-cors).
fn needed_headers(ex: &Exchange<'_>, response: &[Header<'_>]) -> Vec<&'static str> {
    let mut needed = vec!["x-amz-version-id"];
    let method = ex.method();
    let query = ex.url().split_once('?').map_or("", |(_, q)| q);
    let has = |name: &str| query.split('&').any(|p| p.starts_with(name));
    let upload_part = method == "PUT" && has("partNumber=") && has("uploadId=");
    let completes_multipart = method == "POST" && has("uploadId=");
    if upload_part || completes_multipart {
        needed.push("etag");
    }
    let status = ex.response().map_or(0, |(s, _)| s);
    if status == 206 && headers::contains(ex.request_headers(), "range") {
        needed.extend(["content-range", "accept-ranges"]);
    }
    needed.retain(|n| headers::contains(response, n));
    needed
}

/// Headers no page reads: transport, caching plumbing, request ids, the CORS headers themselves.
fn is_infrastructure(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("access-control-")
        || n.starts_with(':')
        || matches!(
            n.as_str(),
            "date"
                | "server"
                | "connection"
                | "keep-alive"
                | "transfer-encoding"
                | "vary"
                | "x-amz-id-2"
                | "x-amz-request-id"
                | "set-cookie"
                | "alt-svc"
                | "strict-transport-security"
                | "age"
                | "via"
                | "x-cache"
        )
}
