//! Fetch vectors (fetch-cors.md §12): preflight needed, blocked, reason, failed parameter,
//! Access-Control-Request-Headers, readable headers, preflight cache lifetime.

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use crate::cors::check::{self, Hop, PreflightResponse};
use crate::cors::request::{access_control_request_headers, needs_preflight, unsafe_request_header_names};
use crate::cors::{Browser, Credentials, Failure, Mode, Request, Response};
use crate::headers::{self, Header};

/// One case of vectors/fetch.json.
#[derive(Debug, Deserialize)]
struct Case {
    name: String,
    request: CaseRequest,
    preflight_response: Option<CaseResponse>,
    response: Option<CaseResponse>,
    #[serde(default)]
    redirect_chain: Vec<CaseHop>,
    expect: Expect,
}

#[derive(Debug, Deserialize)]
struct CaseRequest {
    url: String,
    origin: String,
    method: String,
    credentials: String,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    headers: HeaderLines,
    #[serde(default)]
    use_cors_preflight_flag: bool,
}

#[derive(Debug, Deserialize)]
struct CaseResponse {
    status: i64,
    #[serde(default)]
    headers: HeaderLines,
}

#[derive(Debug, Deserialize)]
struct CaseHop {
    url: String,
    status: i64,
    #[serde(default)]
    headers: HeaderLines,
}

#[derive(Debug, Deserialize)]
struct Expect {
    preflight_needed: bool,
    blocked: bool,
    reason: Option<String>,
    #[serde(default)]
    failed_parameter: Option<String>,
    #[serde(default)]
    access_control_request_headers: Option<String>,
    #[serde(default)]
    exposed_headers_readable: Option<Vec<String>>,
    #[serde(default)]
    preflight_cache_seconds: Option<CacheSeconds>,
}

#[derive(Debug, Deserialize)]
struct CacheSeconds {
    spec_before_ua_cap: u64,
    chrome: u64,
    firefox: u64,
    webkit: u64,
}

/// A vector's `headers` object: name → value, or name → array of values (repeated lines, wire
/// order). Kept as lines in document order, which serde_json's `Value` map would not keep.
#[derive(Debug, Default)]
struct HeaderLines(Vec<Header<'static>>);

impl<'de> Deserialize<'de> for HeaderLines {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LinesVisitor;

        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(String),
            Many(Vec<String>),
        }

        impl<'de> Visitor<'de> for LinesVisitor {
            type Value = HeaderLines;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of header name to value or array of values")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HeaderLines, A::Error> {
                let mut lines = Vec::new();
                while let Some((name, values)) = map.next_entry::<String, OneOrMany>()? {
                    match values {
                        OneOrMany::One(value) => lines.push(Header::new(name, value)),
                        OneOrMany::Many(values) => {
                            lines.extend(values.into_iter().map(|v| Header::new(name.clone(), v)));
                        }
                    }
                }
                Ok(HeaderLines(lines))
            }
        }

        deserializer.deserialize_map(LinesVisitor)
    }
}

/// Runs one case (a JSON object of vectors/fetch.json); `Err` says what differed.
pub fn run_case(case: &serde_json::Value) -> Result<(), String> {
    let case = Case::deserialize(case).map_err(|e| format!("unreadable case: {e}"))?;
    let differences = judge(&case)?;
    if differences.is_empty() {
        Ok(())
    } else {
        Err(format!("{}: {}", case.name, differences.join("; ")))
    }
}

/// Runs every Fetch case of a vector file (a JSON array); one line per failing case.
pub fn run_all(cases: &serde_json::Value) -> Vec<String> {
    let Some(cases) = cases.as_array() else {
        return vec!["not a JSON array of cases".to_string()];
    };
    cases
        .iter()
        .enumerate()
        .filter(|(_, case)| is_case(case))
        .filter_map(|(index, case)| run_case(case).err().map(|e| format!("#{index} {e}")))
        .collect()
}

