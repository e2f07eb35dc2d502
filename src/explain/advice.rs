//! What to check and what to change for one message: S3's rules for the origin, method and
//! header when the URL is S3's (s3-cors.md §2, §3, §7), the server's answer otherwise. Values the
//! message does not give stay placeholders (`ORIGIN`, `METHOD`, `HEADERS`) and a note says where
//! to find them.

use crate::causes::CauseCode;
use crate::cors::reason::{CorsError, FirefoxReason, RequestKind};
use crate::s3::endpoint::AddressingStyle;
use crate::s3::{ALLOWABLE_METHODS, CorsRule, S3Target};

use super::{Browser, Check, Fix};

pub(crate) struct Facts<'a> {
    pub browser: Browser,
    pub error: Option<CorsError>,
    pub known: bool,
    pub did_not_succeed: bool,
    pub firefox_reason: Option<FirefoxReason>,
    pub preflight: Option<bool>,
    pub kind: Option<RequestKind>,
    pub url: Option<&'a str>,
    pub redirected_from: Option<&'a str>,
    pub origin: Option<&'a str>,
    pub method: Option<&'a str>,
    pub parameter: Option<&'a str>,
    pub status: Option<u16>,
    pub network_error: Option<&'a str>,
    pub s3: Option<&'a S3Target>,
}

#[derive(Default)]
pub(crate) struct Advice {
    pub reason: String,
    pub checks: Vec<Check>,
    pub fix: Option<Fix>,
    pub causes: Vec<CauseCode>,
    pub notes: Vec<String>,
}

impl Advice {
    fn check(&mut self, what: impl Into<String>, command: Option<String>) {
        self.checks.push(Check {
            what: what.into(),
            command,
        });
    }

    fn fix(&mut self, summary: impl Into<String>, cors_rule_change: bool) {
        self.fix = Some(Fix {
            summary: summary.into(),
            cors_rule_change,
            example_rule: None,
        });
    }

    fn cause(&mut self, causes: &[CauseCode]) {
        for c in causes {
            if !self.causes.contains(c) {
                self.causes.push(*c);
            }
        }
    }
}

/// How the advice differs between errors (every error has one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    MissingAllowOrigin,
    Header,
    Method,
    Wildcard,
    Credentials,
    AllowOriginValue,
    PreflightStatus,
    PreflightRedirect,
    PreflightNoAnswer,
    ListSyntax,
    Mode,
    Scheme,
    RedirectCredentials,
    /// Private/Local Network Access: the page's context or the user's permission.
    LocalNetwork,
    /// Private Network Access headers the preflight answer lacked.
    LocalNetworkHeader,
    NoCorsRedirect,
}

fn class(error: CorsError) -> Class {
    use CorsError as E;
    match error {
        E::MissingAllowOriginHeader | E::PreflightMissingAllowOriginHeader => Class::MissingAllowOrigin,
        E::HeaderDisallowedByPreflightResponse => Class::Header,
        E::MethodDisallowedByPreflightResponse => Class::Method,
        E::WildcardOriginNotAllowed | E::PreflightWildcardOriginNotAllowed => Class::Wildcard,
        E::InvalidAllowCredentials | E::PreflightInvalidAllowCredentials => Class::Credentials,
        E::MultipleAllowOriginValues
        | E::InvalidAllowOriginValue
        | E::AllowOriginMismatch
        | E::PreflightMultipleAllowOriginValues
        | E::PreflightInvalidAllowOriginValue
        | E::PreflightAllowOriginMismatch => Class::AllowOriginValue,
        E::PreflightInvalidStatus => Class::PreflightStatus,
        E::PreflightDisallowedRedirect => Class::PreflightRedirect,
        E::InvalidResponse => Class::PreflightNoAnswer,
        E::InvalidAllowMethodsPreflightResponse | E::InvalidAllowHeadersPreflightResponse => Class::ListSyntax,
        E::DisallowedByMode => Class::Mode,
        E::CorsDisabledScheme => Class::Scheme,
        E::RedirectContainsCredentials => Class::RedirectCredentials,
        E::InsecureLocalNetwork
        | E::InvalidLocalNetworkAccess
        | E::UnexpectedPrivateNetworkAccess
        | E::PrivateNetworkAccessPermissionUnavailable
        | E::PrivateNetworkAccessPermissionDenied
        | E::LocalNetworkAccessPermissionDenied => Class::LocalNetwork,
        E::PreflightMissingAllowExternal
        | E::PreflightInvalidAllowExternal
        | E::PreflightMissingAllowPrivateNetwork
        | E::PreflightInvalidAllowPrivateNetwork
        | E::PreflightMissingPrivateNetworkAccessId
        | E::PreflightMissingPrivateNetworkAccessName => Class::LocalNetworkHeader,
        E::NoCorsRedirectModeNotFollow => Class::NoCorsRedirect,
    }
}

