//! How S3 answers a preflight or an actual request under a bucket's CORS configuration: status,
//! CORS headers, Vary, and the XML error. Source: ../shared/reference/s3-cors.md §2–§3.

use serde::Serialize;

use super::config::split_request_headers;
use super::{CorsConfiguration, CorsRule};
use crate::headers::Header;

/// The bucket as S3 sees it.
#[derive(Clone, Copy, Debug)]
pub enum Bucket<'c> {
    Missing,
    NoCors,
    Cors(&'c CorsConfiguration),
}

/// What the URL addresses: it decides `<ResourceType>` in CORS errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    Object,
    BucketRoot,
}

/// A request as S3 receives it, reduced to what CORS evaluation reads.
#[derive(Clone, Copy, Debug)]
pub struct S3Request<'r> {
    pub method: &'r str,
    pub resource: Resource,
    pub origin: Option<&'r str>,
    pub acr_method: Option<&'r str>,
    pub acr_headers: Option<&'r str>,
}

/// The XML error S3 sends with a rejected preflight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SimulatedError {
    pub code: String,
    pub message: String,
    pub method: Option<String>,
    pub resource_type: Option<String>,
}

/// S3's answer: for a preflight the status too; for an actual request only the CORS headers
/// (the status depends on the operation, which is not modelled).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: Option<u16>,
    pub headers: Vec<Header<'static>>,
    pub error: Option<SimulatedError>,
    /// The index of the rule that matched, if any.
    pub rule: Option<usize>,
}

/// `BadRequest` without `Origin` [AWS-rec `options-no-origin`].
pub const NO_ORIGIN_MESSAGE: &str = "Insufficient information. Origin request header needed.";
/// `AccessForbidden` for a bucket that does not exist [AWS-rec].
pub const BUCKET_NOT_FOUND_MESSAGE: &str = "CORSResponse: Bucket not found";
/// `AccessForbidden` for a bucket without CORS configuration [AWS-rec].
pub const CORS_NOT_ENABLED_MESSAGE: &str = "CORSResponse: CORS is not enabled for this bucket.";
/// `AccessForbidden` when no rule matches [AWS-rec]. "evalution" is AWS's own typo: keep it, so
/// that recorded bodies match.
pub const NOT_ALLOWED_MESSAGE: &str = "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";
/// `BadRequest` for a preflight without `Access-Control-Request-Method` on a bucket with CORS.
/// The 400 is \[suite\]; the message comes from the Scality clone (AWS's is unrecorded, §9).
pub const NO_REQUEST_METHOD_MESSAGE: &str = "Invalid Access-Control-Request-Method: null";

/// The `Vary` S3 adds to every response a rule matched, and to no other (§2 notes) [AWS-rec].
pub const VARY: &str = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";

/// S3's answer to an `OPTIONS` request (s3-cors.md §2, §3.1). Preflights are never authorized
/// and never look at the object, so only the bucket, the URL's shape and the three CORS request
/// headers decide.
pub fn preflight(bucket: Bucket<'_>, request: &S3Request<'_>) -> Answer {
    // Origin is checked before the bucket is looked up: a missing bucket without Origin is 400
    // [AWS-rec `nobucket options-no-origin`].
    let Some(origin) = request.origin else {
        return rejected(400, error("BadRequest", NO_ORIGIN_MESSAGE, None, None));
    };
    let method_field = request.acr_method.unwrap_or("OPTIONS");
    let config = match bucket {
        Bucket::Missing => {
            return rejected(
                403,
                error(
                    "AccessForbidden",
                    BUCKET_NOT_FOUND_MESSAGE,
                    Some(method_field),
                    Some("BUCKET"),
                ),
            );
        }
        // Checked before ACRM: no CORS answers 403 even without it [AWS-rec `options-with-origin-no-method`].
        Bucket::NoCors => {
            return rejected(
                403,
                error(
                    "AccessForbidden",
                    CORS_NOT_ENABLED_MESSAGE,
                    Some(method_field),
                    Some("BUCKET"),
                ),
            );
        }
        Bucket::Cors(config) => config,
    };
    let Some(method) = request.acr_method else {
        return rejected(400, error("BadRequest", NO_REQUEST_METHOD_MESSAGE, None, None));
    };
    let names = request.acr_headers.map(split_request_headers);
    match config.first_match(origin, method, names.as_deref()) {
        None => {
            let resource_type = match request.resource {
                Resource::Object => "OBJECT",
                Resource::BucketRoot => "BUCKET",
            };
            rejected(
                403,
                error(
                    "AccessForbidden",
                    NOT_ALLOWED_MESSAGE,
                    Some(method),
                    Some(resource_type),
                ),
            )
        }
        Some(index) => {
            let mut headers = cors_headers(&config.rules[index], origin, names.as_deref());
            // The 200 has an empty body and no Content-Type [AWS-rec].
            headers.push(header("Content-Length", "0"));
            Answer {
                status: Some(200),
                headers,
                error: None,
                rule: Some(index),
            }
        }
    }
}

