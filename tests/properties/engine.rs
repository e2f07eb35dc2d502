//! Property 1 at the whole engine's level: a HAR recorded under a configuration (S3's answers
//! simulated, the browser's verdicts Chrome's), analysed with that configuration given: under
//! `fixes[].config` every request a rule can serve passes, judged independently; what passed
//! still passes and reads what it must.

use corshar::cors::check::{self, PreflightResponse};
use corshar::cors::{self, Credentials, Mode};
use corshar::headers::Header;
use corshar::s3::CorsConfiguration;
use corshar::s3::fix::Need;
use corshar::s3::simulate::{self, Bucket, Resource, S3Request};
use corshar::{GivenCors, Options, analyze};
use proptest::prelude::*;
use serde_json::{Value, json};

use super::cases;
use super::judge;
use super::strategies::{self, RawRequest};

const BUCKET: &str = "media";

fn url(i: usize) -> String {
    format!("https://{BUCKET}.s3.us-east-1.amazonaws.com/photos/{i}.jpg")
}

fn header_list(hs: &[(String, String)]) -> Value {
    hs.iter().map(|(n, v)| json!({"name": n, "value": v})).collect()
}

#[allow(clippy::too_many_arguments)]
fn entry(
    at: usize,
    kind: &str,
    method: &str,
    url: &str,
    request: &[(String, String)],
    status: i64,
    response: &[(String, String)],
    error: Option<&str>,
) -> Value {
    json!({
        "_initiator": {"type": "script"},
        "_resourceType": kind,
        "cache": {},
        "startedDateTime": format!("2026-11-27T19:19:{:02}.{:03}Z", at / 1000, at % 1000),
        "time": 5.0,
        "request": {"method": method, "url": url, "httpVersion": "HTTP/1.1", "headers": header_list(request),
                    "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": status, "statusText": "", "httpVersion": "HTTP/1.1", "headers": header_list(response),
                     "cookies": [], "content": {"size": 0, "mimeType": "x-unknown"}, "redirectURL": "",
                     "headersSize": -1, "bodySize": -1, "_error": error},
        "timings": {"send": 0, "wait": 4, "receive": 1},
    })
}

