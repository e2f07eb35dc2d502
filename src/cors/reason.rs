//! Why a browser refused a CORS request: Chrome's `Network.CorsError` values (every one CDP
//! defines, including the private/local-network ones under both spellings), the parameter Chrome
//! reports with each, and the console text Chrome, Firefox and Safari print for it.
//! Source: ../shared/reference/fetch-cors.md §9 (Chrome), §10 (Firefox, Safari).
//!
//! Every per-error fact (CDP name, old spelling, preflight family, Chrome text, prefix, suffix,
//! Firefox reason, Safari message, plain-language explanation) lives in one place: the match in
//! `CorsError::info`. The browsers' message formats are applied around it.

use std::fmt;

use serde::Serialize;

/// `Network.CorsError`, named exactly as CDP names it (without Chromium's `k` prefix).
/// Serialized as that name.
///
/// Three values were renamed when Private Network Access became Local Network Access; each is one
/// variant named with its current (LNA) spelling, and [`CorsError::from_name`] also accepts the
/// PNA spelling (`InsecurePrivateNetwork`, `InvalidPrivateNetworkAccess`).
/// `PrivateNetworkAccessPermissionDenied` and `LocalNetworkAccessPermissionDenied` coexist in the
/// CDP protocol, so they are two variants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum CorsError {
    DisallowedByMode,
    InvalidResponse,
    WildcardOriginNotAllowed,
    MissingAllowOriginHeader,
    MultipleAllowOriginValues,
    InvalidAllowOriginValue,
    AllowOriginMismatch,
    InvalidAllowCredentials,
    CorsDisabledScheme,
    PreflightInvalidStatus,
    PreflightDisallowedRedirect,
    PreflightWildcardOriginNotAllowed,
    PreflightMissingAllowOriginHeader,
    PreflightMultipleAllowOriginValues,
    PreflightInvalidAllowOriginValue,
    PreflightAllowOriginMismatch,
    PreflightInvalidAllowCredentials,
    /// CDP-only: the old CORS-RFC1918 experiment.
    PreflightMissingAllowExternal,
    /// CDP-only: the old CORS-RFC1918 experiment.
    PreflightInvalidAllowExternal,
    /// PNA era only.
    PreflightMissingAllowPrivateNetwork,
    /// PNA era only.
    PreflightInvalidAllowPrivateNetwork,
    InvalidAllowMethodsPreflightResponse,
    InvalidAllowHeadersPreflightResponse,
    MethodDisallowedByPreflightResponse,
    HeaderDisallowedByPreflightResponse,
    RedirectContainsCredentials,
    /// Was `InsecurePrivateNetwork`.
    InsecureLocalNetwork,
    /// Was `InvalidPrivateNetworkAccess`.
    InvalidLocalNetworkAccess,
    /// PNA era only.
    UnexpectedPrivateNetworkAccess,
    /// CDP-only: a no-cors request whose redirect mode is not `follow` met a redirect.
    NoCorsRedirectModeNotFollow,
    /// PNA era only.
    PreflightMissingPrivateNetworkAccessId,
    /// PNA era only.
    PreflightMissingPrivateNetworkAccessName,
    /// PNA era only.
    PrivateNetworkAccessPermissionUnavailable,
    /// PNA era only.
    PrivateNetworkAccessPermissionDenied,
    LocalNetworkAccessPermissionDenied,
}

/// Chrome's suffixes (cors_error_string.cc): only added for the initiator they name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Suffix {
    None,
    /// F1, fetch only: the no-cors hint.
    FetchOpaque,
    /// F2, fetch only: "send the header with a valid value" + the no-cors hint.
    FetchValidValue,
    /// X, XHR only: the withCredentials hint.
    XhrCredentials,
}

/// Chrome used to end fetch() messages with a no-cors suggestion ("If an opaque response serves
/// your needs, set the request's mode to 'no-cors'..."). Current Chrome dropped it: the real
/// Chromium 156 console lines in tests/data/real-hars/manifest.json end right after the reason,
/// and F2 keeps only its first sentence. The older wordings are in OLD_SUFFIXES, for reading
/// pasted messages.
const SUFFIX_F1: &str = "";
const SUFFIX_F2: &str = " Have the server send the header with a valid value.";
/// The suffixes of older Chrome versions (before the no-cors suggestion was removed).
pub const OLD_SUFFIXES: [&str; 2] = [
    " If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
    " Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
];
const SUFFIX_X: &str = " The credentials mode of requests initiated by the XMLHttpRequest is \
controlled by the withCredentials attribute.";
const PREFLIGHT_PREFIX: &str = "Response to preflight request doesn't pass access control check: ";

/// `SchemeRegistry::ListOfCorsEnabledURLSchemes()` as desktop Chrome prints it in recent
/// versions. The list (and its order, a hash set's) varies with the Chrome version and embedder.
pub const CHROME_CORS_ENABLED_SCHEMES: &str =
    "http, data, isolated-app, chrome-extension, chrome, https, chrome-untrusted";

/// Firefox's reason keys (dom/locales/en-US/chrome/security/security.properties).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum FirefoxReason {
    CORSDisabled,
    CORSDidNotSucceed2,
    CORSOriginHeaderNotAdded,
    CORSExternalRedirectNotAllowed,
    CORSRequestNotHttp,
    CORSMissingAllowOrigin2,
    CORSMultipleAllowOriginNotAllowed,
    CORSAllowOriginNotMatchingOrigin,
    CORSNotSupportingCredentials,
    CORSMethodNotFound,
    CORSMissingAllowCredentials,
    CORSPreflightDidNotSucceed3,
    CORSInvalidAllowMethod,
    CORSInvalidAllowHeader,
    CORSMissingAllowHeaderFromPreflight2,
}

impl FirefoxReason {
    /// The `(Reason: ...)` text; `%2$S` is the parameter; `true` when the message ends with
    /// `Status code: %2$S.` instead.
    fn text(self) -> (&'static str, bool) {
        use FirefoxReason::*;
        match self {
            CORSDisabled => ("CORS disabled", false),
            CORSDidNotSucceed2 => ("CORS request did not succeed", true),
            CORSOriginHeaderNotAdded => ("CORS header ‘Origin’ cannot be added", false),
            CORSExternalRedirectNotAllowed => ("CORS request external redirect not allowed", false),
            CORSRequestNotHttp => ("CORS request not http", false),
            CORSMissingAllowOrigin2 => ("CORS header ‘Access-Control-Allow-Origin’ missing", true),
            CORSMultipleAllowOriginNotAllowed => {
                ("Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed", false)
            }
            CORSAllowOriginNotMatchingOrigin => {
                ("CORS header ‘Access-Control-Allow-Origin’ does not match ‘%2$S’", false)
            }
            CORSNotSupportingCredentials => (
                "Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’",
                false,
            ),
            CORSMethodNotFound => (
                "Did not find method in CORS header ‘Access-Control-Allow-Methods’",
                false,
            ),
            CORSMissingAllowCredentials => (
                "expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’",
                false,
            ),
            CORSPreflightDidNotSucceed3 => ("CORS preflight response did not succeed", true),
            CORSInvalidAllowMethod => (
                "invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Methods’",
                false,
            ),
            CORSInvalidAllowHeader => (
                "invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Headers’",
                false,
            ),
            CORSMissingAllowHeaderFromPreflight2 => (
                "header ‘%2$S’ is not allowed according to header ‘Access-Control-Allow-Headers’ \
                 from CORS preflight response",
                false,
            ),
        }
    }
}

