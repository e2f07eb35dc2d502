//! `--format json`: the report itself, pretty-printed. The schema is the contract (SCHEMA).

use std::io::{self, Write};

use super::Report;

/// Writes the report as pretty JSON straight to `out`: a report of a million-entry HAR is never
/// held twice in memory.
pub fn write(report: &Report, out: impl Write) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, report).map_err(io::Error::from)?;
    out.write_all(b"\n")?;
    out.flush()
}

pub fn render(report: &Report) -> String {
    // Serializing plain data structs cannot fail; an error here is a bug worth surfacing as text
    // rather than a panic.
    serde_json::to_string_pretty(report)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialize the report: {e}\"}}"))
        + "\n"
}