fn owned(hs: &[Header<'_>]) -> Vec<(String, String)> {
    hs.iter().map(|h| (h.name.to_string(), h.value.to_string())).collect()
}

/// A request as recorded, and what the page must read from its response.
struct Recorded {
    need: Need,
    allowed: bool,
    /// The response's header names (not the CORS ones), for what the page could read.
    present: Vec<String>,
}

/// The HAR Chrome would record for `raw` against S3 under `config`.
/// With `shared`, requests alternate between two URLs, so that preflights must be paired by time.
fn record(config: Option<&CorsConfiguration>, raw: &[RawRequest], shared: bool) -> (Vec<u8>, Vec<Recorded>) {
    let bucket = config.map_or(Bucket::NoCors, Bucket::Cors);
    let mut entries = Vec::new();
    let mut recorded = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        // A PUT whose page reads ETag is a multipart UploadPart (the engine counts ETag as needed
        // there only: a plain PutObject's is not assumed read).
        let upload_part = r.method == "PUT" && r.reads.iter().any(|n| n.eq_ignore_ascii_case("etag"));
        let mut url = url(if shared { i % 2 } else { i });
        if upload_part {
            url.push_str("?partNumber=1&uploadId=VXBsb2Fk");
        }
        let credentials = if r.credentials {
            Credentials::Include
        } else {
            Credentials::SameOrigin
        };
        let mut request: Vec<(String, String)> = vec![
            ("Origin".into(), r.origin.clone()),
            ("Referer".into(), format!("{}/", r.origin)),
            ("Sec-Fetch-Mode".into(), "cors".into()),
        ];
        if r.credentials {
            request.push(("Cookie".into(), "sid=1".into()));
        }
        for name in r.preflight.iter().flatten() {
            let value = if name == "content-type" {
                "application/json"
            } else {
                "v"
            };
            request.push((name.clone(), value.into()));
        }
        let range = r.method == "GET" && r.reads.iter().any(|n| n == "content-range");
        if range {
            request.push(("Range".into(), "bytes=0-9".into()));
        }
        let names: Vec<Header<'_>> = request
            .iter()
            .map(|(n, v)| Header::new(n.as_str(), v.as_str()))
            .collect();
        let browser_request = cors::Request {
            method: &r.method,
            url: &url,
            origin: &r.origin,
            headers: &names,
            credentials,
            mode: Mode::Cors,
            use_cors_preflight_flag: r.preflight.is_some(),
        };
        let mut blocked_at_preflight = false;
        if let Some(unsafe_names) = &r.preflight {
            let acrh = (!unsafe_names.is_empty()).then(|| {
                let mut sorted = unsafe_names.clone();
                sorted.sort();
                sorted.join(",")
            });
            let answer = simulate::preflight(
                bucket,
                &S3Request {
                    method: "OPTIONS",
                    resource: Resource::Object,
                    origin: Some(&r.origin),
                    acr_method: Some(&r.method),
                    acr_headers: acrh.as_deref(),
                },
            );
            let mut pre: Vec<(String, String)> = vec![
                ("Origin".into(), r.origin.clone()),
                ("Access-Control-Request-Method".into(), r.method.clone()),
            ];
            if let Some(acrh) = &acrh {
                pre.push(("Access-Control-Request-Headers".into(), acrh.clone()));
            }
            let status = i64::from(answer.status.unwrap_or(0));
            let response = PreflightResponse {
                status,
                headers: &answer.headers,
                redirected: false,
            };
            blocked_at_preflight = check::preflight_check(&browser_request, unsafe_names, &response).is_err();
            entries.push(entry(
                entries.len() * 10,
                "preflight",
                "OPTIONS",
                &url,
                &pre,
                status,
                &owned(&answer.headers),
                None,
            ));
        }
        // What the page must read: the engine's list (x-amz-version-id when sent, ETag of an
        // UploadPart, Content-Range of a range read).
        let mut must_read = Vec::new();
        let mut present = Vec::new();
        let allowed;
        if blocked_at_preflight {
            entries.push(entry(
                entries.len() * 10,
                "fetch",
                &r.method,
                &url,
                &request,
                0,
                &[],
                Some("net::ERR_FAILED"),
            ));
            allowed = false;
        } else {
            let answer = simulate::actual(
                bucket,
                &S3Request {
                    method: &r.method,
                    resource: Resource::Object,
                    origin: Some(&r.origin),
                    acr_method: None,
                    acr_headers: None,
                },
            );
            let mut response = owned(&answer.headers);
            response.push(("Content-Type".into(), "image/jpeg".into()));
            response.push(("ETag".into(), "\"0123abcd\"".into()));
            response.push(("x-amz-request-id".into(), "0682E927A08CEE12".into()));
            if upload_part {
                must_read.push("etag".to_owned());
            }
            if r.reads.iter().any(|n| n == "x-amz-version-id") {
                response.push(("x-amz-version-id".into(), "v1".into()));
                must_read.push("x-amz-version-id".to_owned());
            }
            let status = if range {
                response.push(("Content-Range".into(), "bytes 0-9/100".into()));
                must_read.push("content-range".to_owned());
                206
            } else {
                200
            };
            let headers: Vec<Header<'_>> = response
                .iter()
                .map(|(n, v)| Header::new(n.as_str(), v.as_str()))
                .collect();
            allowed = check::actual_check(
                &browser_request,
                &[],
                &cors::Response {
                    status,
                    headers: &headers,
                },
            )
            .is_ok();
            present = response
                .iter()
                .map(|(n, _)| n.to_ascii_lowercase())
                .filter(|n| !n.starts_with("access-control-") && n != "vary")
                .collect();
            let error = (!allowed).then_some("net::ERR_FAILED");
            entries.push(entry(
                entries.len() * 10,
                "fetch",
                &r.method,
                &url,
                &request,
                status,
                &response,
                error,
            ));
        }
        recorded.push(Recorded {
            need: Need {
                entry: i,
                origin: r.origin.clone(),
                method: r.method.clone(),
                preflight_headers: r.preflight.clone(),
                credentials: r.credentials,
                must_read,
                keep_readable: Vec::new(),
                passed: allowed,
            },
            allowed,
            present,
        });
    }
    let doc = json!({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "pages": [], "entries": entries}});
    (serde_json::to_vec(&doc).unwrap(), recorded)
}