/// WebKit's message family for an error (CrossOriginAccessControl.cpp,
/// CrossOriginPreflightResultCache.cpp, DocumentThreadableLoader.cpp).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SafariMessage {
    /// `Origin {origin} is not allowed by Access-Control-Allow-Origin. Status code: {N}`;
    /// WebKit says this for a missing and for a mismatching value alike.
    OriginNotAllowed,
    /// `Access-Control-Allow-Origin cannot contain more than one origin.` (only when the value
    /// has a comma; otherwise [`SafariMessage::OriginNotAllowed`]).
    MultipleOrigins,
    Wildcard,
    Credentials,
    PreflightStatus,
    InvalidAllowMethods,
    InvalidAllowHeaders,
    Method,
    Header,
    RedirectCredentials,
    SameOriginMode,
    OnlyHttp,
    /// WebKit has no message of its own: only the "cannot load" line.
    None,
}

/// Everything corshar knows about one error, defined once.
#[derive(Clone, Copy, Debug)]
struct Info {
    name: &'static str,
    /// The other CDP spelling of the same value (PNA era), if any.
    old_name: Option<&'static str>,
    /// Raised while checking a preflight (or in place of one).
    preflight: bool,
    /// Chrome adds "Response to preflight request doesn't pass access control check: ".
    chrome_prefix: bool,
    /// Chrome's text; `{p}` failedParameter, `{t}` target / `{r}` resource address space,
    /// `{schemes}` the CORS-enabled schemes. `None`: CDP-only value without a console text.
    chrome: Option<&'static str>,
    suffix: Suffix,
    firefox: FirefoxReason,
    safari: SafariMessage,
    explanation: &'static str,
}

impl CorsError {
    /// Every value, in CDP's order.
    pub const ALL: [CorsError; 35] = [
        CorsError::DisallowedByMode,
        CorsError::InvalidResponse,
        CorsError::WildcardOriginNotAllowed,
        CorsError::MissingAllowOriginHeader,
        CorsError::MultipleAllowOriginValues,
        CorsError::InvalidAllowOriginValue,
        CorsError::AllowOriginMismatch,
        CorsError::InvalidAllowCredentials,
        CorsError::CorsDisabledScheme,
        CorsError::PreflightInvalidStatus,
        CorsError::PreflightDisallowedRedirect,
        CorsError::PreflightWildcardOriginNotAllowed,
        CorsError::PreflightMissingAllowOriginHeader,
        CorsError::PreflightMultipleAllowOriginValues,
        CorsError::PreflightInvalidAllowOriginValue,
        CorsError::PreflightAllowOriginMismatch,
        CorsError::PreflightInvalidAllowCredentials,
        CorsError::PreflightMissingAllowExternal,
        CorsError::PreflightInvalidAllowExternal,
        CorsError::PreflightMissingAllowPrivateNetwork,
        CorsError::PreflightInvalidAllowPrivateNetwork,
        CorsError::InvalidAllowMethodsPreflightResponse,
        CorsError::InvalidAllowHeadersPreflightResponse,
        CorsError::MethodDisallowedByPreflightResponse,
        CorsError::HeaderDisallowedByPreflightResponse,
        CorsError::RedirectContainsCredentials,
        CorsError::InsecureLocalNetwork,
        CorsError::InvalidLocalNetworkAccess,
        CorsError::UnexpectedPrivateNetworkAccess,
        CorsError::NoCorsRedirectModeNotFollow,
        CorsError::PreflightMissingPrivateNetworkAccessId,
        CorsError::PreflightMissingPrivateNetworkAccessName,
        CorsError::PrivateNetworkAccessPermissionUnavailable,
        CorsError::PrivateNetworkAccessPermissionDenied,
        CorsError::LocalNetworkAccessPermissionDenied,
    ];

