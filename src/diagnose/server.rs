//! Why S3 answered the way the browser refused: the server-side causes of an exchange to an S3
//! bucket. With the bucket's configuration (`--cors`) the rules are evaluated exactly as S3 does
//! and the failing dimension is named; without it, what S3's other answers revealed is used and
//! every conclusion is marked assumed.

use crate::causes::CauseCode;
use crate::cors::check::Stage;
use crate::cors::{CorsError, request};
use crate::headers;
use crate::report::{Cause, Evidence, Side};
use crate::s3::config::CorsRule;
use crate::s3::reveal::Revealed;
use crate::s3::{CorsConfiguration, S3Target, error_body};

use super::browser::{Basis, BrowserView, Judgment};
use super::common::{self, ev};
use super::exchange::Exchange;

/// What is known of a bucket's rules.
#[derive(Clone, Copy, Debug)]
pub enum Knowledge<'k> {
    /// From `--cors`: `None` when the bucket has no CORS configuration.
    Given(Option<&'k CorsConfiguration>),
    /// Reconstructed from S3's recorded answers.
    Revealed(&'k Revealed),
}

/// The request as S3 matches it against the rules.
struct Asked<'a> {
    origin: &'a str,
    method: String,
    /// Requested header names when the request is preflighted.
    headers: Option<&'a [String]>,
    /// S3's XML error for the refused answer, when the producer kept the body (Chrome keeps none
    /// for a preflight): it tells "CORS is not enabled" from "no rule matched".
    said: Option<error_body::ErrorBody>,
}

pub fn causes(ex: &Exchange<'_>, view: &BrowserView, target: &S3Target, knowledge: Knowledge<'_>) -> Vec<Cause> {
    let method = request::normalize_method(ex.method()).into_owned();
    let preflighted = ex.preflight.is_some() || view.needs_preflight;
    let mut asked = Asked {
        origin: &ex.origin,
        method,
        headers: preflighted.then_some(view.unsafe_names.as_slice()),
        said: None,
    };
    let mut out = Vec::new();
    match &view.judgment {
        Judgment::Blocked { failure, stage, basis } => {
            let at_preflight = *stage == Stage::Preflight;
            let (entry, hs, status) = answer(ex, at_preflight);
            if let Some(c) = region_or_redirect(ex, target, at_preflight, entry) {
                out.push(c);
                return out;
            }
            match failure.error {
                CorsError::WildcardOriginNotAllowed | CorsError::PreflightWildcardOriginNotAllowed => {
                    out.push(Cause {
                        code: CauseCode::CredentialsWithWildcardOrigin,
                        summary: format!(
                            "The request was sent with credentials ({}), and the S3 rule that matched it allows the origin '*', so S3 answered 'Access-Control-Allow-Origin: *', which browsers refuse for credentialed requests.",
                            view.credentials.basis
                        ),
                        evidence: vec![ev(Some(entry), if at_preflight { Side::PreflightResponse } else { Side::Response }, "Access-Control-Allow-Origin", headers::first(hs, "access-control-allow-origin"))],
                        assumed: view.credentials.inferred,
                        remedy: Some(format!("Add a rule for {} before the '*' rule: S3 then echoes the origin with 'Access-Control-Allow-Credentials: true'. Or send the request without credentials.", ex.origin)),
                    });
                }
                CorsError::MissingAllowOriginHeader | CorsError::PreflightMissingAllowOriginHeader => {
                    let side = if at_preflight { Side::PreflightResponse } else { Side::Response };
                    // The answer the browser refused, when the HAR holds it; else what says it
                    // failed (the browser's message) — the configuration evidence follows.
                    let recorded = if at_preflight { ex.preflight.is_some() } else { ex.response().is_some() };
                    let mut evidence = if recorded {
                        vec![ev(Some(entry), side, "status", Some(&status.to_string())), ev(Some(entry), side, "Access-Control-Allow-Origin", None)]
                    } else {
                        ex.failure().map(|f| ev(Some(ex.entry), Side::Response, "_error", Some(f))).into_iter().collect()
                    };
                    if *basis != Basis::Replayed && at_preflight && ex.preflight.is_none() {
                        out.push(common::preflight_not_recorded(ex));
                    }
                    evidence.extend(request_evidence(ex, at_preflight));
                    asked.said = refused_body(ex, at_preflight);
                    if let Some(body) = &asked.said {
                        let said = format!("{}: {}", body.code, body.message);
                        let side = if at_preflight { Side::PreflightResponse } else { Side::Response };
                        evidence.push(ev(Some(entry), side, "body", Some(&said)));
                    }
                    out.extend(rule_causes(&asked, knowledge, evidence, !at_preflight));
                }
                _ => out.push(Cause {
                    code: CauseCode::ServerCorsPolicy,
                    summary: format!("The answer fails the browser's check ({}), which S3 itself never sends: something in front of S3 (a CDN, a proxy) wrote these headers.", failure.error.name()),
                    evidence: vec![ev(Some(entry), if at_preflight { Side::PreflightResponse } else { Side::Response }, "status", Some(&status.to_string()))],
                    assumed: false,
                    remedy: None,
                }),
            }
            if !at_preflight && status >= 400 {
                out.push(rejected(ex, status));
            }
        }
        Judgment::Passed { hidden, .. } => {
            out.extend(common::expose_missing(
                ex,
                hidden,
                "S3 lists only the rule's ExposeHeaders in Access-Control-Expose-Headers",
            ));
            if let Some((status, _)) = ex.response()
                && status >= 400
            {
                out.push(rejected(ex, status));
            }
        }
        Judgment::PreflightNotRecorded => {
            out.push(common::preflight_not_recorded(ex));
            out.extend(rule_causes(&asked, knowledge, request_evidence(ex, false), false));
        }
        Judgment::NetworkError { .. } | Judgment::Unexplained { .. } => out.extend(common::causes(ex, view)),
    }
    out
}

