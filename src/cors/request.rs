//! The request side of Fetch: method normalisation, safelisted methods and request headers,
//! forbidden request headers, CORS-unsafe request-header names and whether a preflight is needed.
//! Source: ../shared/reference/fetch-cors.md §1.

use std::borrow::Cow;

use super::{Mode, Request};
use crate::headers::{Header, trim_http_ws};

/// Fetch's method normalisation: only DELETE, GET, HEAD, OPTIONS, POST, PUT are upper-cased.
pub fn normalize_method(method: &str) -> Cow<'_, str> {
    const NORMALIZED: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];
    match NORMALIZED.iter().find(|m| m.eq_ignore_ascii_case(method)) {
        Some(upper) if *upper != method => Cow::Borrowed(*upper),
        _ => Cow::Borrowed(method),
    }
}

/// GET, HEAD or POST (after normalisation, byte-exact).
pub fn is_safelisted_method(method: &str) -> bool {
    matches!(&*normalize_method(method), "GET" | "HEAD" | "POST")
}

/// CONNECT, TRACE, TRACK in any case (Fetch §forbidden-method).
pub fn is_forbidden_method(method: &str) -> bool {
    ["CONNECT", "TRACE", "TRACK"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(method))
}

/// A forbidden request-header (set by the user agent, never by script), including `proxy-*`,
/// `sec-*` and the method-override headers naming a forbidden method.
pub fn is_forbidden_request_header(name: &str, value: &str) -> bool {
    const FORBIDDEN: [&str; 21] = [
        "accept-charset",
        "accept-encoding",
        "access-control-request-headers",
        "access-control-request-method",
        "connection",
        "content-length",
        "cookie",
        "cookie2",
        "date",
        "dnt",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "set-cookie",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
    ];
    const METHOD_OVERRIDE: [&str; 3] = ["x-http-method", "x-http-method-override", "x-method-override"];
    let lower = name.to_ascii_lowercase();
    if FORBIDDEN.contains(&lower.as_str()) || lower.starts_with("proxy-") || lower.starts_with("sec-") {
        return true;
    }
    // Fetch: the value is split like a list ("get, decode, and split"); one forbidden method
    // makes the header forbidden. Chromium net::HttpUtil::IsSafeHeader does the same.
    METHOD_OVERRIDE.contains(&lower.as_str()) && value.split(',').map(trim_http_ws).any(is_forbidden_method)
}

/// Headers the user agent adds that HAR producers list beside the script's own and that are not
/// forbidden in the spec: `User-Agent` (Chrome's network layer adds it) and HTTP/2 pseudo-headers.
/// Also `Priority` (RFC 9218), which Firefox (and Chrome over HTTP/2 and HTTP/3) add below the
/// CORS layer: the Firefox HARs in tests/data show `Priority: u=4` on requests whose preflight's
/// `Access-Control-Request-Headers` does not name it.
pub fn is_ua_added_header(name: &str) -> bool {
    // Chromium keeps `user-agent` in net::HttpUtil's forbidden list (crbug.com/571722), so a
    // script cannot set it in Chrome either.
    name.starts_with(':') || name.eq_ignore_ascii_case("user-agent") || name.eq_ignore_ascii_case("priority")
}

/// Fetch's CORS-safelisted request-header (name, value) test, value rules included.
pub fn is_safelisted_request_header(name: &str, value: &str) -> bool {
    if value.len() > 128 {
        return false;
    }
    match name.to_ascii_lowercase().as_str() {
        "accept" => !value.bytes().any(is_cors_unsafe_request_header_byte),
        "accept-language" | "content-language" => value.bytes().all(is_language_byte),
        "content-type" => is_safelisted_content_type(value),
        "range" => is_simple_range_header_value(value),
        _ => false,
    }
}

