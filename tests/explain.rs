//! `explain`: reading pasted console text back into Chrome's errors. Real Chrome 156 and Firefox
//! console lines from the manifests of tests/data, round trips through every renderer of
//! `cors::reason`, noise, hints for what is not CORS, and hostile input.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use corshar::cors::reason::{AddressSpaces, CorsError, Failure, FirefoxReason, RequestKind};
use corshar::explain::{Browser, Mapping, Message, NotRecognisedKind, ParameterKind, explain, parameter_kind};
use serde_json::Value;

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(path)
}

fn manifest(dir: &str) -> Value {
    serde_json::from_slice(&std::fs::read(data(dir).join("manifest.json")).unwrap()).unwrap()
}

fn only(text: &str) -> Message {
    let explanation = explain(text).unwrap_or_else(|e| panic!("not recognised ({e}): {text}"));
    assert_eq!(explanation.messages.len(), 1, "{text}\n{explanation:#?}");
    explanation.messages.into_iter().next().unwrap()
}

const KINDS: [RequestKind; 8] = [
    RequestKind::Fetch,
    RequestKind::XmlHttpRequest,
    RequestKind::Script,
    RequestKind::Image,
    RequestKind::Font,
    RequestKind::Other,
    RequestKind::Stylesheet,
    RequestKind::Manifest,
];

/// A realistic failedParameter for each error (`""` when Chrome reports none).
fn sample_parameter(error: CorsError) -> &'static str {
    match (error, parameter_kind(error)) {
        (_, Some(ParameterKind::RequestHeader)) => "x-amz-date",
        (_, Some(ParameterKind::Method)) => "PATCH",
        (CorsError::MultipleAllowOriginValues | CorsError::PreflightMultipleAllowOriginValues, _) => {
            "https://a.test, https://b.test"
        }
        (CorsError::InvalidAllowOriginValue | CorsError::PreflightInvalidAllowOriginValue, _) => "*.acme.test",
        (_, Some(ParameterKind::AllowOrigin)) => "https://other.test",
        (_, Some(ParameterKind::AllowCredentials)) => "false",
        (_, Some(ParameterKind::RedirectLocation)) => "https://user:pw@cdn.test/x",
        (_, Some(ParameterKind::HeaderValue)) => "yes",
        (_, Some(ParameterKind::AllowMethodsToken | ParameterKind::AllowHeadersToken)) => "a b",
        (_, None) => "",
    }
}

const URL: &str = "https://acme-uploads.s3.us-east-2.amazonaws.com/in/photo.jpg?X-Amz-Signature=abc123";
const ORIGIN: &str = "https://portal.acme.test";

// ---------------------------------------------------------------------------------------------
// Real console lines

