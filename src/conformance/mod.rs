//! `corshar conformance`: runs vector files (the formats of ../shared/vectors) against the engine.
//! Fetch vectors judge the browser side (`cors`), S3 vectors the server side (`s3`); each case is
//! told apart by its fields, so one file may even mix them.

pub mod fetch;
pub mod s3;

/// The outcome of one vector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseResult {
    pub name: String,
    /// `Err` says what differed.
    pub outcome: Result<(), String>,
}

/// Runs every case of a vector file (a JSON array). `Err` when the file is not such an array.
pub fn run(text: &str) -> Result<Vec<CaseResult>, String> {
    let cases: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| match e.line() {
        0 => format!("expected a JSON array of vectors: {e}"),
        _ => {
            let msg = e.to_string();
            let msg = msg.rfind(" at line ").map_or(msg.as_str(), |i| &msg[..i]).to_owned();
            format!("{}:{}: {msg} (expected a JSON array of vectors)", e.line(), e.column())
        }
    })?;
    Ok(cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let name = case.get("name").and_then(|n| n.as_str()).map_or_else(|| format!("case {i}"), str::to_owned);
            let outcome = if fetch::is_case(case) {
                fetch::run_case(case)
            } else if s3::is_case(case) {
                s3::run_case(case)
            } else {
                Err("neither a Fetch vector (request, preflight_response, response, expect) nor an S3 vector (kind, request, expect)".to_owned())
            };
            CaseResult { name, outcome }
        })
        .collect())
}
