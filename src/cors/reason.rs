//! Why a browser refused a CORS request: Chrome's `Network.CorsError` values (every one CDP
//! defines, including the private/local-network ones under both spellings), the parameter Chrome
//! reports with each, and the console text Chrome, Firefox and Safari print for it.
//! Source: ../shared/reference/fetch-cors.md §9 (Chrome), §10 (Firefox, Safari).

use serde::Serialize;

/// `Network.CorsError`, named exactly as CDP names it (without Chromium's `k` prefix).
/// Serialized as that name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum CorsError {
    // TODO(cors helper): every value listed in fetch-cors.md §9 and har-producers.md §1.7.
    MissingAllowOriginHeader,
    PreflightMissingAllowOriginHeader,
}

impl CorsError {
    /// The CDP name (`"PreflightMissingAllowOriginHeader"`).
    pub fn name(self) -> &'static str {
        todo!()
    }

    /// Parses a CDP name; accepts the PNA-era and LNA-era spellings.
    pub fn from_name(_name: &str) -> Option<CorsError> {
        todo!()
    }

    /// True for the `Preflight*` family and the other errors raised while checking a preflight.
    pub fn is_preflight(self) -> bool {
        todo!()
    }

    /// What the error means, in one plain sentence.
    pub fn explanation(self) -> &'static str {
        todo!()
    }
}

/// A CORS failure: the error and Chrome's `failedParameter` (`""` when Chrome reports none).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub error: CorsError,
    pub failed_parameter: String,
}

/// What kind of request the console names (`Access to fetch at ...`, `Access to XMLHttpRequest
/// at ...`): from the HAR's `_resourceType` when the producer records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RequestKind {
    Fetch,
    XmlHttpRequest,
    Script,
    Image,
    Font,
    Other,
}

impl Failure {
    /// Chrome's text for this failure alone (the part after "has been blocked by CORS policy: "),
    /// including the preflight prefix and the fetch/XHR suffixes Chrome adds for this kind.
    pub fn chrome_text(&self, _kind: RequestKind) -> String {
        todo!()
    }

    /// The whole line Chrome prints in the console:
    /// `Access to {kind} at '{url}' [(redirected from '{initial}') ]from origin '{origin}' has
    /// been blocked by CORS policy: {chrome_text}`.
    pub fn chrome_console(&self, _kind: RequestKind, _url: &str, _redirected_from: Option<&str>, _origin: &str) -> String {
        todo!()
    }

    /// Firefox's console line for the nearest Firefox reason (fetch-cors.md §10), with `status`
    /// for the messages that carry one.
    pub fn firefox_console(&self, _url: &str, _origin: &str, _method: &str, _status: Option<i64>) -> String {
        todo!()
    }

    /// Safari's console line(s) for the nearest WebKit reason (fetch-cors.md §10).
    pub fn safari_console(&self, _kind: RequestKind, _url: &str, _origin: &str, _method: &str, _status: Option<i64>) -> String {
        todo!()
    }
}