/// Chrome's CORS-safelisted request-header test: Fetch's plus the client-hint and intervention
/// headers Chromium's `IsCorsSafelistedHeader` (services/network/public/cpp/cors/cors.cc) also
/// accepts. Chrome may add these itself, so a Chrome HAR can list them on a request that needed
/// no preflight. (`sec-ch-*` hints are forbidden anyway.)
pub fn is_chrome_safelisted_request_header(name: &str, value: &str) -> bool {
    if is_safelisted_request_header(name, value) {
        return true;
    }
    if value.len() > 128 {
        return false;
    }
    match name.to_ascii_lowercase().as_str() {
        "intervention" => true,
        "device-memory" | "dpr" | "downlink" => is_decimal_like(value),
        "width" | "viewport-width" | "rtt" => !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()),
        "ect" => matches!(value, "slow-2g" | "2g" | "3g" | "4g"),
        "save-data" => value.eq_ignore_ascii_case("on"),
        _ => false,
    }
}

/// `1*DIGIT [ "." 1*DIGIT ]` (Chromium `IsSimilarToDoubleABNF`).
fn is_decimal_like(value: &str) -> bool {
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match value.split_once('.') {
        None => all_digits(value),
        Some((int, frac)) => all_digits(int) && all_digits(frac),
    }
}

/// Fetch's CORS-unsafe request-header byte: a control byte other than HT, `"():<>?@[\]{}` or DEL.
pub fn is_cors_unsafe_request_header_byte(b: u8) -> bool {
    (b < 0x20 && b != 0x09) || b"\"():<>?@[\\]{}\x7f".contains(&b)
}

/// Accept-Language / Content-Language bytes: `0-9 A-Z a-z`, SP, `* , - . ; =`.
fn is_language_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b" *,-.;=".contains(&b)
}

/// Content-Type: no unsafe byte, parses as a MIME type (WHATWG MIME Sniffing §4.4, not the
/// lenient "extract a MIME type"), essence is one of the three form types.
fn is_safelisted_content_type(value: &str) -> bool {
    if value.bytes().any(is_cors_unsafe_request_header_byte) {
        return false;
    }
    match parse_mime_essence(value) {
        Some(essence) => matches!(
            essence.as_str(),
            "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
        ),
        None => false,
    }
}

/// Fetch's HTTP whitespace (LF, CR, HT, SP), which the MIME parser strips.
const HTTP_WHITESPACE: [char; 4] = ['\n', '\r', '\t', ' '];

/// The lower-cased essence (`type/subtype`) of a valid MIME type, or `None` when WHATWG's "parse a
/// MIME type" fails. Parameters never make parsing fail, so they are not looked at.
pub fn parse_mime_essence(input: &str) -> Option<String> {
    // Step 1: strip leading and trailing HTTP whitespace (LF, CR, HT, SP).
    let input = input.trim_matches(HTTP_WHITESPACE);
    // Steps 3–6: type is everything up to "/", which must be present.
    let (type_, rest) = input.split_once('/')?;
    if !is_token(type_) {
        return None;
    }
    // Steps 7–9: subtype runs to ";" with trailing HTTP whitespace removed.
    let subtype = rest.split(';').next().unwrap_or_default();
    let subtype = subtype.trim_end_matches(HTTP_WHITESPACE);
    if !is_token(subtype) {
        return None;
    }
    Some(format!(
        "{}/{}",
        type_.to_ascii_lowercase(),
        subtype.to_ascii_lowercase()
    ))
}

/// Fetch's "parse a single range header value" with allowWhitespace false, and a start present:
/// `bytes=N-` or `bytes=N-M` with N ≤ M.
fn is_simple_range_header_value(value: &str) -> bool {
    let Some((unit, range)) = value.split_once('=') else {
        return false;
    };
    // The unit is collected as ASCII alphas and compared case-insensitively with "bytes".
    if !unit.eq_ignore_ascii_case("bytes") {
        return false;
    }
    let Some((start, end)) = range.split_once('-') else {
        return false;
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if start.is_empty() || !digits(start) || !digits(end) {
        return false;
    }
    end.is_empty() || compare_decimal(start, end) != std::cmp::Ordering::Greater
}

/// Compares two non-empty ASCII digit strings by value, without overflowing.
fn compare_decimal(a: &str, b: &str) -> std::cmp::Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// RFC 9110 `token`: one or more tchars.
pub fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_tchar)
}

/// RFC 9110 `tchar`.
pub fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// True for a header the CORS checks never see: forbidden, UA-added, or part of the
/// "Disable cache" pair.
fn is_ignored(header: &Header<'_>, disable_cache_pair: bool) -> bool {
    let value = trim_http_ws(&header.value);
    is_forbidden_request_header(&header.name, value)
        || is_ua_added_header(&header.name)
        || (disable_cache_pair && is_disable_cache_header(header))
}