/// Single-quotes a value for a POSIX shell.
pub(crate) fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// The `curl` preflight that reproduces the browser's.
pub(crate) fn preflight_curl(url: &str, origin: &str, method: &str, headers: Option<&str>) -> String {
    let mut command = format!(
        "curl -i -X OPTIONS {} -H {} -H {}",
        shell_quote(url),
        shell_quote(&format!("Origin: {origin}")),
        shell_quote(&format!("Access-Control-Request-Method: {method}")),
    );
    if let Some(headers) = headers {
        command.push_str(&format!(
            " -H {}",
            shell_quote(&format!("Access-Control-Request-Headers: {headers}"))
        ));
    }
    command
}

/// A GET with the page's Origin, printing the response headers only.
fn response_curl(url: &str, origin: &str) -> String {
    format!(
        "curl -sS -D - -o /dev/null {} -H {}",
        shell_quote(url),
        shell_quote(&format!("Origin: {origin}"))
    )
}

fn get_bucket_cors(s3: &S3Target, bucket: &str) -> String {
    let mut command = format!("aws s3api get-bucket-cors --bucket {}", shell_quote(bucket));
    if let Some(region) = &s3.region {
        command.push_str(&format!(" --region {}", shell_quote(region)));
    }
    command
}

fn get_bucket_location(bucket: &str) -> String {
    format!("aws s3api get-bucket-location --bucket {}", shell_quote(bucket))
}

/// What a message leaves to placeholders.
struct Known<'a> {
    url: &'a str,
    origin: &'a str,
    method: &'a str,
    method_known: bool,
}

fn known<'a>(f: &Facts<'a>) -> Known<'a> {
    let implied = match (f.preflight, f.kind) {
        // Elements load with GET and never preflight.
        (
            Some(false),
            Some(
                RequestKind::Image
                | RequestKind::Script
                | RequestKind::Font
                | RequestKind::Stylesheet
                | RequestKind::Manifest,
            ),
        ) => Some("GET"),
        _ => None,
    };
    let method = f.method.or(implied);
    Known {
        url: f.url.unwrap_or("URL"),
        origin: f.origin.unwrap_or("ORIGIN"),
        method: method.unwrap_or("METHOD"),
        method_known: method.is_some(),
    }
}

pub(crate) fn advise(f: &Facts<'_>) -> Advice {
    let mut a = Advice::default();
    let k = known(f);
    let s3_bucket = f.s3.and_then(|s3| s3.bucket.as_deref().map(|b| (s3, b)));
    if let Some(s3) = f.s3
        && s3.bucket.is_none()
    {
        service_root(f, &mut a);
    } else {
        match f.error {
            Some(error) => by_class(error, f, &k, s3_bucket, &mut a),
            None if f.did_not_succeed => no_response(f, &k, s3_bucket, &mut a),
            None if f.known && f.firefox_reason.is_some() => firefox_only(f, &mut a),
            None => unknown(f, &k, &mut a),
        }
    }
    common_notes(f, s3_bucket, &mut a);
    a
}

fn by_class(error: CorsError, f: &Facts<'_>, k: &Known<'_>, s3: Option<(&S3Target, &str)>, a: &mut Advice) {
    a.reason = error.explanation().to_string();
    match class(error) {
        Class::MissingAllowOrigin => missing_allow_origin(f, k, s3, a),
        Class::Header => header(f, k, s3, a),
        Class::Method => method(f, k, s3, a),
        Class::Wildcard => wildcard(f, k, s3, a),
        Class::Credentials => credentials(f, k, s3, a),
        Class::AllowOriginValue => allow_origin_value(error, f, k, s3, a),
        Class::PreflightStatus => preflight_status(f, k, s3, a),
        Class::PreflightRedirect => preflight_redirect(f, k, s3, a),
        Class::PreflightNoAnswer => {
            a.check(
                "Send the same preflight and see whether the server answers at all (a TLS error, a reset or empty \
                 answer)",
                Some(format!("{} -v", preflight_curl(k.url, k.origin, k.method, None))),
            );
            a.cause(&[CauseCode::NetworkError]);
        }
        Class::ListSyntax => {
            let header = if error == CorsError::InvalidAllowMethodsPreflightResponse {
                "Access-Control-Allow-Methods"
            } else {
                "Access-Control-Allow-Headers"
            };
            if s3.is_some() {
                a.notes.push(format!(
                    "S3 always sends {header} as a valid list, so this answer came from something in front of the \
                     bucket (CloudFront, a proxy) or from an S3-compatible store."
                ));
            }
            a.check(
                format!("Look at the {header} the preflight answer carries"),
                Some(preflight_curl(k.url, k.origin, k.method, None)),
            );
            let token = f.parameter.map(|p| format!(": '{p}' is not one")).unwrap_or_default();
            a.fix(
                format!("{header} must be a comma-separated list of names (or '*'){token}."),
                true,
            );
            a.cause(&[CauseCode::ServerCorsPolicy]);
        }
        Class::Mode => {
            a.fix(
                "Remove mode: 'same-origin' from the fetch() call: the default mode, 'cors', allows cross-origin \
                 requests.",
                false,
            );
        }
        Class::Scheme => {
            if f.origin == Some("null") {
                a.notes
                    .push("The page's origin is 'null': it was opened from file:// or is sandboxed.".into());
            }
            a.fix(
                "Serve the page over http(s) (for example `python3 -m http.server` in its folder) instead of opening \
                 it from file://, and request http(s) URLs only.",
                false,
            );
        }
        Class::RedirectCredentials => {
            a.fix(
                "Remove the user name and password from the redirect's Location, or request the final URL directly.",
                false,
            );
            a.cause(&[CauseCode::ServerCorsPolicy]);
        }
        Class::LocalNetwork => {
            if s3.is_some() {
                a.notes.push(
                    "The S3 host resolved to a local or private address here (a local emulator, a hosts-file entry, \
                     a proxy): Chrome's local network rules apply, not S3's."
                        .into(),
                );
            }
            let summary = if error == CorsError::InsecureLocalNetwork {
                "Serve the page over HTTPS: Chrome lets only secure pages reach local or private addresses."
            } else {
                "Let the page reach the local network (accept Chrome's permission prompt), or reach the server \
                 through a public address. No CORS rule can change this."
            };
            a.fix(summary, false);
        }
        Class::LocalNetworkHeader => {
            a.check(
                "Look at the preflight answer's private-network headers",
                Some(preflight_curl(k.url, k.origin, k.method, None)),
            );
            a.fix(
                "Have the server answer the preflight with the header the message names (for Private Network \
                 Access: Access-Control-Allow-Private-Network: true).",
                true,
            );
            a.cause(&[CauseCode::ServerCorsPolicy]);
        }
        Class::NoCorsRedirect => {
            a.fix(
                "Use redirect: 'follow' for this no-cors request, or request the final URL directly.",
                false,
            );
        }
    }
}