/// Every Chrome 156 console message in the manifest reads back as the error Chrome itself
/// reported for that request (Network.loadingFailed's corsErrorStatus and the CORS issue), with
/// the console exactly as CDP logged it, and again as DevTools shows it (source prefix, the
/// network line with method and status, the script's error).
#[test]
fn real_chrome_console_lines_read_as_chromes_own_errors() {
    let manifest = manifest("real-hars");
    let mut checked = 0;
    for file in manifest["files"].as_array().unwrap() {
        let name = file["file"].as_str().unwrap();
        let Some(reported) = file.get("browser_reported") else {
            continue;
        };
        let console: Vec<&str> = reported["browser_console"]
            .as_array()
            .map(|a| a.iter().map(|c| c["text"].as_str().unwrap()).collect())
            .unwrap_or_default();
        let failed: Vec<&Value> = reported["network_loading_failed"]
            .as_array()
            .map(|a| a.iter().filter(|f| !f["corsErrorStatus"].is_null()).collect())
            .unwrap_or_default();
        let issues = reported["cors_issues"].as_array().cloned().unwrap_or_default();
        let cors_lines = console.iter().filter(|t| t.contains("blocked by CORS policy")).count();
        assert_eq!(cors_lines, failed.len(), "{name}");
        if cors_lines == 0 {
            assert!(explain(&console.join("\n")).is_err(), "{name}");
            continue;
        }
        let as_logged = console.join("\n");
        let mut as_shown = String::new();
        for text in &console {
            if text.starts_with("Failed to load resource") {
                continue;
            }
            as_shown.push_str(&format!("(index):1 {text}\nUnderstand this error\n"));
        }
        for f in &failed {
            as_shown.push_str(&format!(
                "app.js:41  {} {} net::ERR_FAILED\nUncaught (in promise) TypeError: Failed to fetch\n",
                f["method"].as_str().unwrap(),
                f["url"].as_str().unwrap()
            ));
        }
        for (form, text) in [("as logged", &as_logged), ("as shown", &as_shown)] {
            let explanation = explain(text).unwrap();
            assert_eq!(explanation.messages.len(), failed.len(), "{name} {form}");
            for f in &failed {
                let url = f["url"].as_str().unwrap();
                let expected = f["corsErrorStatus"]["corsError"].as_str().unwrap();
                let parameter = f["corsErrorStatus"]["failedParameter"].as_str().unwrap();
                let m = explanation
                    .messages
                    .iter()
                    .find(|m| m.url.as_deref() == Some(url))
                    .unwrap_or_else(|| panic!("{name} {form}: no message for {url}"));
                assert_eq!(m.browser, Browser::Chrome);
                assert_eq!(m.cors_error.map(|e| e.name()), Some(expected), "{name} {form}");
                assert_eq!(m.mapping, Mapping::Exact);
                assert_eq!(m.failed_parameter.as_deref().unwrap_or(""), parameter);
                assert!(
                    issues.iter().any(|i| i["corsError"] == expected && i["url"] == url),
                    "{name}: the CORS issue agrees"
                );
                assert_eq!(m.origin.as_deref(), file["page_origin"].as_str());
                assert_eq!(
                    m.request_kind,
                    Some(RequestKind::from_resource_type(f["resourceType"].as_str().unwrap()))
                );
                assert_eq!(m.preflight, Some(expected.starts_with("Preflight")));
                assert!(
                    m.s3.as_ref().and_then(|s| s.bucket.as_ref()).is_some(),
                    "{name}: S3 URL"
                );
                if form == "as shown" {
                    assert_eq!(m.method.as_deref(), f["method"].as_str(), "{name}");
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 14, "7 blocked requests, two forms each");
}

/// Firefox's console for the same scenarios: a failed preflight prints two messages (the
/// preflight's reason with its status, then "CORS request did not succeed" with none), which
/// read back as the one preflight error Chrome reported; a blocked response prints one, whose 2xx
/// status from S3 shows it was no preflight (S3 answers a preflight 2xx only with CORS headers).
#[test]
fn real_firefox_console_lines_map_to_chromes_errors() {
    let manifest = manifest("real-hars-firefox");
    let mut checked = 0;
    for file in manifest["files"].as_array().unwrap() {
        let name = file["file"].as_str().unwrap();
        let console: Vec<&str> = file["browser_reported"]["firefox_console"]
            .as_array()
            .map(|a| a.iter().map(|c| c["text"].as_str().unwrap()).collect())
            .unwrap_or_default();
        let blocked: Vec<&Value> = file["failing_requests"]
            .as_array()
            .map(|a| a.iter().filter(|r| r["chrome_cors_error"].is_string()).collect())
            .unwrap_or_default();
        let text = console.join("\n");
        if blocked.is_empty() {
            assert!(explain(&text).is_err(), "{name}");
            continue;
        }
        let explanation = explain(&text).unwrap();
        assert_eq!(explanation.messages.len(), blocked.len(), "{name}: {explanation:#?}");
        for (m, request) in explanation.messages.iter().zip(&blocked) {
            let expected = request["chrome_cors_error"].as_str().unwrap();
            assert_eq!(m.browser, Browser::Firefox);
            assert_eq!(m.cors_error.map(|e| e.name()), Some(expected), "{name}");
            assert_eq!(m.firefox_reason, Some(FirefoxReason::CORSMissingAllowOrigin2));
            assert!(m.status.is_some(), "{name}: Firefox gives the status");
            assert!(m.origin.is_none(), "Firefox never names the origin");
            if expected.starts_with("Preflight") {
                assert_eq!(m.mapping, Mapping::Inferred, "{name}");
                assert_eq!(m.preflight, Some(true));
            } else {
                // S3 answers a preflight 2xx only with CORS headers: a 2xx without them is the response.
                assert!((200..300).contains(&m.status.unwrap()), "{name}");
                assert_eq!(m.mapping, Mapping::Inferred, "{name}");
                assert_eq!(m.preflight, Some(false));
            }
            assert_eq!(
                m.candidates,
                [
                    CorsError::MissingAllowOriginHeader,
                    CorsError::PreflightMissingAllowOriginHeader
                ]
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 7);
}

// ---------------------------------------------------------------------------------------------
// Round trips through the renderers

/// Every error Chrome has a text for, for every request kind, with and without a redirect, with
/// and without Chrome's fetch/XHR suffix (Chrome 156 no longer prints the no-cors hint), reads
/// back to the same error, parameter, URL, origin and kind. Chrome uses one text for
/// PrivateNetworkAccessPermissionDenied and LocalNetworkAccessPermissionDenied: that pair reads
/// as ambiguous, the current (LNA) name first.
#[test]
fn chrome_round_trip() {
    let spaces = AddressSpaces {
        target: Some("local"),
        resource: Some("loopback"),
    };
    let mut checked = 0;
    for error in CorsError::ALL {
        if !error.has_chrome_text() {
            // CDP-only (NoCorsRedirectModeNotFollow): Chrome prints no console text for it.
            continue;
        }
        let parameter = sample_parameter(error);
        let failure = Failure::new(error, parameter);
        for kind in KINDS {
            for redirected_from in [None, Some("https://api.acme.test/files/1")] {
                let mut line = failure.chrome_console(kind, URL, redirected_from, ORIGIN);
                // chrome_console has no address spaces: put them in as Chrome would.
                let plain = failure.chrome_text(kind);
                line = line.replace(&plain, &failure.chrome_text_with(kind, spaces));
                let without_suffix = line.replace(&failure.chrome_text(kind), &failure.chrome_text(RequestKind::Other));
                for text in [line, without_suffix] {
                    let m = only(&text);
                    assert_eq!(m.browser, Browser::Chrome);
                    if error == CorsError::PrivateNetworkAccessPermissionDenied
                        || error == CorsError::LocalNetworkAccessPermissionDenied
                    {
                        assert_eq!(m.mapping, Mapping::Ambiguous);
                        assert_eq!(m.cors_error, Some(CorsError::LocalNetworkAccessPermissionDenied));
                        assert!(m.candidates.contains(&error));
                    } else {
                        assert_eq!(m.cors_error, Some(error), "{text}");
                        assert_eq!(m.mapping, Mapping::Exact);
                        assert_eq!(m.preflight, Some(error.is_preflight()));
                    }
                    assert_eq!(m.request_kind, Some(kind), "{text}");
                    assert_eq!(m.url.as_deref(), Some(URL));
                    assert_eq!(m.redirected_from.as_deref(), redirected_from);
                    assert_eq!(m.origin.as_deref(), Some(ORIGIN));
                    if failure.chrome_text(RequestKind::Other).contains(parameter) && !parameter.is_empty() {
                        assert_eq!(m.failed_parameter.as_deref(), Some(parameter), "{text}");
                        assert_eq!(m.parameter_kind, parameter_kind(error));
                    }
                    if text.contains("`local`") {
                        assert_eq!(m.target_address_space.as_deref(), Some("local"));
                    }
                    if text.contains("`loopback`") {
                        assert_eq!(m.resource_address_space.as_deref(), Some("loopback"));
                    }
                    assert!(!m.reason.is_empty());
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 34 * 8 * 2 * 2);
}

/// The Chrome errors each of Firefox's reasons stands for (its words, with the value they quote).
/// This is the documented ambiguity: a reason shared by several errors reads as `ambiguous`
/// (or `inferred` when the value decides), never as a wrong exact error.
const FIREFOX_FAMILIES: &[(FirefoxReason, &[CorsError])] = &[
    (
        FirefoxReason::CORSMissingAllowOrigin2,
        &[
            CorsError::MissingAllowOriginHeader,
            CorsError::PreflightMissingAllowOriginHeader,
        ],
    ),
    (
        FirefoxReason::CORSNotSupportingCredentials,
        &[
            CorsError::WildcardOriginNotAllowed,
            CorsError::PreflightWildcardOriginNotAllowed,
        ],
    ),
    (
        FirefoxReason::CORSMultipleAllowOriginNotAllowed,
        &[
            CorsError::MultipleAllowOriginValues,
            CorsError::PreflightMultipleAllowOriginValues,
        ],
    ),
    (
        FirefoxReason::CORSMissingAllowCredentials,
        &[
            CorsError::InvalidAllowCredentials,
            CorsError::PreflightInvalidAllowCredentials,
        ],
    ),
    (FirefoxReason::CORSRequestNotHttp, &[CorsError::CorsDisabledScheme]),
    (
        FirefoxReason::CORSPreflightDidNotSucceed3,
        &[CorsError::PreflightInvalidStatus],
    ),
    (
        FirefoxReason::CORSExternalRedirectNotAllowed,
        &[CorsError::PreflightDisallowedRedirect],
    ),
    (
        FirefoxReason::CORSInvalidAllowMethod,
        &[CorsError::InvalidAllowMethodsPreflightResponse],
    ),
    (
        FirefoxReason::CORSInvalidAllowHeader,
        &[CorsError::InvalidAllowHeadersPreflightResponse],
    ),
    (
        FirefoxReason::CORSMethodNotFound,
        &[CorsError::MethodDisallowedByPreflightResponse],
    ),
    (
        FirefoxReason::CORSMissingAllowHeaderFromPreflight2,
        &[CorsError::HeaderDisallowedByPreflightResponse],
    ),
];

/// Every error through Firefox's renderer reads back to a message whose candidates hold the
/// error: exactly when Firefox's reason is the error's alone, else as the documented family.
/// "CORS request did not succeed" (the errors Firefox has no reason for) maps to no Chrome error.
#[test]
fn firefox_round_trip() {
    for error in CorsError::ALL {
        let parameter = sample_parameter(error);
        let failure = Failure::new(error, parameter);
        for status in [Some(403), None] {
            let line = failure.firefox_console(URL, ORIGIN, "PUT", status);
            let m = only(&line);
            assert_eq!(m.browser, Browser::Firefox);
            assert_eq!(m.url.as_deref(), Some(URL));
            assert!(m.candidates.contains(&error), "{error}: {line}\n{m:#?}");
            let key = m.firefox_reason.unwrap();
            if key == FirefoxReason::CORSDidNotSucceed2 {
                assert_eq!(m.cors_error, None, "{error}");
                assert_eq!(m.mapping, Mapping::None);
                continue;
            }
            let cors_error = m.cors_error.unwrap();
            match m.mapping {
                Mapping::Exact => assert_eq!(cors_error, error, "{line}"),
                Mapping::Inferred | Mapping::Ambiguous => {
                    assert!(m.candidates.len() > 1);
                    // The value quoted decides between response and preflight never, between
                    // mismatch, invalid and several values always.
                    assert_eq!(
                        cors_error.name().trim_start_matches("Preflight"),
                        error.name().trim_start_matches("Preflight"),
                        "{line}"
                    );
                }
                Mapping::None => panic!("{line}"),
            }
            if let Some((_, family)) = FIREFOX_FAMILIES.iter().find(|(k, _)| *k == key) {
                assert_eq!(m.candidates, *family, "{key:?}");
            } else {
                assert_eq!(key, FirefoxReason::CORSAllowOriginNotMatchingOrigin);
            }
            if parameter_kind(error) == Some(ParameterKind::RequestHeader) {
                assert_eq!(m.failed_parameter.as_deref(), Some(parameter));
            }
        }
    }
}

/// Every error through Safari's renderer (fetch, XHR, and loads without a "cannot load" line)
/// reads back to one message whose candidates hold the error; the three lines WebKit prints are
/// one message with the URL. WebKit's "Origin ... is not allowed by Access-Control-Allow-Origin"
/// stands for a missing and a mismatching value, on a preflight and a response alike; errors
/// WebKit has no words for read as "cannot load" with no error.
#[test]
fn safari_round_trip() {
    for error in CorsError::ALL {
        let parameter = sample_parameter(error);
        let failure = Failure::new(error, parameter);
        for kind in [RequestKind::Fetch, RequestKind::XmlHttpRequest, RequestKind::Other] {
            let text = failure.safari_console(kind, URL, ORIGIN, "PUT", Some(403));
            if text.is_empty() {
                continue; // WebKit prints nothing at all for this load.
            }
            let with_prefix: String = text.lines().map(|l| format!("[Error] {l}\n")).collect();
            for text in [text.clone(), with_prefix] {
                let m = only(&text);
                assert_eq!(m.browser, Browser::Safari);
                if kind != RequestKind::Other {
                    assert_eq!(m.url.as_deref(), Some(URL), "{text}");
                    assert_eq!(m.request_kind, Some(kind));
                }
                if m.mapping == Mapping::None {
                    assert!(m.candidates.is_empty());
                    assert!(m.reason.contains("paste it too"));
                    continue;
                }
                assert!(m.candidates.contains(&error), "{error}: {text}\n{m:#?}");
                if m.candidates.len() == 1 {
                    assert_eq!(m.cors_error, Some(error));
                    assert_eq!(m.mapping, Mapping::Exact);
                }
                if m.text.starts_with("Origin ") {
                    assert_eq!(m.origin.as_deref(), Some(ORIGIN));
                    assert_eq!(m.status, Some(403));
                }
            }
        }
    }
    let m = only(
        "[Error] Origin https://a.test is not allowed by Access-Control-Allow-Origin. Status code: 403\n\
         [Error] Fetch API cannot load https://b.s3.eu-west-1.amazonaws.com/k due to access control checks.\n\
         [Error] Failed to load resource: Origin https://a.test is not allowed by Access-Control-Allow-Origin. Status code: 403",
    );
    assert_eq!(m.cors_error, Some(CorsError::MissingAllowOriginHeader));
    assert_eq!(m.mapping, Mapping::Ambiguous);
    // With an error status it was the response: WebKit says "Preflight response is not
    // successful" for a preflight that failed with one.
    assert!(
        !m.candidates.contains(&CorsError::PreflightAllowOriginMismatch),
        "{:?}",
        m.candidates
    );
    assert!(m.candidates.contains(&CorsError::AllowOriginMismatch));
    assert_eq!(
        m.text,
        "Origin https://a.test is not allowed by Access-Control-Allow-Origin. Status code: 403\n\
         Fetch API cannot load https://b.s3.eu-west-1.amazonaws.com/k due to access control checks."
    );
    let header = only(
        "[Error] Request header field X-Amz-Date is not allowed by Access-Control-Allow-Headers.\n\
         [Error] XMLHttpRequest cannot load https://b.s3.eu-west-1.amazonaws.com/k due to access control checks.",
    );
    assert_eq!(header.cors_error, Some(CorsError::HeaderDisallowedByPreflightResponse));
    assert_eq!(header.mapping, Mapping::Exact);
    assert_eq!(header.failed_parameter.as_deref(), Some("x-amz-date"));
    let redirect = only("[Error] Preflight response is not successful. Status code: 307");
    assert_eq!(redirect.cors_error, Some(CorsError::PreflightDisallowedRedirect));
    assert_eq!(redirect.mapping, Mapping::Inferred);
    let status = only("[Error] Preflight response is not successful. Status code: 403");
    assert_eq!(status.cors_error, Some(CorsError::PreflightInvalidStatus));
    assert_eq!(status.mapping, Mapping::Ambiguous);
    assert!(
        status
            .candidates
            .contains(&CorsError::PreflightMissingAllowOriginHeader)
    );
}

/// WebKit checks a preflight's status before its CORS headers (validatePreflightResponse), so
/// S3's 403 to a preflight no rule matches reads "Preflight response is not successful" in
/// Safari, where Chrome says PreflightMissingAllowOriginHeader; and Safari's "Origin ... is not
/// allowed" with an error status can only be the response's.
#[test]
fn safari_checks_the_preflight_status_first() {
    let s3_preflight = only(
        "[Error] Preflight response is not successful. Status code: 403\n\
         [Error] Fetch API cannot load https://acme-telemetry-ingest.s3.us-east-2.amazonaws.com/a.ndjson due to access \
         control checks.\n\
         [Error] Failed to load resource: Preflight response is not successful. Status code: 403",
    );
    assert_eq!(
        s3_preflight.cors_error,
        Some(CorsError::PreflightMissingAllowOriginHeader)
    );
    assert_eq!(s3_preflight.mapping, Mapping::Inferred);
    assert!(s3_preflight.candidates.contains(&CorsError::PreflightInvalidStatus));
    assert!(
        s3_preflight
            .fix
            .unwrap()
            .summary
            .starts_with("Make one rule allow ORIGIN, METHOD")
    );
    let wrong_region = only(
        "[Error] Preflight response is not successful. Status code: 301\n\
         [Error] Fetch API cannot load https://b.s3.us-west-2.amazonaws.com/k due to access control checks.",
    );
    assert_eq!(
        wrong_region.cors_error,
        Some(CorsError::PreflightMissingAllowOriginHeader)
    );
    let response = only(
        "[Error] Origin https://a.test is not allowed by Access-Control-Allow-Origin. Status code: 403\n\
         [Error] Fetch API cannot load https://api.test/k due to access control checks.",
    );
    assert_eq!(response.preflight, Some(false));
    assert_eq!(response.cors_error, Some(CorsError::MissingAllowOriginHeader));
    assert!(
        !response
            .candidates
            .contains(&CorsError::PreflightMissingAllowOriginHeader),
        "{:?}",
        response.candidates
    );
    // With a successful status the same words may be a preflight's.
    let ok = only(
        "[Error] Origin https://a.test is not allowed by Access-Control-Allow-Origin. Status code: 200\n\
         [Error] Fetch API cannot load https://api.test/k due to access control checks.",
    );
    assert!(
        ok.candidates.contains(&CorsError::PreflightMissingAllowOriginHeader),
        "{:?}",
        ok.candidates
    );
}

// ---------------------------------------------------------------------------------------------
// What the explanation says

#[test]
fn header_not_allowed_on_s3_names_the_rule_change() {
    let m = only(&format!(
        "Access to fetch at '{URL}' from origin '{ORIGIN}' has been blocked by CORS policy: Request header field \
         x-amz-date is not allowed by Access-Control-Allow-Headers in preflight response."
    ));
    assert_eq!(m.cors_error, Some(CorsError::HeaderDisallowedByPreflightResponse));
    assert_eq!(m.parameter_kind, Some(ParameterKind::RequestHeader));
    let fix = m.fix.unwrap();
    assert_eq!(
        fix.summary,
        "Add x-amz-date to AllowedHeaders of the rule for https://portal.acme.test."
    );
    assert!(fix.cors_rule_change);
    let s3 = m.s3.unwrap();
    assert_eq!(s3.bucket.as_deref(), Some("acme-uploads"));
    assert_eq!(s3.region.as_deref(), Some("us-east-2"));
    let commands: Vec<&str> = m.checks.iter().filter_map(|c| c.command.as_deref()).collect();
    assert!(commands.contains(&"aws s3api get-bucket-cors --bucket 'acme-uploads' --region 'us-east-2'"));
    assert!(commands.iter().any(|c| c.starts_with("curl -i -X OPTIONS")
        && c.contains("-H 'Origin: https://portal.acme.test'")
        && c.contains("-H 'Access-Control-Request-Method: METHOD'")
        && c.ends_with("-H 'Access-Control-Request-Headers: x-amz-date'")));
    assert!(
        m.notes
            .iter()
            .any(|n| n.starts_with("METHOD: the console line does not say"))
    );
}

#[test]
fn missing_allow_origin_without_preflight_on_s3() {
    let text = format!(
        "Access to fetch at '{URL}' from origin '{ORIGIN}' has been blocked by CORS policy: No \
         'Access-Control-Allow-Origin' header is present on the requested resource.\n\
         GET {URL} net::ERR_FAILED 200 (OK)"
    );
    let m = only(&text);
    assert_eq!(m.cors_error, Some(CorsError::MissingAllowOriginHeader));
    assert_eq!(m.method.as_deref(), Some("GET"));
    assert_eq!(m.status, Some(200));
    let fix = m.fix.unwrap();
    assert!(
        fix.summary
            .contains("https://portal.acme.test (AllowedOrigins) and GET (AllowedMethods)")
    );
    assert!(fix.summary.contains("get-bucket-cors tells which"));
    let rule = serde_json::to_value(fix.example_rule.unwrap()).unwrap();
    assert_eq!(
        rule,
        serde_json::json!({"AllowedMethods": ["GET"], "AllowedOrigins": ["https://portal.acme.test"]})
    );
    assert!(m.checks.iter().any(|c| c.command.as_deref()
        == Some(
            "curl -i -X OPTIONS 'https://acme-uploads.s3.us-east-2.amazonaws.com/in/photo.jpg?X-Amz-Signature=abc123' \
             -H 'Origin: https://portal.acme.test' -H 'Access-Control-Request-Method: GET'"
        )));
    let codes: Vec<&str> = m.possible_causes.iter().map(|c| c.code()).collect();
    assert_eq!(
        codes,
        [
            "s3-cors-not-configured",
            "s3-origin-not-allowed",
            "s3-method-not-allowed"
        ]
    );
}

#[test]
fn wildcard_with_credentials_inserts_a_rule_before_the_star() {
    let m = only(&format!(
        "Access to XMLHttpRequest at '{URL}' from origin '{ORIGIN}' has been blocked by CORS policy: The value of the \
         'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's \
         credentials mode is 'include'. The credentials mode of requests initiated by the XMLHttpRequest is \
         controlled by the withCredentials attribute."
    ));
    assert_eq!(m.cors_error, Some(CorsError::WildcardOriginNotAllowed));
    assert!(
        m.fix
            .unwrap()
            .summary
            .starts_with("Insert a rule for https://portal.acme.test before the '*' rule")
    );
    assert_eq!(m.possible_causes[0].code(), "credentials-with-wildcard-origin");
}

#[test]
fn other_servers_and_other_errors() {
    let m = only(
        "Access to fetch at 'https://api.acme.test/v1' from origin 'https://app.acme.test' has been blocked by CORS \
         policy: The 'Access-Control-Allow-Origin' header has a value 'https://app.acme.test/' that is not equal to \
         the supplied origin. Have the server send the header with a valid value, or, if an opaque response serves \
         your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
    );
    assert_eq!(m.cors_error, Some(CorsError::AllowOriginMismatch));
    assert!(m.s3.is_none());
    assert!(m.notes.iter().any(|n| n.contains("trailing slash")), "{:#?}", m.notes);
    assert_eq!(m.possible_causes[0].code(), "server-cors-policy");

    let redirect = only(
        "Access to fetch at 'https://new-bucket.s3.amazonaws.com/k' from origin 'https://a.test' has been blocked by \
         CORS policy: Response to preflight request doesn't pass access control check: Redirect is not allowed for a \
         preflight request.",
    );
    let fix = redirect.fix.unwrap();
    assert!(
        fix.summary
            .starts_with("Call the bucket's regional endpoint, https://new-bucket.s3.REGION.amazonaws.com")
    );
    assert!(!fix.cors_rule_change);
    assert!(
        redirect
            .checks
            .iter()
            .any(|c| c.command.as_deref() == Some("aws s3api get-bucket-location --bucket 'new-bucket'"))
    );

    let patch = only(&format!(
        "Access to fetch at '{URL}' from origin '{ORIGIN}' has been blocked by CORS policy: Method PATCH is not \
         allowed by Access-Control-Allow-Methods in preflight response."
    ));
    assert_eq!(patch.method.as_deref(), Some("PATCH"));
    assert!(patch.fix.unwrap().summary.starts_with("S3 can never allow PATCH"));

    let firefox_only = only(
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at \
         https://a.test/x. (Reason: CORS disabled).",
    );
    assert_eq!(firefox_only.firefox_reason, Some(FirefoxReason::CORSDisabled));
    assert_eq!(firefox_only.mapping, Mapping::None);
    assert!(firefox_only.reason.contains("content.cors.disable"));

    let older = only(
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at \
         https://a.test/x. (Reason: missing token 'x-amz-date' in CORS header 'Access-Control-Allow-Headers' from \
         CORS preflight channel).",
    );
    assert_eq!(older.cors_error, Some(CorsError::HeaderDisallowedByPreflightResponse));
    assert_eq!(older.failed_parameter.as_deref(), Some("x-amz-date"));

    let unknown_text = only(
        "Access to fetch at 'https://a.test/x' from origin 'https://b.test' has been blocked by CORS policy: \
         Something Chrome 300 says.",
    );
    assert_eq!(unknown_text.cors_error, None);
    assert_eq!(unknown_text.mapping, Mapping::None);
    assert!(unknown_text.reason.contains("words corshar does not know"));
}

#[test]
fn older_one_line_forms() {
    let chrome = only(
        "XMLHttpRequest cannot load https://b.s3.amazonaws.com/k. Response to preflight request doesn't pass access \
         control check: No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin \
         'http://localhost:3000' is therefore not allowed access. The response had HTTP status code 403.",
    );
    assert_eq!(chrome.browser, Browser::Chrome);
    assert_eq!(chrome.cors_error, Some(CorsError::PreflightMissingAllowOriginHeader));
    assert_eq!(chrome.origin.as_deref(), Some("http://localhost:3000"));
    assert_eq!(chrome.status, Some(403));
    let safari = only(
        "XMLHttpRequest cannot load https://b.s3.amazonaws.com/k. Origin http://localhost:3000 is not allowed by \
         Access-Control-Allow-Origin.",
    );
    assert_eq!(safari.browser, Browser::Safari);
    assert_eq!(safari.origin.as_deref(), Some("http://localhost:3000"));
    assert_eq!(safari.cors_error, Some(CorsError::MissingAllowOriginHeader));
}

// ---------------------------------------------------------------------------------------------
// Noise, several messages, hints

#[test]
fn a_whole_console_with_noise() {
    let text = format!(
        "Navigated to https://portal.acme.test/upload\n\
         [HMR] connected\n\
         upload.js:88 Starting upload…\n\
         (index):1 Access to fetch at '{URL}' from origin '{ORIGIN}' has been blocked by CORS policy: Response to \
         preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on \
         the requested resource.\n\
         Understand this error\n\
         upload.js:90  PUT {URL} net::ERR_FAILED\n\
         upload.js:95 Uncaught (in promise) TypeError: Failed to fetch\n    at upload (upload.js:90:11)\n\
         (index):1 Access to fetch at '{URL}' from origin '{ORIGIN}' has been blocked by CORS policy: Response to \
         preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on \
         the requested resource.\n\
         api.js:3  GET https://dead.acme.test/health net::ERR_NAME_NOT_RESOLVED\n"
    );
    let explanation = explain(&text).unwrap();
    assert_eq!(explanation.messages.len(), 1);
    let m = &explanation.messages[0];
    assert_eq!(m.occurrences, 2);
    assert_eq!(m.line, 4);
    assert_eq!(m.method.as_deref(), Some("PUT"));
    assert_eq!(m.cors_error, Some(CorsError::PreflightMissingAllowOriginHeader));
    assert_eq!(
        explanation.notes,
        [
            "A network error, not CORS: net::ERR_NAME_NOT_RESOLVED: the host name does not resolve: check the URL's \
          host (for S3, the bucket name and region in it)."
        ]
    );
    // Two messages on one line (newlines lost in a chat paste) are still two.
    let one_line: &str = "Access to fetch at 'https://a.test/1' from origin 'https://o.test' has been blocked by CORS policy: No \
         'Access-Control-Allow-Origin' header is present on the requested resource. Access to image at \
         'https://a.test/2.png' from origin 'https://o.test' has been blocked by CORS policy: No \
         'Access-Control-Allow-Origin' header is present on the requested resource.";
    let explanation = explain(one_line).unwrap();
    assert_eq!(explanation.messages.len(), 2);
    assert_eq!(explanation.messages[1].request_kind, Some(RequestKind::Image));
    assert_eq!(explanation.messages[1].url.as_deref(), Some("https://a.test/2.png"));
}

#[test]
fn what_is_not_cors_says_what_it_is() {
    let kind = |text: &str| explain(text).unwrap_err();
    let e = kind("GET https://acme.s3.us-east-1.amazonaws.com/x net::ERR_NAME_NOT_RESOLVED");
    assert_eq!(e.kind, NotRecognisedKind::NetworkError);
    assert!(
        e.hint
            .starts_with("This is a network error, not CORS: net::ERR_NAME_NOT_RESOLVED"),
        "{e}"
    );
    assert_eq!(kind("   \n\t").kind, NotRecognisedKind::Empty);
    let e = kind("Uncaught (in promise) TypeError: Failed to fetch");
    assert_eq!(e.kind, NotRecognisedKind::ScriptErrorOnly);
    assert!(e.hint.contains("'Failed to fetch' is the error your script saw"));
    assert_eq!(
        kind("TypeError: NetworkError when attempting to fetch resource.").kind,
        NotRecognisedKind::ScriptErrorOnly
    );
    assert_eq!(
        kind("Mixed Content: The page at 'https://a.test/' was loaded over HTTPS, but requested an insecure resource 'http://b.s3-website-us-east-1.amazonaws.com/'. This request has been blocked.").kind,
        NotRecognisedKind::MixedContent
    );
    assert_eq!(
        kind("Refused to connect to 'https://b.s3.amazonaws.com/' because it violates the following Content Security Policy directive: \"connect-src 'self'\".").kind,
        NotRecognisedKind::ContentSecurityPolicy
    );
    assert_eq!(
        kind("Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf https://a.test/. (Grund: CORS-Kopfzeile 'Access-Control-Allow-Origin' fehlt).").kind,
        NotRecognisedKind::UnknownWording
    );
    assert_eq!(
        kind("[Error] Failed to load resource: A server with the specified hostname could not be found.").kind,
        NotRecognisedKind::NetworkError
    );
    assert_eq!(
        kind("Failed to load resource: the server responded with a status of 403 (Forbidden)").kind,
        NotRecognisedKind::HttpError
    );
    assert_eq!(kind("hello world").kind, NotRecognisedKind::NoCorsMessage);
}

// ---------------------------------------------------------------------------------------------
// Output

#[test]
fn json_text_and_masking() {
    let text = format!(
        "Access to fetch at '{URL}' from origin '{ORIGIN}' has been blocked by CORS policy: Request header field \
         x-amz-date is not allowed by Access-Control-Allow-Headers in preflight response."
    );
    let explanation = explain(&text).unwrap();
    let json = serde_json::to_value(&explanation).unwrap();
    assert_eq!(json["schema"], "corshar.explain/v1");
    assert_eq!(json["messages"][0]["cors_error"], "HeaderDisallowedByPreflightResponse");
    assert_eq!(json["messages"][0]["browser"], "chrome");
    assert_eq!(json["messages"][0]["mapping"], "exact");
    assert_eq!(json["messages"][0]["parameter_kind"], "request-header");
    assert!(explanation.render_text().contains("X-Amz-Signature=abc123"));
    let masked = explanation.redacted();
    let everything = serde_json::to_string(&masked).unwrap() + &masked.render_text();
    assert!(!everything.contains("abc123"), "{everything}");
    assert!(everything.contains("X-Amz-Signature=REDACTED"));
    assert!(masked.messages[0].checks.iter().any(|c| {
        c.command
            .as_deref()
            .is_some_and(|c| c.contains("photo.jpg?X-Amz-Signature=REDACTED'"))
    }));
}

// ---------------------------------------------------------------------------------------------
// Hostile input

#[test]
fn hostile_input_neither_panics_nor_crawls() {
    let started = Instant::now();
    let mut inputs: Vec<String> = vec![
        "\u{0}\u{1}\u{7f}\u{80}\u{9f}\u{feff}\u{200b}\u{e000}\u{e003}\u{e005}".into(),
        "Access to fetch at '".into(),
        "Access to  at '' from origin '' has been blocked by CORS policy: ".into(),
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at . (Reason: )."
            .into(),
        "[Error] Origin  is not allowed by Access-Control-Allow-Origin. Status code: 99999999999999999999".into(),
        "\r\r\n\n\r".into(),
        "Access to fetch at 'x' from origin 'y' has been blocked by CORS policy: Method \u{e000} is not allowed by \
         Access-Control-Allow-Methods in preflight response."
            .into(),
    ];
    // Megabytes: repeated frames on one line, frames with no end, every message's first words.
    let frame = "Access to fetch at 'https://a.test/x' from origin 'https://o.test' has been blocked by CORS policy: ";
    inputs.push(frame.repeat(20_000));
    inputs.push("Access to fetch at 'https://a.test/".repeat(60_000));
    inputs.push(format!("{frame}Method {}", "PATCH ".repeat(400_000)));
    inputs.push(
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://a/x. (Reason: "
            .repeat(20_000),
    );
    inputs.push("Origin https://a is not allowed by Request header field Fetch API cannot load ".repeat(30_000));
    inputs.push(
        (0..30_000)
            .map(|i| format!("Access to fetch at 'https://a.test/{i}' from origin 'https://o.test' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\n"))
            .collect(),
    );
    inputs.push(
        (0..1_000_000u32)
            .map(|i| char::from_u32(i % 0x3000).unwrap_or('?'))
            .collect(),
    );
    for input in &inputs {
        let t = Instant::now();
        let result = explain(input);
        assert!(
            t.elapsed() < Duration::from_secs(15),
            "{} bytes took {:?}",
            input.len(),
            t.elapsed()
        );
        if let Ok(explanation) = result {
            assert!(explanation.messages.len() <= corshar::explain::MAX_MESSAGES);
            let _ = explanation.render_text();
        }
    }
    let many = explain(inputs.iter().rev().nth(1).unwrap()).unwrap();
    assert_eq!(many.messages.len(), corshar::explain::MAX_MESSAGES);
    assert!(many.notes.iter().any(|n| n.contains("more distinct messages")));
    assert!(started.elapsed() < Duration::from_secs(60));
}

/// A message hard-wrapped by an e-mail client or a terminal is read across its lines.
#[test]
fn hard_wrapped_messages() {
    let chrome = only(
        "Access to XMLHttpRequest at 'https://b.s3.eu-west-1.amazonaws.com/k' from origin\n\
         'https://a.test' has been blocked by CORS policy: Request header field\n\
         x-amz-date is not allowed by Access-Control-Allow-Headers in preflight response.\n\
         GET https://b.s3.eu-west-1.amazonaws.com/k net::ERR_FAILED",
    );
    assert_eq!(chrome.cors_error, Some(CorsError::HeaderDisallowedByPreflightResponse));
    assert_eq!(chrome.failed_parameter.as_deref(), Some("x-amz-date"));
    assert_eq!(chrome.method.as_deref(), Some("GET"));
    let firefox = only(
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at\n\
         https://b.s3.eu-west-1.amazonaws.com/k. (Reason: CORS header ‘Access-Control-Allow-Origin’\n\
         missing). Status code: 403.",
    );
    assert_eq!(firefox.status, Some(403));
    assert_eq!(firefox.firefox_reason, Some(FirefoxReason::CORSMissingAllowOrigin2));
}