    /// The one table. Texts: Chromium cors_error_string.cc (PNA/LNA ones from the PNA-era file
    /// and field reports, fetch-cors.md §9), Firefox security.properties, WebKit sources (§10).
    fn info(self) -> Info {
        use CorsError as E;
        use FirefoxReason as F;
        use SafariMessage as S;
        use Suffix as X;
        // Keeps each row on one screen: (name, old name, preflight?, prefix?, text, suffix,
        // firefox, safari, explanation).
        #[allow(clippy::too_many_arguments)]
        const fn row(
            name: &'static str,
            old_name: Option<&'static str>,
            preflight: bool,
            chrome_prefix: bool,
            chrome: Option<&'static str>,
            suffix: Suffix,
            firefox: FirefoxReason,
            safari: SafariMessage,
            explanation: &'static str,
        ) -> Info {
            Info {
                name,
                old_name,
                preflight,
                chrome_prefix,
                chrome,
                suffix,
                firefox,
                safari,
                explanation,
            }
        }
        const WILDCARD: &str = "The value of the 'Access-Control-Allow-Origin' header in the \
response must not be the wildcard '*' when the request's credentials mode is 'include'.";
        const MISSING: &str = "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
        const MULTIPLE: &str = "The 'Access-Control-Allow-Origin' header contains multiple \
values '{p}', but only one is allowed.";
        const INVALID_VALUE: &str = "The 'Access-Control-Allow-Origin' header contains the invalid value '{p}'.";
        const MISMATCH: &str = "The 'Access-Control-Allow-Origin' header has a value '{p}' that \
is not equal to the supplied origin.";
        const CREDENTIALS: &str = "The value of the 'Access-Control-Allow-Credentials' header in \
the response is '{p}' which must be 'true' when the request's credentials mode is 'include'.";
        const PERMISSION_DENIED: &str = "Permission was denied for this request to access the `{t}` address space.";
        match self {
            E::DisallowedByMode => row(
                "DisallowedByMode",
                None,
                false,
                false,
                Some("Cross origin requests are not allowed by request mode."),
                X::None,
                F::CORSDidNotSucceed2,
                S::SameOriginMode,
                "The request used mode 'same-origin' but went to another origin, so the browser \
refused to send it.",
            ),
            E::InvalidResponse => row(
                "InvalidResponse",
                None,
                true,
                false,
                Some("The response is invalid."),
                X::None,
                F::CORSDidNotSucceed2,
                S::None,
                "The preflight (OPTIONS) request failed at the network level (for example an \
empty or reset response), so there was no answer to check.",
            ),
            E::WildcardOriginNotAllowed => row(
                "WildcardOriginNotAllowed",
                None,
                false,
                false,
                Some(WILDCARD),
                X::XhrCredentials,
                F::CORSNotSupportingCredentials,
                S::Wildcard,
                "The request sends credentials (cookies or HTTP auth), and for such requests the \
server must name the page's origin in Access-Control-Allow-Origin instead of '*'.",
            ),
            E::MissingAllowOriginHeader => row(
                "MissingAllowOriginHeader",
                None,
                false,
                false,
                Some(MISSING),
                X::FetchOpaque,
                F::CORSMissingAllowOrigin2,
                S::OriginNotAllowed,
                "The response has no Access-Control-Allow-Origin header, so the server did not \
allow this origin to read it.",
            ),
            E::MultipleAllowOriginValues => row(
                "MultipleAllowOriginValues",
                None,
                false,
                false,
                Some(MULTIPLE),
                X::FetchValidValue,
                F::CORSMultipleAllowOriginNotAllowed,
                S::MultipleOrigins,
                "The response's Access-Control-Allow-Origin holds more than one value (often two \
layers, such as a CDN and the origin server, both add it); it must hold exactly one.",
            ),
            E::InvalidAllowOriginValue => row(
                "InvalidAllowOriginValue",
                None,
                false,
                false,
                Some(INVALID_VALUE),
                X::FetchValidValue,
                F::CORSAllowOriginNotMatchingOrigin,
                S::OriginNotAllowed,
                "The response's Access-Control-Allow-Origin is not a valid origin; it must be \
exactly the page's origin (scheme://host[:port]), '*' or 'null'.",
            ),
            E::AllowOriginMismatch => row(
                "AllowOriginMismatch",
                None,
                false,
                false,
                Some(MISMATCH),
                X::FetchValidValue,
                F::CORSAllowOriginNotMatchingOrigin,
                S::OriginNotAllowed,
                "The response's Access-Control-Allow-Origin names a different origin than the \
page's (the comparison is exact: scheme, host, port, case, no trailing slash).",
            ),
            E::InvalidAllowCredentials => row(
                "InvalidAllowCredentials",
                None,
                false,
                false,
                Some(CREDENTIALS),
                X::XhrCredentials,
                F::CORSMissingAllowCredentials,
                S::Credentials,
                "The request sends credentials, so the response must also carry \
Access-Control-Allow-Credentials: true, which it does not.",
            ),
            E::CorsDisabledScheme => row(
                "CorsDisabledScheme",
                None,
                false,
                false,
                Some("Cross origin requests are only supported for protocol schemes: {schemes}."),
                X::None,
                F::CORSRequestNotHttp,
                S::OnlyHttp,
                "The URL's scheme (for example file://) does not support cross-origin requests; \
serve the files over http(s) instead.",
            ),
            E::PreflightInvalidStatus => row(
                "PreflightInvalidStatus",
                None,
                true,
                true,
                Some("It does not have HTTP ok status."),
                X::None,
                F::CORSPreflightDidNotSucceed3,
                S::PreflightStatus,
                "The server answered the preflight (OPTIONS) request with a non-2xx status; it \
must answer 200 or 204 without requiring authentication.",
            ),
            E::PreflightDisallowedRedirect => row(
                "PreflightDisallowedRedirect",
                None,
                true,
                true,
                Some("Redirect is not allowed for a preflight request."),
                X::None,
                F::CORSExternalRedirectNotAllowed,
                S::PreflightStatus,
                "The server answered the preflight (OPTIONS) request with a redirect, which \
browsers never follow; call the final URL directly.",
            ),
            E::PreflightWildcardOriginNotAllowed => row(
                "PreflightWildcardOriginNotAllowed",
                None,
                true,
                true,
                Some(WILDCARD),
                X::XhrCredentials,
                F::CORSNotSupportingCredentials,
                S::Wildcard,
                "The request sends credentials, so the preflight answer must name the page's \
origin in Access-Control-Allow-Origin instead of '*'.",
            ),
            E::PreflightMissingAllowOriginHeader => row(
                "PreflightMissingAllowOriginHeader",
                None,
                true,
                true,
                Some(MISSING),
                X::FetchOpaque,
                F::CORSMissingAllowOrigin2,
                S::OriginNotAllowed,
                "The preflight (OPTIONS) answer has no Access-Control-Allow-Origin header, whatever its \
status: the server did not allow this origin, method or these request headers.",
            ),
            E::PreflightMultipleAllowOriginValues => row(
                "PreflightMultipleAllowOriginValues",
                None,
                true,
                true,
                Some(MULTIPLE),
                X::FetchValidValue,
                F::CORSMultipleAllowOriginNotAllowed,
                S::MultipleOrigins,
                "The preflight answer's Access-Control-Allow-Origin holds more than one value; it \
must hold exactly one.",
            ),
            E::PreflightInvalidAllowOriginValue => row(
                "PreflightInvalidAllowOriginValue",
                None,
                true,
                true,
                Some(INVALID_VALUE),
                X::FetchValidValue,
                F::CORSAllowOriginNotMatchingOrigin,
                S::OriginNotAllowed,
                "The preflight answer's Access-Control-Allow-Origin is not a valid origin; it \
must be exactly the page's origin, '*' or 'null'.",
            ),
            E::PreflightAllowOriginMismatch => row(
                "PreflightAllowOriginMismatch",
                None,
                true,
                true,
                Some(MISMATCH),
                X::FetchValidValue,
                F::CORSAllowOriginNotMatchingOrigin,
                S::OriginNotAllowed,
                "The preflight answer's Access-Control-Allow-Origin names a different origin than \
the page's.",
            ),
            E::PreflightInvalidAllowCredentials => row(
                "PreflightInvalidAllowCredentials",
                None,
                true,
                true,
                Some(CREDENTIALS),
                X::XhrCredentials,
                F::CORSMissingAllowCredentials,
                S::Credentials,
                "The request sends credentials, so the preflight answer must carry \
Access-Control-Allow-Credentials: true, which it does not.",
            ),
            E::PreflightMissingAllowExternal => row(
                "PreflightMissingAllowExternal",
                None,
                true,
                true,
                Some(
                    "No 'Access-Control-Allow-External' header was present in the preflight \
response for this external request (This is an experimental header which is defined in \
'https://wicg.github.io/cors-rfc1918/').",
                ),
                X::None,
                F::CORSDidNotSucceed2,
                S::None,
                "An old Chrome experiment (CORS-RFC1918) required the preflight answer to carry \
Access-Control-Allow-External: true for requests into a private network.",
            ),
            E::PreflightInvalidAllowExternal => row(
                "PreflightInvalidAllowExternal",
                None,
                true,
                true,
                Some(
                    "The 'Access-Control-Allow-External' header in the preflight response for \
this external request had a value of '{p}',  not 'true' (This is an experimental header which is \
defined in 'https://wicg.github.io/cors-rfc1918/').",
                ),
                X::None,
                F::CORSDidNotSucceed2,
                S::None,
                "An old Chrome experiment (CORS-RFC1918) required Access-Control-Allow-External \
to be exactly 'true' in the preflight answer.",
            ),
            E::PreflightMissingAllowPrivateNetwork => row(
                "PreflightMissingAllowPrivateNetwork",
                None,
                true,
                true,
                Some(
                    "No 'Access-Control-Allow-Private-Network' header was present in the \
preflight response for this private network request targeting the `{t}` address space.",
                ),
                X::None,
                F::CORSDidNotSucceed2,
                S::None,
                "Chrome's Private Network Access required the preflight answer to carry \
Access-Control-Allow-Private-Network: true for a request from a public page into a private \
network.",
            ),
            E::PreflightInvalidAllowPrivateNetwork => row(
                "PreflightInvalidAllowPrivateNetwork",
                None,
                true,
                true,
                // Two spaces before "not": Chrome's text, sic.
                Some(
                    "The 'Access-Control-Allow-Private-Network' header in the preflight response \
for this private network request targeting the `{t}` address space had a value of '{p}',  not \
'true'.",
                ),
                X::None,
                F::CORSDidNotSucceed2,
                S::None,
                "Chrome's Private Network Access required Access-Control-Allow-Private-Network \
to be exactly 'true' in the preflight answer.",
            ),
            E::InvalidAllowMethodsPreflightResponse => row(
                "InvalidAllowMethodsPreflightResponse",
                None,
                true,
                false,
                Some(
                    "Cannot parse Access-Control-Allow-Methods response header field in \
preflight response.",
                ),
                X::None,
                F::CORSInvalidAllowMethod,
                S::InvalidAllowMethods,
                "The preflight answer's Access-Control-Allow-Methods is not a comma-separated \
list of method names, and one bad item makes the browser reject the whole header.",
            ),
            E::InvalidAllowHeadersPreflightResponse => row(
                "InvalidAllowHeadersPreflightResponse",
                None,
                true,
                false,
                Some(
                    "Cannot parse Access-Control-Allow-Headers response header field in \
preflight response.",
                ),
                X::None,
                F::CORSInvalidAllowHeader,
                S::InvalidAllowHeaders,
                "The preflight answer's Access-Control-Allow-Headers is not a comma-separated \
list of header names, and one bad item makes the browser reject the whole header.",
            ),
            E::MethodDisallowedByPreflightResponse => row(
                "MethodDisallowedByPreflightResponse",
                None,
                true,
                false,
                Some(
                    "Method {p} is not allowed by Access-Control-Allow-Methods in preflight \
response.",
                ),
                X::None,
                F::CORSMethodNotFound,
                S::Method,
                "The request's method is not listed in the preflight answer's \
Access-Control-Allow-Methods (the comparison is case-sensitive).",
            ),
            E::HeaderDisallowedByPreflightResponse => row(
                "HeaderDisallowedByPreflightResponse",
                None,
                true,
                false,
                Some(
                    "Request header field {p} is not allowed by Access-Control-Allow-Headers in \
preflight response.",
                ),
                X::None,
                F::CORSMissingAllowHeaderFromPreflight2,
                S::Header,
                "The request sets a header that the preflight answer's \
Access-Control-Allow-Headers does not list (a '*' never covers Authorization).",
            ),
            E::RedirectContainsCredentials => row(
                "RedirectContainsCredentials",
                None,
                false,
                false,
                Some(
                    "Redirect location '{p}' contains a username and password, which is \
disallowed for cross-origin requests.",
                ),
                X::None,
                F::CORSDidNotSucceed2,
                S::RedirectCredentials,
                "The server redirected to a URL containing a username and password, which \
browsers refuse to follow for cross-origin requests.",
            ),
            E::InsecureLocalNetwork => row(
                "InsecureLocalNetwork",
                Some("InsecurePrivateNetwork"),
                false,
                false,
                Some(
                    "The request client is not a secure context and the resource is in \
more-private address space `{r}`.",
                ),
                X::None,
                F::CORSDidNotSucceed2,
                S::None,
                "A page that is not served over HTTPS tried to reach a local or private network \
address, which Chrome blocks; no CORS rule can fix this.",
            ),
            E::InvalidLocalNetworkAccess => row(
                "InvalidLocalNetworkAccess",
                Some("InvalidPrivateNetworkAccess"),
                false,
                false,
                Some(
                    "Request had a target IP address space of `{t}` yet the resource is in \
address space `{r}`.",
                ),
                X::None,
                F::CORSDidNotSucceed2,
                S::None,
                "The server turned out to be in a different network address space than the \
request declared, so Chrome blocked it; no CORS rule can fix this.",
            ),
            E::UnexpectedPrivateNetworkAccess => row(
                "UnexpectedPrivateNetworkAccess",
                None,
                false,
                false,
                Some(
                    "Request had no target IP address space, yet the resource is in address \
space `{r}`.",
                ),
                X::None,
                F::CORSDidNotSucceed2,
                S::None,
                "The server turned out to be in a private network although the request was not \
declared as such, so Chrome blocked it; no CORS rule can fix this.",
            ),
            E::NoCorsRedirectModeNotFollow => row(
                "NoCorsRedirectModeNotFollow",
                None,
                false,
                false,
                None,
                X::None,
                F::CORSDidNotSucceed2,
                S::None,
                "A no-cors request whose redirect mode is not 'follow' received a redirect, \
which the browser refuses.",
            ),
            E::PreflightMissingPrivateNetworkAccessId => row(
                "PreflightMissingPrivateNetworkAccessId",
                None,
                true,
                false,
                Some(
                    "No 'Private-Network-Access-Id' header was present in the preflight response \
for this private network request targeting the `{t}` address space.",
                ),
                X::None,
                F::CORSDidNotSucceed2,
                S::None,
                "Chrome's Private Network Access permission prompt needed a \
Private-Network-Access-Id header in the preflight answer.",
            ),
            E::PreflightMissingPrivateNetworkAccessName => row(
                "PreflightMissingPrivateNetworkAccessName",
                None,
                true,
                false,
                Some(
                    "No 'Private-Network-Access-Name' header was present in the preflight \
response for this private network request targeting the `{t}` address space.",
                ),
                X::None,
                F::CORSDidNotSucceed2,
                S::None,
                "Chrome's Private Network Access permission prompt needed a \
Private-Network-Access-Name header in the preflight answer.",
            ),
            E::PrivateNetworkAccessPermissionUnavailable => row(
                "PrivateNetworkAccessPermissionUnavailable",
                None,
                true,
                false,
                Some("Unable to ask for permission to access the `{t}` IP address space."),
                X::None,
                F::CORSDidNotSucceed2,
                S::None,
                "Chrome could not ask the user for permission to reach the private network \
address; no CORS rule can fix this.",
            ),
            E::PrivateNetworkAccessPermissionDenied => row(
                "PrivateNetworkAccessPermissionDenied",
                None,
                true,
                false,
                Some(PERMISSION_DENIED),
                X::None,
                F::CORSDidNotSucceed2,
                S::None,
                "The user (or policy) denied this page access to the private network address; \
no CORS rule can fix this.",
            ),
            E::LocalNetworkAccessPermissionDenied => row(
                "LocalNetworkAccessPermissionDenied",
                None,
                false,
                false,
                Some(PERMISSION_DENIED),
                X::None,
                F::CORSDidNotSucceed2,
                S::None,
                "The user (or policy) did not grant this page the Local Network Access \
permission needed to reach a local or loopback address; no CORS rule can fix this.",
            ),
        }
    }