fn rules_check(s3: &S3Target, bucket: &str, a: &mut Advice) {
    a.check(
        "Read the bucket's CORS rules (an error NoSuchCORSConfiguration means it has none)",
        Some(get_bucket_cors(s3, bucket)),
    );
}

fn region_check(s3: &S3Target, bucket: &str, a: &mut Advice) {
    if s3.region.is_none() {
        a.check(
            "The URL uses S3's global endpoint: find the bucket's region (an empty LocationConstraint means \
             us-east-1), and call https://BUCKET.s3.REGION.amazonaws.com",
            Some(get_bucket_location(bucket)),
        );
    }
}

fn missing_allow_origin(f: &Facts<'_>, k: &Known<'_>, s3: Option<(&S3Target, &str)>, a: &mut Advice) {
    let o = k.origin;
    let m = k.method;
    let method_unallowable = k.method_known && !ALLOWABLE_METHODS.contains(&m);
    match (s3, f.preflight) {
        (Some((target, bucket)), preflight) => {
            a.reason.push_str(match preflight {
                Some(true) => {
                    " S3 answers a preflight with CORS headers only when one CORS rule allows the origin, the \
                     method and every requested header; otherwise it answers 403 without them (and 301 without them \
                     when the request went to another region's endpoint)."
                }
                Some(false) => {
                    " S3 adds CORS headers to a response only when one CORS rule allows the origin and the \
                     request's method; it performs the request either way (a write may have happened)."
                }
                None => {
                    " The words do not say whether it was the preflight or the response: S3 answers either with \
                     CORS headers only when one CORS rule allows the origin and the method (and, for a preflight, \
                     every requested header)."
                }
            });
            rules_check(target, bucket, a);
            let headers_part = if preflight == Some(false) {
                ""
            } else {
                ", and its AllowedHeaders must cover every header the request sends"
            };
            a.check(
                format!(
                    "Find the rule that should allow the request: its AllowedOrigins must match {o} exactly (scheme, \
                     host and port; no trailing slash; at most one '*'), its AllowedMethods must list {m}{headers_part}"
                ),
                None,
            );
            let headers = (preflight != Some(false)).then_some("HEADERS");
            a.check(
                "Ask S3 the same preflight (it changes nothing): 200 with Access-Control-Allow-Origin means a rule \
                 matches; 403 'This CORS request is not allowed' means none does; 403 'CORS is not enabled for this \
                 bucket' means there is no configuration; 301 PermanentRedirect means the wrong region",
                Some(preflight_curl(k.url, o, m, headers)),
            );
            if headers.is_some() {
                a.notes.push(
                    "HEADERS: the lower-case names in the OPTIONS request's Access-Control-Request-Headers (Network \
                     panel); drop that -H when it has none. AWS SDKs send authorization, x-amz-date, \
                     x-amz-content-sha256, x-amz-user-agent, amz-sdk-invocation-id, amz-sdk-request (and since v3.729 \
                     x-amz-checksum-crc32, x-amz-sdk-checksum-algorithm)."
                        .into(),
                );
            }
            region_check(target, bucket, a);
            if preflight != Some(true) && matches!(f.kind, Some(RequestKind::Fetch | RequestKind::Image) | None) {
                a.check(
                    "If the page loaded the same URL earlier without CORS (an <img> or <video> without crossorigin, \
                     a CSS background), the browser may have reused that cached response, which has no \
                     Access-Control-Allow-Origin (S3 sends Vary: Origin only on CORS answers): retry with the cache \
                     disabled",
                    None,
                );
            }
            a.cause(&[
                CauseCode::S3CorsNotConfigured,
                CauseCode::S3OriginNotAllowed,
                CauseCode::S3MethodNotAllowed,
            ]);
            if preflight != Some(false) {
                a.cause(&[CauseCode::S3HeaderNotAllowed]);
            }
            match f.status {
                Some(status) if super::is_redirect_status(status) || status == 400 => {
                    a.notes.push(format!(
                        "Status {status}: S3 answers requests sent to another region's endpoint with 301 (or 400 in \
                         newer regions) and a new bucket reached through the global endpoint with 307."
                    ));
                    a.cause(&[CauseCode::S3WrongRegion]);
                }
                Some(403) if preflight == Some(false) => {
                    a.notes.push(
                        "Status 403: S3 also refused the request itself (an expired or mis-signed presigned URL, a \
                         bucket policy). A matching CORS rule would have made that error readable; fix CORS first, \
                         then the 403."
                            .into(),
                    );
                    a.cause(&[CauseCode::S3RequestRejected]);
                }
                Some(status) if status >= 400 => a.cause(&[CauseCode::S3RequestRejected]),
                _ => {}
            }
            if method_unallowable {
                a.fix(
                    format!(
                        "S3 can never allow {m}: AllowedMethods takes only GET, PUT, POST, DELETE and HEAD. Change \
                         the request (PATCH: PUT the whole object)."
                    ),
                    false,
                );
                return;
            }
            let summary = match preflight {
                Some(true) => format!(
                    "Make one rule allow {o}, {m} and every requested header: add what is missing to the rule for {o} \
                     (AllowedHeaders in lower case; 'x-amz-*' does not cover the AWS SDK's 'amz-sdk-*' headers), or \
                     put a CORS configuration on the bucket if it has none."
                ),
                Some(false) => format!(
                    "Make one rule allow both {o} (AllowedOrigins) and {m} (AllowedMethods), or put a CORS \
                     configuration on the bucket if it has none. get-bucket-cors tells which."
                ),
                None => format!(
                    "Make one rule allow {o} and {m} (and, if the request was preflighted, every header it sends), \
                     or put a CORS configuration on the bucket if it has none. get-bucket-cors tells which."
                ),
            };
            a.fix(summary, true);
            if preflight == Some(false)
                && k.method_known
                && let (Some(origin), Some(fix)) = (f.origin, a.fix.as_mut())
            {
                fix.example_rule = Some(CorsRule {
                    allowed_origins: vec![origin.to_string()],
                    allowed_methods: vec![m.to_string()],
                    ..CorsRule::default()
                });
            }
        }
        (None, preflight) => {
            if preflight == Some(false) {
                a.check(
                    "Look at the CORS headers the server sends for this origin",
                    Some(response_curl(k.url, o)),
                );
            } else {
                a.check(
                    "Send the same preflight and look for Access-Control-Allow-Origin in the answer",
                    Some(preflight_curl(k.url, o, m, Some("HEADERS"))),
                );
                a.notes.push(
                    "HEADERS: the names in the OPTIONS request's Access-Control-Request-Headers (Network panel); drop \
                     that -H when it has none."
                        .into(),
                );
            }
            if let Some(status) = f.status.filter(|s| *s >= 400) {
                a.notes.push(format!(
                    "Status {status}: error answers from a proxy, gateway or framework often lack the CORS headers the \
                     normal ones carry{}.",
                    if preflight != Some(false) {
                        "; preflights carry no cookies or Authorization, so an OPTIONS route behind authentication fails"
                    } else {
                        ""
                    }
                ));
            }
            a.fix(
                match preflight {
                    Some(true) => format!(
                        "Have the server answer the preflight (OPTIONS) with status 200 or 204, \
                         Access-Control-Allow-Origin: {o}, Access-Control-Allow-Methods listing {m} and \
                         Access-Control-Allow-Headers listing the request's headers."
                    ),
                    _ => format!(
                        "Have the server send Access-Control-Allow-Origin: {o} (or '*' for a request without \
                         credentials) on this response, error responses included{}.",
                        if preflight.is_none() {
                            ", and answer the preflight (OPTIONS), if there is one, the same way"
                        } else {
                            ""
                        }
                    ),
                },
                true,
            );
            a.cause(&[CauseCode::ServerCorsPolicy]);
        }
    }
}

