//! The checks a browser runs on responses: the CORS check (on the preflight response and on every
//! response of the actual request, redirects included), the preflight checks in Chrome's order,
//! header exposure, and the preflight cache lifetime.
//! Source: ../shared/reference/fetch-cors.md §2–§7, §14.

use std::collections::HashSet;

use serde::Serialize;

use super::request::{
    is_cors_enabled_scheme, is_cors_request, is_safelisted_method, is_same_origin, is_token, normalize_method,
    normalize_origin, unsafe_request_header_names_in_chrome_order,
};
use super::{Browser, CorsError, Credentials, Failure, Mode, Request, Response};
use crate::headers::{self, Header};

const ACAO: &str = "access-control-allow-origin";
const ACAC: &str = "access-control-allow-credentials";
const ACAM: &str = "access-control-allow-methods";
const ACAH: &str = "access-control-allow-headers";
const ACEH: &str = "access-control-expose-headers";
const ACMA: &str = "access-control-max-age";

/// Which response is being checked: Chrome names the same failure `Preflight...` on a preflight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Preflight,
    Actual,
}

/// Fetch's CORS check with Chrome's classification of the failure (Chromium `CheckAccess`,
/// services/network/public/cpp/cors/cors.cc). `origin` is the serialized request origin (`null`
/// when opaque or tainted). Headers are read like Chrome's `GetNormalizedHeader`: repeated lines
/// joined with ", ", values trimmed. Status is not looked at.
pub fn cors_check(headers: &[Header<'_>], origin: &str, credentials: Credentials, stage: Stage) -> Result<(), Failure> {
    check_access(headers, origin, credentials).map_err(|(error, parameter)| {
        let error = match stage {
            Stage::Actual => error,
            Stage::Preflight => preflight_variant(error),
        };
        Failure::new(error, parameter)
    })
}

/// `CheckAccess` in the actual-response vocabulary.
fn check_access(headers: &[Header<'_>], origin: &str, credentials: Credentials) -> Result<(), (CorsError, String)> {
    let allow_origin = headers::get(headers, ACAO);
    match allow_origin.as_deref() {
        None => return Err((CorsError::MissingAllowOriginHeader, String::new())),
        // `*` is decided before Access-Control-Allow-Credentials is looked at.
        Some("*") if credentials.is_include() => {
            return Err((CorsError::WildcardOriginNotAllowed, String::new()));
        }
        Some("*") => return Ok(()),
        Some(value) if value != origin => {
            return Err((classify_origin_mismatch(value), value.to_string()));
        }
        Some(_) => {}
    }
    if credentials.is_include() {
        // Case-sensitive, and two lines ("true, true") fail.
        let allow_credentials = headers::get(headers, ACAC);
        if allow_credentials.as_deref() != Some("true") {
            return Err((
                CorsError::InvalidAllowCredentials,
                allow_credentials.map(|v| v.into_owned()).unwrap_or_default(),
            ));
        }
    }
    Ok(())
}

/// Why an Access-Control-Allow-Origin value that is not the origin fails, in Chrome's words:
/// SP or "," → several values; `null` → mismatch (checked before the URL parse, which would
/// reject it); not a parseable URL (Chrome: `GURL::is_valid`) → invalid; else mismatch.
fn classify_origin_mismatch(value: &str) -> CorsError {
    if value.contains([' ', ',']) {
        CorsError::MultipleAllowOriginValues
    } else if value == "null" {
        CorsError::AllowOriginMismatch
    } else if url::Url::parse(value).is_err() {
        CorsError::InvalidAllowOriginValue
    } else {
        CorsError::AllowOriginMismatch
    }
}

/// Chrome's `map_to_preflight_error_codes` (preflight_controller.cc).
fn preflight_variant(error: CorsError) -> CorsError {
    match error {
        CorsError::WildcardOriginNotAllowed => CorsError::PreflightWildcardOriginNotAllowed,
        CorsError::MissingAllowOriginHeader => CorsError::PreflightMissingAllowOriginHeader,
        CorsError::MultipleAllowOriginValues => CorsError::PreflightMultipleAllowOriginValues,
        CorsError::InvalidAllowOriginValue => CorsError::PreflightInvalidAllowOriginValue,
        CorsError::AllowOriginMismatch => CorsError::PreflightAllowOriginMismatch,
        CorsError::InvalidAllowCredentials => CorsError::PreflightInvalidAllowCredentials,
        other => other,
    }
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

/// Whether a response is a redirect the network layer would follow: 301, 302, 303, 307 or 308
/// with a non-empty `Location` (Chromium `HttpResponseHeaders::IsRedirect`; 300 and 304 are not
/// redirects).
pub fn is_redirect(status: i64, headers: &[Header<'_>]) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308) && headers::all(headers, "location").any(|v| !v.is_empty())
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
///
/// Chrome checks header names in the request's header order (not ACRH's sorted order), so the
/// reported name is the first missing one among `unsafe_names` in `request.headers` order; names
/// of `unsafe_names` the recorded request no longer shows (a sanitized HAR drops
/// `Authorization`) come after, in the given order.
pub fn preflight_check(
    request: &Request<'_>,
    unsafe_names: &[String],
    response: &PreflightResponse<'_>,
) -> Result<PreflightGrant, Failure> {
    // PreflightLoader::HandleRedirect: any redirect fails before anything else is looked at.
    if response.redirected {
        return Err(Failure::new(CorsError::PreflightDisallowedRedirect, ""));
    }
    // CheckPreflightAccess: the CORS check (with the actual request's credentials mode) comes
    // before the status, so an S3 403 without CORS headers is a missing-ACAO error.
    cors_check(response.headers, request.origin, request.credentials, Stage::Preflight)?;
    if !(200..=299).contains(&response.status) {
        return Err(Failure::new(CorsError::PreflightInvalidStatus, ""));
    }
    // PreflightResult::Parse: methods keep their case, header names are lower-cased.
    let methods = parse_allow_list(response.headers, ACAM)
        .ok_or_else(|| Failure::new(CorsError::InvalidAllowMethodsPreflightResponse, ""))?;
    let header_names = parse_allow_list(response.headers, ACAH)
        .ok_or_else(|| Failure::new(CorsError::InvalidAllowHeadersPreflightResponse, ""))?
        .into_iter()
        .map(|name| name.to_ascii_lowercase())
        .collect::<Vec<_>>();
    let include = request.credentials.is_include();
    check_method(request.method, &methods, include)?;
    let ordered = chrome_check_order(request.headers, unsafe_names);
    check_header_names(&ordered, &header_names, include)?;
    Ok(PreflightGrant {
        methods: dedup(methods),
        header_names: dedup(header_names),
        max_age_chrome: max_age_seconds(headers::get(response.headers, ACMA).as_deref(), Some(Browser::Chrome)),
    })
}

/// Fetch's "extract header list values" for a `#token` list header: `Some(empty)` when absent;
/// empty elements skipped, SP/HTAB trimmed; `None` when any element is not a token (one bad
/// element poisons the whole header). A `"` can never be part of a token, so splitting on every
/// comma gives the same verdict as Fetch's quote-aware split.
fn parse_token_list(headers: &[Header<'_>], name: &str) -> Option<Vec<String>> {
    let Some(value) = headers::get(headers, name) else {
        return Some(Vec::new());
    };
    value
        .split(',')
        .map(headers::trim_http_ws)
        .filter(|item| !item.is_empty())
        .map(|item| is_token(item).then(|| item.to_string()))
        .collect()
}

/// ACAM / ACAH parsing (Chromium `ParseAccessControlAllowList`).
fn parse_allow_list(headers: &[Header<'_>], name: &str) -> Option<Vec<String>> {
    parse_token_list(headers, name)
}

/// Chrome's `EnsureAllowedCrossOriginMethod`, spec-conformant mode (the default): the normalized
/// method must be listed byte-for-byte, or be GET/HEAD/POST, or `*` is listed and the request is
/// not credentialed. Chrome does not apply Fetch's "methods null and use-CORS-preflight flag →
/// [request method]" step; it only matters for a non-safelisted method, which must be listed.
fn check_method(method: &str, methods: &[String], include: bool) -> Result<(), Failure> {
    let method = normalize_method(method);
    let listed = methods.iter().any(|m| *m == *method);
    let wildcard = !include && methods.iter().any(|m| m == "*");
    if listed || is_safelisted_method(&method) || wildcard {
        Ok(())
    } else {
        Err(Failure::new(
            CorsError::MethodDisallowedByPreflightResponse,
            method.into_owned(),
        ))
    }
}

/// `unsafe_names` in the order Chrome iterates them (see [`preflight_check`]).
/// Linear in the names (sets, not nested scans): a hostile HAR may request 100,000 of them.
fn chrome_check_order(request_headers: &[Header<'_>], unsafe_names: &[String]) -> Vec<String> {
    let wanted: HashSet<String> = unsafe_names.iter().map(|u| u.to_ascii_lowercase()).collect();
    // The names from the request are lower-cased and de-duplicated already.
    let mut ordered: Vec<String> = unsafe_request_header_names_in_chrome_order(request_headers)
        .into_iter()
        .filter(|name| wanted.contains(name))
        .collect();
    let mut seen: HashSet<String> = ordered.iter().cloned().collect();
    for name in unsafe_names {
        let lower = name.to_ascii_lowercase();
        if seen.insert(lower.clone()) {
            ordered.push(lower);
        }
    }
    ordered
}

/// Chrome's `EnsureAllowedCrossOriginHeaders`: under a non-credentialed `*` only `authorization`
/// (the CORS non-wildcard request-header name) must be listed explicitly; otherwise every unsafe
/// name must be listed (case-insensitively; `header_names` are lower-cased).
fn check_header_names(ordered: &[String], header_names: &[String], include: bool) -> Result<(), Failure> {
    let set: HashSet<&str> = header_names.iter().map(String::as_str).collect();
    let listed = |name: &str| set.contains(name);
    if !include && listed("*") {
        if ordered.iter().any(|n| n == "authorization") && !listed("authorization") {
            return Err(Failure::new(
                CorsError::HeaderDisallowedByPreflightResponse,
                "authorization",
            ));
        }
        return Ok(());
    }
    match ordered.iter().find(|name| !listed(name)) {
        Some(name) => Err(Failure::new(
            CorsError::HeaderDisallowedByPreflightResponse,
            name.clone(),
        )),
        None => Ok(()),
    }
}

fn dedup(mut items: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    items.retain(|item| seen.insert(item.clone()));
    items
}

/// The checks made before anything is sent (Chromium `CorsURLLoader::StartRequest`): a
/// same-origin-mode request to another origin → `DisallowedByMode`; a cross-origin CORS-mode
/// request to a scheme Chrome does not enable CORS for (file:, ftp:...; `data:` is fine) →
/// `CorsDisabledScheme` (failedParameter empty).
pub fn request_check(request: &Request<'_>) -> Result<(), Failure> {
    if request.mode == Mode::SameOrigin && !is_same_origin(request.origin, request.url) {
        return Err(Failure::new(CorsError::DisallowedByMode, ""));
    }
    if request.mode == Mode::Cors
        && !is_cors_enabled_scheme(request.url)
        && !is_same_origin(request.origin, request.url)
    {
        return Err(Failure::new(CorsError::CorsDisabledScheme, ""));
    }
    Ok(())
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
/// response's CORS check. Starts with [`request_check`]. No-cors and navigation requests never
/// fail here.
///
/// Not modelled: a redirected request that needs a new preflight for the new URL (the HAR would
/// hold that preflight as its own entry) and redirects to non-HTTP(S) schemes (a net error in
/// Chrome, not a CORS error).
pub fn actual_check(request: &Request<'_>, redirects: &[Hop<'_>], response: &Response<'_>) -> Result<(), Failure> {
    request_check(request)?;
    if matches!(request.mode, Mode::NoCors | Mode::Navigate) {
        return Ok(());
    }
    let request_origin = normalize_origin(request.origin);
    let mut cors_flag = is_cors_request(request);
    let mut tainted = false;
    let mut current_url = request.url.to_string();
    for hop in redirects {
        let origin = if tainted { "null" } else { &request_origin };
        // CorsURLLoader::OnReceiveRedirect: CheckAccess first, then CheckRedirectLocation.
        if cors_flag {
            cors_check(hop.headers, origin, request.credentials, Stage::Actual)?;
        }
        let Some(next_url) = location_url(hop) else {
            continue;
        };
        check_redirect_location(request, &next_url, cors_flag, tainted)?;
        if request.mode == Mode::SameOrigin && !is_same_origin(request.origin, next_url.as_str()) {
            return Err(Failure::new(CorsError::DisallowedByMode, ""));
        }
        // Fetch §HTTP-redirect fetch: the origin is tainted when the hop leaves the current
        // origin and the request origin is not the current URL's origin.
        let hop_url = if hop.url.is_empty() {
            current_url.as_str()
        } else {
            hop.url
        };
        if !same_origin_urls(hop_url, next_url.as_str()) && !is_same_origin(request.origin, hop_url) {
            tainted = true;
        }
        current_url = next_url.to_string();
        // Once set, the CORS flag stays set (a same-origin request redirected cross-origin
        // becomes a CORS request).
        cors_flag = cors_flag || !is_same_origin(request.origin, &current_url) || tainted;
    }
    if cors_flag {
        let origin = if tainted { "null" } else { &request_origin };
        cors_check(response.headers, origin, request.credentials, Stage::Actual)?;
    }
    Ok(())
}

/// The hop's `Location` resolved against its URL (the first non-empty line, as Chrome takes it).
fn location_url(hop: &Hop<'_>) -> Option<url::Url> {
    let location = headers::all(hop.headers, "location").find(|v| !v.is_empty())?;
    match url::Url::parse(hop.url) {
        Ok(base) => base.join(location).ok(),
        Err(_) => url::Url::parse(location).ok(),
    }
}

/// Chromium `CheckRedirectLocation`: a location with userinfo fails a CORS-mode request when the
/// origin is tainted or the location is cross-origin, and any request with the CORS flag set.
/// Chrome reports an empty failedParameter.
fn check_redirect_location(
    request: &Request<'_>,
    location: &url::Url,
    cors_flag: bool,
    tainted: bool,
) -> Result<(), Failure> {
    let has_credentials = !location.username().is_empty() || location.password().is_some();
    if !has_credentials {
        return Ok(());
    }
    let cors_mode_fails = request.mode == Mode::Cors && (tainted || !is_same_origin(request.origin, location.as_str()));
    if cors_mode_fails || cors_flag {
        return Err(Failure::new(CorsError::RedirectContainsCredentials, ""));
    }
    Ok(())
}

fn same_origin_urls(a: &str, b: &str) -> bool {
    match (url::Url::parse(a), url::Url::parse(b)) {
        (Ok(a), Ok(b)) => {
            let (a, b) = (a.origin(), b.origin());
            a.is_tuple() && a == b
        }
        _ => false,
    }
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

pub fn exposure(headers: &[Header<'_>], credentials: Credentials) -> Exposure {
    match parse_token_list(headers, ACEH) {
        None => Exposure {
            listed: Vec::new(),
            wildcard: false,
            invalid: true,
        },
        Some(names) => {
            let listed = dedup(names.into_iter().map(|n| n.to_ascii_lowercase()).collect());
            let wildcard = !credentials.is_include() && listed.iter().any(|n| n == "*");
            Exposure {
                listed,
                wildcard,
                invalid: false,
            }
        }
    }
}

/// Fetch's CORS-safelisted response-header names (Content-Length included since 2020).
const SAFELISTED_RESPONSE_HEADERS: [&str; 7] = [
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
];

/// Forbidden response-header names: never exposed, whatever ACEH says.
fn is_forbidden_response_header(lower: &str) -> bool {
    lower == "set-cookie" || lower == "set-cookie2"
}

/// Whether script can read response header `name` on this CORS response: CORS-safelisted
/// response-header names, or exposed; `Set-Cookie`/`Set-Cookie2` never.
pub fn is_readable(name: &str, headers: &[Header<'_>], credentials: Credentials) -> bool {
    is_readable_given(&name.to_ascii_lowercase(), &exposure(headers, credentials))
}

fn is_readable_given(lower: &str, exposure: &Exposure) -> bool {
    if is_forbidden_response_header(lower) {
        return false;
    }
    SAFELISTED_RESPONSE_HEADERS.contains(&lower) || exposure.wildcard || exposure.listed.iter().any(|n| n == lower)
}

/// The lower-cased, sorted, de-duplicated names of the headers present on this response that
/// script can read.
pub fn readable_response_headers(headers: &[Header<'_>], credentials: Credentials) -> Vec<String> {
    let exposure = exposure(headers, credentials);
    let mut names: Vec<String> = headers
        .iter()
        .filter(|h| !h.is_pseudo())
        .map(|h| h.name.to_ascii_lowercase())
        .filter(|lower| is_readable_given(lower, &exposure))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// How long `browser` caches a successful preflight, from its `Access-Control-Max-Age` value.
/// `None` for `spec` means the spec's value before any browser cap.
///
/// | | absent | unparseable | negative | cap |
/// |---|---|---|---|---|
/// | spec (`delta-seconds`) | 5 | 5 | 5 (parse failure) | none (overflow → 2^31, RFC 9111 §1.2.2) |
/// | Chrome (preflight_result.cc, `base::StringToInt64`) | 5 | 5 | 0 | 7200 |
/// | Firefox (nsCORSListenerProxy.cpp, digits only) | 5 | 0 (not cached) | 0 | 86400 |
/// | WebKit (CrossOriginPreflightResultCache.cpp, `parseInteger<int64_t>`) | 5 | 5 | 0 | 600 |
///
/// `0` means the result is not reused. `value` is the header as read (lines joined with ", ").
pub fn max_age_seconds(value: Option<&str>, browser: Option<Browser>) -> u64 {
    let value = value.map(headers::trim_http_ws);
    match browser {
        None => spec_max_age(value),
        Some(Browser::Chrome) => chrome_max_age(value),
        Some(Browser::Firefox) => firefox_max_age(value),
        Some(Browser::Safari) => webkit_max_age(value),
    }
}

const DEFAULT_MAX_AGE: u64 = 5;

fn spec_max_age(value: Option<&str>) -> u64 {
    const DELTA_SECONDS_OVERFLOW: u64 = 2_147_483_648;
    match value {
        Some(v) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => v
            .parse::<u64>()
            .map_or(DELTA_SECONDS_OVERFLOW, |n| n.min(DELTA_SECONDS_OVERFLOW)),
        _ => DEFAULT_MAX_AGE,
    }
}

fn chrome_max_age(value: Option<&str>) -> u64 {
    const CAP: i64 = 7200;
    match value.and_then(parse_signed_i64) {
        None => DEFAULT_MAX_AGE,
        Some(n) => n.clamp(0, CAP).unsigned_abs(),
    }
}

fn firefox_max_age(value: Option<&str>) -> u64 {
    const CAP: u64 = 86_400;
    match value {
        None | Some("") => DEFAULT_MAX_AGE,
        // Any non-digit: the result is not cached at all.
        Some(v) if !v.bytes().all(|b| b.is_ascii_digit()) => 0,
        Some(v) => v.parse::<u64>().map_or(CAP, |n| n.min(CAP)),
    }
}

fn webkit_max_age(value: Option<&str>) -> u64 {
    const CAP: i64 = 600;
    match value.and_then(parse_signed_i64) {
        None => DEFAULT_MAX_AGE,
        // A negative expiry is already in the past: never reused.
        Some(n) => n.clamp(0, CAP).unsigned_abs(),
    }
}

/// An optional `+`/`-` then one or more ASCII digits, fitting in an i64 (what both
/// `base::StringToInt64` and WebKit's `parseInteger<int64_t>` accept once whitespace is trimmed).
fn parse_signed_i64(value: &str) -> Option<i64> {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let unsigned = value.strip_prefix('+').unwrap_or(value);
    unsigned.parse::<i64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(pairs: &[(&'static str, &'static str)]) -> Vec<Header<'static>> {
        pairs.iter().map(|(n, v)| Header::new(*n, *v)).collect()
    }

    const ORIGIN: &str = "https://app.example.com";

    fn err(h: &[Header<'_>], credentials: Credentials, stage: Stage) -> (CorsError, String) {
        let f = cors_check(h, ORIGIN, credentials, stage).unwrap_err();
        (f.error, f.failed_parameter)
    }

    fn request<'h>(method: &'h str, headers: &'h [Header<'h>], credentials: Credentials) -> Request<'h> {
        Request {
            method,
            url: "https://api.example.net/r",
            origin: ORIGIN,
            headers,
            credentials,
            mode: Mode::Cors,
            use_cors_preflight_flag: false,
        }
    }

    fn preflight<'h>(status: i64, headers: &'h [Header<'h>]) -> PreflightResponse<'h> {
        PreflightResponse {
            status,
            headers,
            redirected: is_redirect(status, headers),
        }
    }

    #[test]
    fn cors_check_classifies_like_chrome() {
        use CorsError::*;
        let omit = Credentials::Omit;
        let case = |acao: &'static str| err(&list(&[("Access-Control-Allow-Origin", acao)]), omit, Stage::Actual);
        assert_eq!(case("* *"), (MultipleAllowOriginValues, "* *".into()));
        assert_eq!(case("null"), (AllowOriginMismatch, "null".into()));
        assert_eq!(case(""), (InvalidAllowOriginValue, "".into()));
        assert_eq!(case("*.example.com"), (InvalidAllowOriginValue, "*.example.com".into()));
        assert_eq!(
            case("https://app.example.com/"),
            (AllowOriginMismatch, "https://app.example.com/".into())
        );
        assert_eq!(
            case("https://app.example.com:443"),
            (AllowOriginMismatch, "https://app.example.com:443".into())
        );
        assert_eq!(err(&[], omit, Stage::Actual), (MissingAllowOriginHeader, "".into()));
        // Two lines join with ", ".
        let two = list(&[
            ("Access-Control-Allow-Origin", ORIGIN),
            ("access-control-allow-origin", ORIGIN),
        ]);
        assert_eq!(err(&two, omit, Stage::Actual).0, MultipleAllowOriginValues);
        // Padding is HTTP whitespace and is stripped.
        assert!(
            cors_check(
                &list(&[("Access-Control-Allow-Origin", " * \t")]),
                ORIGIN,
                omit,
                Stage::Actual
            )
            .is_ok()
        );
    }

    #[test]
    fn wildcard_is_checked_before_credentials_and_acac_only_matters_with_include() {
        let h = list(&[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Credentials", "true"),
        ]);
        assert_eq!(
            err(&h, Credentials::Include, Stage::Preflight).0,
            CorsError::PreflightWildcardOriginNotAllowed
        );
        assert!(cors_check(&h, ORIGIN, Credentials::SameOrigin, Stage::Actual).is_ok());
        let exact = list(&[
            ("Access-Control-Allow-Origin", ORIGIN),
            ("Access-Control-Allow-Credentials", "True"),
        ]);
        assert_eq!(
            err(&exact, Credentials::Include, Stage::Actual),
            (CorsError::InvalidAllowCredentials, "True".into())
        );
        assert!(cors_check(&exact, ORIGIN, Credentials::Omit, Stage::Actual).is_ok());
    }

    #[test]
    fn preflight_origin_error_comes_before_status_and_status_before_lists() {
        let r = request("PUT", &[], Credentials::Omit);
        let s3_403 = list(&[("Content-Type", "application/xml")]);
        let f = preflight_check(&r, &[], &preflight(403, &s3_403)).unwrap_err();
        assert_eq!(f.error, CorsError::PreflightMissingAllowOriginHeader);
        let bad_status = list(&[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Methods", "bad method"),
        ]);
        assert_eq!(
            preflight_check(&r, &[], &preflight(500, &bad_status))
                .unwrap_err()
                .error,
            CorsError::PreflightInvalidStatus
        );
        assert_eq!(
            preflight_check(&r, &[], &preflight(200, &bad_status))
                .unwrap_err()
                .error,
            CorsError::InvalidAllowMethodsPreflightResponse
        );
        // 304 is not ok, and not a redirect.
        assert_eq!(
            preflight_check(&r, &[], &preflight(304, &bad_status))
                .unwrap_err()
                .error,
            CorsError::PreflightInvalidStatus
        );
        // A redirect fails first, whatever its headers; a 301 without Location is no redirect.
        let moved = list(&[("Location", "https://elsewhere/")]);
        assert_eq!(
            preflight_check(&r, &[], &preflight(307, &moved)).unwrap_err().error,
            CorsError::PreflightDisallowedRedirect
        );
        assert_eq!(
            preflight_check(&r, &[], &preflight(301, &[])).unwrap_err().error,
            CorsError::PreflightMissingAllowOriginHeader
        );
    }

    #[test]
    fn methods_are_case_sensitive_and_star_is_literal_with_credentials() {
        let names: [String; 0] = [];
        let acam = |v: &'static str| {
            list(&[
                ("Access-Control-Allow-Origin", ORIGIN),
                ("Access-Control-Allow-Credentials", "true"),
                ("Access-Control-Allow-Methods", v),
            ])
        };
        let check = |method: &'static str, v: &'static str, c: Credentials| {
            let h = acam(v);
            let r = request(method, &[], c);
            preflight_check(&r, &names, &preflight(200, &h))
                .map(|_| ())
                .map_err(|f| (f.error, f.failed_parameter))
        };
        let disallowed = |m: &str| Err((CorsError::MethodDisallowedByPreflightResponse, m.to_string()));
        assert_eq!(check("put", "put", Credentials::Omit), disallowed("PUT"));
        assert_eq!(check("patch", "PATCH", Credentials::Omit), disallowed("patch"));
        assert_eq!(check("PATCH", ",,PATCH,GET", Credentials::Omit), Ok(()));
        assert_eq!(check("DELETE", "*", Credentials::Omit), Ok(()));
        assert_eq!(check("DELETE", "*", Credentials::Include), disallowed("DELETE"));
        assert_eq!(check("*", "*", Credentials::Include), Ok(()));
        assert_eq!(check("post", "", Credentials::Include), Ok(()));
    }

    #[test]
    fn header_lists_poison_on_one_bad_token_and_skip_empty_elements() {
        let r = request("GET", &[], Credentials::Omit);
        let names = vec!["x-print".to_string()];
        let ok = list(&[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Headers", ", ,X-Print,,"),
        ]);
        assert!(preflight_check(&r, &names, &preflight(200, &ok)).is_ok());
        for bad in ["x-print, \"y\"", "x-print,a b", "x-print,\u{b}", "x-print,é"] {
            let h = vec![
                Header::new("Access-Control-Allow-Origin", "*"),
                Header::new("Access-Control-Allow-Headers", bad),
            ];
            assert_eq!(
                preflight_check(&r, &names, &preflight(200, &h)).unwrap_err().error,
                CorsError::InvalidAllowHeadersPreflightResponse,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn authorization_is_never_covered_by_star() {
        let star = list(&[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Headers", "*"),
        ]);
        let req_headers = list(&[("X-Custom", "1"), ("Authorization", "Bearer t")]);
        let r = request("GET", &req_headers, Credentials::Omit);
        let names = vec!["authorization".to_string(), "x-custom".to_string()];
        let f = preflight_check(&r, &names, &preflight(200, &star)).unwrap_err();
        assert_eq!(
            (f.error, f.failed_parameter.as_str()),
            (CorsError::HeaderDisallowedByPreflightResponse, "authorization")
        );
        // A sanitized HAR lost the header; the recorded ACRH still names it.
        let sanitized = list(&[("X-Custom", "1")]);
        let r = request("GET", &sanitized, Credentials::Omit);
        assert!(preflight_check(&r, &names, &preflight(200, &star)).is_err());
        let both = list(&[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Headers", "*, Authorization"),
        ]);
        assert!(preflight_check(&r, &names, &preflight(200, &both)).is_ok());
    }

    #[test]
    fn first_missing_header_is_reported_in_request_order() {
        // Chrome's HAR order for an SDK PutObject (hash order, not script or sorted order).
        let req_headers = list(&[
            ("x-amz-content-sha256", "UNSIGNED-PAYLOAD"),
            ("x-amz-user-agent", "aws-sdk-js"),
            ("sec-ch-ua-platform", "\"Linux\""),
            ("authorization", "AWS4-HMAC-SHA256 ..."),
            ("x-amz-date", "20261127T191948Z"),
        ]);
        let r = request("PUT", &req_headers, Credentials::Omit);
        let acrh = [
            "authorization",
            "x-amz-content-sha256",
            "x-amz-date",
            "x-amz-user-agent",
        ]
        .map(String::from);
        let h = list(&[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Methods", "PUT"),
            ("Access-Control-Allow-Headers", "x-amz-date"),
        ]);
        let f = preflight_check(&r, &acrh, &preflight(200, &h)).unwrap_err();
        assert_eq!(f.failed_parameter, "x-amz-content-sha256");
        // Names the HAR no longer shows come after those it shows.
        let h = list(&[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Methods", "PUT"),
            (
                "Access-Control-Allow-Headers",
                "x-amz-date,x-amz-user-agent,x-amz-content-sha256",
            ),
        ]);
        let sanitized: Vec<_> = req_headers
            .iter()
            .filter(|h| h.name != "authorization")
            .cloned()
            .collect();
        let r = request("PUT", &sanitized, Credentials::Omit);
        assert_eq!(
            preflight_check(&r, &acrh, &preflight(200, &h))
                .unwrap_err()
                .failed_parameter,
            "authorization"
        );
    }

    #[test]
    fn grant_reports_lists_and_chrome_max_age() {
        let r = request("PUT", &[], Credentials::Omit);
        let h = list(&[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Methods", "PUT, PUT,GET"),
            ("Access-Control-Allow-Headers", "X-A"),
            ("Access-Control-Max-Age", "86400"),
        ]);
        let grant = preflight_check(&r, &[], &preflight(204, &h)).unwrap();
        assert_eq!(grant.methods, ["PUT", "GET"]);
        assert_eq!(grant.header_names, ["x-a"]);
        assert_eq!(grant.max_age_chrome, 7200);
    }

    fn hop<'h>(url: &'h str, status: i64, headers: &'h [Header<'h>]) -> Hop<'h> {
        Hop { url, status, headers }
    }

    #[test]
    fn redirects_are_cors_checked_and_taint_the_origin() {
        let r = request("GET", &[], Credentials::Omit);
        let to_cdn = list(&[
            ("Access-Control-Allow-Origin", "*"),
            ("Location", "https://cdn.example.org/r"),
        ]);
        let hops = [hop("https://api.example.net/r", 302, &to_cdn)];
        let final_page = list(&[("Access-Control-Allow-Origin", ORIGIN)]);
        let f = actual_check(
            &r,
            &hops,
            &Response {
                status: 200,
                headers: &final_page,
            },
        )
        .unwrap_err();
        assert_eq!(
            (f.error, f.failed_parameter.as_str()),
            (CorsError::AllowOriginMismatch, ORIGIN)
        );
        let final_null = list(&[("Access-Control-Allow-Origin", "null")]);
        assert!(
            actual_check(
                &r,
                &hops,
                &Response {
                    status: 200,
                    headers: &final_null
                }
            )
            .is_ok()
        );
        // A same-origin hop (api → api) does not taint.
        let same = list(&[("Access-Control-Allow-Origin", "*"), ("Location", "/elsewhere")]);
        let hops = [hop("https://api.example.net/r", 301, &same)];
        assert!(
            actual_check(
                &r,
                &hops,
                &Response {
                    status: 200,
                    headers: &final_page
                }
            )
            .is_ok()
        );
        // A hop without ACAO fails before it is followed.
        let bare = list(&[("Location", "https://cdn.example.org/r")]);
        let hops = [hop("https://api.example.net/r", 302, &bare)];
        assert_eq!(
            actual_check(
                &r,
                &hops,
                &Response {
                    status: 200,
                    headers: &final_null
                }
            )
            .unwrap_err()
            .error,
            CorsError::MissingAllowOriginHeader
        );
    }

    #[test]
    fn redirect_location_with_credentials_fails_with_empty_parameter() {
        let r = request("GET", &[], Credentials::Omit);
        let h = list(&[
            ("Access-Control-Allow-Origin", "*"),
            ("Location", "https://u:p@cdn.example.org/r"),
        ]);
        let hops = [hop("https://api.example.net/r", 302, &h)];
        let f = actual_check(
            &r,
            &hops,
            &Response {
                status: 200,
                headers: &[],
            },
        )
        .unwrap_err();
        assert_eq!(f, Failure::new(CorsError::RedirectContainsCredentials, ""));
    }

    #[test]
    fn same_origin_request_redirected_cross_origin_becomes_cors() {
        let mut r = request("GET", &[], Credentials::Omit);
        r.url = "https://app.example.com/api";
        let h = list(&[("Location", "https://api.example.net/r")]);
        let hops = [hop("https://app.example.com/api", 302, &h)];
        assert_eq!(
            actual_check(
                &r,
                &hops,
                &Response {
                    status: 200,
                    headers: &[]
                }
            )
            .unwrap_err()
            .error,
            CorsError::MissingAllowOriginHeader
        );
        r.mode = Mode::NoCors;
        assert!(
            actual_check(
                &r,
                &hops,
                &Response {
                    status: 200,
                    headers: &[]
                }
            )
            .is_ok()
        );
    }

    #[test]
    fn mode_and_scheme_errors() {
        let mut r = request("GET", &[], Credentials::Omit);
        r.mode = Mode::SameOrigin;
        assert_eq!(request_check(&r).unwrap_err().error, CorsError::DisallowedByMode);
        r.url = "https://app.example.com/x";
        assert!(request_check(&r).is_ok());
        let mut r = request("GET", &[], Credentials::Omit);
        r.url = "file:///home/u/data.json";
        r.origin = "null";
        assert_eq!(request_check(&r).unwrap_err().error, CorsError::CorsDisabledScheme);
        r.mode = Mode::NoCors;
        assert!(request_check(&r).is_ok());
        // data: URLs are fetched without CORS, never CorsDisabledScheme.
        let mut r = request("GET", &[], Credentials::Omit);
        r.url = "data:text/plain,hi";
        assert!(
            actual_check(
                &r,
                &[],
                &Response {
                    status: 200,
                    headers: &[]
                }
            )
            .is_ok()
        );
    }

    #[test]
    fn cors_check_ignores_status_and_origin_is_serialized() {
        let h = list(&[("Access-Control-Allow-Origin", ORIGIN)]);
        let mut r = request("GET", &[], Credentials::Omit);
        r.origin = "HTTPS://APP.example.com:443";
        assert!(
            actual_check(
                &r,
                &[],
                &Response {
                    status: 500,
                    headers: &h
                }
            )
            .is_ok()
        );
        assert!(
            actual_check(
                &r,
                &[],
                &Response {
                    status: 403,
                    headers: &[]
                }
            )
            .is_err()
        );
    }

    #[test]
    fn exposure_rules() {
        let h = list(&[
            ("Access-Control-Allow-Origin", "*"),
            ("ETag", "\"x\""),
            ("Set-Cookie", "a=b"),
            ("Content-Length", "3"),
            ("Access-Control-Expose-Headers", "*"),
        ]);
        assert_eq!(
            readable_response_headers(&h, Credentials::Omit),
            [
                "access-control-allow-origin",
                "access-control-expose-headers",
                "content-length",
                "etag"
            ]
        );
        // With credentials `*` is a literal name.
        assert_eq!(readable_response_headers(&h, Credentials::Include), ["content-length"]);
        assert!(!is_readable("Set-Cookie", &h, Credentials::Omit));
        let bad = list(&[("ETag", "x"), ("Access-Control-Expose-Headers", "etag, no no")]);
        let e = exposure(&bad, Credentials::Omit);
        assert!(e.invalid && e.listed.is_empty());
        assert!(!is_readable("etag", &bad, Credentials::Omit));
        let two_lines = list(&[
            ("ETag", "x"),
            ("Access-Control-Expose-Headers", ""),
            ("Access-Control-Expose-Headers", "ETag"),
        ]);
        assert!(is_readable("ETAG", &two_lines, Credentials::Omit));
    }

    #[test]
    fn max_age_per_browser() {
        let all = |v: Option<&str>| {
            [
                None,
                Some(Browser::Chrome),
                Some(Browser::Firefox),
                Some(Browser::Safari),
            ]
            .map(|b| max_age_seconds(v, b))
        };
        assert_eq!(all(None), [5, 5, 5, 5]);
        assert_eq!(all(Some("600")), [600, 600, 600, 600]);
        assert_eq!(all(Some("0")), [0, 0, 0, 0]);
        assert_eq!(all(Some("-1")), [5, 0, 0, 0]);
        assert_eq!(all(Some("abc")), [5, 5, 0, 5]);
        assert_eq!(all(Some("100000")), [100000, 7200, 86400, 600]);
        assert_eq!(all(Some("600, 600")), [5, 5, 0, 5]);
        assert_eq!(all(Some("+30")), [5, 30, 0, 30]);
        assert_eq!(all(Some("99999999999999999999")), [2_147_483_648, 5, 86400, 5]);
    }
}