/// S3's XML error body of the refused answer, when the producer kept it.
fn refused_body(ex: &Exchange<'_>, at_preflight: bool) -> Option<error_body::ErrorBody> {
    let response = if at_preflight {
        &ex.preflight?.response
    } else {
        ex.recorded_response()?
    };
    error_body::parse(&response.content.text_up_to(64 * 1024)?)
}

/// The entry, headers and status of the answer the browser refused.
fn answer<'c>(ex: &Exchange<'c>, at_preflight: bool) -> (usize, &'c [headers::Header<'c>], i64) {
    match (at_preflight, ex.preflight) {
        (true, Some(pre)) => (
            ex.preflight_entry.unwrap_or(ex.entry),
            &pre.response.headers,
            pre.status().unwrap_or(0),
        ),
        _ => (
            ex.entry,
            ex.recorded_response().map_or(&[][..], |r| &r.headers),
            ex.status().unwrap_or(0),
        ),
    }
}

/// S3's answers that are about the endpoint, not the rules: a 301 PermanentRedirect (no
/// `Location`: the browser sees a plain answer without CORS headers), a redirect with `Location`
/// on a preflight (never followed), or `x-amz-bucket-region` naming another region.
fn region_or_redirect(ex: &Exchange<'_>, target: &S3Target, at_preflight: bool, entry: usize) -> Option<Cause> {
    let (_, hs, status) = answer(ex, at_preflight);
    let side = if at_preflight {
        Side::PreflightResponse
    } else {
        Side::Response
    };
    let actual_region = headers::first(hs, "x-amz-bucket-region");
    let location = headers::first(hs, "location");
    let body = refused_body(ex, at_preflight);
    let wrong_region = match (actual_region, target.region.as_deref()) {
        (Some(actual), Some(asked)) => actual != asked,
        (Some(_), None) => (300..400).contains(&status),
        _ => status == 301 && body.as_ref().is_some_and(|b| b.code == "PermanentRedirect"),
    };
    let redirected = at_preflight
        && (location.is_some() && (300..400).contains(&status)
            || ex.preflight.and_then(|p| p.failure()) == Some("net::ERR_INVALID_REDIRECT"));
    if !wrong_region && !redirected {
        return None;
    }
    let mut evidence = vec![ev(Some(entry), side, "status", Some(&status.to_string()))];
    if let Some(r) = actual_region {
        evidence.push(ev(Some(entry), side, "x-amz-bucket-region", Some(r)));
    }
    if let Some(l) = location {
        evidence.push(ev(Some(entry), side, "Location", Some(l)));
    }
    let bucket = target.bucket.as_deref().unwrap_or("the bucket");
    let endpoint = actual_region.map(|r| format!("https://{bucket}.s3.{r}.amazonaws.com"));
    let use_endpoint = endpoint
        .as_deref()
        .map(|e| {
            format!(
                " Use {e} (and set the SDK's region to {}).",
                actual_region.unwrap_or_default()
            )
        })
        .unwrap_or_default();
    Some(if redirected {
        Cause {
            code: CauseCode::S3PreflightRedirect,
            summary: format!(
                "S3 answered the preflight with a {status} redirect{}: browsers never follow a redirect on a preflight, whatever the CORS rules say.",
                location.map(|l| format!(" to {l}")).unwrap_or_default()
            ),
            evidence,
            assumed: false,
            remedy: Some(format!(
                "Send the request to the endpoint S3 redirects to, the bucket's regional endpoint.{use_endpoint} This is not a CORS rule change."
            )),
        }
    } else {
        Cause {
            code: CauseCode::S3WrongRegion,
            summary: format!(
                "The request went to {} but {bucket} is in {}: S3 answered {status} (PermanentRedirect) without CORS headers, so the browser reports a missing Access-Control-Allow-Origin although the rules may be fine.",
                target
                    .region
                    .as_deref()
                    .map(|r| format!("the {r} endpoint"))
                    .unwrap_or_else(|| "the global endpoint".to_owned()),
                actual_region.unwrap_or("another region")
            ),
            evidence,
            assumed: actual_region.is_none(),
            remedy: Some(format!(
                "Use the bucket's regional endpoint.{use_endpoint} This is not a CORS rule change."
            )),
        }
    })
}