const S3_NEVER: &str = "S3 itself never answers like this: a preflight that no rule allows completely gets 403 without \
any CORS header (Chrome then says PreflightMissingAllowOriginHeader). So this answer came from something in front of \
the bucket (a CloudFront response headers policy, a proxy) or from an S3-compatible store; if so, the change belongs \
there.";

fn header(f: &Facts<'_>, k: &Known<'_>, s3: Option<(&S3Target, &str)>, a: &mut Advice) {
    let h = f.parameter.unwrap_or("HEADER");
    let o = k.origin;
    if let Some((target, bucket)) = s3 {
        rules_check(target, bucket, a);
        a.check(
            format!(
                "Find the rule for {o}: its AllowedHeaders must cover {h} (names compare case-insensitively; one \
                 '*' is allowed, as in x-amz-*)"
            ),
            None,
        );
        a.check(
            format!("Ask S3 the same preflight: 200 with {h} in Access-Control-Allow-Headers means it is allowed"),
            Some(preflight_curl(k.url, o, k.method, Some(h))),
        );
        a.notes.push(S3_NEVER.into());
        let mut summary = format!("Add {h} to AllowedHeaders of the rule for {o}.");
        if h.starts_with("amz-sdk-") {
            summary.push_str(" 'x-amz-*' does not cover it: list it (or 'amz-sdk-*').");
        }
        a.fix(summary, true);
        a.cause(&[CauseCode::S3HeaderNotAllowed]);
    } else {
        a.check(
            "Send the same preflight and look at Access-Control-Allow-Headers in the answer",
            Some(preflight_curl(k.url, o, k.method, Some(h))),
        );
        let mut summary = format!("Add {h} to the Access-Control-Allow-Headers the server answers the preflight with.");
        if h.eq_ignore_ascii_case("authorization") {
            summary.push_str(" A '*' there never covers Authorization: list it by name.");
        }
        a.fix(summary, true);
        a.cause(&[CauseCode::ServerCorsPolicy]);
    }
}

