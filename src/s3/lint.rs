//! `corshar lint`: a configuration checked as `PutBucketCors` checks it (errors: S3's own codes
//! and messages, every one S3 would raise in turn, in the order it raises them), and warned
//! about where S3 accepts it but it is over-permissive, or cannot do what it seems to
//! (warnings never fail). Source: ../shared/reference/s3-cors.md §1.2, §2.

use serde::Serialize;

use super::config::{self, ConfigError, validate};
use super::emit::pattern::{OriginShape, origin_shape, pattern_covers};
use super::{ALLOWABLE_METHODS, CorsConfiguration, CorsRule};

/// What `lint` found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Lint {
    /// What `PutBucketCors` refuses. S3 answers only the first; the others are what it would
    /// answer after each is fixed. Empty: S3 accepts the configuration.
    pub errors: Vec<Problem>,
    /// Accepted by S3, but over-permissive or unable to match what it seems to.
    pub warnings: Vec<Problem>,
}

/// One error or warning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Errors: S3's error code (`InvalidRequest`, `MalformedXML`...). Warnings: a stable
    /// kebab-case code (`rule-shadowed`...).
    pub code: String,
    /// Errors: S3's message, verbatim. Warnings: what is wrong and what to write instead.
    pub message: String,
    /// The index in `CORSRules` of the rule concerned; `None` for the whole document.
    pub rule: Option<usize>,
    /// Where: `CORSRules[1].AllowedOrigins[0]`, `CORSRules[1]`, `CORSRules` or `document`.
    #[serde(rename = "where")]
    pub location: String,
    /// For errors: what S3's message means here (S3's own messages can be terse).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Lint {
    /// True when `PutBucketCors` accepts the configuration (warnings or not).
    pub fn accepted(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Every warning code, with its one-line summary, for documentation and `--help`.
pub const WARNING_CODES: [(&str, &str); 15] = [
    (
        "wildcard-origin-with-writes",
        "any origin (*) may send PUT, POST or DELETE",
    ),
    (
        "wildcard-origin-any-header",
        "any origin (*) may send any request header (AllowedHeaders *)",
    ),
    (
        "exposes-credential-header",
        "ExposeHeaders names a header that carries credentials",
    ),
    (
        "origin-trailing-slash",
        "an AllowedOrigin ends with /, which no browser's Origin does",
    ),
    (
        "origin-has-path",
        "an AllowedOrigin has a path, which no browser's Origin has",
    ),
    (
        "origin-upper-case",
        "an AllowedOrigin has upper case, which no browser's Origin has",
    ),
    (
        "origin-insecure-http",
        "an http:// AllowedOrigin for a host that is not local",
    ),
    (
        "origin-default-port",
        "an AllowedOrigin names its scheme's default port, which browsers leave out",
    ),
    ("origin-missing-scheme", "an AllowedOrigin without http:// or https://"),
    (
        "origin-wildcard-mid-host",
        "an AllowedOrigin's * is inside a host label: it matches hosts you may not own",
    ),
    (
        "origin-unmatchable",
        "an AllowedOrigin that is empty or has spaces: it never matches",
    ),
    ("method-lower-case", "an AllowedMethod in lower case (S3 refuses it)"),
    ("duplicate-value", "the same value twice in one list"),
    ("rule-duplicate", "a rule identical to an earlier one"),
    (
        "rule-shadowed",
        "a rule every request of which an earlier rule matches first: it never applies",
    ),
];

/// Lints a configuration in any form `config::parse` reads.
pub fn lint_text(text: &str) -> Result<Lint, ConfigError> {
    config::parse(text).map(|c| lint(&c))
}

/// Lints a configuration. Never panics.
pub fn lint(config: &CorsConfiguration) -> Lint {
    Lint {
        errors: errors(config),
        warnings: warnings(config),
    }
}

// ----------------------------------------------------------------------------------- errors

fn error(e: super::S3Error, rule: Option<usize>, location: String, hint: Option<String>) -> Problem {
    Problem {
        code: e.code,
        message: e.message,
        rule,
        location,
        hint,
    }
}

fn probe(rule: CorsRule) -> Option<super::S3Error> {
    validate(&CorsConfiguration { rules: vec![rule] }).err()
}

/// A rule S3 accepts, to probe one value at a time.
fn valid_rule() -> CorsRule {
    CorsRule {
        allowed_origins: vec!["*".to_owned()],
        allowed_methods: vec!["GET".to_owned()],
        ..CorsRule::default()
    }
}

/// Every error, in `validate`'s order (document size, rule count, each rule's required
/// elements and ID, then each rule's values), each taken from `validate` itself so code and
/// message are exactly its.
fn errors(config: &CorsConfiguration) -> Vec<Problem> {
    let mut out = Vec::new();
    if let Err(e) = validate(config)
        && e.code == "MaxMessageLengthExceeded"
    {
        out.push(error(
            e,
            None,
            "document".to_owned(),
            Some("S3 takes a CORS configuration of at most 64 KB (as the XML an SDK sends).".to_owned()),
        ));
    }
    let count = config.rules.len();
    if count == 0 || count > 100 {
        let probe_config = CorsConfiguration {
            rules: vec![valid_rule(); count.min(101)],
        };
        if let Err(e) = validate(&probe_config) {
            let hint = if count == 0 {
                "A configuration needs at least one rule; to remove CORS, use aws s3api delete-bucket-cors.".to_owned()
            } else {
                format!("{count} rules; S3 takes at most 100.")
            };
            out.push(error(e, None, "CORSRules".to_owned(), Some(hint)));
        }
    }
    for (i, rule) in config.rules.iter().enumerate() {
        let required = CorsRule {
            allowed_origins: rule.allowed_origins.iter().take(1).map(|_| "*".to_owned()).collect(),
            allowed_methods: rule.allowed_methods.iter().take(1).map(|_| "GET".to_owned()).collect(),
            ..CorsRule::default()
        };
        if let Some(e) = probe(required) {
            let missing: Vec<&str> = [
                (rule.allowed_origins.is_empty(), "AllowedOrigin"),
                (rule.allowed_methods.is_empty(), "AllowedMethod"),
            ]
            .iter()
            .filter(|(absent, _)| *absent)
            .map(|(_, name)| *name)
            .collect();
            out.push(error(
                e,
                Some(i),
                format!("CORSRules[{i}]"),
                Some(format!(
                    "The rule has no {}; every rule needs at least one.",
                    missing.join(" and no ")
                )),
            ));
        }
        if let Some(id) = &rule.id
            && let Some(e) = probe(CorsRule {
                id: Some(id.clone()),
                ..valid_rule()
            })
        {
            out.push(error(
                e,
                Some(i),
                format!("CORSRules[{i}].ID"),
                Some(format!(
                    "The ID has {} characters; S3 takes at most 255.",
                    id.chars().count()
                )),
            ));
        }
    }
    for (i, rule) in config.rules.iter().enumerate() {
        for (k, method) in rule.allowed_methods.iter().enumerate() {
            let hint = if ALLOWABLE_METHODS.contains(&method.to_ascii_uppercase().as_str()) {
                format!("Methods are case-sensitive: write {}.", method.to_ascii_uppercase())
            } else {
                "S3 allows GET, PUT, POST, DELETE and HEAD only; a browser's PATCH can never pass CORS on S3."
                    .to_owned()
            };
            if let Some(e) = probe(CorsRule {
                allowed_methods: vec![method.clone()],
                ..valid_rule()
            }) {
                out.push(error(
                    e,
                    Some(i),
                    format!("CORSRules[{i}].AllowedMethods[{k}]"),
                    Some(hint),
                ));
            }
        }
        for (k, origin) in rule.allowed_origins.iter().enumerate() {
            if let Some(e) = probe(CorsRule {
                allowed_origins: vec![origin.clone()],
                ..valid_rule()
            }) {
                out.push(error(
                    e,
                    Some(i),
                    format!("CORSRules[{i}].AllowedOrigins[{k}]"),
                    Some("One * per origin; to allow several levels of subdomains, list one pattern each.".to_owned()),
                ));
            }
        }
        for (k, header) in rule.allowed_headers.iter().enumerate() {
            if let Some(e) = probe(CorsRule {
                allowed_headers: vec![header.clone()],
                ..valid_rule()
            }) {
                out.push(error(e, Some(i), format!("CORSRules[{i}].AllowedHeaders[{k}]"), None));
            }
        }
        for (k, header) in rule.expose_headers.iter().enumerate() {
            if let Some(e) = probe(CorsRule {
                expose_headers: vec![header.clone()],
                ..valid_rule()
            }) {
                out.push(error(
                    e,
                    Some(i),
                    format!("CORSRules[{i}].ExposeHeaders[{k}]"),
                    Some("List each response header the page reads (ETag, x-amz-version-id...).".to_owned()),
                ));
            }
        }
    }
    out
}

// --------------------------------------------------------------------------------- warnings

fn warning(code: &str, message: String, rule: usize, location: String) -> Problem {
    Problem {
        code: code.to_owned(),
        message,
        rule: Some(rule),
        location,
        hint: None,
    }
}

/// Response headers that carry credentials or secrets.
const CREDENTIAL_HEADERS: [&str; 9] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "set-cookie2",
    "x-amz-security-token",
    "x-amz-server-side-encryption-customer-key",
    "x-amz-copy-source-server-side-encryption-customer-key",
    "x-api-key",
];

