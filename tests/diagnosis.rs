//! Diagnoses that hinge on one detail of the record, on small HARs built in the test: what S3's
//! kept error body says, a preflight the producer did not record, a preflight whose request is
//! missing, a server that is not S3, a redirected preflight.

use corshar::{GivenCors, Options, Report, analyze};
use serde_json::{Value, json};

const PAGE: &str = "https://app.acme.test";
const URL: &str = "https://photos.s3.us-east-2.amazonaws.com/u/cat.png";

fn headers(pairs: &[(&str, &str)]) -> Value {
    Value::Array(pairs.iter().map(|(n, v)| json!({"name": n, "value": v})).collect())
}

fn entry(
    method: &str,
    url: &str,
    t: &str,
    req: &[(&str, &str)],
    status: i64,
    resp: &[(&str, &str)],
    extra: Value,
) -> Value {
    let mut e = json!({
        "startedDateTime": t,
        "request": {"method": method, "url": url, "headers": headers(req)},
        "response": {"status": status, "headers": headers(resp), "content": {"size": 0, "mimeType": "x-unknown"}},
    });
    if let (Some(e), Some(extra)) = (e.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            if k == "response" {
                for (rk, rv) in v.as_object().unwrap() {
                    e["response"].as_object_mut().unwrap().insert(rk.clone(), rv.clone());
                }
            } else {
                e.insert(k.clone(), v.clone());
            }
        }
    }
    e
}

fn har(creator: &str, entries: Vec<Value>) -> Vec<u8> {
    serde_json::to_vec(&json!({"log": {"version": "1.2", "creator": {"name": creator}, "entries": entries}})).unwrap()
}