fn method(f: &Facts<'_>, k: &Known<'_>, s3: Option<(&S3Target, &str)>, a: &mut Advice) {
    let m = f.parameter.unwrap_or(k.method);
    let o = k.origin;
    if let Some((target, bucket)) = s3 {
        if !ALLOWABLE_METHODS.contains(&m) {
            a.fix(
                format!(
                    "S3 can never allow {m}: AllowedMethods takes only GET, PUT, POST, DELETE and HEAD. Change the \
                     request (PATCH: PUT the whole object)."
                ),
                false,
            );
            a.cause(&[CauseCode::S3MethodNotAllowed]);
            return;
        }
        rules_check(target, bucket, a);
        a.check(format!("Find the rule for {o}: its AllowedMethods must list {m}"), None);
        a.check(
            format!("Ask S3 the same preflight: 200 with Access-Control-Allow-Origin means {m} is allowed"),
            Some(preflight_curl(k.url, o, m, None)),
        );
        a.notes.push(S3_NEVER.into());
        a.fix(format!("Add {m} to AllowedMethods of the rule for {o}."), true);
        a.cause(&[CauseCode::S3MethodNotAllowed]);
    } else {
        a.check(
            "Send the same preflight and look at Access-Control-Allow-Methods in the answer",
            Some(preflight_curl(k.url, o, m, None)),
        );
        a.fix(
            format!(
                "Add {m} to the Access-Control-Allow-Methods the server answers the preflight with (the comparison is \
                 case-sensitive)."
            ),
            true,
        );
        a.cause(&[CauseCode::ServerCorsPolicy]);
    }
}

const CREDENTIALS_WHERE: &str = "Find where the page sends credentials: fetch(url, {credentials: 'include'}) or \
xhr.withCredentials = true (S3 presigned URLs and SigV4-signed requests need no cookies)";

fn wildcard(f: &Facts<'_>, k: &Known<'_>, s3: Option<(&S3Target, &str)>, a: &mut Advice) {
    let o = k.origin;
    let m = k.method;
    let check_command = if f.preflight == Some(false) {
        response_curl(k.url, o)
    } else {
        preflight_curl(k.url, o, m, None)
    };
    if let Some((target, bucket)) = s3 {
        a.reason
            .push_str(" The CORS rule S3 matched has '*' in AllowedOrigins, so S3 answered '*'.");
        rules_check(target, bucket, a);
        a.check(
            format!("Find the first rule that matches {m}: it has '*' in AllowedOrigins"),
            None,
        );
        a.check(CREDENTIALS_WHERE, None);
        a.check("See S3 answer 'Access-Control-Allow-Origin: *'", Some(check_command));
        a.fix(
            format!(
                "Insert a rule for {o} before the '*' rule, with the same AllowedMethods, AllowedHeaders and \
                 ExposeHeaders: S3 uses the first rule that matches, and a rule naming the origin makes S3 echo it \
                 with Access-Control-Allow-Credentials: true. Or stop sending credentials."
            ),
            true,
        );
        if let (Some(origin), true, Some(fix)) = (f.origin, k.method_known, a.fix.as_mut()) {
            fix.example_rule = Some(CorsRule {
                allowed_origins: vec![origin.to_string()],
                allowed_methods: vec![m.to_string()],
                ..CorsRule::default()
            });
        }
        a.cause(&[CauseCode::CredentialsWithWildcardOrigin]);
    } else {
        a.check(
            CREDENTIALS_WHERE.replace(" (S3 presigned URLs and SigV4-signed requests need no cookies)", ""),
            None,
        );
        a.check(
            "See the server answer 'Access-Control-Allow-Origin: *'",
            Some(check_command),
        );
        a.fix(
            format!(
                "Have the server echo {o} in Access-Control-Allow-Origin (not '*') and send \
                 Access-Control-Allow-Credentials: true, or stop sending credentials."
            ),
            true,
        );
        a.cause(&[CauseCode::CredentialsWithWildcardOrigin]);
    }
}