fn warnings(config: &CorsConfiguration) -> Vec<Problem> {
    let mut out = Vec::new();
    for (i, rule) in config.rules.iter().enumerate() {
        permissive(&mut out, i, rule);
        for (k, origin) in rule.allowed_origins.iter().enumerate() {
            origin_warnings(&mut out, i, k, origin);
        }
        for (k, method) in rule.allowed_methods.iter().enumerate() {
            let upper = method.to_ascii_uppercase();
            if *method != upper && ALLOWABLE_METHODS.contains(&upper.as_str()) {
                out.push(warning(
                    "method-lower-case",
                    format!("{method:?} must be written {upper:?}: S3 compares methods case-sensitively and refuses the configuration."),
                    i,
                    format!("CORSRules[{i}].AllowedMethods[{k}]"),
                ));
            }
        }
        for (k, header) in rule.expose_headers.iter().enumerate() {
            let lower = header.to_ascii_lowercase();
            if CREDENTIAL_HEADERS.contains(&lower.as_str()) {
                let message = if lower.starts_with("set-cookie") {
                    format!("{header:?} carries credentials; browsers never let a page read it anyway: remove it.")
                } else {
                    format!(
                        "{header:?} carries credentials: exposing it lets the page{} read them; remove it unless the page needs it.",
                        if rule.answers_wildcard() {
                            ", and with AllowedOrigins \"*\" any website,"
                        } else {
                            ""
                        }
                    )
                };
                out.push(warning(
                    "exposes-credential-header",
                    message,
                    i,
                    format!("CORSRules[{i}].ExposeHeaders[{k}]"),
                ));
            }
        }
        duplicate_values(&mut out, i, rule);
    }
    // Comparing every rule with every earlier one is quadratic: 20,000 rules took minutes (found
    // by fuzzing). Past S3's 100-rule cap the configuration is refused anyway (an error above),
    // so which rule shadows which is moot.
    if config.rules.len() <= 100 {
        overlapping_rules(&mut out, config);
    }
    out
}

