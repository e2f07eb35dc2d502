//! Causes that do not depend on the server: network failures, failures the record cannot explain,
//! preflights missing from the export, unexposed headers; and the evidence helper.

use crate::causes::CauseCode;
use crate::headers;
use crate::report::{Cause, Evidence, Side};

use super::browser::{BrowserView, Judgment};
use super::exchange::Exchange;
use super::server::request_evidence;

/// A piece of evidence; header values are masked when secret.
pub fn ev(entry: Option<usize>, side: Side, item: &str, value: Option<&str>) -> Evidence {
    let value = value.map(str::to_owned);
    Evidence {
        entry,
        side,
        item: item.to_owned(),
        value,
    }
}

/// Causes of the judgments that say nothing about the server's rules.
pub fn causes(ex: &Exchange<'_>, view: &BrowserView) -> Vec<Cause> {
    match &view.judgment {
        Judgment::NetworkError { text, at_preflight } => vec![Cause {
            code: CauseCode::NetworkError,
            summary: format!(
                "The {} failed with {text} before any answer could be judged by CORS.",
                if *at_preflight { "preflight" } else { "request" }
            ),
            evidence: vec![ev(
                Some(if *at_preflight { ex.preflight_entry.unwrap_or(ex.entry) } else { ex.entry }),
                if *at_preflight { Side::PreflightResponse } else { Side::Response },
                "_error",
                Some(text),
            )],
            assumed: false,
            remedy: Some(
                "Check the endpoint, DNS, TLS (bucket names with dots break virtual-hosted HTTPS) and the network; CORS rules cannot fix this."
                    .to_owned(),
            ),
        }],
        Judgment::Unexplained { failure } => vec![Cause {
            code: CauseCode::FailureUnexplained,
            summary: format!(
                "The browser failed the request ({failure}), but its recorded headers pass the CORS checks even with credentials. A response reused from the browser cache, an extension, or a service worker may have been judged instead."
            ),
            evidence: vec![ev(Some(ex.entry), Side::Response, "_error", Some(failure))],
            assumed: true,
            remedy: None,
        }],
        Judgment::PreflightNotRecorded => vec![preflight_not_recorded(ex)],
        Judgment::Blocked { .. } | Judgment::Passed { .. } => Vec::new(),
    }
}

pub fn preflight_not_recorded(ex: &Exchange<'_>) -> Cause {
    Cause {
        code: CauseCode::PreflightNotRecorded,
        summary: "The request needs a preflight, the HAR holds none for it, and the request itself shows only a failure: the producer left the preflight out (Playwright and Safari never record preflights; Chrome exports them only with the Network panel's \"All\" filter).".to_owned(),
        evidence: request_evidence(ex, false),
        assumed: false,
        remedy: Some("Export the HAR from Chrome DevTools with the \"All\" filter selected, or give the bucket's configuration with --cors so corshar can simulate the preflight.".to_owned()),
    }
}

/// `expose-header-missing` for the headers the request exists to read and cannot.
pub fn expose_missing(ex: &Exchange<'_>, hidden: &[String], why: &str) -> Option<Cause> {
    if hidden.is_empty() {
        return None;
    }
    let (status, hs) = ex.response()?;
    let aceh = headers::get(hs, "access-control-expose-headers");
    let mut evidence: Vec<Evidence> = hidden
        .iter()
        .map(|h| ev(Some(ex.entry), Side::Response, h, headers::first(hs, h)))
        .collect();
    evidence.push(ev(
        Some(ex.entry),
        Side::Response,
        "Access-Control-Expose-Headers",
        aceh.as_deref(),
    ));
    let names = hidden.join(", ");
    Some(Cause {
        code: CauseCode::ExposeHeaderMissing,
        summary: format!(
            "The {} succeeded ({status}), but the page cannot read {names}: {why}{}.",
            ex.method(),
            aceh.as_deref()
                .map(|a| format!(" (here: {a})"))
                .unwrap_or_else(|| " (here: none)".to_owned())
        ),
        evidence,
        assumed: false,
        remedy: Some(format!(
            "Expose {names}: add it to the ExposeHeaders of the rule that serves {}.",
            ex.origin
        )),
    })
}
