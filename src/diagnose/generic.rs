//! Causes for servers corshar has no model of (API gateways, CDNs, app servers): what the browser
//! needed from the answer, per Fetch (fetch-cors.md §13).

use crate::causes::CauseCode;
use crate::cors::CorsError;
use crate::cors::check::Stage;
use crate::report::{Cause, Side};

use super::browser::{BrowserView, Judgment};
use super::common::{self, ev};
use super::exchange::Exchange;

pub fn causes(ex: &Exchange<'_>, view: &BrowserView) -> Vec<Cause> {
    match &view.judgment {
        Judgment::Blocked { failure, stage, .. } => {
            let (entry, side, hs) = match (stage, ex.preflight) {
                (Stage::Preflight, Some(pre)) => (
                    ex.preflight_entry,
                    Side::PreflightResponse,
                    pre.response.headers.as_slice(),
                ),
                _ => (
                    Some(ex.entry),
                    Side::Response,
                    ex.response().map_or(&[][..], |(_, hs)| hs),
                ),
            };
            vec![Cause {
                code: CauseCode::ServerCorsPolicy,
                summary: format!(
                    "The server's answer fails the browser's check: {}",
                    failure.error.explanation()
                ),
                evidence: vec![ev(
                    entry,
                    side,
                    "Access-Control-Allow-Origin",
                    crate::headers::first(hs, "access-control-allow-origin"),
                )],
                assumed: false,
                remedy: Some(remedy(failure.error, &ex.origin).to_owned()),
            }]
        }
        Judgment::Passed { hidden, .. } => common::expose_missing(
            ex,
            hidden,
            "the server does not list it in Access-Control-Expose-Headers",
        )
        .into_iter()
        .collect(),
        _ => common::causes(ex, view),
    }
}

/// The server-side change for each failure (fetch-cors.md §13).
fn remedy(error: CorsError, _origin: &str) -> &'static str {
    use CorsError::*;
    match error {
        MissingAllowOriginHeader | PreflightMissingAllowOriginHeader => {
            "Have the server send Access-Control-Allow-Origin with the page's origin (on the preflight too, when there is one)."
        }
        MethodDisallowedByPreflightResponse => {
            "List the method, in its exact case, in the preflight's Access-Control-Allow-Methods."
        }
        HeaderDisallowedByPreflightResponse => {
            "List the header in the preflight's Access-Control-Allow-Headers (Authorization must be listed explicitly; '*' never covers it)."
        }
        WildcardOriginNotAllowed | PreflightWildcardOriginNotAllowed => {
            "Echo the exact origin instead of '*', with Access-Control-Allow-Credentials: true and Vary: Origin."
        }
        InvalidAllowCredentials | PreflightInvalidAllowCredentials => "Send Access-Control-Allow-Credentials: true.",
        MultipleAllowOriginValues | PreflightMultipleAllowOriginValues => {
            "Send one Access-Control-Allow-Origin line with one value: two layers (a CDN and the origin server, say) both add it."
        }
        PreflightInvalidStatus => {
            "Answer the preflight (OPTIONS, sent without credentials) with a 2xx status: let it through authentication."
        }
        PreflightDisallowedRedirect => {
            "Do not redirect the preflight (http→https, a trailing slash, a login page): call the final URL."
        }
        _ => "Change the server's CORS answer as the browser error says.",
    }
}
