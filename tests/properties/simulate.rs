//! Property 5: S3's simulation grants exactly what the rules allow, checked against the reference
//! model of judge.rs: the same rule, and CORS headers within what that rule permits.

use corshar::headers::{self, Header};
use corshar::s3::simulate::{self, Answer, Bucket, Resource, S3Request};
use corshar::s3::{CorsConfiguration, CorsRule};
use proptest::prelude::*;
use proptest::sample::select;

use super::cases;
use super::judge;
use super::strategies;

/// A raw `Access-Control-Request-Headers` value: names in any case, any spacing, empty items.
fn acrh() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        6 => select(strategies::REQUEST_HEADERS).prop_map(str::to_owned),
        2 => select(&["Content-Type", "X-Amz-Date", "X-AMZ-ACL", "Authorization", "amz-sdk-invocation-id"][..]).prop_map(str::to_owned),
        1 => Just(String::new()),
    ];
    let sep = select(&[",", ", ", " ,", ",\t", ",,"][..]);
    (prop::collection::vec((name, sep), 0..=4), select(&["", " "][..])).prop_map(|(items, pad)| {
        let mut out = pad.to_owned();
        for (i, (name, sep)) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(name);
        }
        out.push_str(pad);
        out
    })
}

fn origin() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(
        0.95,
        prop_oneof![
            12 => select(strategies::REQUEST_ORIGINS).prop_map(str::to_owned),
            1 => select(&["null", "", "whatever", "HTTPS://APP.EXAMPLE.COM", "https://app.example.com/", ".example.com"][..]).prop_map(str::to_owned),
        ],
    )
}

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => select(strategies::METHODS),
        1 => select(&["PATCH", "OPTIONS", "get"][..]),
    ]
    .prop_map(str::to_owned)
}

#[derive(Clone, Debug)]
enum Store {
    Missing,
    NoCors,
    Cors(CorsConfiguration),
}

fn store() -> impl Strategy<Value = Store> {
    prop_oneof![
        1 => Just(Store::Missing),
        1 => Just(Store::NoCors),
        18 => strategies::stored_config().prop_map(Store::Cors),
    ]
}

#[derive(Clone, Debug)]
struct Req {
    method: String,
    origin: Option<String>,
    acr_method: Option<String>,
    acr_headers: Option<String>,
}

fn preflight_request() -> impl Strategy<Value = Req> {
    (
        origin(),
        prop::option::weighted(0.95, method()),
        prop::option::weighted(0.6, acrh()),
    )
        .prop_map(|(origin, acr_method, acr_headers)| Req {
            method: "OPTIONS".into(),
            origin,
            acr_method,
            acr_headers,
        })
}

fn actual_request() -> impl Strategy<Value = Req> {
    (
        origin(),
        method(),
        prop::option::weighted(0.1, method()),
        prop::option::weighted(0.15, acrh()),
    )
        .prop_map(|(origin, method, acr_method, acr_headers)| Req {
            method,
            origin,
            acr_method,
            acr_headers,
        })
}

fn bucket(store: &Store) -> Bucket<'_> {
    match store {
        Store::Missing => Bucket::Missing,
        Store::NoCors => Bucket::NoCors,
        Store::Cors(c) => Bucket::Cors(c),
    }
}

fn s3_request(r: &Req) -> S3Request<'_> {
    S3Request {
        method: &r.method,
        resource: Resource::Object,
        origin: r.origin.as_deref(),
        acr_method: r.acr_method.as_deref(),
        acr_headers: r.acr_headers.as_deref(),
    }
}

