//! The browser's side of CORS, independent of any server: which requests need a preflight, the
//! CORS check and the preflight checks as Chrome runs them (WHATWG Fetch, Chrome's check order and
//! `Network.CorsError` names), which response headers script can read, and each browser's words
//! for a failure. Nothing here knows about S3 or HAR files.

pub mod check;
pub mod reason;
pub mod request;

use serde::Serialize;

use crate::headers::Header;

pub use check::{Exposure, Hop, PreflightGrant, PreflightResponse, Stage};
pub use reason::{CorsError, Failure, RequestKind};

/// The request's credentials mode. A HAR never records it; `diagnose` infers it and says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Credentials {
    Omit,
    SameOrigin,
    Include,
}

impl Credentials {
    /// Only `include` changes the CORS checks of a cross-origin request (`same-origin` behaves
    /// like `omit` there).
    pub fn is_include(self) -> bool {
        self == Credentials::Include
    }

    pub fn parse(s: &str) -> Option<Credentials> {
        match s {
            "omit" => Some(Credentials::Omit),
            "same-origin" => Some(Credentials::SameOrigin),
            "include" => Some(Credentials::Include),
            _ => None,
        }
    }
}

/// The request's mode (Fetch). `no-cors` loads are never CORS failures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    Cors,
    NoCors,
    SameOrigin,
    Navigate,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "cors" => Some(Mode::Cors),
            "no-cors" => Some(Mode::NoCors),
            "same-origin" => Some(Mode::SameOrigin),
            "navigate" => Some(Mode::Navigate),
            _ => None,
        }
    }
}

/// What the browser knows about a request when it judges it.
#[derive(Clone, Copy, Debug)]
pub struct Request<'h> {
    /// The method as the script passed it (normalised by the checks, per Fetch).
    pub method: &'h str,
    pub url: &'h str,
    /// The serialized request origin (`https://app.example.com`), or `null` when opaque.
    pub origin: &'h str,
    /// The request's header list. Forbidden and UA-added names (Origin, Referer, Sec-*,
    /// User-Agent, pseudo-headers...) may be present: the checks ignore them, as Chrome does.
    pub headers: &'h [Header<'h>],
    pub credentials: Credentials,
    pub mode: Mode,
    /// XHR with upload listeners, or a streamed fetch body: forces a preflight.
    pub use_cors_preflight_flag: bool,
}

/// A response as recorded: status and header lines.
#[derive(Clone, Copy, Debug)]
pub struct Response<'h> {
    pub status: i64,
    pub headers: &'h [Header<'h>],
}

/// The browser whose behaviour or words are meant, where they differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Browser {
    Chrome,
    Firefox,
    Safari,
}
