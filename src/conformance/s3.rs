//! S3 vectors (s3-cors.md §5): status, CORS headers, absent headers and error code of S3's answer
//! to preflight and actual requests, and configuration validation (`kind: api`).

/// Runs one case (a JSON object of vectors/s3.json); `Err` says what differed.
pub fn run_case(_case: &serde_json::Value) -> Result<(), String> {
    todo!()
}

/// True when the object has the shape of an S3 vector.
pub fn is_case(case: &serde_json::Value) -> bool {
    case.get("kind").is_some() && case.get("expect").is_some() && case.get("request").is_some()
}