fn credentials(f: &Facts<'_>, k: &Known<'_>, s3: Option<(&S3Target, &str)>, a: &mut Advice) {
    let check_command = if f.preflight == Some(false) {
        response_curl(k.url, k.origin)
    } else {
        preflight_curl(k.url, k.origin, k.method, None)
    };
    a.check(
        "Look at Access-Control-Allow-Credentials in the answer",
        Some(check_command),
    );
    a.check(CREDENTIALS_WHERE, None);
    if s3.is_some() {
        a.notes.push(
            "S3 sends Access-Control-Allow-Credentials: true whenever a rule names the origin; an answer without it \
             came from something in front of the bucket (a CloudFront response headers policy, a proxy) or from an \
             S3-compatible store."
                .into(),
        );
        a.fix(
            "Stop sending credentials (S3 presigned URLs need none), or make the layer that answers send \
             Access-Control-Allow-Credentials: true.",
            false,
        );
    } else {
        a.fix(
            "Have the server send Access-Control-Allow-Credentials: true (exactly) with the origin echoed, or stop \
             sending credentials.",
            true,
        );
    }
    a.cause(&[CauseCode::ServerCorsPolicy]);
}

/// How an Access-Control-Allow-Origin value differs from the page's origin (the near misses).
pub(crate) fn origin_difference(value: &str, origin: &str) -> Option<String> {
    if value == origin {
        return None;
    }
    let split = |s: &str| -> Option<(String, String)> {
        let (scheme, rest) = s.split_once("://")?;
        Some((scheme.to_string(), rest.to_string()))
    };
    let (Some((vs, vr)), Some((os, or))) = (split(value), split(origin)) else {
        return None;
    };
    let differences = if vr.trim_end_matches('/') == or && vr.ends_with('/') && vs == os {
        "has a trailing slash (an origin has no path)".to_string()
    } else if vs != os && vr == or {
        format!("has scheme {vs}, the page {os}")
    } else if vs == os && vr.eq_ignore_ascii_case(&or) {
        "differs in letter case (the comparison is exact)".to_string()
    } else if vs == os && (vr.strip_prefix("www.") == Some(&or) || or.strip_prefix("www.") == Some(&vr)) {
        "differs by 'www.'".to_string()
    } else if vs == os && vr.split(':').next() == or.split(':').next() {
        "differs in port".to_string()
    } else {
        "names another origin".to_string()
    };
    Some(format!(
        "The Access-Control-Allow-Origin value '{value}' {differences}; the page's origin is {origin}."
    ))
}

fn allow_origin_value(error: CorsError, f: &Facts<'_>, k: &Known<'_>, s3: Option<(&S3Target, &str)>, a: &mut Advice) {
    let value = f.parameter.unwrap_or("VALUE");
    let o = k.origin;
    if let (Some(value), Some(origin)) = (f.parameter, f.origin)
        && let Some(difference) = origin_difference(value, origin)
    {
        a.notes.push(difference);
    }
    let check_command = if f.preflight == Some(false) {
        response_curl(k.url, o)
    } else {
        preflight_curl(k.url, o, k.method, None)
    };
    a.check(
        "See which Access-Control-Allow-Origin is answered now (and, through CloudFront, x-cache and Age)",
        Some(check_command),
    );
    let several = matches!(
        error,
        CorsError::MultipleAllowOriginValues | CorsError::PreflightMultipleAllowOriginValues
    );
    let invalid = matches!(
        error,
        CorsError::InvalidAllowOriginValue | CorsError::PreflightInvalidAllowOriginValue
    );
    if let Some((target, bucket)) = s3 {
        rules_check(target, bucket, a);
        a.notes.push(
            "S3 echoes the request's own Origin, so another value is usually an answer cached for another origin \
             (CloudFront caching without Origin in its cache key, or the browser reusing a response cached for \
             another origin: S3 sends Vary: Origin only when a rule matched); several values mean two layers add the \
             header."
                .into(),
        );
    }
    let summary = if several {
        "Send Access-Control-Allow-Origin once: remove it from one of the layers that add it (for example a CloudFront \
         response headers policy on top of S3's own), or echo the one request origin instead of a list."
            .to_string()
    } else if invalid {
        format!("The value must be exactly an origin (scheme://host[:port]), '*' or 'null'; '{value}' is not one.")
    } else if s3.is_some() {
        format!(
            "Make the answer name {o} exactly: through CloudFront, put Origin in the cache key (a cache policy with \
             Origin, and the CORS-S3Origin origin request policy) so each origin gets its own answer."
        )
    } else {
        format!(
            "Have the server answer Access-Control-Allow-Origin: {o} exactly (scheme, host, port; no trailing slash)."
        )
    };
    a.fix(summary, s3.is_none());
    a.cause(&[CauseCode::ServerCorsPolicy]);
}

