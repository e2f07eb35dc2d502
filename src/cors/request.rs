//! The request side of Fetch: method normalisation, safelisted methods and request headers,
//! forbidden request headers, CORS-unsafe request-header names and whether a preflight is needed.
//! Source: ../shared/reference/fetch-cors.md §1.

use std::borrow::Cow;

use super::Request;
use crate::headers::Header;

/// Fetch's method normalisation: only DELETE, GET, HEAD, OPTIONS, POST, PUT are upper-cased.
pub fn normalize_method(_method: &str) -> Cow<'_, str> {
    todo!()
}

/// GET, HEAD or POST (after normalisation, byte-exact).
pub fn is_safelisted_method(_method: &str) -> bool {
    todo!()
}

/// A forbidden request-header (set by the user agent, never by script), including `proxy-*`,
/// `sec-*` and the method-override headers naming a forbidden method.
pub fn is_forbidden_request_header(_name: &str, _value: &str) -> bool {
    todo!()
}

/// Headers the user agent adds that HAR producers list beside the script's own and that are not
/// forbidden in the spec: `User-Agent` (Chrome's network layer adds it) and HTTP/2 pseudo-headers.
pub fn is_ua_added_header(_name: &str) -> bool {
    todo!()
}

/// Fetch's CORS-safelisted request-header (name, value) test, value rules included.
pub fn is_safelisted_request_header(_name: &str, _value: &str) -> bool {
    todo!()
}

/// Fetch's CORS-unsafe request-header names: lower-cased, de-duplicated, byte-sorted; forbidden
/// and UA-added headers excluded first; the 1024-byte rule applied.
pub fn unsafe_request_header_names(_headers: &[Header<'_>]) -> Vec<String> {
    todo!()
}

/// The `Access-Control-Request-Headers` value a browser sends for these headers (names joined
/// with "," and no space), or `None` when there are no unsafe names.
pub fn access_control_request_headers(_headers: &[Header<'_>]) -> Option<String> {
    todo!()
}

/// Whether the request needs a preflight (cache aside): cross-origin CORS-mode request whose
/// method is not safelisted, that has unsafe header names, or that has the use-CORS-preflight flag.
pub fn needs_preflight(_request: &Request<'_>) -> bool {
    todo!()
}