    /// The CDP name (`"PreflightMissingAllowOriginHeader"`).
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The PNA-era CDP spelling of a value that was renamed for Local Network Access.
    pub fn old_name(self) -> Option<&'static str> {
        self.info().old_name
    }

    /// Parses a CDP name; accepts the PNA-era and LNA-era spellings.
    pub fn from_name(name: &str) -> Option<CorsError> {
        CorsError::ALL.into_iter().find(|e| {
            let info = e.info();
            info.name == name || info.old_name == Some(name)
        })
    }

    /// True for the `Preflight*` family and the other errors raised while checking a preflight.
    pub fn is_preflight(self) -> bool {
        self.info().preflight
    }

    /// One sentence a web developer understands, for the report.
    pub fn explanation(self) -> &'static str {
        self.info().explanation
    }

    /// False for the CDP-only values Chrome has no console text for.
    pub fn has_chrome_text(self) -> bool {
        self.info().chrome.is_some()
    }

    /// Firefox's nearest reason key (fetch-cors.md §10). Errors Firefox has no key for map to
    /// `CORSDidNotSucceed2`, the generic "CORS request did not succeed".
    pub fn firefox_reason(self) -> FirefoxReason {
        self.info().firefox
    }
}

impl fmt::Display for CorsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A CORS failure: the error and Chrome's `failedParameter` (`""` when Chrome reports none).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub error: CorsError,
    pub failed_parameter: String,
}

