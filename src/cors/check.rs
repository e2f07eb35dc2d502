//! The checks a browser runs on responses: the CORS check (on the preflight response and on every
//! response of the actual request, redirects included), the preflight checks in Chrome's order,
//! header exposure, and the preflight cache lifetime.
//! Source: ../shared/reference/fetch-cors.md §2–§7, §14.

use serde::Serialize;

use super::{Browser, Credentials, Failure, Request, Response};
use crate::headers::Header;

/// Which response is being checked: Chrome names the same failure `Preflight...` on a preflight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Preflight,
    Actual,
}

/// Fetch's CORS check with Chrome's classification of the failure.
pub fn cors_check(_headers: &[Header<'_>], _origin: &str, _credentials: Credentials, _stage: Stage) -> Result<(), Failure> {
    todo!()
}

/// A preflight response as recorded. `redirected` is true when the preflight was answered with a
/// redirect the browser refused to follow (a 3xx with `Location`, or a producer's
/// `net::ERR_INVALID_REDIRECT`); a 3xx without `Location` is not a redirect.
#[derive(Clone, Copy, Debug)]
pub struct PreflightResponse<'h> {
    pub status: i64,
    pub headers: &'h [Header<'h>],
    pub redirected: bool,
}

/// What a successful preflight granted: the parsed Allow-Methods / Allow-Headers lists and how
/// long each browser caches the result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PreflightGrant {
    pub methods: Vec<String>,
    pub header_names: Vec<String>,
    pub max_age_chrome: u64,
}

/// The preflight checks in Chrome's order (redirect; CORS check; ok status; parse ACAM; parse
/// ACAH; method; headers). `unsafe_names` are the request's CORS-unsafe header names (from the
/// recorded preflight's `Access-Control-Request-Headers` when there is one, else computed from
/// the request); the method is `request.method`.
pub fn preflight_check(_request: &Request<'_>, _unsafe_names: &[String], _response: &PreflightResponse<'_>) -> Result<PreflightGrant, Failure> {
    todo!()
}

/// One redirect hop of the actual request: its URL, status and headers (with `Location`).
#[derive(Clone, Copy, Debug)]
pub struct Hop<'h> {
    pub url: &'h str,
    pub status: i64,
    pub headers: &'h [Header<'h>],
}

/// The checks on the actual request's responses: each redirect hop (CORS check, then the redirect
/// location; the origin becomes `null` after a cross-origin hop to another origin), then the final
/// response's CORS check.
pub fn actual_check(_request: &Request<'_>, _redirects: &[Hop<'_>], _response: &Response<'_>) -> Result<(), Failure> {
    todo!()
}

/// What `Access-Control-Expose-Headers` exposes on a response, parsed per Fetch (`#field-name`;
/// one invalid element exposes nothing extra; `*` only without credentials).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exposure {
    /// Lower-cased names listed (after parsing), `*` included as written.
    pub listed: Vec<String>,
    /// True when `*` exposes every name (non-credentialed requests only).
    pub wildcard: bool,
    /// True when the header was present but unparseable (nothing extra exposed).
    pub invalid: bool,
}

pub fn exposure(_headers: &[Header<'_>], _credentials: Credentials) -> Exposure {
    todo!()
}

/// Whether script can read response header `name` on this CORS response: CORS-safelisted
/// response-header names, or exposed; `Set-Cookie`/`Set-Cookie2` never.
pub fn is_readable(_name: &str, _headers: &[Header<'_>], _credentials: Credentials) -> bool {
    todo!()
}

/// The lower-cased, sorted, de-duplicated names of the headers present on this response that
/// script can read.
pub fn readable_response_headers(_headers: &[Header<'_>], _credentials: Credentials) -> Vec<String> {
    todo!()
}

/// How long `browser` caches a successful preflight, from its `Access-Control-Max-Age` value.
/// `None` for `spec` means the spec's value before any browser cap.
pub fn max_age_seconds(_value: Option<&str>, _browser: Option<Browser>) -> u64 {
    todo!()
}