fn permissive(out: &mut Vec<Problem>, i: usize, rule: &CorsRule) {
    let Some(star) = rule.allowed_origins.iter().position(|o| o == "*") else {
        return;
    };
    let writes: Vec<&str> = ["PUT", "POST", "DELETE"]
        .into_iter()
        .filter(|m| rule.allows_method(m))
        .collect();
    if !writes.is_empty() {
        out.push(warning(
            "wildcard-origin-with-writes",
            format!(
                "Any website may send {} to this bucket from its visitors' browsers (AllowedOrigins \"*\"): list the origins that write instead.",
                writes.join(", ")
            ),
            i,
            format!("CORSRules[{i}].AllowedOrigins[{star}]"),
        ));
    }
    if let Some(k) = rule.allowed_headers.iter().position(|h| h == "*") {
        out.push(warning(
            "wildcard-origin-any-header",
            "Any website may send any request header, Authorization included (AllowedOrigins \"*\" with AllowedHeaders \"*\"): list the headers the page sends.".to_owned(),
            i,
            format!("CORSRules[{i}].AllowedHeaders[{k}]"),
        ));
    }
}

fn origin_warnings(out: &mut Vec<Problem>, i: usize, k: usize, origin: &str) {
    let at = format!("CORSRules[{i}].AllowedOrigins[{k}]");
    let mut push = |code: &str, message: String| out.push(warning(code, message, i, at.clone()));
    if origin == "*" {
        return;
    }
    if origin.is_empty() || origin.chars().any(char::is_whitespace) {
        push(
            "origin-unmatchable",
            format!("{origin:?} never matches: a browser's Origin is never empty and has no spaces."),
        );
        return;
    }
    let Some((scheme, rest)) = origin.split_once("://") else {
        push(
            "origin-missing-scheme",
            format!(
                "{origin:?} never matches: a browser's Origin always starts with its scheme; write \"https://{origin}\"."
            ),
        );
        return;
    };
    let (host_port, path) = match rest.find('/') {
        Some(p) => (&rest[..p], &rest[p..]),
        None => (rest, ""),
    };
    let base = format!("{scheme}://{host_port}");
    if path == "/" {
        push(
            "origin-trailing-slash",
            format!("{origin:?} never matches: a browser's Origin has no trailing slash; write {base:?}."),
        );
    } else if !path.is_empty() {
        push(
            "origin-has-path",
            format!("{origin:?} never matches: a browser's Origin is scheme, host and port only; write {base:?}."),
        );
    }
    if origin.chars().any(|c| c.is_ascii_uppercase()) {
        push(
            "origin-upper-case",
            format!(
                "{origin:?} never matches: browsers send the scheme and host in lower case and S3 compares case-sensitively; write {:?}.",
                origin.to_ascii_lowercase()
            ),
        );
    }
    let (host, port) = split_port(host_port);
    let lower_scheme = scheme.to_ascii_lowercase();
    if lower_scheme == "http" && !is_local(host) {
        push(
            "origin-insecure-http",
            format!(
                "{origin:?} is a page served over plain HTTP; if the site is served over HTTPS this never matches: write \"https://{rest}\"."
            ),
        );
    }
    if matches!(
        (lower_scheme.as_str(), port),
        ("https", Some("443")) | ("http", Some("80"))
    ) {
        push(
            "origin-default-port",
            format!(
                "{origin:?} never matches: browsers leave the default port out of Origin; write \"{scheme}://{host}{path}\"."
            ),
        );
    }
    if origin.matches('*').count() == 1 && host_port != "*" && origin_shape(origin) == OriginShape::Other {
        push(
            "origin-wildcard-mid-host",
            format!(
                "{origin:?} puts * inside a host name, so it also matches hosts you may not own (S3's * matches any characters, dots included): use a whole leftmost label, \"{scheme}://*.example.com\"."
            ),
        );
    }
}