/// What kind of request the console names (`Access to fetch at ...`, `Access to XMLHttpRequest
/// at ...`): from the HAR's `_resourceType` when the producer records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RequestKind {
    Fetch,
    XmlHttpRequest,
    Script,
    Image,
    Font,
    Other,
    /// A CSS stylesheet (`<link rel=stylesheet crossorigin>`).
    Stylesheet,
    /// A web app manifest.
    Manifest,
}

impl RequestKind {
    /// The word Chrome puts after "Access to": Blink's `Resource::ResourceTypeToString`,
    /// lower-cased unless its second letter is upper-case (cors_error_string.cc).
    pub fn chrome_word(self) -> &'static str {
        match self {
            RequestKind::Fetch => "fetch",
            RequestKind::XmlHttpRequest => "XMLHttpRequest",
            RequestKind::Script => "script",
            RequestKind::Image => "image",
            RequestKind::Font => "font",
            RequestKind::Stylesheet => "CSS stylesheet",
            RequestKind::Manifest => "manifest",
            // A raw resource whose initiator is not fetch/XHR ("Resource").
            RequestKind::Other => "resource",
        }
    }

    /// From a HAR `_resourceType` (Chrome DevTools' lower-case type names).
    pub fn from_resource_type(resource_type: &str) -> RequestKind {
        match resource_type.to_ascii_lowercase().as_str() {
            "fetch" => RequestKind::Fetch,
            "xhr" => RequestKind::XmlHttpRequest,
            "script" => RequestKind::Script,
            "image" => RequestKind::Image,
            "font" => RequestKind::Font,
            "stylesheet" => RequestKind::Stylesheet,
            "manifest" => RequestKind::Manifest,
            _ => RequestKind::Other,
        }
    }
}

/// The IP address spaces Chrome names in the private/local-network texts (`public`, `local`,
/// `loopback`; PNA era: `public`, `private`, `local`). `None` prints as Chrome prints an unknown
/// space: `unknown`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AddressSpaces<'a> {
    pub target: Option<&'a str>,
    pub resource: Option<&'a str>,
}

impl Failure {
    pub fn new(error: CorsError, failed_parameter: impl Into<String>) -> Failure {
        Failure {
            error,
            failed_parameter: failed_parameter.into(),
        }
    }

    /// Chrome's text for this failure alone (the part after "has been blocked by CORS policy: "),
    /// including the preflight prefix and the fetch/XHR suffixes Chrome adds for this kind.
    pub fn chrome_text(&self, kind: RequestKind) -> String {
        self.chrome_text_with(kind, AddressSpaces::default())
    }

    /// [`Failure::chrome_text`] with the address spaces the private/local-network texts name.
    pub fn chrome_text_with(&self, kind: RequestKind, spaces: AddressSpaces<'_>) -> String {
        let info = self.error.info();
        let mut text = String::new();
        if info.chrome_prefix {
            text.push_str(PREFLIGHT_PREFIX);
        }
        match info.chrome {
            Some(template) => text.push_str(&fill(template, &self.failed_parameter, spaces)),
            // CDP-only value: Chrome prints nothing of its own, say what it means.
            None => text.push_str(info.explanation),
        }
        text.push_str(match (info.suffix, kind) {
            (Suffix::FetchOpaque, RequestKind::Fetch) => SUFFIX_F1,
            (Suffix::FetchValidValue, RequestKind::Fetch) => SUFFIX_F2,
            (Suffix::XhrCredentials, RequestKind::XmlHttpRequest) => SUFFIX_X,
            _ => "",
        });
        text
    }

    /// The whole line Chrome prints in the console:
    /// `Access to {kind} at '{url}' [(redirected from '{initial}') ]from origin '{origin}' has
    /// been blocked by CORS policy: {chrome_text}`.
    pub fn chrome_console(&self, kind: RequestKind, url: &str, redirected_from: Option<&str>, origin: &str) -> String {
        let mut line = format!("Access to {} at '{}' ", kind.chrome_word(), url);
        // Chrome prints the initial URL only when it differs from the last one.
        if let Some(initial) = redirected_from.filter(|initial| *initial != url) {
            line.push_str(&format!("(redirected from '{initial}') "));
        }
        line.push_str(&format!("from origin '{origin}' has been blocked by CORS policy: "));
        line.push_str(&self.chrome_text(kind));
        line
    }

