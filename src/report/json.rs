//! `--format json`: the report itself, pretty-printed. The schema is the contract (SCHEMA).

use super::Report;

pub fn render(report: &Report) -> String {
    // Serializing plain data structs cannot fail; an error here is a bug worth surfacing as text
    // rather than a panic.
    serde_json::to_string_pretty(report)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialize the report: {e}\"}}"))
        + "\n"
}
