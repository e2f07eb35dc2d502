//! Generators: S3 CORS configurations and the recorded requests a fix must serve, drawn from small
//! overlapping pools so that near misses (right host, wrong scheme or port; the apex next to a
//! `*.` pattern; a header a wildcard covers; credentials meeting a `*` rule) come up in most cases.

use corshar::s3::fix::{self, Need};
use corshar::s3::{CorsConfiguration, CorsRule};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

/// Origins requests come from. Each has a near miss in the pool or among the patterns.
pub const REQUEST_ORIGINS: &[&str] = &[
    "https://app.example.com",
    "http://app.example.com",
    "https://app.example.com:8443",
    "https://cdn.example.com",
    "https://example.com",
    "https://a.b.example.com",
    "http://localhost:5173",
    "https://evil.test",
];

/// Patterns only a configuration uses.
const ORIGIN_PATTERNS: &[&str] = &[
    "*",
    "https://*.example.com",
    "http://*.example.com",
    "https://app.example.*",
    "http://localhost:*",
    "*.example.com",
    "https://*",
    "",
];

pub const METHODS: &[&str] = &["GET", "PUT", "POST", "DELETE", "HEAD"];

const ALLOWED_HEADERS: &[&str] = &[
    "*",
    "x-amz-*",
    "X-Amz-*",
    "content-type",
    "Content-Type",
    "authorization",
    "x-amz-date",
    "range",
    "x-custom",
    "amz-sdk-*",
    "*-request",
];

const EXPOSE_HEADERS: &[&str] = &["ETag", "etag", "x-amz-version-id", "Content-Range", "x-amz-request-id"];

/// Names a browser lists in `Access-Control-Request-Headers` (lower case, as it sends them).
pub const REQUEST_HEADERS: &[&str] = &[
    "content-type",
    "x-amz-date",
    "x-amz-acl",
    "authorization",
    "range",
    "x-custom",
    "amz-sdk-request",
    "x-amz-meta-foo",
    "x-amz-content-sha256",
];

/// Response headers a page reads.
const READ_HEADERS: &[&str] = &["etag", "x-amz-version-id", "content-range", "content-length", "ETag"];

fn origin_value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(REQUEST_ORIGINS),
        2 => select(ORIGIN_PATTERNS),
    ]
    .prop_map(str::to_owned)
}

fn strings(v: Vec<&str>) -> Vec<String> {
    v.into_iter().map(str::to_owned).collect()
}

/// A rule S3 would accept: 1–3 origins, 1–3 methods, 0–3 allowed headers, 0–2 expose headers.
pub fn rule() -> impl Strategy<Value = CorsRule> {
    (
        prop::collection::vec(origin_value(), 1..=3),
        subsequence(METHODS, 1..=3).prop_shuffle(),
        subsequence(ALLOWED_HEADERS, 0..=3).prop_shuffle(),
        subsequence(EXPOSE_HEADERS, 0..=2),
        prop::option::weighted(0.5, select(&[0i64, 600, 3000, 7200][..])),
        prop::option::weighted(0.3, "[a-z]{1,6}"),
    )
        .prop_map(|(mut origins, methods, headers, expose, max_age, id)| {
            origins.dedup();
            CorsRule {
                id,
                allowed_headers: strings(headers),
                allowed_methods: strings(methods),
                allowed_origins: origins,
                expose_headers: strings(expose),
                max_age_seconds: max_age,
            }
        })
}

/// `None`: the bucket has no CORS configuration. Otherwise 0–4 rules.
pub fn config() -> impl Strategy<Value = Option<CorsConfiguration>> {
    prop_oneof![
        1 => Just(None),
        8 => prop::collection::vec(rule(), 0..=4).prop_map(|rules| Some(CorsConfiguration { rules })),
    ]
}

/// A configuration with at least one rule (what S3 stores).
pub fn stored_config() -> impl Strategy<Value = CorsConfiguration> {
    prop::collection::vec(rule(), 1..=4).prop_map(|rules| CorsConfiguration { rules })
}

/// One recorded request before it is judged: who sent it, how, and what the page reads.
#[derive(Clone, Debug)]
pub struct RawRequest {
    pub origin: String,
    pub method: String,
    /// `Some` when the browser preflights it (always for PUT/DELETE/PATCH).
    pub preflight: Option<Vec<String>>,
    pub credentials: bool,
    pub reads: Vec<String>,
    /// Keep `reads` as `must_read` even when the recording was blocked (the API allows it).
    pub must_read_when_blocked: bool,
}