fn rejected(ex: &Exchange<'_>, status: i64) -> Cause {
    let body = refused_body(ex, false);
    let what = body
        .as_ref()
        .map(|b| format!(" {} ({})", b.code, b.message))
        .unwrap_or_default();
    Cause {
        code: CauseCode::S3RequestRejected,
        summary: format!("S3 refused the request itself with {status}{what}; fixing CORS lets the page see this error, not succeed."),
        evidence: vec![ev(Some(ex.entry), Side::Response, "status", Some(&status.to_string()))],
        assumed: false,
        remedy: Some("Check the signature (signed Content-Type and headers must match what is sent, no query parameter added after signing), the URL's expiry, and the bucket policy.".to_owned()),
    }
}

pub(super) fn request_evidence(ex: &Exchange<'_>, at_preflight: bool) -> Vec<Evidence> {
    match (at_preflight, ex.preflight) {
        (true, Some(pre)) => {
            let e = ex.preflight_entry;
            let hs = &pre.request.headers;
            let mut v = vec![
                ev(e, Side::PreflightRequest, "Origin", headers::first(hs, "origin")),
                ev(
                    e,
                    Side::PreflightRequest,
                    "Access-Control-Request-Method",
                    headers::first(hs, "access-control-request-method"),
                ),
            ];
            if let Some(acrh) = headers::get(hs, "access-control-request-headers") {
                v.push(ev(
                    e,
                    Side::PreflightRequest,
                    "Access-Control-Request-Headers",
                    Some(&acrh),
                ));
            }
            v
        }
        _ => vec![
            ev(Some(ex.entry), Side::Request, "Origin", Some(&ex.origin)),
            ev(Some(ex.entry), Side::Request, "method", Some(ex.method())),
        ],
    }
}

impl Asked<'_> {
    /// "origin O, method M and headers H", as S3 matched them.
    fn describe(&self, headers: Option<&[String]>) -> String {
        let headers = headers
            .filter(|h| !h.is_empty())
            .map(|h| format!(" and headers {}", h.join(", ")));
        format!(
            "origin {}, method {}{}",
            self.origin,
            self.method,
            headers.unwrap_or_default()
        )
    }
}

/// Which dimension of the rules refused the request.
fn rule_causes(asked: &Asked<'_>, knowledge: Knowledge<'_>, evidence: Vec<Evidence>, actual: bool) -> Vec<Cause> {
    // S3 checks requested headers only on a preflight (or a literal ACRH header): an actual
    // request's own headers never count (s3-cors.md §2).
    let headers = if actual { None } else { asked.headers };
    match knowledge {
        Knowledge::Given(None) => vec![Cause {
            code: CauseCode::S3CorsNotConfigured,
            summary: "The bucket has no CORS configuration, so S3 adds no CORS headers to any answer and refuses every preflight (403 \"CORS is not enabled for this bucket\").".to_owned(),
            evidence: with(evidence, ev(None, Side::Configuration, "CORSRules", None)),
            assumed: false,
            remedy: Some(format!("Add a CORS configuration with a rule for {} and {}.", asked.origin, asked.method)),
        }],
        Knowledge::Given(Some(config)) => given_causes(asked, headers, config, evidence),
        Knowledge::Revealed(revealed) => revealed_causes(asked, headers, revealed, evidence),
    }
}

fn with(mut v: Vec<Evidence>, e: Evidence) -> Vec<Evidence> {
    v.push(e);
    v
}