fn preflight_status(f: &Facts<'_>, k: &Known<'_>, s3: Option<(&S3Target, &str)>, a: &mut Advice) {
    if let Some(status) = f.status {
        a.reason.push_str(&format!(" The preflight was answered {status}."));
    }
    a.check(
        "Send the same preflight: see its status and who answers it (Server, Via, x-cache)",
        Some(preflight_curl(k.url, k.origin, k.method, None)),
    );
    if s3.is_some() {
        a.notes.push(
            "S3 answers a preflight with CORS headers only with 200, so this answer (CORS headers with another \
             status) came from something in front of the bucket, such as a CloudFront behaviour that does not allow \
             OPTIONS, or from an S3-compatible store."
                .into(),
        );
        a.fix(
            "Have the preflight answered 200 without authentication: allow OPTIONS in the CloudFront behaviour \
             (allowed methods GET, HEAD, OPTIONS), and let OPTIONS through any authentication in front of the bucket.",
            false,
        );
    } else {
        a.fix(
            "Answer the preflight (OPTIONS) with 200 or 204: preflights carry no cookies or Authorization, so the \
             OPTIONS route must not require them.",
            true,
        );
    }
    a.cause(&[CauseCode::ServerCorsPolicy]);
}

fn preflight_redirect(_f: &Facts<'_>, k: &Known<'_>, s3: Option<(&S3Target, &str)>, a: &mut Advice) {
    a.check(
        "Send the same preflight: the answer's Location (and, from S3, x-amz-bucket-region) shows where it redirects",
        Some(preflight_curl(k.url, k.origin, k.method, None)),
    );
    if let Some((target, bucket)) = s3 {
        a.reason.push_str(
            " S3 redirects requests that reach the wrong endpoint: a new bucket through the global endpoint (307), \
             the website endpoint, another region's endpoint.",
        );
        a.check(
            "Find the bucket's region (an empty LocationConstraint means us-east-1)",
            Some(get_bucket_location(bucket)),
        );
        let region = target.region.as_deref().unwrap_or("REGION");
        a.fix(
            format!(
                "Call the bucket's regional endpoint, https://{bucket}.s3.{region}.amazonaws.com/... (with the AWS \
                 SDK: set region to the bucket's region). No CORS rule can fix a redirected preflight."
            ),
            false,
        );
        a.cause(&[CauseCode::S3PreflightRedirect, CauseCode::S3WrongRegion]);
    } else {
        a.fix(
            "Request the URL the server redirects to directly: browsers never follow a redirect of a preflight. Or \
             stop the server redirecting OPTIONS (http to https, a trailing slash, a login page).",
            false,
        );
        a.cause(&[CauseCode::ServerCorsPolicy]);
    }
}

fn no_response(f: &Facts<'_>, k: &Known<'_>, s3: Option<(&S3Target, &str)>, a: &mut Advice) {
    a.reason = format!(
        "Firefox got no usable response for this request: a network error (DNS, a refused or reset connection, TLS, \
         an extension blocking it), or, when another message names a CORS failure for the same URL, the request a \
         failed preflight guarded. {}",
        match f.status {
            None => "'Status code: (null)' means there was no response at all.".to_string(),
            Some(status) => format!("The status was {status}."),
        }
    );
    a.check(
        "Does the server answer at all from this machine?",
        Some(format!("curl -sS -v -o /dev/null {}", shell_quote(k.url))),
    );
    a.check(
        "In the Network panel, look at the failed request and, if it was preflighted, at its OPTIONS request: a CORS \
         failure of the preflight appears as its own 'Cross-Origin Request Blocked' message",
        None,
    );
    if let Some((target, _)) = s3 {
        region_check(target, target.bucket.as_deref().unwrap_or("BUCKET"), a);
    }
    a.cause(&[CauseCode::NetworkError]);
}

fn firefox_only(f: &Facts<'_>, a: &mut Advice) {
    match f.firefox_reason {
        Some(FirefoxReason::CORSDisabled) => {
            a.reason = "CORS is disabled in this Firefox profile (about:config: content.cors.disable is true), so \
                        every cross-origin request fails."
                .into();
            a.fix("Set content.cors.disable back to false in about:config.", false);
        }
        Some(FirefoxReason::CORSOriginHeaderNotAdded) => {
            a.reason = "Firefox could not add the Origin header to the request (an extension or a header-changing \
                        tool interfered)."
                .into();
            a.fix("Disable extensions that change request headers, and retry.", false);
        }
        _ => unknown(f, &known(f), a),
    }
}

