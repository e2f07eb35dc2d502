//! S3 vectors (s3-cors.md §5): status, CORS headers, absent headers and error code of S3's answer
//! to preflight and actual requests, and configuration validation (`kind: api`).
//!
//! What passes (vectors/README.md "What pass means"): the status, every `expect.headers` header
//! present with its exact value (names compared case-insensitively), every `absent_headers` name
//! absent, and `error_code`. Where the vector also records the error's message or its
//! `<Method>`/`<ResourceType>` fields, they must match too. For `kind: actual` the status belongs
//! to the operation (object found, authorization...), which a CORS engine does not model: it is
//! taken as given and only the CORS headers are checked.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::headers::{self, Header};
use crate::s3::config::{self, CorsConfiguration};
use crate::s3::simulate::{self, Answer, Bucket, Resource, S3Request};

/// One case of vectors/s3.json.
#[derive(Debug, Deserialize)]
pub struct Case {
    pub name: String,
    pub kind: Kind,
    pub bucket: BucketState,
    /// S3 JSON (`{"CORSRules": [...]}`), or `null` for a bucket without CORS.
    pub config: Option<CorsConfiguration>,
    pub request: CaseRequest,
    pub expect: Expect,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Preflight,
    Actual,
    Api,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BucketState {
    Exists,
    Missing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum PathKind {
    #[serde(rename = "object")]
    Object,
    #[serde(rename = "object-missing")]
    ObjectMissing,
    #[serde(rename = "bucket-root")]
    BucketRoot,
    #[serde(rename = "service-root")]
    ServiceRoot,
    /// The bucket's `?cors` subresource (configuration API).
    #[serde(rename = "?cors")]
    Cors,
}

#[derive(Debug, Deserialize)]
pub struct CaseRequest {
    pub method: String,
    pub path: PathKind,
    pub origin: Option<String>,
    pub acr_method: Option<String>,
    pub acr_headers: Option<String>,
    /// Other request headers (Authorization, Content-Type...): S3's CORS evaluation never reads
    /// them (§2 notes); they document the recording.
    #[serde(default)]
    pub other_headers: BTreeMap<String, String>,
    #[serde(default)]
    pub query: Option<String>,
    /// `website` for the website endpoint, which applies the same rules (§3.3).
    #[serde(default)]
    pub endpoint: Option<String>,
    #[serde(default)]
    pub key: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Expect {
    pub status: u16,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    pub error_code: Option<String>,
    #[serde(default)]
    pub error_message: Option<String>,
    /// `Method`, `ResourceType` of the XML error.
    #[serde(default)]
    pub error_fields: BTreeMap<String, String>,
    #[serde(default)]
    pub absent_headers: Vec<String>,
}

/// Runs one case (a JSON object of vectors/s3.json); `Err` says what differed.
pub fn run_case(case: &serde_json::Value) -> Result<(), String> {
    let case = Case::deserialize(case).map_err(|e| format!("not an S3 vector: {e}"))?;
    match case.kind {
        Kind::Preflight => check_preflight(&case),
        Kind::Actual => check_actual(&case),
        Kind::Api => check_api(&case),
    }
}

/// True when the object has the shape of an S3 vector.
pub fn is_case(case: &serde_json::Value) -> bool {
    case.get("kind").is_some() && case.get("expect").is_some() && case.get("request").is_some()
}

fn bucket(case: &Case) -> Bucket<'_> {
    match (case.bucket, &case.config) {
        (BucketState::Missing, _) => Bucket::Missing,
        (BucketState::Exists, None) => Bucket::NoCors,
        (BucketState::Exists, Some(config)) => Bucket::Cors(config),
    }
}

fn request(case: &Case) -> Result<S3Request<'_>, String> {
    let resource = match case.request.path {
        PathKind::Object | PathKind::ObjectMissing => Resource::Object,
        PathKind::BucketRoot => Resource::BucketRoot,
        other => return Err(format!("a {other:?} request is not a bucket CORS request")),
    };
    Ok(S3Request {
        method: &case.request.method,
        resource,
        origin: case.request.origin.as_deref(),
        acr_method: case.request.acr_method.as_deref(),
        acr_headers: case.request.acr_headers.as_deref(),
    })
}

fn check_preflight(case: &Case) -> Result<(), String> {
    let answer = simulate::preflight(bucket(case), &request(case)?);
    let mut problems = Vec::new();
    if answer.status != Some(case.expect.status) {
        problems.push(format!("status {:?}, expected {}", answer.status, case.expect.status));
    }
    check_headers(&answer.headers, &case.expect, &mut problems);
    check_error(&answer, &case.expect, &mut problems);
    verdict(problems)
}

fn check_actual(case: &Case) -> Result<(), String> {
    // The status is the operation's, taken as given; only the CORS headers are S3's CORS answer.
    let answer = simulate::actual(bucket(case), &request(case)?);
    let mut problems = Vec::new();
    check_headers(&answer.headers, &case.expect, &mut problems);
    verdict(problems)
}

fn check_api(case: &Case) -> Result<(), String> {
    let got = match (case.request.method.as_str(), &case.config) {
        ("PUT", Some(config)) => config::validate(config).err().map(|e| (e.code, e.message)),
        // PutBucketCors without a body is not a configuration to validate.
        ("PUT", None) => return Err("PUT ?cors without a configuration".into()),
        // GetBucketCors on a bucket without configuration [AWS-rec].
        ("GET", None) => Some((
            "NoSuchCORSConfiguration".into(),
            "The CORS configuration does not exist".into(),
        )),
        // DeleteBucketCors answers 204 whether or not a configuration is set [AWS-rec].
        ("GET" | "DELETE", _) => None,
        (other, _) => return Err(format!("{other} ?cors is not a configuration call")),
    };
    let mut problems = Vec::new();
    let code = got.as_ref().map(|(code, _)| code.as_str());
    if code != case.expect.error_code.as_deref() {
        problems.push(format!("error code {code:?}, expected {:?}", case.expect.error_code));
    }
    if let (Some(want), Some((_, message))) = (&case.expect.error_message, &got)
        && want != message
    {
        problems.push(format!("error message {message:?}, expected {want:?}"));
    }
    verdict(problems)
}

fn check_headers(got: &[Header<'_>], expect: &Expect, problems: &mut Vec<String>) {
    for (name, want) in &expect.headers {
        match headers::get(got, name) {
            Some(value) if value == want.as_str() => {}
            Some(value) => problems.push(format!("{name}: {value:?}, expected {want:?}")),
            None => problems.push(format!("{name} missing, expected {want:?}")),
        }
    }
    for name in &expect.absent_headers {
        if let Some(value) = headers::get(got, name) {
            problems.push(format!("{name}: {value:?}, expected absent"));
        }
    }
}

fn check_error(answer: &Answer, expect: &Expect, problems: &mut Vec<String>) {
    let error = answer.error.as_ref();
    if let Some(want) = &expect.error_code {
        let code = error.map(|e| e.code.as_str());
        if code != Some(want.as_str()) {
            problems.push(format!("error code {code:?}, expected {want:?}"));
        }
    }
    if let Some(want) = &expect.error_message {
        let message = error.map(|e| e.message.as_str());
        if message != Some(want.as_str()) {
            problems.push(format!("error message {message:?}, expected {want:?}"));
        }
    }
    for (field, want) in &expect.error_fields {
        let value = match field.as_str() {
            "Method" => error.and_then(|e| e.method.as_deref()),
            "ResourceType" => error.and_then(|e| e.resource_type.as_deref()),
            _ => {
                problems.push(format!("error field <{field}> is not simulated"));
                continue;
            }
        };
        if value != Some(want.as_str()) {
            problems.push(format!("<{field}> {value:?}, expected {want:?}"));
        }
    }
}

fn verdict(problems: Vec<String>) -> Result<(), String> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTORS: &str = include_str!("../../tests/data/vectors/s3.json");

    #[test]
    fn every_s3_vector_passes() {
        let cases: Vec<serde_json::Value> = serde_json::from_str(VECTORS).expect("vectors/s3.json is JSON");
        assert_eq!(cases.len(), 76, "the vector file changed size");
        assert!(cases.iter().all(is_case), "every case has the S3 vector shape");
        let failures: Vec<String> = cases
            .iter()
            .filter(|case| is_case(case))
            .filter_map(|case| {
                let name = case.get("name").and_then(|n| n.as_str()).unwrap_or("?");
                run_case(case).err().map(|why| format!("{name}: {why}"))
            })
            .collect();
        assert!(
            failures.is_empty(),
            "{} of {} S3 vectors fail:\n{}",
            failures.len(),
            cases.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn a_wrong_expectation_is_reported() {
        let mut case: serde_json::Value = serde_json::from_str(VECTORS).expect("JSON");
        let first = &mut case[6];
        first["expect"]["headers"]["Access-Control-Allow-Methods"] = "GET".into();
        let why = run_case(first).expect_err("must differ");
        assert!(why.contains("Access-Control-Allow-Methods: \"GET, PUT\""), "{why}");
    }
}