/// How far a rule is from allowing the request.
struct Miss<'r> {
    index: usize,
    rule: &'r CorsRule,
    origin: bool,
    method: bool,
    headers: Vec<String>,
}

impl Miss<'_> {
    fn cost(&self) -> (usize, usize) {
        (
            usize::from(self.origin) + usize::from(self.method) + usize::from(!self.headers.is_empty()),
            self.headers.len(),
        )
    }
}

fn given_causes(
    asked: &Asked<'_>,
    headers: Option<&[String]>,
    config: &CorsConfiguration,
    evidence: Vec<Evidence>,
) -> Vec<Cause> {
    if let Some(i) = config.first_match(asked.origin, &asked.method, headers) {
        return vec![Cause {
            code: CauseCode::ConfigurationMismatch,
            summary: format!(
                "Rule {i} of the configuration given allows this request, yet S3 did not answer with CORS headers: the bucket's configuration was different when the HAR was recorded, or the file is another bucket's."
            ),
            evidence: with(
                evidence,
                ev(
                    None,
                    Side::Configuration,
                    &format!("CORSRules[{i}]"),
                    Some(&rule_text(&config.rules[i])),
                ),
            ),
            assumed: false,
            remedy: Some("Compare with `aws s3api get-bucket-cors` for this bucket now.".to_owned()),
        }];
    }
    let best = config
        .rules
        .iter()
        .enumerate()
        .map(|(index, rule)| Miss {
            index,
            rule,
            origin: rule.matching_origin(asked.origin).is_none(),
            method: !rule.allows_method(&asked.method),
            headers: headers
                .map(|hs| {
                    hs.iter()
                        .filter(|h| rule.allowed_headers.is_empty() || !rule.allows_header(h))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default(),
        })
        .min_by_key(|m| m.cost());
    let Some(best) = best else {
        return rule_causes(asked, Knowledge::Given(None), evidence, headers.is_none());
    };
    let rule_ref = format!("CORSRules[{}]", best.index);
    let mut out = Vec::new();
    if best.origin {
        let allowed: Vec<&str> = config
            .rules
            .iter()
            .flat_map(|r| r.allowed_origins.iter().map(String::as_str))
            .collect();
        out.push(Cause {
            code: CauseCode::S3OriginNotAllowed,
            summary: format!(
                "No rule allows the origin {}: the rules allow {}.{}",
                asked.origin,
                quote_list(&allowed),
                super::near::near_miss(asked.origin, &allowed)
                    .map(|(p, why)| format!(" The closest, '{p}', {why}."))
                    .unwrap_or_default()
            ),
            evidence: with(
                evidence.clone(),
                ev(
                    None,
                    Side::Configuration,
                    &format!("{rule_ref}.AllowedOrigins"),
                    Some(&best.rule.allowed_origins.join(", ")),
                ),
            ),
            assumed: false,
            remedy: Some(format!("Add {} to AllowedOrigins of {rule_ref}.", asked.origin)),
        });
    }
    if best.method {
        let (summary, remedy) = if crate::s3::ALLOWABLE_METHODS.contains(&asked.method.as_str()) {
            (
                format!(
                    "{rule_ref}{} allows {} but not {}.",
                    if best.origin { "" } else { ", the rule for this origin," },
                    best.rule.allowed_methods.join(", "),
                    asked.method
                ),
                format!("Add {} to AllowedMethods of {rule_ref}.", asked.method),
            )
        } else {
            (
                format!(
                    "S3 can never allow {} in a CORS rule (only GET, PUT, POST, DELETE, HEAD).",
                    asked.method
                ),
                "Change the client to use a method S3 allows; no CORS configuration can fix this.".to_owned(),
            )
        };
        out.push(Cause {
            code: CauseCode::S3MethodNotAllowed,
            summary,
            evidence: with(
                evidence.clone(),
                ev(
                    None,
                    Side::Configuration,
                    &format!("{rule_ref}.AllowedMethods"),
                    Some(&best.rule.allowed_methods.join(", ")),
                ),
            ),
            assumed: false,
            remedy: Some(remedy),
        });
    }
    if !best.headers.is_empty() {
        out.push(Cause {
            code: CauseCode::S3HeaderNotAllowed,
            summary: format!(
                "The preflight asks for {}, which {rule_ref}'s AllowedHeaders ({}) does not cover{}.",
                best.headers.join(", "),
                if best.rule.allowed_headers.is_empty() {
                    "none".to_owned()
                } else {
                    best.rule.allowed_headers.join(", ")
                },
                if best.headers.iter().any(|h| h.starts_with("amz-sdk-")) {
                    " ('x-amz-*' does not cover the SDK's 'amz-sdk-*' headers)"
                } else {
                    ""
                }
            ),
            evidence: with(
                evidence,
                ev(
                    None,
                    Side::Configuration,
                    &format!("{rule_ref}.AllowedHeaders"),
                    Some(&best.rule.allowed_headers.join(", ")),
                ),
            ),
            assumed: false,
            remedy: Some(format!(
                "Add {} to AllowedHeaders of {rule_ref}.",
                best.headers.join(", ")
            )),
        });
    }
    out
}

fn revealed_causes(
    asked: &Asked<'_>,
    headers: Option<&[String]>,
    revealed: &Revealed,
    evidence: Vec<Evidence>,
) -> Vec<Cause> {
    let unknown = || Cause {
        code: CauseCode::S3NoRuleMatched,
        summary: format!(
            "S3 found no CORS rule allowing {}, or the bucket has no CORS configuration at all. The HAR does not keep S3's answer body, which says which; the bucket's configuration (--cors) does.",
            asked.describe(headers)
        ),
        evidence: evidence.clone(),
        assumed: true,
        remedy: None,
    };
    // S3's error body, when kept, says which of the two it was (s3-cors.md §3.1).
    let said = asked
        .said
        .as_ref()
        .filter(|b| b.code == "AccessForbidden")
        .map(|b| b.message.as_str())
        .unwrap_or("");
    if said.contains("CORS is not enabled") {
        return vec![Cause {
            code: CauseCode::S3CorsNotConfigured,
            summary: "S3's answer says \"CORS is not enabled for this bucket\": the bucket has no CORS configuration."
                .to_owned(),
            evidence,
            assumed: false,
            remedy: Some(format!(
                "Add a CORS configuration with a rule for {} and {}.",
                asked.origin, asked.method
            )),
        }];
    }
    if said.contains("This CORS request is not allowed") && revealed.rules.is_empty() {
        return vec![Cause {
            code: CauseCode::S3NoRuleMatched,
            summary: format!(
                "S3's answer says \"This CORS request is not allowed\": the bucket has CORS rules, but none allows {}. The bucket's configuration (--cors) tells which part is missing.",
                asked.describe(headers)
            ),
            evidence,
            assumed: false,
            remedy: None,
        }];
    }
    if !revealed.cors_enabled {
        return vec![unknown()];
    }
    let for_origin: Vec<_> = revealed
        .rules
        .iter()
        .filter(|r| r.covers_origin(asked.origin))
        .collect();
    if for_origin.is_empty() {
        return vec![Cause {
            code: CauseCode::S3OriginNotAllowed,
            summary: format!(
                "S3 answered other requests with CORS headers, but never for {}: most likely no rule allows this origin.",
                asked.origin
            ),
            evidence,
            assumed: true,
            remedy: Some(format!(
                "Add {} to the AllowedOrigins of the rule that should serve it.",
                asked.origin
            )),
        }];
    }
    if !for_origin.iter().any(|r| r.methods.contains(&asked.method)) {
        let methods = for_origin[0].methods.join(", ");
        return vec![Cause {
            code: CauseCode::S3MethodNotAllowed,
            summary: format!(
                "The rule S3 used for {}'s other requests allows {methods} (S3 lists them all in Access-Control-Allow-Methods), not {}.",
                asked.origin, asked.method
            ),
            evidence,
            assumed: true,
            remedy: Some(format!("Add {} to that rule's AllowedMethods.", asked.method)),
        }];
    }
    let unseen: Vec<String> = headers
        .unwrap_or(&[])
        .iter()
        .filter(|h| {
            !for_origin
                .iter()
                .any(|r| r.methods.contains(&asked.method) && r.headers_allowed.contains(h))
        })
        .cloned()
        .collect();
    if !unseen.is_empty() {
        return vec![Cause {
            code: CauseCode::S3HeaderNotAllowed,
            summary: format!(
                "The rule for {} allows {} but S3 refused this preflight: most likely AllowedHeaders does not cover {}.",
                asked.origin,
                asked.method,
                unseen.join(", ")
            ),
            evidence,
            assumed: true,
            remedy: Some(format!("Add {} to that rule's AllowedHeaders.", unseen.join(", "))),
        }];
    }
    vec![unknown()]
}

fn rule_text(rule: &CorsRule) -> String {
    crate::report::json::to_string(rule)
}

fn quote_list(items: &[&str]) -> String {
    if items.is_empty() {
        return "no origin".to_owned();
    }
    items.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ")
}