fn get(hs: &[Header<'_>], name: &str) -> Option<String> {
    headers::get(hs, name).map(|v| v.into_owned())
}

/// No CORS header at all, and no Vary (S3 sends Vary only with a match).
fn no_cors_headers(answer: &Answer) -> Result<(), TestCaseError> {
    for h in &answer.headers {
        let name = h.name.to_ascii_lowercase();
        prop_assert!(
            !name.starts_with("access-control-") && name != "vary",
            "a denial carries {}: {}",
            h.name,
            h.value
        );
    }
    prop_assert_eq!(answer.rule, None);
    Ok(())
}

/// The headers of a grant stay within what `rule` permits for this request.
fn within_rule(
    answer: &Answer,
    rule: &CorsRule,
    origin: &str,
    requested: Option<&[String]>,
) -> Result<(), TestCaseError> {
    let hs = &answer.headers;
    let acao = get(hs, "access-control-allow-origin");
    let acac = get(hs, "access-control-allow-credentials");
    if rule.allowed_origins.iter().any(|o| o == "*") {
        prop_assert_eq!(acao.as_deref(), Some("*"));
        prop_assert_eq!(acac, None, "credentials allowed with *");
    } else {
        prop_assert_eq!(acao.as_deref(), Some(origin), "the origin is not echoed");
        prop_assert!(
            rule.allowed_origins.iter().any(|o| judge::glob(o, origin)),
            "echoes {} which no pattern of the rule matches",
            origin
        );
        prop_assert_eq!(acac.as_deref(), Some("true"));
    }
    let methods = get(hs, "access-control-allow-methods").unwrap_or_default();
    let methods: Vec<&str> = methods.split(", ").collect();
    prop_assert_eq!(
        methods,
        rule.allowed_methods.iter().map(String::as_str).collect::<Vec<_>>()
    );
    let allow_headers = get(hs, "access-control-allow-headers");
    match requested.filter(|r| !r.is_empty()) {
        None => prop_assert_eq!(allow_headers, None),
        Some(requested) => {
            let allow_headers = allow_headers.unwrap_or_default();
            let granted: Vec<String> = allow_headers.split(", ").map(str::to_owned).collect();
            for g in &granted {
                prop_assert!(requested.contains(g), "grants {} which was not requested", g);
                prop_assert!(
                    rule.allowed_headers.iter().any(|p| judge::glob(&p.to_lowercase(), g)),
                    "grants {} which the rule does not allow",
                    g
                );
            }
            prop_assert_eq!(&granted, requested);
        }
    }
    let expose = get(hs, "access-control-expose-headers");
    prop_assert_eq!(
        expose,
        (!rule.expose_headers.is_empty()).then(|| rule.expose_headers.join(", "))
    );
    let max_age = get(hs, "access-control-max-age");
    prop_assert_eq!(max_age, rule.max_age_seconds.map(|s| s.to_string()));
    let vary = get(hs, "vary");
    prop_assert_eq!(vary.as_deref(), Some(simulate::VARY));
    Ok(())
}

proptest! {
    #![proptest_config(cases(2000))]

    /// 5a. A preflight is granted exactly when the reference finds a rule, by that rule, with
    /// headers within it; otherwise it carries no CORS header.
    #[test]
    fn p5_preflight_grants_only_what_a_rule_allows(store in store(), req in preflight_request()) {
        let answer = simulate::preflight(bucket(&store), &s3_request(&req));
        let (Some(origin), Store::Cors(config)) = (req.origin.as_deref(), &store) else {
            prop_assert_eq!(answer.status, Some(if req.origin.is_none() { 400 } else { 403 }));
            return no_cors_headers(&answer);
        };
        let Some(acrm) = req.acr_method.as_deref() else {
            prop_assert_eq!(answer.status, Some(400));
            return no_cors_headers(&answer);
        };
        match judge::first_match(config, origin, acrm, req.acr_headers.as_deref()) {
            None => {
                prop_assert_eq!(answer.status, Some(403));
                no_cors_headers(&answer)?;
            }
            Some(i) => {
                prop_assert_eq!(answer.status, Some(200));
                prop_assert_eq!(answer.rule, Some(i), "another rule answered");
                let requested = req.acr_headers.as_deref().map(judge::tokens);
                within_rule(&answer, &config.rules[i], origin, requested.as_deref())?;
            }
        }
    }

    /// 5b. An actual request gets CORS headers exactly when the reference finds a rule (by the
    /// literal Access-Control-Request-Method when sent, else the method), and never Allow-Headers.
    #[test]
    fn p5_actual_grants_only_what_a_rule_allows(store in store(), req in actual_request()) {
        let answer = simulate::actual(bucket(&store), &s3_request(&req));
        prop_assert_eq!(answer.status, None);
        let (Some(origin), Store::Cors(config)) = (req.origin.as_deref(), &store) else {
            prop_assert!(answer.headers.is_empty());
            return no_cors_headers(&answer);
        };
        let method = req.acr_method.as_deref().unwrap_or(&req.method);
        match judge::first_match(config, origin, method, req.acr_headers.as_deref()) {
            None => {
                prop_assert!(answer.headers.is_empty());
                no_cors_headers(&answer)?;
            }
            Some(i) => {
                prop_assert_eq!(answer.rule, Some(i), "another rule answered");
                within_rule(&answer, &config.rules[i], origin, None)?;
            }
        }
    }
}
