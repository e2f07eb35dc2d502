//! Fetch vectors (fetch-cors.md §12): preflight needed, blocked, reason, failed parameter,
//! Access-Control-Request-Headers, readable headers, preflight cache lifetime.

/// Runs one case (a JSON object of vectors/fetch.json); `Err` says what differed.
pub fn run_case(_case: &serde_json::Value) -> Result<(), String> {
    todo!()
}

/// True when the object has the shape of a Fetch vector.
pub fn is_case(case: &serde_json::Value) -> bool {
    case.get("preflight_response").is_some() && case.get("expect").is_some()
}
