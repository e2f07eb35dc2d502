//! The report: one serde type that every face renders (terminal table, JSON, Markdown, the
//! DevTools panel). Renderers only format; nothing here re-derives a diagnosis.
//! Schema contract: docs/report.schema.json (checked against every output by tests/schema.rs).

pub mod json;
pub mod markdown;
pub mod mask;
pub mod style;
#[cfg(feature = "cli")]
pub mod text;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::capture::Producer;
use crate::causes::{CauseCode, WarningCode};
use crate::cors::{CorsError, Credentials, RequestKind};
use crate::s3::CorsConfiguration;
use crate::s3::fix::{Change, Unfixable};

/// Changes when a field's meaning changes; fields may be added within a version.
pub const SCHEMA: &str = "corshar.report/v1";

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub source: Source,
    pub summary: Summary,
    /// One per cross-origin CORS request judged, in HAR order.
    pub findings: Vec<Finding>,
    /// One per bucket whose CORS configuration should change.
    pub fixes: Vec<Fix>,
    pub warnings: Vec<Warning>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Source {
    /// The file name as the user gave it, when there is one.
    pub file: Option<String>,
    pub producer: Producer,
    /// `log.creator` as "name version".
    pub creator: Option<String>,
    /// `log.browser`, or the browser named by the requests' User-Agent.
    pub browser: Option<String>,
    pub entries: usize,
    pub pages: usize,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// Entries in the HAR (preflights included).
    pub entries: usize,
    /// Cross-origin CORS requests judged (= findings).
    pub cross_origin: usize,
    pub blocked: usize,
    pub unreadable: usize,
    pub ok: usize,
    /// S3 buckets the judged requests reached, sorted.
    pub buckets: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The browser refused the request or its response: the page got a network error.
    Blocked,
    /// The request succeeded, but the page cannot read a response header it exists to read.
    Unreadable,
    Ok,
}