fn split_port(host_port: &str) -> (&str, Option<&str>) {
    // `[::1]:8080`
    if let Some(end) = host_port.find(']') {
        let (host, rest) = host_port.split_at(end + 1);
        return (host, rest.strip_prefix(':'));
    }
    match host_port.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (host_port, None),
    }
}

fn is_local(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "[::1]"
        || host == "0.0.0.0"
        || host == "*"
}

fn duplicate_values(out: &mut Vec<Problem>, i: usize, rule: &CorsRule) {
    let lists: [(&str, &[String], bool); 4] = [
        ("AllowedOrigins", &rule.allowed_origins, false),
        ("AllowedMethods", &rule.allowed_methods, false),
        ("AllowedHeaders", &rule.allowed_headers, true),
        ("ExposeHeaders", &rule.expose_headers, true),
    ];
    for (name, values, fold) in lists {
        for (k, value) in values.iter().enumerate() {
            let same = |v: &String| {
                if fold {
                    v.eq_ignore_ascii_case(value)
                } else {
                    v == value
                }
            };
            if let Some(first) = values[..k].iter().position(same) {
                out.push(warning(
                    "duplicate-value",
                    format!("{value:?} is already {name}[{first}]: remove the repeat."),
                    i,
                    format!("CORSRules[{i}].{name}[{k}]"),
                ));
            }
        }
    }
}

/// Sorted, de-duplicated, lower-cased when `fold`: a list as a set.
fn as_set(values: &[String], fold: bool) -> Vec<String> {
    let mut set: Vec<String> = values
        .iter()
        .map(|v| if fold { v.to_ascii_lowercase() } else { v.clone() })
        .collect();
    set.sort();
    set.dedup();
    set
}

