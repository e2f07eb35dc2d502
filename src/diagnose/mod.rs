//! One finding per cross-origin exchange: the verdict, what the browser said (Chrome's
//! `Network.CorsError` and console text, replayed from the recorded headers), why (corshar's
//! causes, with the headers that decided it), and what the S3 fix must serve.

pub mod browser;
mod common;
pub mod exchange;
mod generic;
pub mod server;

use crate::cors::check::{self, PreflightResponse, Stage};
use crate::cors::{self, Failure, Mode};
use crate::redact;
use crate::report::{BrowserError, CredentialsUse, Finding, S3Location, Verdict};
use crate::s3::S3Target;
use crate::s3::simulate::{self, Bucket, Resource, S3Request};

use browser::{BrowserView, Judgment};
use exchange::Exchange;
pub use server::Knowledge;

/// Judges one exchange into a finding.
pub fn finding(
    ex: &Exchange<'_>,
    view: &BrowserView,
    target: Option<&S3Target>,
    knowledge: Option<Knowledge<'_>>,
) -> Finding {
    let causes = match (target, knowledge) {
        (Some(t), Some(k)) if t.bucket.is_some() => server::causes(ex, view, t, k),
        _ => generic::causes(ex, view),
    };
    let (verdict, error) = match &view.judgment {
        Judgment::Blocked { failure, .. } => (Verdict::Blocked, Some(browser_error(ex, failure, "replayed"))),
        Judgment::Passed { hidden, .. } if !hidden.is_empty() => (Verdict::Unreadable, None),
        Judgment::Passed { .. } => (Verdict::Ok, None),
        Judgment::PreflightNotRecorded => {
            let simulated = match knowledge {
                Some(Knowledge::Given(config)) => simulated_preflight_failure(ex, view, target, config),
                _ => None,
            };
            (Verdict::Blocked, simulated.map(|f| browser_error(ex, &f, "simulated")))
        }
        Judgment::NetworkError { .. } | Judgment::Unexplained { .. } => (Verdict::Blocked, None),
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
        url: redact::url(ex.url()).into_owned(),
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
        status: ex.request.status(),
        s3: target.map(|t| S3Location {
            bucket: t.bucket.clone(),
            key: t.key.clone(),
            region: t.region.clone(),
            style: t.style,
            presigned: t.presigned.is_some(),
        }),
        notes,
    }
}

fn browser_error(ex: &Exchange<'_>, failure: &Failure, basis: &'static str) -> BrowserError {
    let url = redact::url(ex.url());
    let status = ex
        .response()
        .map(|(s, _)| s)
        .or_else(|| ex.preflight.and_then(|p| p.status()));
    BrowserError {
        code: failure.error,
        failed_parameter: failure.failed_parameter.clone(),
        message: failure.chrome_console(ex.kind, &url, None, &ex.origin),
        explanation: failure.error.explanation().to_owned(),
        firefox: failure.firefox_console(&url, &ex.origin, ex.method(), status),
        safari: failure.safari_console(ex.kind, &url, &ex.origin, ex.method(), status),
        basis,
    }
}

/// For a request whose preflight the HAR lacks: S3's answer to that preflight under the given
/// configuration, judged by the browser. This is what Chrome would have said.
fn simulated_preflight_failure(
    ex: &Exchange<'_>,
    view: &BrowserView,
    target: Option<&S3Target>,
    config: Option<&crate::s3::CorsConfiguration>,
) -> Option<Failure> {
    let target = target?;
    let method = cors::request::normalize_method(ex.method());
    let acrh = (!view.unsafe_names.is_empty()).then(|| view.unsafe_names.join(","));
    let bucket = match config {
        Some(c) => Bucket::Cors(c),
        None => Bucket::NoCors,
    };
    let answer = simulate::preflight(
        bucket,
        &S3Request {
            method: "OPTIONS",
            resource: if target.key.is_some() {
                Resource::Object
            } else {
                Resource::BucketRoot
            },
            origin: Some(&ex.origin),
            acr_method: Some(&method),
            acr_headers: acrh.as_deref(),
        },
    );
    let req = cors::Request {
        method: ex.method(),
        url: ex.url(),
        origin: &ex.origin,
        headers: ex.request_headers(),
        credentials: view.credentials.mode,
        mode: Mode::Cors,
        use_cors_preflight_flag: false,
    };
    let response = PreflightResponse {
        status: i64::from(answer.status.unwrap_or(200)),
        headers: &answer.headers,
        redirected: false,
    };
    check::preflight_check(&req, &view.unsafe_names, &response).err()
}

/// The stage at which a blocked exchange failed, for renderers.
pub fn stage(view: &BrowserView) -> Option<Stage> {
    match &view.judgment {
        Judgment::Blocked { stage, .. } => Some(*stage),
        _ => None,
    }
}