fn preflight_403(body: Option<&str>) -> Value {
    let mut extra = json!({"_resourceType": "preflight", "response": {"_error": null}});
    if let Some(text) = body {
        extra["response"]["content"] = json!({"size": text.len(), "mimeType": "application/xml", "text": text});
    }
    entry(
        "OPTIONS",
        URL,
        "2026-11-27T10:00:00.001Z",
        &[
            ("Origin", PAGE),
            ("Access-Control-Request-Method", "PUT"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        403,
        &[
            ("Content-Type", "application/xml"),
            ("Server", "AmazonS3"),
            ("x-amz-request-id", "R1"),
        ],
        extra,
    )
}

fn blocked_put() -> Value {
    entry(
        "PUT",
        URL,
        "2026-11-27T10:00:00.000Z",
        &[("Content-Type", "image/png")],
        0,
        &[],
        json!({"_resourceType": "fetch", "response": {"_error": "net::ERR_FAILED"}}),
    )
}

fn report(bytes: &[u8], cors: Vec<GivenCors>) -> Report {
    analyze(
        bytes,
        &Options {
            cors,
            ..Options::default()
        },
    )
    .unwrap()
}

fn codes(report: &Report, entry: usize) -> Vec<&'static str> {
    report
        .findings
        .iter()
        .find(|f| f.entry == entry)
        .unwrap()
        .causes
        .iter()
        .map(|c| c.code.code())
        .collect()
}

#[test]
fn a_kept_error_body_tells_no_cors_from_no_matching_rule() {
    let not_enabled = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessForbidden</Code><Message>CORSResponse: CORS is not enabled for this bucket.</Message><Method>PUT</Method><ResourceType>OBJECT</ResourceType><RequestId>R1</RequestId></Error>";
    let r = report(
        &har("mitmproxy", vec![blocked_put(), preflight_403(Some(not_enabled))]),
        vec![],
    );
    assert_eq!(codes(&r, 0), ["s3-cors-not-configured"]);
    assert!(!r.findings[0].causes[0].assumed);

    let not_allowed = "<Error><Code>AccessForbidden</Code><Message>CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.</Message></Error>";
    let r = report(
        &har("mitmproxy", vec![blocked_put(), preflight_403(Some(not_allowed))]),
        vec![],
    );
    assert_eq!(codes(&r, 0), ["s3-no-rule-matched"]);
    assert!(r.findings[0].causes[0].summary.contains("the bucket has CORS rules"));

    // Chrome keeps no preflight body: either is possible, and corshar says so.
    let r = report(&har("WebInspector", vec![blocked_put(), preflight_403(None)]), vec![]);
    assert_eq!(codes(&r, 0), ["s3-no-rule-matched"]);
    assert!(r.findings[0].causes[0].assumed);
    assert_eq!(r.fixes.len(), 1);
    assert!(!r.fixes[0].complete && !r.fixes[0].verified);
}

#[test]
fn a_preflight_the_producer_did_not_record_is_simulated_from_the_configuration() {
    // Playwright: no preflight entry, status -1 and _failureText.
    let put = entry(
        "PUT",
        URL,
        "2026-11-27T10:00:00.000Z",
        &[("Content-Type", "image/png"), ("Origin", PAGE)],
        -1,
        &[],
        json!({"response": {"_failureText": "net::ERR_FAILED"}}),
    );
    let bytes = har("Playwright", vec![put]);
    let r = report(&bytes, vec![]);
    assert_eq!(r.findings[0].verdict, corshar::report::Verdict::Blocked);
    assert!(
        r.findings[0].browser_error.is_none(),
        "without the configuration the HAR cannot show the browser's error"
    );
    assert!(codes(&r, 0).contains(&"preflight-not-recorded"));
    assert!(r.warnings.iter().any(|w| w.code.code() == "producer-limitation"));

    let config = corshar::s3::config::parse(
        r#"{"CORSRules": [{"AllowedOrigins": ["https://app.acme.test"], "AllowedMethods": ["GET", "PUT"]}]}"#,
    )
    .unwrap();
    let r = report(
        &bytes,
        vec![GivenCors {
            bucket: Some("photos".into()),
            config: Some(config),
        }],
    );
    let e = r.findings[0].browser_error.as_ref().unwrap();
    assert_eq!(
        (e.code.name(), e.basis),
        ("PreflightMissingAllowOriginHeader", "simulated")
    );
    assert!(codes(&r, 0).contains(&"s3-header-not-allowed"), "{:?}", codes(&r, 0));
    let fix = &r.fixes[0];
    assert!(fix.verified);
    assert_eq!(fix.config.rules[0].allowed_headers, ["content-type"]);
    assert!(
        fix.config.rules[0].expose_headers.is_empty(),
        "ETag is not proven needed: advice, not configuration"
    );
    assert!(fix.advice[0].contains("ETag"), "{:?}", fix.advice);
}

/// Proxies never see a request its preflight stopped, and chrome-har drops failed requests: the
/// preflight alone is then the record of the failure, and it is diagnosed as the request it
/// guarded. A preflight that passed, whose request is missing, is only noted.
#[test]
fn a_failed_preflight_without_its_request_is_diagnosed() {
    let r = report(&har("mitmproxy", vec![preflight_403(None)]), vec![]);
    let f = &r.findings[0];
    assert_eq!(
        (f.entry, f.preflight_entry, f.request_recorded, f.method.as_str()),
        (0, Some(0), false, "PUT")
    );
    assert_eq!(
        f.browser_error.as_ref().unwrap().code.name(),
        "PreflightMissingAllowOriginHeader"
    );
    let w = r
        .warnings
        .iter()
        .find(|w| w.code.code() == "unpaired-preflight")
        .unwrap();
    assert_eq!(w.entries, [0]);
    assert!(
        r.warnings.iter().any(|w| w.code.code() == "producer-limitation"),
        "a proxy shows no browser verdict"
    );

    let passed = entry(
        "OPTIONS",
        URL,
        "2026-11-27T10:00:00.001Z",
        &[
            ("Origin", PAGE),
            ("Access-Control-Request-Method", "PUT"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        200,
        &[
            ("Access-Control-Allow-Origin", PAGE),
            ("Access-Control-Allow-Methods", "PUT"),
            ("Access-Control-Allow-Headers", "content-type"),
        ],
        json!({"_resourceType": "preflight", "response": {"_error": null}}),
    );
    let r = report(&har("WebInspector", vec![passed]), vec![]);
    assert!(r.findings.is_empty(), "a preflight that passed has nothing to diagnose");
    assert!(r.warnings.iter().any(|w| w.code.code() == "unpaired-preflight"));
}

#[test]
fn a_server_that_is_not_s3_gets_the_generic_remedy_and_no_s3_fix() {
    let api = "https://api.acme.test/v1/items";
    let post = entry(
        "POST",
        api,
        "2026-11-27T10:00:00.000Z",
        &[
            ("Origin", PAGE),
            ("Content-Type", "text/plain"),
            ("Sec-Fetch-Mode", "cors"),
        ],
        400,
        &[("Content-Type", "application/json")],
        json!({"_resourceType": "fetch", "response": {"_error": "net::ERR_FAILED"}}),
    );
    let r = report(&har("WebInspector", vec![post]), vec![]);
    let f = &r.findings[0];
    assert_eq!(
        f.browser_error.as_ref().unwrap().code.name(),
        "MissingAllowOriginHeader"
    );
    assert_eq!(codes(&r, 0), ["server-cors-policy"]);
    assert!(r.fixes.is_empty());
}

#[test]
fn a_redirected_preflight_is_not_a_rule_problem() {
    let pre = entry(
        "OPTIONS",
        "https://photos.s3.amazonaws.com/u/cat.png",
        "2026-11-27T10:00:00.001Z",
        &[
            ("Origin", PAGE),
            ("Access-Control-Request-Method", "PUT"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        307,
        &[
            ("Location", "https://photos.s3.eu-west-1.amazonaws.com/u/cat.png"),
            ("x-amz-bucket-region", "eu-west-1"),
            ("Server", "AmazonS3"),
        ],
        json!({"_resourceType": "preflight", "response": {"_error": "net::ERR_INVALID_REDIRECT"}}),
    );
    let put = entry(
        "PUT",
        "https://photos.s3.amazonaws.com/u/cat.png",
        "2026-11-27T10:00:00.000Z",
        &[("Content-Type", "image/png")],
        0,
        &[],
        json!({"_resourceType": "fetch", "response": {"_error": "net::ERR_FAILED"}}),
    );
    let r = report(&har("WebInspector", vec![put, pre]), vec![]);
    assert_eq!(
        r.findings[0].browser_error.as_ref().unwrap().code.name(),
        "PreflightDisallowedRedirect"
    );
    assert_eq!(codes(&r, 0), ["s3-preflight-redirect"]);
    assert!(r.fixes.is_empty(), "no CORS change for an endpoint problem");
}

/// A successful cross-origin PUT whose `ETag` is not exposed: a plain PutObject is fine (most
/// pages never read it, and corshar's own fix for a PUT blocked at its preflight cannot know
/// that it would; the real-browser loop caught corshar flagging its verified fix), an UploadPart
/// is not (the page must send each part's ETag back to complete the upload).
#[test]
fn an_unexposed_etag_matters_for_upload_part_not_for_a_plain_put() {
    let put = |url: &str| {
        let preflight = entry(
            "OPTIONS",
            url,
            "2026-11-27T10:00:00.000Z",
            &[
                ("Origin", PAGE),
                ("Access-Control-Request-Method", "PUT"),
                ("Access-Control-Request-Headers", "content-type"),
            ],
            200,
            &[
                ("Access-Control-Allow-Origin", PAGE),
                ("Access-Control-Allow-Methods", "PUT"),
                ("Access-Control-Allow-Headers", "content-type"),
                (
                    "Vary",
                    "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
                ),
            ],
            json!({"_resourceType": "preflight"}),
        );
        let actual = entry(
            "PUT",
            url,
            "2026-11-27T10:00:00.100Z",
            &[("Origin", PAGE), ("Content-Type", "image/png")],
            200,
            &[
                ("Access-Control-Allow-Origin", PAGE),
                ("ETag", "\"9b2cf535f27731c974343645a3985328\""),
                (
                    "Vary",
                    "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
                ),
            ],
            json!({"_resourceType": "fetch"}),
        );
        report(&har("WebInspector", vec![preflight, actual]), Vec::new())
    };
    let plain = put(URL);
    assert_eq!(
        plain.findings.iter().find(|f| f.entry == 1).unwrap().verdict,
        corshar::report::Verdict::Ok
    );
    assert!(!plain.has_problems());

    let part = put(&format!("{URL}?partNumber=2&uploadId=VXBsb2Fk"));
    assert_eq!(
        part.findings.iter().find(|f| f.entry == 1).unwrap().verdict,
        corshar::report::Verdict::Unreadable
    );
    assert_eq!(codes(&part, 1), ["expose-header-missing"]);
}