fn same_rule(a: &CorsRule, b: &CorsRule) -> bool {
    as_set(&a.allowed_origins, false) == as_set(&b.allowed_origins, false)
        && as_set(&a.allowed_methods, false) == as_set(&b.allowed_methods, false)
        && as_set(&a.allowed_headers, true) == as_set(&b.allowed_headers, true)
        && as_set(&a.expose_headers, true) == as_set(&b.expose_headers, true)
        && a.max_age_seconds == b.max_age_seconds
}

/// Whether `earlier` matches every request `later` matches for `origin` and `method`: its
/// origins cover the pattern, it allows the method, and its AllowedHeaders cover every header
/// `later` allows (S3 takes the first rule that matches origin, method and every requested
/// header).
fn covers(earlier: &CorsRule, later: &CorsRule, origin: &str, method: &str) -> bool {
    earlier.allowed_origins.iter().any(|o| pattern_covers(o, origin))
        && earlier.allows_method(method)
        && later.allowed_headers.iter().all(|h| {
            let h = h.to_ascii_lowercase();
            earlier
                .allowed_headers
                .iter()
                .any(|e| pattern_covers(&e.to_ascii_lowercase(), &h))
        })
}

fn overlapping_rules(out: &mut Vec<Problem>, config: &CorsConfiguration) {
    for (j, later) in config.rules.iter().enumerate() {
        if later.allowed_origins.is_empty() || later.allowed_methods.is_empty() {
            continue;
        }
        if let Some(i) = config.rules[..j].iter().position(|r| same_rule(r, later)) {
            out.push(warning(
                "rule-duplicate",
                format!("CORSRules[{j}] repeats CORSRules[{i}]: it never applies; remove it."),
                j,
                format!("CORSRules[{j}]"),
            ));
            continue;
        }
        // For every origin pattern and method of the later rule, the first earlier rule that
        // takes all its requests.
        let mut by = Vec::new();
        let shadowed = later.allowed_origins.iter().all(|origin| {
            later.allowed_methods.iter().all(|method| {
                match config.rules[..j].iter().position(|e| covers(e, later, origin, method)) {
                    Some(i) => {
                        if !by.contains(&i) {
                            by.push(i);
                        }
                        true
                    }
                    None => false,
                }
            })
        });
        if shadowed {
            by.sort_unstable();
            let earlier: Vec<String> = by.iter().map(|i| format!("CORSRules[{i}]")).collect();
            let lost = if later.expose_headers.is_empty() && later.max_age_seconds.is_none() {
                String::new()
            } else {
                " (nor its ExposeHeaders and MaxAgeSeconds)".to_owned()
            };
            out.push(warning(
                "rule-shadowed",
                format!(
                    "CORSRules[{j}] never applies{lost}: S3 uses the first rule that matches, and {} already {} every origin, method and header it allows. Remove it, or move it before and narrow the other.",
                    earlier.join(" and "),
                    if earlier.len() == 1 { "matches" } else { "match" }
                ),
                j,
                format!("CORSRules[{j}]"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn rule(origins: &[&str], methods: &[&str]) -> CorsRule {
        CorsRule {
            allowed_origins: strings(origins),
            allowed_methods: strings(methods),
            ..CorsRule::default()
        }
    }

    fn config(rules: Vec<CorsRule>) -> CorsConfiguration {
        CorsConfiguration { rules }
    }

    fn codes(problems: &[Problem]) -> Vec<(&str, &str)> {
        problems
            .iter()
            .map(|p| (p.code.as_str(), p.location.as_str()))
            .collect()
    }

    fn warning_codes(c: &CorsConfiguration) -> Vec<String> {
        lint(c).warnings.into_iter().map(|w| w.code).collect()
    }

    #[test]
    fn a_clean_configuration_has_nothing() {
        let c = config(vec![CorsRule {
            allowed_headers: strings(&["content-type", "x-amz-*"]),
            expose_headers: strings(&["ETag"]),
            max_age_seconds: Some(3000),
            ..rule(
                &[
                    "https://app.example.com",
                    "https://*.example.com",
                    "http://localhost:3000",
                ],
                &["GET", "PUT"],
            )
        }]);
        assert_eq!(lint(&c), Lint::default());
        assert!(lint(&c).accepted());
    }

    #[test]
    fn every_error_is_put_bucket_cors_s_and_the_first_is_what_s3_answers() {
        let c = config(vec![
            rule(&["https://*.*.example.com", "https://a.test"], &["GET", "get", "PATCH"]),
            CorsRule {
                allowed_headers: strings(&["x-*-*"]),
                expose_headers: strings(&["*"]),
                id: Some("x".repeat(256)),
                ..rule(&[], &["GET"])
            },
        ]);
        let l = lint(&c);
        assert_eq!(
            codes(&l.errors),
            [
                ("MalformedXML", "CORSRules[1]"),
                ("InvalidArgument", "CORSRules[1].ID"),
                ("InvalidRequest", "CORSRules[0].AllowedMethods[1]"),
                ("InvalidRequest", "CORSRules[0].AllowedMethods[2]"),
                ("InvalidRequest", "CORSRules[0].AllowedOrigins[0]"),
                ("InvalidRequest", "CORSRules[1].AllowedHeaders[0]"),
                ("InvalidRequest", "CORSRules[1].ExposeHeaders[0]"),
            ]
        );
        let s3 = validate(&c).unwrap_err();
        assert_eq!((&l.errors[0].code, &l.errors[0].message), (&s3.code, &s3.message));
        assert_eq!(
            l.errors[2].message,
            "Found unsupported HTTP method in CORS config. Unsupported method is get"
        );
        assert_eq!(
            l.errors[2].hint.as_deref(),
            Some("Methods are case-sensitive: write GET.")
        );
        assert_eq!(
            l.errors[4].message,
            "AllowedOrigin \"https://*.*.example.com\" can not have more than one wildcard."
        );
        assert_eq!(l.errors[1].rule, Some(1));
        assert!(!l.accepted());
    }

    #[test]
    fn document_errors_cover_size_and_rule_count() {
        let l = lint(&config(vec![]));
        assert_eq!(codes(&l.errors), [("MalformedXML", "CORSRules")]);
        assert!(l.errors[0].hint.as_deref().unwrap().contains("delete-bucket-cors"));
        let l = lint(&config(vec![rule(&["*"], &["GET"]); 101]));
        assert_eq!(codes(&l.errors), [("MalformedXML", "CORSRules")]);
        assert_eq!(l.errors[0].hint.as_deref(), Some("101 rules; S3 takes at most 100."));
        assert_eq!(
            l.errors[0].message,
            validate(&config(vec![rule(&["*"], &["GET"]); 101]))
                .unwrap_err()
                .message
        );
        let big = config(vec![rule(
            &["https://a-rather-long-origin.example.com"; 2000],
            &["GET"],
        )]);
        let l = lint(&big);
        assert_eq!(codes(&l.errors)[0], ("MaxMessageLengthExceeded", "document"));
        assert_eq!(l.errors[0].rule, None);
    }

    #[test]
    fn errors_agree_with_validate_on_every_mix() {
        let origins = [&["*"][..], &["https://*.*.a"], &[]];
        let methods = [&["GET"][..], &["get"], &[]];
        let headers = [&[][..], &["a*b*"]];
        let exposes = [&[][..], &["*"]];
        for o in origins {
            for m in methods {
                for h in headers {
                    for e in exposes {
                        let c = config(vec![
                            rule(&["https://ok.test"], &["GET"]),
                            CorsRule {
                                allowed_headers: strings(h),
                                expose_headers: strings(e),
                                ..rule(o, m)
                            },
                        ]);
                        let l = lint(&c);
                        match validate(&c) {
                            Ok(()) => assert!(l.errors.is_empty(), "{c:?}"),
                            Err(s3) => assert_eq!(
                                (&l.errors[0].code, &l.errors[0].message),
                                (&s3.code, &s3.message),
                                "{c:?}"
                            ),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn over_permissive_rules_are_warned() {
        let c = config(vec![CorsRule {
            allowed_headers: strings(&["*"]),
            ..rule(&["*"], &["GET", "PUT", "DELETE"])
        }]);
        let l = lint(&c);
        assert!(l.errors.is_empty());
        assert_eq!(
            codes(&l.warnings),
            [
                ("wildcard-origin-with-writes", "CORSRules[0].AllowedOrigins[0]"),
                ("wildcard-origin-any-header", "CORSRules[0].AllowedHeaders[0]")
            ]
        );
        assert!(l.warnings[0].message.starts_with("Any website may send PUT, DELETE"));
        // Reads from anywhere are what `*` is for.
        assert!(warning_codes(&config(vec![rule(&["*"], &["GET", "HEAD"])])).is_empty());
    }

    #[test]
    fn credential_headers_exposed_are_warned() {
        let c = config(vec![CorsRule {
            expose_headers: strings(&["ETag", "Authorization", "x-amz-security-token"]),
            ..rule(&["https://a.test"], &["GET"])
        }]);
        assert_eq!(
            codes(&lint(&c).warnings),
            [
                ("exposes-credential-header", "CORSRules[0].ExposeHeaders[1]"),
                ("exposes-credential-header", "CORSRules[0].ExposeHeaders[2]")
            ]
        );
    }

    #[test]
    fn origins_that_look_wrong_are_warned() {
        for (origin, code) in [
            ("https://app.example.com/", "origin-trailing-slash"),
            ("https://app.example.com/admin", "origin-has-path"),
            ("https://App.Example.com", "origin-upper-case"),
            ("HTTPS://app.example.com", "origin-upper-case"),
            ("http://app.example.com", "origin-insecure-http"),
            ("https://app.example.com:443", "origin-default-port"),
            ("http://localhost:80", "origin-default-port"),
            ("app.example.com", "origin-missing-scheme"),
            ("*.example.com", "origin-missing-scheme"),
            ("https://*example.com", "origin-wildcard-mid-host"),
            ("https://app.*.com", "origin-wildcard-mid-host"),
            ("https://example.*", "origin-wildcard-mid-host"),
            ("", "origin-unmatchable"),
            (" https://a.test", "origin-unmatchable"),
        ] {
            let got = warning_codes(&config(vec![rule(&[origin], &["GET"])]));
            assert_eq!(got, [code], "{origin:?}");
        }
        for fine in [
            "http://localhost:3000",
            "http://127.0.0.1:5173",
            "http://[::1]:8080",
            "http://app.localhost",
            "http://localhost:*",
            "https://*",
            "https://*.example.com",
            "https://example.com:8443",
        ] {
            assert!(
                warning_codes(&config(vec![rule(&[fine], &["GET"])])).is_empty(),
                "{fine}"
            );
        }
        // Two wildcards are an error, not a warning.
        let l = lint(&config(vec![rule(&["https://*.*.x"], &["GET"])]));
        assert_eq!(l.errors.len(), 1);
        assert!(l.warnings.is_empty());
    }

    #[test]
    fn lower_case_methods_and_repeats_are_warned() {
        let c = config(vec![CorsRule {
            allowed_headers: strings(&["Content-Type", "content-type"]),
            ..rule(&["https://a.test", "https://a.test"], &["get", "GET"])
        }]);
        let l = lint(&c);
        assert_eq!(codes(&l.errors), [("InvalidRequest", "CORSRules[0].AllowedMethods[0]")]);
        assert_eq!(
            codes(&l.warnings),
            [
                ("method-lower-case", "CORSRules[0].AllowedMethods[0]"),
                ("duplicate-value", "CORSRules[0].AllowedOrigins[1]"),
                ("duplicate-value", "CORSRules[0].AllowedHeaders[1]"),
            ]
        );
        assert_eq!(
            l.warnings[0].message,
            "\"get\" must be written \"GET\": S3 compares methods case-sensitively and refuses the configuration."
        );
    }

    #[test]
    fn duplicate_and_shadowed_rules_are_warned() {
        let app = CorsRule {
            id: Some("a".into()),
            allowed_headers: strings(&["content-type", "x-amz-*"]),
            ..rule(&["https://*.example.com"], &["GET", "PUT"])
        };
        let same = CorsRule {
            id: Some("b".into()),
            allowed_headers: strings(&["X-Amz-*", "content-type"]),
            ..rule(&["https://*.example.com"], &["PUT", "GET"])
        };
        let narrower = CorsRule {
            allowed_headers: strings(&["x-amz-meta-*"]),
            expose_headers: strings(&["ETag"]),
            ..rule(&["https://app.example.com"], &["PUT"])
        };
        let l = lint(&config(vec![app.clone(), same, narrower.clone()]));
        assert_eq!(
            codes(&l.warnings),
            [("rule-duplicate", "CORSRules[1]"), ("rule-shadowed", "CORSRules[2]")]
        );
        assert_eq!(l.warnings[1].rule, Some(2));
        assert!(
            l.warnings[1]
                .message
                .starts_with("CORSRules[2] never applies (nor its ExposeHeaders and MaxAgeSeconds): S3 uses the first rule that matches, and CORSRules[0] already matches")
        );
        // Before the wider rule it applies; the wider one still matches others.
        assert!(warning_codes(&config(vec![narrower.clone(), app.clone()])).is_empty());
        // A header the earlier rule does not allow keeps the later rule reachable.
        let more_headers = CorsRule {
            allowed_headers: strings(&["authorization"]),
            ..narrower.clone()
        };
        assert!(warning_codes(&config(vec![app.clone(), more_headers])).is_empty());
        // Covered by two earlier rules together, one method each.
        let get = rule(&["https://a.test"], &["GET"]);
        let put = rule(&["https://a.test"], &["PUT"]);
        let both = rule(&["https://a.test"], &["GET", "PUT"]);
        let l = lint(&config(vec![get, put, both]));
        assert_eq!(codes(&l.warnings), [("rule-shadowed", "CORSRules[2]")]);
        assert!(
            l.warnings[0]
                .message
                .contains("CORSRules[0] and CORSRules[1] already match")
        );
        // A `*` rule first shadows everything after it that asks for no more headers.
        let l = lint(&config(vec![
            rule(&["*"], &["GET"]),
            rule(&["https://a.test"], &["GET"]),
        ]));
        assert_eq!(codes(&l.warnings), [("rule-shadowed", "CORSRules[1]")]);
    }

    #[test]
    fn lint_text_reads_every_form_and_reports_parse_errors() {
        let l = lint_text(r#"[{"AllowedOrigins": ["*"], "AllowedMethods": ["GET", "PUT"]}]"#).unwrap();
        assert_eq!(
            codes(&l.warnings),
            [("wildcard-origin-with-writes", "CORSRules[0].AllowedOrigins[0]")]
        );
        let e = lint_text(r#"{"CORSRules": [{"ExposedHeaders": []}]}"#).unwrap_err();
        assert!(e.message.contains("CloudFormation"));
    }

    #[test]
    fn every_warning_code_is_listed_kebab_case_and_reachable() {
        let c = config(vec![
            CorsRule {
                allowed_headers: strings(&["*", "*"]),
                expose_headers: strings(&["authorization"]),
                ..rule(
                    &[
                        "*",
                        "https://a.test/",
                        "https://a.test/x",
                        "https://A.test",
                        "http://a.test",
                        "https://a.test:443",
                        "a.test",
                        "https://*a.test",
                        "",
                    ],
                    &["PUT", "get"],
                )
            },
            rule(&["https://b.test"], &["GET"]),
            rule(&["https://b.test"], &["GET"]),
            rule(&["https://c.test"], &["PUT"]),
        ]);
        let mut produced: Vec<String> = lint(&c).warnings.into_iter().map(|w| w.code).collect();
        produced.sort();
        produced.dedup();
        let mut listed: Vec<String> = WARNING_CODES.iter().map(|(c, _)| c.to_string()).collect();
        listed.sort();
        assert_eq!(produced, listed);
        for (code, summary) in WARNING_CODES {
            assert!(code.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{code}");
            assert!(!summary.is_empty());
        }
    }

    #[test]
    fn lint_never_panics() {
        let odd = [
            "",
            "*",
            "**",
            "://",
            "http://[",
            "http://[::1",
            "https://*.",
            "é:*",
            "\u{0}",
            "http://a:b:c/",
        ];
        let c = config(vec![
            CorsRule {
                id: Some("é".repeat(300)),
                allowed_origins: strings(&odd),
                allowed_methods: strings(&odd),
                allowed_headers: strings(&odd),
                expose_headers: strings(&odd),
                max_age_seconds: Some(-1),
            };
            3
        ]);
        let _ = lint(&c);
    }
}