fn is_revalidation_header(name: &str) -> bool {
    ["if-modified-since", "if-none-match", "cache-control"]
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
}

/// With DevTools' "Disable cache" (which corshar asks users to tick), Chrome's network layer
/// adds `Pragma: no-cache` and `Cache-Control: no-cache` below the CORS layer
/// (net::HttpNetworkTransaction for LOAD_BYPASS_CACHE), and HARs list them. Only the pair, both
/// exactly `no-cache`, is taken as that signature: a script's own `Cache-Control` stays unsafe.
fn has_disable_cache_pair(headers: &[Header<'_>]) -> bool {
    let is = |name: &str| {
        headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case(name) && trim_http_ws(&h.value).eq_ignore_ascii_case("no-cache"))
    };
    is("pragma") && is("cache-control")
}

fn is_disable_cache_header(header: &Header<'_>) -> bool {
    (header.name.eq_ignore_ascii_case("pragma") || header.name.eq_ignore_ascii_case("cache-control"))
        && trim_http_ws(&header.value).eq_ignore_ascii_case("no-cache")
}

/// The CORS-unsafe request-header names in the order Chrome checks them against
/// `Access-Control-Allow-Headers`: the request's header order, not-safelisted names first, then
/// (when the safelisted values exceed 1024 bytes) the safelisted ones; lower-cased, first
/// occurrence kept. This is Chromium's `CorsUnsafeNotForbiddenRequestHeaderNames`
/// (services/network/cors/cors_util.cc) over the header vector; Chrome HARs list request headers
/// in that same vector order, so the first missing name here is the `failedParameter` Chrome
/// reports. Forbidden and UA-added headers are excluded; Chrome's extra safelisted names apply.
pub fn unsafe_request_header_names_in_chrome_order(headers: &[Header<'_>]) -> Vec<String> {
    chrome_ordered_unsafe_names(headers, false)
}

/// [`unsafe_request_header_names_in_chrome_order`] for a cache revalidation (the HAR shows a 304
/// or conditional headers the browser's cache added): Chrome then also ignores
/// `if-modified-since`, `if-none-match` and `cache-control` (cors_util.cc, `is_revalidating`).
pub fn unsafe_request_header_names_for_revalidation(headers: &[Header<'_>]) -> Vec<String> {
    chrome_ordered_unsafe_names(headers, true)
}

fn chrome_ordered_unsafe_names(headers: &[Header<'_>], is_revalidating: bool) -> Vec<String> {
    let disable_cache_pair = has_disable_cache_pair(headers);
    let mut unsafe_names = Vec::new();
    let mut potentially_unsafe = Vec::new();
    let mut safelisted_value_bytes = 0usize;
    for header in headers
        .iter()
        .filter(|h| !is_ignored(h, disable_cache_pair))
        .filter(|h| !(is_revalidating && is_revalidation_header(&h.name)))
    {
        let name = header.name.to_ascii_lowercase();
        // Header values are normalized (stripped of leading/trailing HTTP whitespace) when a
        // script sets them (Fetch §headers "normalize"); HAR values may still carry padding.
        let value = trim_http_ws(&header.value);
        if is_chrome_safelisted_request_header(&name, value) {
            safelisted_value_bytes += value.len();
            potentially_unsafe.push(name);
        } else {
            unsafe_names.push(name);
        }
    }
    if safelisted_value_bytes > 1024 {
        unsafe_names.extend(potentially_unsafe);
    }
    let mut seen = std::collections::HashSet::new();
    unsafe_names.retain(|name| seen.insert(name.clone()));
    unsafe_names
}

/// Fetch's CORS-unsafe request-header names: lower-cased, de-duplicated, byte-sorted; forbidden
/// and UA-added headers excluded first; the 1024-byte rule applied. Chrome's extra safelisted
/// client-hint names (see [`is_chrome_safelisted_request_header`]) count as safelisted, so the
/// result is what Chrome sends in `Access-Control-Request-Headers`.
pub fn unsafe_request_header_names(headers: &[Header<'_>]) -> Vec<String> {
    let mut names = unsafe_request_header_names_in_chrome_order(headers);
    // Byte order: `x-custom-u` < `x-custom-ua`, `x-test-header-a` < `x-test-header1`.
    names.sort_unstable();
    names
}

/// The `Access-Control-Request-Headers` value a browser sends for these headers (names joined
/// with "," and no space), or `None` when there are no unsafe names.
pub fn access_control_request_headers(headers: &[Header<'_>]) -> Option<String> {
    let names = unsafe_request_header_names(headers);
    (!names.is_empty()).then(|| names.join(","))
}

/// The serialized origin of `url` (`https://host[:port]`), `None` for a URL that does not parse
/// and `Some("null")` for opaque origins (file:, data:...).
pub fn url_origin(url: &str) -> Option<String> {
    url::Url::parse(url).ok().map(|u| u.origin().ascii_serialization())
}

/// Whether `url` is same-origin with the serialized request origin. An opaque (`null`) origin is
/// never same-origin with anything; neither is a URL that does not parse.
pub fn is_same_origin(origin: &str, url: &str) -> bool {
    if origin == "null" {
        return false;
    }
    match url_origin(url) {
        Some(target) if target != "null" => target == normalize_origin(origin),
        _ => false,
    }
}

/// Re-serializes an origin given as text (lower-cases scheme and host, drops a default port), as
/// Chrome's `url::Origin::Serialize` would print it; `null` and values that do not parse are
/// returned as given.
pub fn normalize_origin(origin: &str) -> Cow<'_, str> {
    match url_origin(origin) {
        Some(serialized) if serialized != "null" => Cow::Owned(serialized),
        _ => Cow::Borrowed(origin),
    }
}

/// Whether `url`'s scheme is http or https (Fetch's HTTP(S) scheme), case-insensitively.
pub fn is_http_scheme(url: &str) -> bool {
    url.split_once(':')
        .is_some_and(|(scheme, _)| scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
}

/// The URL's scheme, lower-cased (`None` when there is no `scheme:`).
fn scheme_of(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// Whether Chrome lets a CORS-mode request go to this scheme at all (`url::GetCorsEnabledSchemes`:
/// http, https, data and Chrome's own schemes). `data:` URLs are fetched without the CORS
/// protocol (Fetch "scheme fetch"); a `file:` URL from a `null` origin is `CorsDisabledScheme`.
pub fn is_cors_enabled_scheme(url: &str) -> bool {
    scheme_of(url).is_some_and(|scheme| {
        matches!(
            scheme.as_str(),
            "http" | "https" | "data" | "chrome" | "chrome-extension" | "chrome-untrusted" | "isolated-app"
        )
    })
}

/// Whether the CORS protocol applies to the request as sent: mode `cors`, a cross-origin URL with
/// an HTTP(S) scheme. (Chrome's `fetch_cors_flag_`, CorsURLLoader.)
pub fn is_cors_request(request: &Request<'_>) -> bool {
    request.mode == Mode::Cors && is_http_scheme(request.url) && !is_same_origin(request.origin, request.url)
}

/// Whether the request needs a preflight (cache aside): cross-origin CORS-mode request whose
/// method is not safelisted, that has unsafe header names, or that has the use-CORS-preflight flag.
pub fn needs_preflight(request: &Request<'_>) -> bool {
    is_cors_request(request)
        && (request.use_cors_preflight_flag
            || !is_safelisted_method(request.method)
            || !unsafe_request_header_names_in_chrome_order(request.headers).is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cors::Credentials;

    fn list(pairs: &[(&'static str, &'static str)]) -> Vec<Header<'static>> {
        pairs.iter().map(|(n, v)| Header::new(*n, *v)).collect()
    }

    fn request<'h>(method: &'h str, headers: &'h [Header<'h>]) -> Request<'h> {
        Request {
            method,
            url: "https://api.example.net/r",
            origin: "https://app.example.com",
            headers,
            credentials: Credentials::Omit,
            mode: Mode::Cors,
            use_cors_preflight_flag: false,
        }
    }

    #[test]
    fn only_six_methods_are_normalized() {
        assert_eq!(normalize_method("get"), "GET");
        assert_eq!(normalize_method("Delete"), "DELETE");
        assert_eq!(normalize_method("patch"), "patch");
        assert_eq!(normalize_method("PATCH"), "PATCH");
        assert!(is_safelisted_method("post"));
        assert!(!is_safelisted_method("PUT"));
        assert!(!is_safelisted_method("OPTIONS"));
    }

    #[test]
    fn forbidden_headers_include_prefixes_and_method_overrides() {
        assert!(is_forbidden_request_header("Sec-Fetch-Mode", "cors"));
        assert!(is_forbidden_request_header("Proxy-Authorization", "x"));
        assert!(is_forbidden_request_header("Referer", "x"));
        assert!(is_forbidden_request_header("X-HTTP-Method-Override", "GET, trace"));
        assert!(!is_forbidden_request_header("X-HTTP-Method-Override", "PATCH"));
        assert!(!is_forbidden_request_header("X-Method", "TRACE"));
        // User-Agent is not forbidden in Fetch; it is UA-added.
        assert!(!is_forbidden_request_header("User-Agent", "x"));
        assert!(is_ua_added_header("User-Agent"));
        assert!(is_ua_added_header(":authority"));
    }

    #[test]
    fn content_type_uses_the_strict_mime_parser() {
        assert!(is_safelisted_request_header("Content-Type", "text/plain"));
        assert!(is_safelisted_request_header(
            "content-type",
            "Text/Plain; charset=utf-8"
        ));
        assert!(is_safelisted_request_header("content-type", "text/plain;garbage"));
        assert!(is_safelisted_request_header("content-type", "text/plain;"));
        assert!(is_safelisted_request_header(
            "content-type",
            " multipart/form-data ; boundary=x"
        ));
        assert!(!is_safelisted_request_header("content-type", "text /plain"));
        assert!(!is_safelisted_request_header("content-type", "text/plain,x/x"));
        assert!(!is_safelisted_request_header("content-type", "text/plain, text/plain"));
        assert!(!is_safelisted_request_header("content-type", "application/json"));
        assert!(!is_safelisted_request_header("content-type", "text"));
        assert!(!is_safelisted_request_header("content-type", "/plain"));
        // Unsafe bytes, even in a parameter.
        assert!(!is_safelisted_request_header("content-type", "text/plain; a=\"b\""));
        assert!(!is_safelisted_request_header("content-type", "text/plain;\u{7f}"));
    }

    #[test]
    fn value_rules_and_128_bytes() {
        assert!(is_safelisted_request_header("Accept", "*/*"));
        assert!(!is_safelisted_request_header("Accept", "\""));
        assert!(is_safelisted_request_header("Accept-Language", "en-US,en;q=0.9"));
        assert!(!is_safelisted_request_header("Content-Language", "@"));
        let long = "a".repeat(129);
        assert!(!is_safelisted_request_header("Accept", &long));
        assert!(is_safelisted_request_header("Accept", &long[..128]));
        assert!(!is_safelisted_request_header("Last-Event-ID", "1"));
        assert!(!is_safelisted_request_header("Authorization", "x"));
    }

    #[test]
    fn range_is_a_single_range_with_a_start() {
        for ok in ["bytes=0-", "bytes=100-200", "Bytes=5-5", "bytes=00012-13"] {
            assert!(is_safelisted_request_header("Range", ok), "{ok}");
        }
        for bad in [
            "bytes=-500",
            "bytes=0-1,5-6",
            "bytes = 0-1",
            "bytes =0-1",
            "bytes=200-100",
            "bytes=1-2hello",
            "100-200",
            "bytes 0-",
            "bytes=",
            "bytes=99999999999999999999999-1",
        ] {
            assert!(!is_safelisted_request_header("Range", bad), "{bad}");
        }
    }

    #[test]
    fn unsafe_names_are_lowercased_deduplicated_byte_sorted() {
        let h = list(&[
            ("X-Custom-ua", "1"),
            ("X-Custom-U", "1"),
            ("x-custom-u", "2"),
            ("X-Test-Header1", "1"),
            ("X-Test-Header-A", "1"),
            ("Content-Type", "text/plain"),
            ("Origin", "https://app.example.com"),
            ("User-Agent", "Mozilla"),
            ("sec-ch-ua", "\"x\""),
        ]);
        assert_eq!(
            unsafe_request_header_names(&h),
            ["x-custom-u", "x-custom-ua", "x-test-header-a", "x-test-header1"]
        );
        assert_eq!(
            access_control_request_headers(&h).as_deref(),
            Some("x-custom-u,x-custom-ua,x-test-header-a,x-test-header1")
        );
        assert_eq!(access_control_request_headers(&list(&[("Accept", "*/*")])), None);
    }

    #[test]
    fn chrome_order_keeps_request_order_then_overflowing_safelisted_names() {
        let value = "a".repeat(120);
        let mut h = vec![Header::new("X-B", "1")];
        for _ in 0..9 {
            h.push(Header::new("Accept", value.clone()));
        }
        h.push(Header::new("X-A", "1"));
        // 9 × 120 = 1080 > 1024: accept becomes unsafe, after the not-safelisted names.
        assert_eq!(
            unsafe_request_header_names_in_chrome_order(&h),
            ["x-b", "x-a", "accept"]
        );
        assert_eq!(unsafe_request_header_names(&h), ["accept", "x-a", "x-b"]);
        h.truncate(9);
        assert_eq!(unsafe_request_header_names(&h), ["x-b"]);
    }

    #[test]
    fn chrome_client_hints_and_disable_cache_pair() {
        assert!(is_chrome_safelisted_request_header("DPR", "2.0"));
        assert!(!is_chrome_safelisted_request_header("DPR", "2."));
        assert!(is_chrome_safelisted_request_header("Save-Data", "on"));
        assert!(!is_safelisted_request_header("DPR", "2"));
        let pair = list(&[("Pragma", "no-cache"), ("Cache-Control", "no-cache")]);
        assert!(unsafe_request_header_names(&pair).is_empty());
        let scripted = list(&[("Cache-Control", "no-cache")]);
        assert_eq!(unsafe_request_header_names(&scripted), ["cache-control"]);
        let s03 = list(&[("Cache-Control", "max-age=300"), ("Content-Type", "text/markdown")]);
        assert_eq!(unsafe_request_header_names(&s03), ["cache-control", "content-type"]);
    }

    #[test]
    fn revalidation_ignores_conditional_headers() {
        let h = list(&[("If-None-Match", "\"x\""), ("Cache-Control", "max-age=0"), ("X-A", "1")]);
        assert_eq!(
            unsafe_request_header_names(&h),
            ["cache-control", "if-none-match", "x-a"]
        );
        assert_eq!(unsafe_request_header_names_for_revalidation(&h), ["x-a"]);
    }

    #[test]
    fn schemes_and_origins() {
        assert!(is_cors_enabled_scheme("data:text/plain,hi"));
        assert!(is_cors_enabled_scheme("HTTPS://x"));
        assert!(!is_cors_enabled_scheme("file:///x"));
        assert!(!is_cors_enabled_scheme("ftp://x"));
        assert!(!is_http_scheme("no scheme here"));
        assert_eq!(
            normalize_origin("HTTPS://App.Example.com:443"),
            "https://app.example.com"
        );
        assert_eq!(normalize_origin("null"), "null");
    }

    #[test]
    fn preflight_needs_a_cross_origin_cors_http_request() {
        let none: [Header<'static>; 0] = [];
        assert!(needs_preflight(&request("PUT", &none)));
        assert!(!needs_preflight(&request("post", &none)));
        assert!(needs_preflight(&request("patch", &none)));
        let mut r = request("PUT", &none);
        r.url = "https://APP.example.com:443/x";
        assert!(!needs_preflight(&r), "same origin after URL serialization");
        r.url = "file:///tmp/x";
        r.origin = "null";
        assert!(!needs_preflight(&r));
        let mut r = request("GET", &none);
        r.use_cors_preflight_flag = true;
        assert!(needs_preflight(&r));
        r.mode = Mode::NoCors;
        assert!(!needs_preflight(&r));
        let mut r = request("GET", &none);
        r.origin = "null";
        r.url = "https://app.example.com/x";
        r.use_cors_preflight_flag = true;
        assert!(needs_preflight(&r), "an opaque origin is cross-origin with everything");
    }
}
