//! corshar's engine for the DevTools panel, compiled to wasm32 and bound with wasm-bindgen.
//!
//! The panel gives the HAR as bytes (a dropped file, or `chrome.devtools.network.getHAR` output
//! serialized) and gets back exactly what `corshar analyze --format json` prints for it: the
//! same `corshar::analyze`, the same masking of secrets, the same serializer. Everything the
//! panel shows comes from that JSON; the Markdown ticket reply is rendered here too so its text
//! never drifts from the CLI's.
//!
//! The functions are plain Rust (`Result<_, String>`) with thin `#[wasm_bindgen]` wrappers, so
//! native tests can call them without a JS engine.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use corshar::report::{json, markdown};
use corshar::s3::emit::Form;
use corshar::{GivenCors, Options, Report};

/// The options the panel sends, as JSON (every field optional):
/// `{"source": "session.har", "cors": [{"bucket": "b", "text": "<get-bucket-cors output>"}],
///   "notes": [], "show_secrets": false, "buckets": [], "origins": []}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PanelOptions {
    /// The HAR's name, for the report's `source.name` (the CLI puts the path there).
    pub source: Option<String>,
    /// Bucket configurations pasted by the user: the CLI's `--cors [BUCKET=]FILE`.
    pub cors: Vec<PastedCors>,
    /// What the panel did to get the bytes (decompressed a .gz, took a member of a .zip).
    pub notes: Vec<String>,
    pub show_secrets: bool,
    pub buckets: Vec<String>,
    pub origins: Vec<String>,
}

/// One pasted configuration: `aws s3api get-bucket-cors` output, the console's JSON array or the
/// API's XML. `text` absent, empty or `none`: the bucket has no CORS configuration.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PastedCors {
    /// `None`: the one bucket the HAR reaches.
    pub bucket: Option<String>,
    pub text: Option<String>,
}

/// One analysis, kept so the panel can ask for the ticket reply in another form without
/// analysing the HAR again.
#[wasm_bindgen]
pub struct Analysis {
    report: Report,
}

#[wasm_bindgen]
impl Analysis {
    /// The report as `corshar analyze --format json` prints it.
    pub fn json(&self) -> String {
        json::render(&self.report)
    }

    /// The ticket reply (`corshar analyze --format markdown --emit FORM`).
    pub fn markdown(&self, form: &str) -> Result<String, JsError> {
        let form = Form::parse(form).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(markdown::render(&self.report, form))
    }

    /// Whether a request was blocked or unreadable (the CLI's exit status 1).
    #[wasm_bindgen(js_name = hasProblems)]
    pub fn has_problems(&self) -> bool {
        self.report.has_problems()
    }
}

/// Analyses a HAR. `options` is [`PanelOptions`] as JSON (`""` for the defaults).
#[wasm_bindgen]
pub fn analyze(har: &[u8], options: &str) -> Result<Analysis, JsError> {
    run(har, options)
        .map(|report| Analysis { report })
        .map_err(|e| JsError::new(&e))
}

/// The report JSON for a HAR in one call (what the parity test compares with the CLI).
#[wasm_bindgen(js_name = analyzeToJson)]
pub fn analyze_to_json(har: &[u8], options: &str) -> Result<String, JsError> {
    run(har, options)
        .map(|r| json::render(&r))
        .map_err(|e| JsError::new(&e))
}

/// Checks a pasted bucket configuration before the panel sends it: the configuration normalised
/// to aws-cli JSON, or where the text is wrong (`line:column: what was expected`).
#[wasm_bindgen(js_name = parseCors)]
pub fn parse_cors(text: &str) -> Result<String, JsError> {
    parse_pasted(text)
        .map(|c| {
            c.map_or_else(
                || "none".to_owned(),
                |c| serde_json::to_string_pretty(&c).unwrap_or_default(),
            )
        })
        .map_err(|e| JsError::new(&e))
}

/// The forms a fix can be shown in, as JSON `[{"name", "description", "file"}]`, in the CLI's
/// `--emit` order.
#[wasm_bindgen]
pub fn forms() -> String {
    let list: Vec<serde_json::Value> = Form::ALL
        .iter()
        .map(|f| serde_json::json!({"name": f.name(), "description": f.description(), "file": f.file_name()}))
        .collect();
    serde_json::Value::Array(list).to_string()
}

/// The panel's version (this crate's, which `cargo xtask dist` writes into the manifest).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The analysis, with errors worded as the CLI words them (`NAME:LINE:COLUMN: ...`).
pub fn run(har: &[u8], options: &str) -> Result<Report, String> {
    let panel: PanelOptions = if options.trim().is_empty() {
        PanelOptions::default()
    } else {
        serde_json::from_str(options).map_err(|e| format!("panel options: {e}"))?
    };
    let name = panel.source.clone().unwrap_or_else(|| "HAR".to_owned());
    let cors = panel
        .cors
        .iter()
        .map(|p| {
            let config = parse_pasted(p.text.as_deref().unwrap_or("")).map_err(|e| {
                format!(
                    "the configuration of {}:{e}",
                    p.bucket.as_deref().unwrap_or("the bucket")
                )
            })?;
            Ok(GivenCors {
                bucket: p.bucket.clone().filter(|b| !b.trim().is_empty()),
                config,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let options = Options {
        source_name: panel.source,
        cors,
        input_notes: panel.notes,
        show_secrets: panel.show_secrets,
        buckets: panel.buckets,
        origins: panel.origins,
    };
    corshar::analyze(har, &options).map_err(|e| match e {
        corshar::Error::Read(read) => format!("{name}:{read}"),
        other => other.to_string(),
    })
}

/// A pasted configuration; `None` when the bucket has none (empty text or `none`).
fn parse_pasted(text: &str) -> Result<Option<corshar::s3::CorsConfiguration>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    corshar::s3::config::parse(text).map(Some).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCKED: &[u8] = include_bytes!("../../samples/s05-sdk-signed-headers-not-allowed.har");

    #[test]
    fn options_reach_the_engine() {
        let plain = run(BLOCKED, "").unwrap();
        assert!(plain.has_problems());
        let named = run(
            BLOCKED,
            r#"{"source": "x.har", "origins": ["https://nowhere.example"]}"#,
        )
        .unwrap();
        assert_eq!(named.source.file.as_deref(), Some("x.har"));
        assert!(named.findings.is_empty(), "the origin filter must drop every finding");
    }

    #[test]
    fn errors_are_worded_like_the_cli() {
        let err = run(b"{\"log\": [", r#"{"source": "cut.har"}"#).unwrap_err();
        assert!(err.starts_with("cut.har:1:"), "{err}");
        let err = run(BLOCKED, r#"{"cors": [{"text": "{\"CORSRules\": 3}"}]}"#).unwrap_err();
        assert!(err.starts_with("the configuration of the bucket:"), "{err}");
        let err = run(BLOCKED, r#"{"colour": true}"#).unwrap_err();
        assert!(err.contains("unknown field `colour`"), "{err}");
    }

    #[test]
    fn a_pasted_none_means_no_configuration() {
        assert_eq!(parse_pasted(" none ").unwrap(), None);
        assert_eq!(parse_pasted("").unwrap(), None);
        assert!(parse_pasted("<CORSConfiguration>").is_err());
    }
}