#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    /// Index of the request's own entry in `log.entries` (never its preflight's).
    pub entry: usize,
    pub method: String,
    /// Secrets masked unless asked for.
    pub url: String,
    /// The serialized origin the request came from.
    pub origin: Option<String>,
    /// Where `origin` was read: `request` (its Origin header), `preflight`, `referer`, `page`.
    pub origin_source: &'static str,
    pub verdict: Verdict,
    /// What the browser said: Chrome's `Network.CorsError` and console text. `null` when the
    /// browser did not block, or when the HAR cannot show what it said.
    pub browser_error: Option<BrowserError>,
    /// Why, in corshar's documented codes.
    pub causes: Vec<Cause>,
    pub preflight_entry: Option<usize>,
    /// `fetch`, `xmlhttprequest`, ...: the console names the request by it.
    pub request_kind: RequestKind,
    pub credentials: CredentialsUse,
    /// The response status as recorded (0 or -1: no response reached the page).
    pub status: Option<i64>,
    /// False when the HAR holds only the request's preflight (a proxy never sees a request its
    /// preflight stopped; chrome-har drops failed requests): then `entry` is the preflight's
    /// index, and `method` the one its `Access-Control-Request-Method` names.
    pub request_recorded: bool,
    pub s3: Option<S3Location>,
    /// Further observations (headers the page cannot read that it may not need, ...).
    pub notes: Vec<String>,
    /// A `curl` command that asks the server what the browser asked (the preflight, or the request
    /// with its `Origin`), to reproduce the answer outside the browser. Secrets in the URL are
    /// masked: S3 does not authenticate preflights, and answers CORS headers on refusals too.
    pub reproduce: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BrowserError {
    /// Chrome's `Network.CorsError` name.
    pub code: CorsError,
    pub failed_parameter: String,
    /// The line Chrome prints in the console (URL secrets masked unless asked for).
    pub message: String,
    /// What the error means, in plain words.
    pub explanation: String,
    /// Firefox's and Safari's words for the same failure.
    pub firefox: String,
    pub safari: String,
    /// How corshar knows: `replayed` (the browser's checks on the recorded headers),
    /// `simulated` (S3's answer under the given configuration, the preflight not being recorded)
    /// or `browser-message` (the browser's own words, which some producers record).
    pub basis: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct CredentialsUse {
    pub mode: Credentials,
    /// False only when the HAR shows it (a Cookie header on the request).
    pub inferred: bool,
    pub basis: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct S3Location {
    pub bucket: Option<String>,
    pub key: Option<String>,
    pub region: Option<String>,
    pub style: crate::s3::endpoint::AddressingStyle,
    pub presigned: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Cause {
    pub code: CauseCode,
    /// This request's case, in a sentence.
    pub summary: String,
    /// The headers and rules that decided it.
    pub evidence: Vec<Evidence>,
    /// True when the cause rests on a reconstruction (no --cors configuration).
    pub assumed: bool,
    /// What to do about it, in a sentence.
    pub remedy: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    PreflightRequest,
    PreflightResponse,
    Request,
    Response,
    Configuration,
}

#[derive(Clone, Debug, Serialize)]
pub struct Evidence {
    /// The HAR entry the evidence is in (`null` for configuration evidence).
    pub entry: Option<usize>,
    pub side: Side,
    /// A header name, `status`, or a configuration path (`CORSRules[0].AllowedMethods`).
    pub item: String,
    /// The value (masked if secret); `null` when the point is that it is absent.
    pub value: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Fix {
    pub bucket: String,
    /// The bucket's whole new configuration, aws-cli JSON form.
    pub config: CorsConfiguration,
    /// True when re-simulating every recorded cross-origin request to the bucket under `config`
    /// passes, nothing that passed regressed, and `config` starts from the real configuration.
    pub verified: bool,
    /// False when the current configuration was reconstructed from the HAR (no --cors): parts
    /// are assumed and `config` must not be applied as is.
    pub complete: bool,
    /// The configuration the change starts from (given, reconstructed, or none).
    pub base: Option<CorsConfiguration>,
    /// `given`, `none` (the bucket has no CORS configuration) or `reconstructed`.
    pub base_source: &'static str,
    pub changes: Vec<ChangeText>,
    /// Unified diff of base → config (aws-cli JSON).
    pub diff: String,
    /// What the reconstruction assumes (empty when complete).
    pub assumptions: Vec<String>,
    /// Advice the recorded requests did not prove necessary, so it is not in `config`.
    pub advice: Vec<String>,
    /// What to run, in order.
    pub steps: Vec<String>,
    /// Each recorded request to the bucket: before and after.
    pub verification: Vec<VerificationRow>,
    pub unfixable: Vec<Unfixable>,
    /// `config` in the forms users manage (Terraform, CloudFormation, CDK, XML, console).
    pub forms: BTreeMap<&'static str, String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ChangeText {
    #[serde(flatten)]
    pub change: Change,
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct VerificationRow {
    /// The entries of every recorded request that needs exactly this (same origin, method,
    /// requested headers, credentials and readable headers).
    pub entries: Vec<usize>,
    pub method: String,
    pub origin: String,
    pub before: &'static str,
    pub after: &'static str,
    /// Why it fails under the new configuration (only when it does).
    pub detail: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
    pub entries: Vec<usize>,
}

/// The fix's configuration in `form`, with a title: `cors.json` for the aws-cli form.
pub fn fix_in_form(fix: &Fix, form: crate::s3::emit::Form) -> (String, String) {
    match fix.forms.get(form.name()) {
        Some(text) => (format!("{} ({})", form.file_name(), form.description()), text.clone()),
        None => ("cors.json".to_owned(), json::to_string_pretty(&fix.config)),
    }
}

impl Report {
    /// Exit status of `corshar analyze`: 1 when a request is blocked or unreadable, else 0.
    pub fn has_problems(&self) -> bool {
        self.findings.iter().any(|f| f.verdict != Verdict::Ok)
    }
}