fn recording() -> impl Strategy<Value = (Option<CorsConfiguration>, Vec<RawRequest>, bool)> {
    strategies::config().prop_flat_map(|c| {
        (
            prop::collection::vec(strategies::raw_request(c.as_ref()), 1..=5),
            prop::bool::weighted(0.3),
        )
            .prop_map(move |(raw, shared)| (c.clone(), raw, shared))
    })
}

proptest! {
    #![proptest_config(cases(1000))]

    /// 1 (engine). Under the configuration analyze proposes (or the given one, when it proposes
    /// none), every request a rule can serve passes; what passed keeps passing and reads what it
    /// read and what it must.
    #[test]
    fn p1_engine_fix_makes_every_recorded_request_pass((current, raw, shared) in recording()) {
        let (bytes, recorded) = record(current.as_ref(), &raw, shared);
        let options = Options {
            cors: vec![GivenCors { bucket: Some(BUCKET.into()), config: current.clone() }],
            ..Options::default()
        };
        let report = analyze(&bytes, &options).expect("a HAR");
        let json = serde_json::to_value(&report).unwrap();
        let fixes = json["fixes"].as_array().unwrap();
        prop_assert!(fixes.len() <= 1);
        let after: Option<CorsConfiguration> = match fixes.first() {
            Some(fix) => {
                prop_assert_eq!(&fix["verified"], &json!(true), "fix not verified: {}", fix);
                Some(serde_json::from_value(fix["config"].clone()).unwrap())
            }
            None => current.clone(),
        };
        // No wildcard the configuration did not use; no origin no request came from.
        let old = current.clone().unwrap_or_default();
        let old_values: Vec<String> = old
            .rules
            .iter()
            .flat_map(|r| r.allowed_origins.iter().chain(&r.allowed_headers).chain(&r.expose_headers))
            .map(|v| v.to_ascii_lowercase())
            .collect();
        for rule in after.iter().flat_map(|c| &c.rules) {
            for v in rule.allowed_origins.iter().chain(&rule.allowed_headers).chain(&rule.expose_headers) {
                prop_assert!(!v.contains('*') || old_values.contains(&v.to_ascii_lowercase()), "adds the wildcard {}", v);
            }
            for o in &rule.allowed_origins {
                prop_assert!(
                    old.rules.iter().any(|r| r.allowed_origins.contains(o)) || raw.iter().any(|r| &r.origin == o),
                    "adds the origin {}, which no request came from",
                    o
                );
            }
        }
        for r in &recorded {
            if !judge::fixable(&r.need) {
                continue;
            }
            let before = judge::browser(current.as_ref(), &r.need);
            prop_assert_eq!(before.allowed, r.allowed);
            let fate = judge::browser(after.as_ref(), &r.need);
            prop_assert!(fate.allowed, "request {} ({} {} from {}) still blocked under {:?}; report: {}", r.need.entry, r.need.method, url(if shared { r.need.entry % 2 } else { r.need.entry }), r.need.origin, after, json["findings"]);
            if before.allowed {
                for ((name, was), is) in r.need.must_read.iter().zip(&before.readable).zip(&fate.readable) {
                    prop_assert!(*is, "request {} cannot read {} (could before: {}) under {:?}", r.need.entry, name, was, after);
                }
                // Every header of the response it could read, it still can.
                let every = Need { must_read: Vec::new(), keep_readable: r.present.clone(), ..r.need.clone() };
                let (was, is) = (judge::browser(current.as_ref(), &every), judge::browser(after.as_ref(), &every));
                for ((name, was), is) in r.present.iter().zip(&was.readable).zip(&is.readable) {
                    prop_assert!(!*was || *is, "request {} could read {} and no longer can under {:?}", r.need.entry, name, after);
                }
            }
        }
    }
}