/// Replays the case and lists every expectation that differs.
fn judge(case: &Case) -> Result<Vec<String>, String> {
    let credentials = Credentials::parse(&case.request.credentials)
        .ok_or_else(|| format!("{}: unknown credentials {:?}", case.name, case.request.credentials))?;
    let mode = match &case.request.mode {
        None => Mode::Cors,
        Some(mode) => Mode::parse(mode).ok_or_else(|| format!("{}: unknown mode {mode:?}", case.name))?,
    };
    let request = Request {
        method: &case.request.method,
        url: &case.request.url,
        origin: &case.request.origin,
        headers: &case.request.headers.0,
        credentials,
        mode,
        use_cors_preflight_flag: case.request.use_cors_preflight_flag,
    };
    let expect = &case.expect;
    let mut differences = Vec::new();
    let mut compare = |what: &str, want: String, got: String| {
        if want != got {
            differences.push(format!("{what}: want {want}, got {got}"));
        }
    };

    compare(
        "preflight_needed",
        expect.preflight_needed.to_string(),
        needs_preflight(&request).to_string(),
    );
    if let Some(want) = &expect.access_control_request_headers {
        compare(
            "access_control_request_headers",
            format!("{want:?}"),
            format!(
                "{:?}",
                access_control_request_headers(request.headers).unwrap_or_default()
            ),
        );
    }

    let verdict = replay(&request, case);
    compare("blocked", expect.blocked.to_string(), verdict.is_err().to_string());
    let got_reason = verdict.as_ref().err().map(|f| f.error.name().to_string());
    compare("reason", format!("{:?}", expect.reason), format!("{got_reason:?}"));
    if let Some(want) = &expect.failed_parameter {
        let got = verdict.as_ref().err().map(|f| f.failed_parameter.clone());
        compare(
            "failed_parameter",
            format!("{want:?}"),
            format!("{:?}", got.unwrap_or_default()),
        );
    }

    if let Some(want) = &expect.exposed_headers_readable {
        let got = case
            .response
            .as_ref()
            .map(|r| check::readable_response_headers(&r.headers.0, credentials))
            .unwrap_or_default();
        compare("exposed_headers_readable", format!("{want:?}"), format!("{got:?}"));
    }
    if let Some(want) = &expect.preflight_cache_seconds {
        let max_age = case
            .preflight_response
            .as_ref()
            .and_then(|p| headers::get(&p.headers.0, "access-control-max-age"));
        let max_age = max_age.as_deref();
        for (ua, browser, want) in [
            ("spec_before_ua_cap", None, want.spec_before_ua_cap),
            ("chrome", Some(Browser::Chrome), want.chrome),
            ("firefox", Some(Browser::Firefox), want.firefox),
            ("webkit", Some(Browser::Safari), want.webkit),
        ] {
            compare(
                &format!("preflight_cache_seconds.{ua}"),
                want.to_string(),
                check::max_age_seconds(max_age, browser).to_string(),
            );
        }
    }
    Ok(differences)
}

/// The browser's verdict on the recorded exchange: checks before sending, the preflight (when one
/// was recorded), then the redirect hops and the final response (when the request was sent).
fn replay(request: &Request<'_>, case: &Case) -> Result<(), Failure> {
    check::request_check(request)?;
    if let Some(preflight) = &case.preflight_response {
        let unsafe_names = unsafe_request_header_names(request.headers);
        let headers = &preflight.headers.0;
        let response = PreflightResponse {
            status: preflight.status,
            headers,
            redirected: check::is_redirect(preflight.status, headers),
        };
        check::preflight_check(request, &unsafe_names, &response)?;
    }
    if let Some(response) = &case.response {
        let hops: Vec<Hop<'_>> = case
            .redirect_chain
            .iter()
            .map(|hop| Hop {
                url: &hop.url,
                status: hop.status,
                headers: &hop.headers.0,
            })
            .collect();
        let response = Response {
            status: response.status,
            headers: &response.headers.0,
        };
        check::actual_check(request, &hops, &response)?;
    }
    Ok(())
}

/// True when the object has the shape of a Fetch vector.
pub fn is_case(case: &serde_json::Value) -> bool {
    case.get("preflight_response").is_some() && case.get("expect").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTORS: &str = include_str!("../../tests/data/vectors/fetch.json");

    #[test]
    fn every_fetch_vector_passes() {
        let cases: serde_json::Value = serde_json::from_str(VECTORS).expect("fetch.json is JSON");
        let total = cases.as_array().map_or(0, Vec::len);
        assert_eq!(total, 118, "fetch.json changed size");
        let failures = run_all(&cases);
        assert!(
            failures.is_empty(),
            "{} of {total} fetch vectors fail:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn a_difference_names_the_field_and_both_values() {
        let case = serde_json::json!({
            "name": "made up",
            "request": {"method": "GET", "credentials": "omit", "headers": {},
                        "url": "https://api.example.net/r", "origin": "https://app.example.com"},
            "preflight_response": null,
            "response": {"status": 200, "headers": {}},
            "expect": {"preflight_needed": false, "blocked": false, "reason": null}
        });
        let err = run_case(&case).unwrap_err();
        assert!(err.starts_with("made up: "), "{err}");
        assert!(err.contains("blocked: want false, got true"), "{err}");
        assert!(
            err.contains("reason: want None, got Some(\"MissingAllowOriginHeader\")"),
            "{err}"
        );
    }

    #[test]
    fn repeated_header_lines_keep_wire_order() {
        let lines: HeaderLines = serde_json::from_str(r#"{"B": "1", "A": ["x", "y"], "c": ""}"#).unwrap();
        let got: Vec<_> = lines.0.iter().map(|h| format!("{}={}", h.name, h.value)).collect();
        assert_eq!(got, ["B=1", "A=x", "A=y", "c="]);
        assert!(serde_json::from_str::<HeaderLines>(r#"{"A": 1}"#).is_err());
    }
}
