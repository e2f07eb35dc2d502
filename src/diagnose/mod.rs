//! One finding per cross-origin exchange: the verdict, what the browser said (Chrome's
//! `Network.CorsError` and console text, replayed from the recorded headers), why (corshar's
//! causes, with the headers that decided it), and what the S3 fix must serve.

pub mod beyond;
pub mod browser;
mod common;
pub mod exchange;
mod generic;
pub mod near;
pub mod server;

use crate::cors::check::{self, PreflightResponse, Stage};
use crate::cors::{self, CorsError, Failure, Mode};
use crate::report::{BrowserError, CredentialsUse, Finding, S3Location, Verdict};
use crate::s3::S3Target;
use crate::s3::simulate::{self, Bucket, Resource, S3Request};

use browser::{Basis, BrowserView, Judgment};
use exchange::Exchange;
pub use server::Knowledge;

/// Judges one exchange into a finding.
pub fn finding(
    ex: &Exchange<'_>,
    view: &BrowserView,
    target: Option<&S3Target>,
    knowledge: Option<Knowledge<'_>>,
    ctx: &beyond::Context<'_>,
) -> Finding {
    let found = beyond::causes(ex, view, target, knowledge, ctx);
    let mut causes = found.causes;
    if !found.rules_irrelevant {
        let refused = causes.iter().any(|c| beyond::is_refusal(c.code));
        let rules = match (target, knowledge) {
            (Some(t), Some(k)) if t.bucket.is_some() => server::causes(ex, view, t, k),
            _ => generic::causes(ex, view),
        };
        // A specific refusal (expired URL, signature mismatch...) replaces the generic one.
        causes.extend(
            rules
                .into_iter()
                .filter(|c| !(refused && c.code == crate::causes::CauseCode::S3RequestRejected)),
        );
    }
    let (verdict, error) = match &view.judgment {
        Judgment::Blocked { failure, basis, .. } => (Verdict::Blocked, Some(browser_error(ex, failure, basis.name()))),
        Judgment::Passed { hidden, .. } if !hidden.is_empty() => (Verdict::Unreadable, None),
        Judgment::Passed { .. } => (Verdict::Ok, None),
        Judgment::PreflightNotRecorded | Judgment::NetworkError { .. } | Judgment::Unexplained { .. } => {
            (Verdict::Blocked, None)
        }
    };
    let mut notes = Vec::new();
    if let Judgment::Passed { other_hidden, .. } = &view.judgment
        && !other_hidden.is_empty()
    {
        notes.push(format!(
            "The page cannot read these response headers either (not exposed): {}. That matters only if the page reads them.",
            other_hidden.join(", ")
        ));
    }
    Finding {
        entry: ex.entry,
        method: ex.method().to_owned(),
        url: ex.url().to_owned(),
        origin: Some(ex.origin.clone()),
        origin_source: ex.origin_source,
        verdict,
        browser_error: error,
        causes,
        preflight_entry: ex.preflight_entry,
        request_kind: ex.kind,
        credentials: CredentialsUse {
            mode: view.credentials.mode,
            inferred: view.credentials.inferred,
            basis: view.credentials.basis.to_owned(),
        },
        status: ex.status(),
        request_recorded: ex.request.is_some(),
        s3: target.map(|t| S3Location {
            bucket: t.bucket.clone(),
            key: t.key.clone(),
            region: t.region.clone(),
            style: t.style,
            presigned: t.presigned.is_some(),
        }),
        notes,
        reproduce: (verdict != Verdict::Ok).then(|| reproduce(ex, view)),
    }
}

/// The `curl` that asks what the browser asked: the preflight when the request needs one, else the
/// request itself with its `Origin`.
fn reproduce(ex: &Exchange<'_>, view: &BrowserView) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    let url = quote(ex.url());
    let origin = quote(&format!("Origin: {}", ex.origin));
    if ex.preflight.is_some() || view.needs_preflight {
        let method = cors::request::normalize_method(ex.method());
        let mut cmd = format!(
            "curl -i -X OPTIONS {url} -H {origin} -H {}",
            quote(&format!("Access-Control-Request-Method: {method}"))
        );
        if !view.unsafe_names.is_empty() {
            cmd.push_str(&format!(
                " -H {}",
                quote(&format!(
                    "Access-Control-Request-Headers: {}",
                    view.unsafe_names.join(",")
                ))
            ));
        }
        cmd
    } else if ex.method() == "HEAD" {
        format!("curl -I {url} -H {origin}")
    } else if ex.method() == "GET" {
        format!("curl -sS -D - -o /dev/null {url} -H {origin}")
    } else {
        format!("curl -sS -D - -o /dev/null -X {} {url} -H {origin}", ex.method())
    }
}

