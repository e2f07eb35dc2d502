//! The minimal CORS rule change for a bucket, and its verification by re-simulation: S3's answer
//! under the new rules (`simulate`) judged by the browser's checks (`cors::check`) for every
//! recorded cross-origin request to the bucket. Source: ../shared/reference/s3-cors.md §8.
//!
//! Minimal means: only what the recorded requests need; no wildcard the configuration did not
//! already use; only origins that recorded requests came from; expose headers only where a
//! recorded response carried them unreadable; every request that passed still passes (and keeps
//! reading what it could read); removing any one added item makes some request fail.

use serde::Serialize;

use super::CorsConfiguration;
use crate::cors::Failure;

/// One recorded cross-origin request to the bucket, as the fix must serve it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Need {
    /// Index of the request's entry in the HAR (`log.entries`).
    pub entry: usize,
    /// Serialized request origin.
    pub origin: String,
    /// The actual request's method, normalised (`PUT`).
    pub method: String,
    /// `Some(names)` when the browser preflights this request: the lower-cased names it lists in
    /// `Access-Control-Request-Headers` (possibly empty). `None` for a request sent without one.
    pub preflight_headers: Option<Vec<String>>,
    /// Credentials mode `include` (inferred): the rule must echo the origin, never answer `*`.
    pub credentials: bool,
    /// Response header names the page needs and could not read (must become exposed).
    pub must_read: Vec<String>,
    /// Response header names the page could read in the recording (must stay readable).
    pub keep_readable: Vec<String>,
    /// Whether the request passed the browser's checks in the recording.
    pub passed: bool,
}

/// How a request fares under a configuration: S3's answer judged by the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub entry: usize,
    /// True when the browser's checks pass and every `must_read`/`keep_readable` name is readable.
    pub passes: bool,
    /// The browser's failure, when its checks fail.
    pub failure: Option<Failure>,
    /// Names in `must_read` or `keep_readable` the page still cannot read.
    pub hidden: Vec<String>,
    /// Index of the rule S3 matched for the actual request (or the preflight when it failed).
    pub rule: Option<usize>,
}

/// One item the proposal adds. `rule` is the index in the *new* configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    AddRule { rule: usize, reason: String },
    AddOrigin { rule: usize, value: String },
    AddMethod { rule: usize, value: String },
    AddHeader { rule: usize, value: String },
    AddExposeHeader { rule: usize, value: String },
}

/// A request no bucket CORS rule can serve (PATCH, OPTIONS from script...), and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unfixable {
    pub entry: usize,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Proposal {
    /// The bucket's whole new configuration.
    pub config: CorsConfiguration,
    pub changes: Vec<Change>,
    /// Every need under the old configuration (`before`) and the new one (`after`).
    pub before: Vec<Outcome>,
    pub after: Vec<Outcome>,
    /// True when every fixable need passes under `config` and nothing that passed regressed.
    pub verified: bool,
    pub unfixable: Vec<Unfixable>,
}

/// Judges every need under `config` (`None`: the bucket has no CORS configuration).
pub fn verify(_config: Option<&CorsConfiguration>, _needs: &[Need]) -> Vec<Outcome> {
    todo!()
}

/// The smallest change to `current` that makes every need pass, verified.
pub fn propose(_current: Option<&CorsConfiguration>, _needs: &[Need]) -> Proposal {
    todo!()
}