    /// Firefox's console line for the nearest Firefox reason (fetch-cors.md §10), with `status`
    /// for the messages that carry one (Firefox prints `(null)` when it has none).
    pub fn firefox_console(&self, url: &str, _origin: &str, _method: &str, status: Option<i64>) -> String {
        let mut reason = self.error.firefox_reason();
        // Firefox counts Access-Control-Allow-Origin *lines*; Chrome's failedParameter joins
        // lines with ", ", so a value without a comma was one line, which Firefox reports as a
        // mismatch (nsCORSListenerProxy::CheckRequestApproved).
        if reason == FirefoxReason::CORSMultipleAllowOriginNotAllowed && !self.failed_parameter.contains(',') {
            reason = FirefoxReason::CORSAllowOriginNotMatchingOrigin;
        }
        let (text, with_status) = reason.text();
        let text = text.replace("%2$S", &self.failed_parameter);
        // CORSNotSupportingCredentials is the one key that quotes the URL (security.properties).
        let shown_url = if reason == FirefoxReason::CORSNotSupportingCredentials {
            format!("‘{url}’")
        } else {
            url.to_string()
        };
        let mut line = format!(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote \
             resource at {shown_url}. (Reason: {text})."
        );
        if with_status {
            let status = status.map_or_else(|| "(null)".to_string(), |s| s.to_string());
            line.push_str(&format!(" Status code: {status}."));
        }
        line
    }

    /// Safari's console line(s) for the nearest WebKit reason (fetch-cors.md §10): WebKit's own
    /// message, then `Fetch API cannot load {url} due to access control checks.` (or
    /// `XMLHttpRequest ...`), then `Failed to load resource: {message}`, one per line.
    pub fn safari_console(
        &self,
        kind: RequestKind,
        url: &str,
        origin: &str,
        _method: &str,
        status: Option<i64>,
    ) -> String {
        let message = self.safari_message(url, origin, status);
        let mut lines = Vec::new();
        if let Some(message) = &message {
            lines.push(message.clone());
        }
        match kind {
            RequestKind::Fetch => {
                lines.push(format!("Fetch API cannot load {url} due to access control checks."));
            }
            RequestKind::XmlHttpRequest => {
                lines.push(format!(
                    "XMLHttpRequest cannot load {url} due to access control checks."
                ));
            }
            _ => {}
        }
        if let Some(message) = &message {
            lines.push(format!("Failed to load resource: {message}"));
        }
        lines.join("\n")
    }

    /// WebKit's message alone, or `None` when WebKit has no specific one.
    fn safari_message(&self, url: &str, origin: &str, status: Option<i64>) -> Option<String> {
        let p = self.failed_parameter.as_str();
        let status_suffix = status.map_or_else(String::new, |s| format!(" Status code: {s}"));
        // WebKit checks a preflight's status before its Access-Control-* headers (unlike Chrome):
        // a refused preflight (S3's 403) reads "not successful" in Safari whatever else it lacks.
        let failed_status = status.is_some_and(|s| !(200..300).contains(&s));
        let checks_the_answer = matches!(
            self.error.info().safari,
            SafariMessage::OriginNotAllowed
                | SafariMessage::MultipleOrigins
                | SafariMessage::Wildcard
                | SafariMessage::Credentials
                | SafariMessage::InvalidAllowMethods
                | SafariMessage::InvalidAllowHeaders
                | SafariMessage::Method
                | SafariMessage::Header
        );
        if self.error.is_preflight() && failed_status && checks_the_answer {
            return Some(format!("Preflight response is not successful.{status_suffix}"));
        }
        let origin_not_allowed =
            || format!("Origin {origin} is not allowed by Access-Control-Allow-Origin.{status_suffix}");
        Some(match self.error.info().safari {
            SafariMessage::OriginNotAllowed => origin_not_allowed(),
            // WebKit only says "more than one origin" when the value has a comma.
            SafariMessage::MultipleOrigins if p.contains(',') => {
                "Access-Control-Allow-Origin cannot contain more than one origin.".to_string()
            }
            SafariMessage::MultipleOrigins => origin_not_allowed(),
            SafariMessage::Wildcard => {
                "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.".to_string()
            }
            SafariMessage::Credentials => {
                "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".".to_string()
            }
            SafariMessage::PreflightStatus => {
                format!("Preflight response is not successful.{status_suffix}")
            }
            SafariMessage::InvalidAllowMethods => {
                format!("Header Access-Control-Allow-Methods has an invalid value: {p}")
            }
            SafariMessage::InvalidAllowHeaders => {
                format!("Header Access-Control-Allow-Headers has an invalid value: {p}")
            }
            SafariMessage::Method => {
                format!("Method {p} is not allowed by Access-Control-Allow-Methods.")
            }
            SafariMessage::Header => {
                format!("Request header field {p} is not allowed by Access-Control-Allow-Headers.")
            }
            SafariMessage::RedirectCredentials => {
                let target = if p.is_empty() { url } else { p };
                format!("redirection URL {target} has credentials")
            }
            SafariMessage::SameOriginMode => {
                "Cross origin requests are not allowed when using same-origin fetch mode.".to_string()
            }
            SafariMessage::OnlyHttp => "Cross origin requests are only supported for HTTP.".to_string(),
            SafariMessage::None => return None,
        })
    }
}

impl Failure {
    /// Reads WebKit's own failure text back into the Chrome error that names the same failure.
    /// Safari's HAR export puts it in `_error` (har-producers.md §3), one of the few places a HAR
    /// says why. WebKit uses the same words for a preflight and for the actual response, so the
    /// caller says whether the request was preflighted; it says "is not allowed by
    /// Access-Control-Allow-Origin" for a missing and a mismatching value alike, and the missing
    /// one is taken. `None` when the text is not one of WebKit's CORS messages.
    pub fn from_webkit_text(text: &str, preflighted: bool) -> Option<Failure> {
        use CorsError as E;
        let pick = |preflight: E, actual: E| if preflighted { preflight } else { actual };
        let between = |line: &str, start: &str, end: &str| -> Option<String> {
            let rest = line.strip_prefix(start)?;
            rest.find(end).map(|i| rest[..i].trim().to_owned())
        };
        for line in text.lines().map(str::trim) {
            let line = line.strip_prefix("[Error]").map_or(line, str::trim);
            let found =
                if line.starts_with("Origin ") && line.contains(" is not allowed by Access-Control-Allow-Origin") {
                    Some((
                        pick(E::PreflightMissingAllowOriginHeader, E::MissingAllowOriginHeader),
                        String::new(),
                    ))
                } else if line.starts_with("Preflight response is not successful") {
                    Some((E::PreflightInvalidStatus, String::new()))
                } else if line.starts_with("Cannot use wildcard in Access-Control-Allow-Origin") {
                    Some((
                        pick(E::PreflightWildcardOriginNotAllowed, E::WildcardOriginNotAllowed),
                        String::new(),
                    ))
                } else if line.starts_with("Credentials flag is true, but Access-Control-Allow-Credentials") {
                    Some((
                        pick(E::PreflightInvalidAllowCredentials, E::InvalidAllowCredentials),
                        String::new(),
                    ))
                } else if line.starts_with("Access-Control-Allow-Origin cannot contain more than one origin") {
                    Some((
                        pick(E::PreflightMultipleAllowOriginValues, E::MultipleAllowOriginValues),
                        String::new(),
                    ))
                } else if let Some(m) = between(line, "Method ", " is not allowed by Access-Control-Allow-Methods") {
                    Some((E::MethodDisallowedByPreflightResponse, m))
                } else if let Some(h) = between(
                    line,
                    "Request header field ",
                    " is not allowed by Access-Control-Allow-Headers",
                ) {
                    Some((E::HeaderDisallowedByPreflightResponse, h.to_ascii_lowercase()))
                } else if line.starts_with("Header Access-Control-Allow-Methods has an invalid value") {
                    Some((E::InvalidAllowMethodsPreflightResponse, String::new()))
                } else if line.starts_with("Header Access-Control-Allow-Headers has an invalid value") {
                    Some((E::InvalidAllowHeadersPreflightResponse, String::new()))
                } else {
                    None
                };
            if let Some((error, failed_parameter)) = found {
                return Some(Failure {
                    error,
                    failed_parameter,
                });
            }
        }
        None
    }
}