fn browser_error(ex: &Exchange<'_>, failure: &Failure, basis: &'static str) -> BrowserError {
    let url = ex.url();
    let status = ex
        .response()
        .map(|(s, _)| s)
        .or_else(|| ex.preflight.and_then(|p| p.status()));
    BrowserError {
        code: failure.error,
        failed_parameter: failure.failed_parameter.clone(),
        message: failure.chrome_console(ex.kind, url, None, &ex.origin),
        explanation: failure.error.explanation().to_owned(),
        firefox: failure.firefox_console(url, &ex.origin, ex.method(), status),
        safari: failure.safari_console(ex.kind, url, &ex.origin, ex.method(), status),
        basis,
    }
}

/// Completes what the record leaves open with S3's answer under the configuration the user gave:
/// a preflight the producer did not record, a response it did not keep (Playwright's status -1),
/// or WebKit's words that do not tell which of Chrome's errors it was. The result is marked
/// `simulated`. Without a configuration nothing is invented; for S3 a refused preflight never
/// carries CORS headers, so WebKit's "not successful" is Chrome's missing-origin error.
pub fn complete(
    ex: &Exchange<'_>,
    view: &mut BrowserView,
    target: Option<&S3Target>,
    knowledge: Option<Knowledge<'_>>,
    ctx: &beyond::Context<'_>,
) {
    // A failed CORS GET without a response of its own, after a no-cors load of the same URL whose
    // answer the browser cached: the browser judged that cached answer. Replay the check on it.
    if matches!(
        view.judgment,
        Judgment::Unexplained { .. } | Judgment::NetworkError { .. }
    ) && ex.response().is_none()
        && let Some(cached) = beyond::cached_answer(ex, ctx)
        && let Err(failure) = check::cors_check(&cached.headers, &ex.origin, view.credentials.mode, Stage::Actual)
    {
        view.judgment = Judgment::Blocked {
            failure,
            stage: Stage::Actual,
            basis: Basis::Replayed,
        };
        return;
    }
    let Some(target) = target.filter(|t| t.bucket.is_some()) else {
        return;
    };
    let unanswered = ex.response().is_none() && ex.preflight.is_none();
    let open = match &view.judgment {
        Judgment::PreflightNotRecorded => true,
        Judgment::Unexplained { .. } => ex.response().is_none(),
        Judgment::Blocked {
            basis: Basis::BrowserText,
            ..
        } => unanswered,
        _ => false,
    };
    if !open {
        return;
    }
    match knowledge {
        Some(Knowledge::Given(config)) => {
            if let Some((failure, stage)) = simulate_browser(ex, view, target, config) {
                view.judgment = Judgment::Blocked {
                    failure,
                    stage,
                    basis: Basis::Simulated,
                };
            }
        }
        _ => {
            if let Judgment::Blocked { failure, .. } = &mut view.judgment
                && failure.error == CorsError::PreflightInvalidStatus
            {
                failure.error = CorsError::PreflightMissingAllowOriginHeader;
            }
        }
    }
}

/// S3's answers to the request (and its preflight, when it needs one) under `config`, judged by
/// the browser: the failure Chrome would report, if any.
fn simulate_browser(
    ex: &Exchange<'_>,
    view: &BrowserView,
    target: &S3Target,
    config: Option<&crate::s3::CorsConfiguration>,
) -> Option<(Failure, Stage)> {
    let method = cors::request::normalize_method(ex.method());
    let bucket = match config {
        Some(c) => Bucket::Cors(c),
        None => Bucket::NoCors,
    };
    let resource = if target.key.is_some() {
        Resource::Object
    } else {
        Resource::BucketRoot
    };
    let req = cors::Request {
        method: ex.method(),
        url: ex.url(),
        origin: &ex.origin,
        headers: ex.request_headers(),
        credentials: view.credentials.mode,
        mode: Mode::Cors,
        use_cors_preflight_flag: false,
    };
    if view.needs_preflight {
        let acrh = (!view.unsafe_names.is_empty()).then(|| view.unsafe_names.join(","));
        let answer = simulate::preflight(
            bucket,
            &S3Request {
                method: "OPTIONS",
                resource,
                origin: Some(&ex.origin),
                acr_method: Some(&method),
                acr_headers: acrh.as_deref(),
            },
        );
        let response = PreflightResponse {
            status: i64::from(answer.status.unwrap_or(200)),
            headers: &answer.headers,
            redirected: false,
        };
        if let Err(f) = check::preflight_check(&req, &view.unsafe_names, &response) {
            return Some((f, Stage::Preflight));
        }
    }
    let answer = simulate::actual(
        bucket,
        &S3Request {
            method: &method,
            resource,
            origin: Some(&ex.origin),
            acr_method: None,
            acr_headers: None,
        },
    );
    check::cors_check(&answer.headers, &ex.origin, view.credentials.mode, Stage::Actual)
        .err()
        .map(|f| (f, Stage::Actual))
}

/// The stage at which a blocked exchange failed, for renderers.
pub fn stage(view: &BrowserView) -> Option<Stage> {
    match &view.judgment {
        Judgment::Blocked { stage, .. } => Some(*stage),
        _ => None,
    }
}