fn unknown(f: &Facts<'_>, k: &Known<'_>, a: &mut Advice) {
    a.reason = match (f.browser, f.known) {
        (Browser::Safari, _) => "Safari blocked the request by its access-control checks. WebKit prints its reason on \
                                 the line just before 'cannot load' (and again after 'Failed to load resource:'): \
                                 paste it too."
            .into(),
        (browser, _) => format!(
            "{} blocked the request by CORS, in words corshar does not know (a newer or older version?).",
            browser.name()
        ),
    };
    a.check(
        "Send the same preflight and look at the Access-Control-* headers of the answer",
        Some(preflight_curl(k.url, k.origin, k.method, None)),
    );
    a.check(
        "The Network panel shows the blocked request, its preflight (OPTIONS) if any, and their headers",
        None,
    );
}

fn service_root(f: &Facts<'_>, a: &mut Advice) {
    a.reason = format!(
        "{} This URL is S3's service endpoint (no bucket): ListBuckets and CreateBucket are never CORS-enabled, so \
         no bucket configuration can allow them from a browser.",
        f.error.map_or("", |e| e.explanation())
    )
    .trim()
    .to_string();
    a.fix(
        "Call ListBuckets or CreateBucket from a server (or a Lambda) instead of the page.",
        false,
    );
    a.cause(&[CauseCode::S3RequestRejected]);
}

fn common_notes(f: &Facts<'_>, s3: Option<(&S3Target, &str)>, a: &mut Advice) {
    let texts = || {
        a.checks
            .iter()
            .flat_map(|c| std::iter::once(c.what.as_str()).chain(c.command.as_deref()))
            .chain(a.fix.as_ref().map(|f| f.summary.as_str()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let all = texts();
    let mut notes = Vec::new();
    if f.origin.is_none() && all.contains("ORIGIN") {
        notes.push(format!(
            "ORIGIN: {}'s message does not name the page's origin; it is the page's scheme://host[:port] \
             (location.origin in its console).",
            f.browser.name()
        ));
    }
    if all.contains("METHOD") {
        notes.push(
            match f.preflight {
                Some(false) => {
                    "METHOD: the console line does not say the request's method; a request sent without a preflight \
                     is a GET, HEAD or POST (the Network panel shows which)."
                }
                _ => {
                    "METHOD: the console line does not say the request's method (a preflight's message never does); \
                     the Network panel shows it, and the OPTIONS request's Access-Control-Request-Method."
                }
            }
            .to_string(),
        );
    }
    if let Some(from) = f.redirected_from {
        notes.push(format!(
            "The request was made to {from} and redirected; the check failed on the last URL{}.",
            if f.preflight == Some(true) {
                ""
            } else {
                " (after a cross-origin redirect the request's origin becomes 'null')"
            }
        ));
    }
    if let Some((target, bucket)) = s3 {
        if target.style == AddressingStyle::Website {
            notes.push(format!(
                "This is the bucket's website endpoint: HTTP only, GET and HEAD only. From script, call the REST \
                 endpoint https://{bucket}.s3.{}.amazonaws.com instead.",
                target.region.as_deref().unwrap_or("REGION")
            ));
        }
        let https = f.url.is_some_and(|u| u.starts_with("https://"));
        let no_answer = f.did_not_succeed
            || f.error == Some(CorsError::InvalidResponse)
            || f.network_error.is_some_and(|e| e.contains("CERT"));
        if bucket.contains('.') && https && target.style == AddressingStyle::VirtualHosted && no_answer {
            notes.push(format!(
                "The bucket name has dots: S3's certificate (*.s3.REGION.amazonaws.com) does not cover \
                 {bucket}.s3..., so HTTPS fails. Use path-style URLs (https://s3.REGION.amazonaws.com/{bucket}/...) \
                 or a bucket without dots."
            ));
        }
    }
    if let Some(error) = f.network_error.filter(|e| *e != "net::ERR_FAILED") {
        notes.push(format!("Chrome's network error for this request: {error}."));
    }
    a.notes.extend(notes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_quotes_single_quotes() {
        assert_eq!(
            preflight_curl("https://b/it's", "https://a", "PUT", Some("x-amz-date")),
            "curl -i -X OPTIONS 'https://b/it'\\''s' -H 'Origin: https://a' -H 'Access-Control-Request-Method: PUT' \
             -H 'Access-Control-Request-Headers: x-amz-date'"
        );
    }

    #[test]
    fn near_misses() {
        let d = |v, o| origin_difference(v, o).unwrap();
        assert!(d("https://a.test/", "https://a.test").contains("trailing slash"));
        assert!(d("http://a.test", "https://a.test").contains("scheme http"));
        assert!(d("https://www.a.test", "https://a.test").contains("www"));
        assert!(d("https://a.test:8443", "https://a.test").contains("port"));
        assert!(d("https://b.test", "https://a.test").contains("another origin"));
        assert_eq!(origin_difference("*", "https://a.test"), None);
    }
}