/// Fills a Chrome template.
fn fill(template: &str, parameter: &str, spaces: AddressSpaces<'_>) -> String {
    template
        .replace("{schemes}", CHROME_CORS_ENABLED_SCHEMES)
        .replace("{t}", spaces.target.unwrap_or("unknown"))
        .replace("{r}", spaces.resource.unwrap_or("unknown"))
        // Last, so a parameter containing a placeholder is printed as is.
        .replace("{p}", parameter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(error: CorsError, p: &str) -> Failure {
        Failure::new(error, p)
    }

    #[test]
    fn every_value_round_trips_by_name_and_serializes_as_it() {
        for error in CorsError::ALL {
            assert_eq!(CorsError::from_name(error.name()), Some(error));
            assert_eq!(serde_json::to_string(&error).unwrap(), format!("\"{}\"", error.name()));
            assert!(!error.explanation().is_empty());
        }
        let mut names: Vec<_> = CorsError::ALL.iter().map(|e| e.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CorsError::ALL.len());
    }

    #[test]
    fn pna_spellings_are_accepted() {
        assert_eq!(
            CorsError::from_name("InsecurePrivateNetwork"),
            Some(CorsError::InsecureLocalNetwork)
        );
        assert_eq!(
            CorsError::from_name("InvalidPrivateNetworkAccess"),
            Some(CorsError::InvalidLocalNetworkAccess)
        );
        assert_eq!(
            CorsError::from_name("PrivateNetworkAccessPermissionDenied"),
            Some(CorsError::PrivateNetworkAccessPermissionDenied)
        );
        assert_eq!(CorsError::from_name("kMissingAllowOriginHeader"), None);
        assert_eq!(CorsError::from_name("missingalloworiginheader"), None);
    }

    #[test]
    fn preflight_family() {
        assert!(CorsError::PreflightMissingAllowOriginHeader.is_preflight());
        assert!(CorsError::HeaderDisallowedByPreflightResponse.is_preflight());
        assert!(CorsError::InvalidAllowMethodsPreflightResponse.is_preflight());
        assert!(!CorsError::MissingAllowOriginHeader.is_preflight());
        assert!(!CorsError::RedirectContainsCredentials.is_preflight());
    }

    #[test]
    fn preflight_prefix_only_where_chrome_adds_it() {
        let prefixed = failure(CorsError::PreflightMissingAllowOriginHeader, "").chrome_text(RequestKind::Other);
        assert!(prefixed.starts_with(PREFLIGHT_PREFIX));
        // Method/header/parse errors are preflight errors without the prefix.
        let header =
            failure(CorsError::HeaderDisallowedByPreflightResponse, "x-amz-date").chrome_text(RequestKind::Fetch);
        assert_eq!(
            header,
            "Request header field x-amz-date is not allowed by Access-Control-Allow-Headers in \
             preflight response."
        );
    }

    #[test]
    fn suffixes_follow_the_initiator() {
        let missing = failure(CorsError::MissingAllowOriginHeader, "");
        // Chromium 156's own words (tests/data/real-hars/manifest.json): no no-cors suggestion.
        assert_eq!(
            missing.chrome_text(RequestKind::Fetch),
            "No 'Access-Control-Allow-Origin' header is present on the requested resource."
        );
        assert_eq!(
            missing.chrome_text(RequestKind::XmlHttpRequest),
            "No 'Access-Control-Allow-Origin' header is present on the requested resource."
        );
        let mismatch = failure(CorsError::AllowOriginMismatch, "https://a.test");
        assert!(mismatch.chrome_text(RequestKind::Fetch).ends_with(SUFFIX_F2));
        assert!(!mismatch.chrome_text(RequestKind::Image).contains("no-cors"));
        let creds = failure(CorsError::PreflightInvalidAllowCredentials, "");
        assert!(creds.chrome_text(RequestKind::XmlHttpRequest).ends_with(SUFFIX_X));
        assert!(!creds.chrome_text(RequestKind::Fetch).contains("withCredentials"));
        assert!(
            creds
                .chrome_text(RequestKind::Fetch)
                .contains("is '' which must be 'true'")
        );
    }

    #[test]
    fn chrome_console_line() {
        let f = failure(CorsError::PreflightMissingAllowOriginHeader, "");
        assert_eq!(
            f.chrome_console(
                RequestKind::XmlHttpRequest,
                "https://b.s3.amazonaws.com/k",
                None,
                "https://acme.test"
            ),
            "Access to XMLHttpRequest at 'https://b.s3.amazonaws.com/k' from origin \
             'https://acme.test' has been blocked by CORS policy: Response to preflight request \
             doesn't pass access control check: No 'Access-Control-Allow-Origin' header is \
             present on the requested resource."
        );
        let r = failure(CorsError::RedirectContainsCredentials, "");
        let line = r.chrome_console(
            RequestKind::Fetch,
            "https://cdn.test/r",
            Some("https://api.test/r"),
            "null",
        );
        assert!(line.starts_with(
            "Access to fetch at 'https://cdn.test/r' (redirected from 'https://api.test/r') from \
             origin 'null' has been blocked by CORS policy: Redirect location '' contains"
        ));
        // Same initial and final URL: no "(redirected from ...)".
        let same = r.chrome_console(RequestKind::Fetch, "https://a/", Some("https://a/"), "null");
        assert!(!same.contains("redirected from"));
    }

    #[test]
    fn address_space_texts() {
        let f = failure(CorsError::LocalNetworkAccessPermissionDenied, "");
        assert_eq!(
            f.chrome_text_with(
                RequestKind::Fetch,
                AddressSpaces {
                    target: Some("loopback"),
                    resource: None
                }
            ),
            "Permission was denied for this request to access the `loopback` address space."
        );
        let pna = failure(CorsError::PreflightInvalidAllowPrivateNetwork, "yes");
        let text = pna.chrome_text_with(
            RequestKind::Fetch,
            AddressSpaces {
                target: Some("local"),
                resource: None,
            },
        );
        assert!(text.starts_with(PREFLIGHT_PREFIX));
        assert!(text.ends_with("had a value of 'yes',  not 'true'."));
        assert!(
            failure(CorsError::InsecureLocalNetwork, "")
                .chrome_text(RequestKind::Fetch)
                .contains("`unknown`")
        );
    }

    #[test]
    fn firefox_texts_use_typographic_quotes_and_status() {
        let f = failure(CorsError::PreflightMissingAllowOriginHeader, "");
        assert_eq!(
            f.firefox_console("https://b.test/k", "https://a.test", "PUT", Some(403)),
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote \
             resource at https://b.test/k. (Reason: CORS header ‘Access-Control-Allow-Origin’ \
             missing). Status code: 403."
        );
        let m = failure(CorsError::AllowOriginMismatch, "https://x.test");
        assert!(
            m.firefox_console("u", "o", "GET", Some(200))
                .ends_with("(Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://x.test’).")
        );
        let w = failure(CorsError::WildcardOriginNotAllowed, "");
        assert!(w.firefox_console("u", "o", "GET", None).contains("resource at ‘u’."));
        let two_lines = failure(CorsError::MultipleAllowOriginValues, "*, *");
        assert!(
            two_lines
                .firefox_console("u", "o", "GET", Some(200))
                .contains("(Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).")
        );
        let one_line = failure(CorsError::PreflightMultipleAllowOriginValues, "a b");
        assert!(
            one_line
                .firefox_console("u", "o", "GET", Some(200))
                .contains("does not match ‘a b’")
        );
        let net = failure(CorsError::InvalidResponse, "");
        assert!(
            net.firefox_console("u", "o", "GET", None)
                .ends_with("Status code: (null).")
        );
    }

    #[test]
    fn safari_texts() {
        let f = failure(CorsError::PreflightMissingAllowOriginHeader, "");
        assert_eq!(
            f.safari_console(
                RequestKind::Fetch,
                "https://b.test/k",
                "https://a.test",
                "PUT",
                Some(403)
            ),
            // WebKit checks the preflight's status first (fetch-cors.md §3, the S3-style vector's
            // divergence note).
            "Preflight response is not successful. Status code: 403\n\
             Fetch API cannot load https://b.test/k due to access control checks.\n\
             Failed to load resource: Preflight response is not successful. Status code: 403"
        );
        let two = failure(CorsError::MultipleAllowOriginValues, "*, *");
        assert!(
            two.safari_console(RequestKind::XmlHttpRequest, "u", "o", "GET", Some(200))
                .starts_with(
                    "Access-Control-Allow-Origin cannot contain more than one origin.\nXMLHttpRequest cannot load u"
                )
        );
        let space = failure(CorsError::MultipleAllowOriginValues, "* *");
        assert!(
            space
                .safari_console(RequestKind::Fetch, "u", "o", "GET", Some(200))
                .starts_with("Origin o is not allowed")
        );
        let lna = failure(CorsError::LocalNetworkAccessPermissionDenied, "");
        assert_eq!(
            lna.safari_console(RequestKind::Fetch, "u", "o", "GET", None),
            "Fetch API cannot load u due to access control checks."
        );
    }

    #[test]
    fn request_kind_words() {
        assert_eq!(RequestKind::from_resource_type("xhr").chrome_word(), "XMLHttpRequest");
        assert_eq!(RequestKind::from_resource_type("Fetch").chrome_word(), "fetch");
        assert_eq!(
            RequestKind::from_resource_type("stylesheet").chrome_word(),
            "CSS stylesheet"
        );
        assert_eq!(RequestKind::from_resource_type("beacon"), RequestKind::Other);
    }

    #[test]
    fn cdp_only_value_has_no_chrome_text_but_still_renders() {
        let f = failure(CorsError::NoCorsRedirectModeNotFollow, "");
        assert!(!CorsError::NoCorsRedirectModeNotFollow.has_chrome_text());
        assert_eq!(
            f.chrome_text(RequestKind::Fetch),
            CorsError::NoCorsRedirectModeNotFollow.explanation()
        );
    }
}