/// A request drawn from the pools, and as often from what `config` names (its exact origins, its
/// methods, its concrete header names), so that many requests pass and the rest miss narrowly.
pub fn raw_request(config: Option<&CorsConfiguration>) -> impl Strategy<Value = RawRequest> + use<> {
    let rules = config.map(|c| c.rules.as_slice()).unwrap_or_default();
    let mut origins: Vec<String> = rules
        .iter()
        .flat_map(|r| &r.allowed_origins)
        .filter(|o| !o.contains('*'))
        .cloned()
        .collect();
    origins.sort();
    origins.dedup();
    let mut headers: Vec<String> = rules
        .iter()
        .flat_map(|r| &r.allowed_headers)
        .filter(|h| !h.contains('*'))
        .map(|h| h.to_ascii_lowercase())
        .collect();
    headers.extend(REQUEST_HEADERS.iter().map(|h| (*h).to_owned()));
    headers.sort();
    headers.dedup();
    let mut methods: Vec<&'static str> = METHODS
        .iter()
        .copied()
        .filter(|m| rules.iter().any(|r| r.allows_method(m)))
        .collect();
    if methods.is_empty() {
        methods = METHODS.to_vec();
    }
    let origin = if origins.is_empty() {
        prop_oneof![40 => select(REQUEST_ORIGINS), 1 => Just("null")]
            .prop_map(str::to_owned)
            .boxed()
    } else {
        prop_oneof![
            20 => select(REQUEST_ORIGINS).prop_map(str::to_owned),
            20 => select(origins),
            1 => Just("null".to_owned()),
        ]
        .boxed()
    };
    (
        origin,
        prop_oneof![20 => select(METHODS), 20 => select(methods), 1 => Just("PATCH")],
        prop::option::weighted(0.4, subsequence(headers, 0..=2).prop_shuffle()),
        prop::bool::weighted(0.35),
        prop_oneof![
            30 => subsequence(READ_HEADERS, 0..=2).prop_map(strings),
            1 => Just(vec!["set-cookie".to_owned()]),
        ],
        prop::bool::weighted(0.3),
    )
        .prop_map(
            |(origin, method, preflight, credentials, reads, must_read_when_blocked)| {
                let simple = matches!(method, "GET" | "HEAD" | "POST");
                let preflight = match preflight {
                    Some(names) => Some(names),
                    None if simple => None,
                    None => Some(Vec::new()),
                };
                RawRequest {
                    origin,
                    method: method.to_owned(),
                    preflight,
                    credentials,
                    reads,
                    must_read_when_blocked,
                }
            },
        )
}

/// The needs as analyze builds them from a recording made under `current`: a request that passed
/// keeps reading what it read (`keep_readable`) and must read what it could not (`must_read`); a
/// blocked one reads nothing (or, sometimes, must read what it wants).
pub fn needs_under(current: Option<&CorsConfiguration>, raw: &[RawRequest]) -> Vec<Need> {
    raw.iter()
        .enumerate()
        .map(|(entry, r)| {
            let probe = Need {
                entry,
                origin: r.origin.clone(),
                method: r.method.clone(),
                preflight_headers: r.preflight.clone(),
                credentials: r.credentials,
                must_read: Vec::new(),
                keep_readable: r.reads.clone(),
                passed: false,
            };
            let outcome = &fix::verify(current, std::slice::from_ref(&probe))[0];
            if outcome.failure.is_none() {
                let (hidden, readable): (Vec<String>, Vec<String>) =
                    r.reads.iter().cloned().partition(|n| outcome.hidden.contains(n));
                Need {
                    must_read: hidden,
                    keep_readable: readable,
                    passed: true,
                    ..probe
                }
            } else {
                Need {
                    must_read: if r.must_read_when_blocked {
                        r.reads.clone()
                    } else {
                        Vec::new()
                    },
                    keep_readable: Vec::new(),
                    ..probe
                }
            }
        })
        .collect()
}

/// A configuration and 1–6 needs recorded under it.
pub fn scenario() -> impl Strategy<Value = (Option<CorsConfiguration>, Vec<Need>)> {
    config().prop_flat_map(|c| {
        prop::collection::vec(raw_request(c.as_ref()), 1..=6).prop_map(move |raw| {
            let needs = needs_under(c.as_ref(), &raw);
            (c.clone(), needs)
        })
    })
}