/// The CORS headers S3 adds to an actual (non-OPTIONS) request's response (s3-cors.md §2, §3.2).
/// CORS never blocks an actual request on the server: the operation's own status stands, and a
/// matching rule adds its headers to it, errors included (§3.3).
pub fn actual(bucket: Bucket<'_>, request: &S3Request<'_>) -> Answer {
    let no_headers = Answer {
        status: None,
        headers: Vec::new(),
        error: None,
        rule: None,
    };
    let (Some(origin), Bucket::Cors(config)) = (request.origin, bucket) else {
        return no_headers;
    };
    // A literal Access-Control-Request-Method replaces the real method, and a literal
    // Access-Control-Request-Headers is checked; the real request headers never are
    // [AWS-rec `get-wrong-op`, `get-non-allowed-with-acl`].
    let method = request.acr_method.unwrap_or(request.method);
    let names = request.acr_headers.map(split_request_headers);
    match config.first_match(origin, method, names.as_deref()) {
        None => no_headers,
        Some(index) => Answer {
            status: None,
            // Allow-Headers is a preflight header only [AWS-rec `get-non-allowed`].
            headers: cors_headers(&config.rules[index], origin, None),
            error: None,
            rule: Some(index),
        },
    }
}

fn header(name: &'static str, value: impl Into<String>) -> Header<'static> {
    Header::new(name, value.into())
}

fn error(code: &str, message: &str, method: Option<&str>, resource_type: Option<&str>) -> SimulatedError {
    SimulatedError {
        code: code.to_string(),
        message: message.to_string(),
        method: method.map(str::to_string),
        resource_type: resource_type.map(str::to_string),
    }
}

/// An XML error answer: no CORS headers, no Vary [AWS-rec].
fn rejected(status: u16, error: SimulatedError) -> Answer {
    Answer {
        status: Some(status),
        headers: vec![header("Content-Type", "application/xml")],
        error: Some(error),
        rule: None,
    }
}

/// The headers of a matched rule (s3-cors.md §2 `headers(rule, preflight)`). `allow_headers` is
/// the preflight's requested names, already split; `None` on actual requests and on preflights
/// without `Access-Control-Request-Headers`.
fn cors_headers(rule: &CorsRule, origin: &str, allow_headers: Option<&[String]>) -> Vec<Header<'static>> {
    let mut headers = Vec::with_capacity(7);
    if rule.answers_wildcard() {
        headers.push(header("Access-Control-Allow-Origin", "*"));
    } else {
        // The origin is echoed, with credentials allowed, whatever the method [AWS-rec `get-right-origin`].
        headers.push(header("Access-Control-Allow-Origin", origin));
        headers.push(header("Access-Control-Allow-Credentials", "true"));
    }
    // Every method of the rule, not only the requested one [AWS-rec].
    headers.push(header("Access-Control-Allow-Methods", rule.allowed_methods.join(", ")));
    if let Some(names) = allow_headers.filter(|names| !names.is_empty()) {
        headers.push(header("Access-Control-Allow-Headers", names.join(", ")));
    }
    if !rule.expose_headers.is_empty() {
        headers.push(header("Access-Control-Expose-Headers", rule.expose_headers.join(", ")));
    }
    if let Some(seconds) = rule.max_age_seconds {
        headers.push(header("Access-Control-Max-Age", seconds.to_string()));
    }
    headers.push(header("Vary", VARY));
    headers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::headers;

    fn config(json: &str) -> CorsConfiguration {
        crate::s3::config::parse(json).expect("valid configuration")
    }

    fn request<'r>(
        method: &'r str,
        origin: Option<&'r str>,
        acrm: Option<&'r str>,
        acrh: Option<&'r str>,
    ) -> S3Request<'r> {
        S3Request {
            method,
            resource: Resource::Object,
            origin,
            acr_method: acrm,
            acr_headers: acrh,
        }
    }

    #[test]
    fn missing_bucket_with_origin_names_the_requested_method() {
        let a = preflight(
            Bucket::Missing,
            &request("OPTIONS", Some("https://a.test"), Some("PUT"), None),
        );
        assert_eq!(a.status, Some(403));
        let e = a.error.expect("error");
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            ("AccessForbidden", BUCKET_NOT_FOUND_MESSAGE)
        );
        assert_eq!(
            (e.method.as_deref(), e.resource_type.as_deref()),
            (Some("PUT"), Some("BUCKET"))
        );
    }

    #[test]
    fn preflight_echoes_requested_headers_lower_cased_and_all_rule_methods() {
        let c = config(
            r#"[{"AllowedOrigins":["https://a.test"],"AllowedMethods":["PUT","GET"],"AllowedHeaders":["X-Amz-*","content-type"],"ExposeHeaders":["ETag"],"MaxAgeSeconds":600}]"#,
        );
        let a = preflight(
            Bucket::Cors(&c),
            &request(
                "OPTIONS",
                Some("https://a.test"),
                Some("PUT"),
                Some(" Content-Type ,x-amz-date,,"),
            ),
        );
        assert_eq!(a.status, Some(200));
        assert_eq!(a.rule, Some(0));
        let h = &a.headers;
        assert_eq!(
            headers::get(h, "access-control-allow-origin").as_deref(),
            Some("https://a.test")
        );
        assert_eq!(
            headers::get(h, "access-control-allow-credentials").as_deref(),
            Some("true")
        );
        assert_eq!(
            headers::get(h, "access-control-allow-methods").as_deref(),
            Some("PUT, GET")
        );
        assert_eq!(
            headers::get(h, "access-control-allow-headers").as_deref(),
            Some("content-type, x-amz-date")
        );
        assert_eq!(
            headers::get(h, "access-control-expose-headers").as_deref(),
            Some("ETag")
        );
        assert_eq!(headers::get(h, "access-control-max-age").as_deref(), Some("600"));
        assert_eq!(headers::get(h, "vary").as_deref(), Some(VARY));
        assert_eq!(headers::get(h, "content-length").as_deref(), Some("0"));
    }

    #[test]
    fn first_full_match_wins_and_star_answers_star_without_credentials() {
        let c = config(
            r#"[{"AllowedOrigins":["*"],"AllowedMethods":["GET"]},{"AllowedOrigins":["https://a.test"],"AllowedMethods":["GET","PUT"]}]"#,
        );
        let get = actual(Bucket::Cors(&c), &request("GET", Some("https://a.test"), None, None));
        assert_eq!(get.rule, Some(0));
        assert_eq!(
            headers::get(&get.headers, "access-control-allow-origin").as_deref(),
            Some("*")
        );
        assert!(!headers::contains(&get.headers, "access-control-allow-credentials"));
        let put = actual(Bucket::Cors(&c), &request("PUT", Some("https://a.test"), None, None));
        assert_eq!(put.rule, Some(1));
        assert_eq!(
            headers::get(&put.headers, "access-control-allow-origin").as_deref(),
            Some("https://a.test")
        );
    }

    #[test]
    fn actual_requests_check_a_literal_acrh_and_never_echo_it() {
        let c = config(r#"[{"AllowedOrigins":["*"],"AllowedMethods":["GET"],"AllowedHeaders":["x-a"]}]"#);
        let ok = actual(Bucket::Cors(&c), &request("GET", Some("o"), None, Some("X-A")));
        assert_eq!(ok.rule, Some(0));
        assert!(!headers::contains(&ok.headers, "access-control-allow-headers"));
        let no = actual(Bucket::Cors(&c), &request("GET", Some("o"), None, Some("x-b")));
        assert!(no.headers.is_empty());
        let none = actual(Bucket::NoCors, &request("GET", Some("o"), None, None));
        assert_eq!((none.status, none.headers.len(), none.rule), (None, 0, None));
    }
}