#[cfg(test)]
mod webkit_text_tests {
    use super::*;

    #[test]
    fn safari_checks_a_preflights_status_first() {
        let refused = Failure {
            error: CorsError::PreflightMissingAllowOriginHeader,
            failed_parameter: String::new(),
        };
        let text = refused.safari_console(RequestKind::Fetch, "https://b/k", "https://a", "PUT", Some(403));
        assert!(
            text.starts_with("Preflight response is not successful. Status code: 403"),
            "{text}"
        );
        let ok_status = refused.safari_console(RequestKind::Fetch, "https://b/k", "https://a", "PUT", Some(200));
        assert!(
            ok_status.starts_with("Origin https://a is not allowed by Access-Control-Allow-Origin."),
            "{ok_status}"
        );
    }

    fn read(text: &str, preflighted: bool) -> Option<(CorsError, String)> {
        Failure::from_webkit_text(text, preflighted).map(|f| (f.error, f.failed_parameter))
    }

    #[test]
    fn webkit_messages_map_back_to_chrome_errors() {
        let origin = "Origin http://helpdesk.acme.test is not allowed by Access-Control-Allow-Origin. Status code: 200";
        assert_eq!(
            read(origin, false),
            Some((CorsError::MissingAllowOriginHeader, String::new()))
        );
        assert_eq!(
            read(origin, true),
            Some((CorsError::PreflightMissingAllowOriginHeader, String::new()))
        );
        assert_eq!(
            read("Preflight response is not successful. Status code: 403", true)
                .unwrap()
                .0,
            CorsError::PreflightInvalidStatus
        );
        assert_eq!(
            read(
                "Request header field X-Amz-Date is not allowed by Access-Control-Allow-Headers.",
                true
            ),
            Some((CorsError::HeaderDisallowedByPreflightResponse, "x-amz-date".into()))
        );
        assert_eq!(
            read("Method PATCH is not allowed by Access-Control-Allow-Methods.", true),
            Some((CorsError::MethodDisallowedByPreflightResponse, "PATCH".into()))
        );
        // Console form, with the lines WebKit prints around it.
        let console = "[Error] Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.\n[Error] Fetch API cannot load https://b/k due to access control checks.";
        assert_eq!(read(console, false).unwrap().0, CorsError::WildcardOriginNotAllowed);
        assert_eq!(read("Load failed", false), None);
        assert_eq!(read("net::ERR_FAILED", false), None);
        // Round trip: every message corshar writes for Safari reads back to the same error.
        for e in [
            CorsError::MissingAllowOriginHeader,
            CorsError::WildcardOriginNotAllowed,
            CorsError::InvalidAllowCredentials,
        ] {
            let text = Failure {
                error: e,
                failed_parameter: String::new(),
            }
            .safari_console(RequestKind::Fetch, "https://b/k", "https://a", "GET", Some(200));
            assert_eq!(read(&text, false).unwrap().0, e, "{text}");
        }
    }
}
