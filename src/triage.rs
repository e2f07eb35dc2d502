//! Triage of many HARs (a support queue): one record per file — what it holds, what failed, the
//! top cause, the buckets — and the causes grouped across files. The records are built from each
//! file's `Report`; reading files and running them in parallel is the CLI's job.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::capture::Producer;
use crate::causes::CauseCode;
use crate::report::{Report, Verdict};

/// Changes when a field's meaning changes; fields may be added within a version.
pub const SCHEMA: &str = "corshar.triage/v1";

/// One file of the queue.
#[derive(Clone, Debug, Serialize)]
pub struct Record {
    /// The file (or `archive.zip:member`) as named on the command line or found in a folder.
    pub file: String,
    /// `analysed`, or `error` when the file could not be read (see `error`).
    pub status: &'static str,
    pub error: Option<String>,
    pub producer: Option<Producer>,
    pub entries: usize,
    /// Cross-origin CORS requests judged.
    pub requests: usize,
    pub blocked: usize,
    /// Requests that succeeded while the page could not read what it needs.
    pub unreadable: usize,
    /// The most frequent cause among the failed requests.
    pub top_cause: Option<CauseCode>,
    /// Every cause, with how many requests it explains.
    pub causes: BTreeMap<CauseCode, usize>,
    pub buckets: Vec<String>,
    /// Buckets whose CORS configuration should change, and whether that fix is complete and
    /// verified.
    pub fixes: Vec<FixState>,
    /// Warning codes (truncated file, producer limits...).
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FixState {
    pub bucket: String,
    pub complete: bool,
    pub verified: bool,
}

/// A cause across the queue.
#[derive(Clone, Debug, Serialize)]
pub struct CauseGroup {
    pub code: CauseCode,
    pub title: &'static str,
    /// Failed requests it explains, over all files.
    pub requests: usize,
    /// The files it appears in.
    pub files: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Triage {
    pub schema: &'static str,
    pub files: usize,
    pub unreadable_files: usize,
    pub files_with_problems: usize,
    pub records: Vec<Record>,
    /// Most frequent first.
    pub causes: Vec<CauseGroup>,
}

/// The record of a file that was analysed.
pub fn record(file: &str, report: &Report) -> Record {
    let mut causes: BTreeMap<CauseCode, usize> = BTreeMap::new();
    for f in report
        .findings
        .iter()
        .filter(|f| f.verdict != Verdict::Ok || !f.causes.is_empty())
    {
        let mut seen: Vec<CauseCode> = f.causes.iter().map(|c| c.code).collect();
        seen.sort();
        seen.dedup();
        for c in seen {
            *causes.entry(c).or_default() += 1;
        }
    }
    let top_cause = causes
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(c, _)| *c);
    let mut warnings: Vec<String> = report.warnings.iter().map(|w| w.code.code().to_owned()).collect();
    warnings.dedup();
    Record {
        file: file.to_owned(),
        status: "analysed",
        error: None,
        producer: Some(report.source.producer),
        entries: report.summary.entries,
        requests: report.summary.cross_origin,
        blocked: report.summary.blocked,
        unreadable: report.summary.unreadable,
        top_cause,
        causes,
        buckets: report.summary.buckets.clone(),
        fixes: report
            .fixes
            .iter()
            .map(|f| FixState {
                bucket: f.bucket.clone(),
                complete: f.complete,
                verified: f.verified,
            })
            .collect(),
        warnings,
    }
}

/// The record of a file that could not be read.
pub fn failed(file: &str, error: &str) -> Record {
    Record {
        file: file.to_owned(),
        status: "error",
        error: Some(error.to_owned()),
        producer: None,
        entries: 0,
        requests: 0,
        blocked: 0,
        unreadable: 0,
        top_cause: None,
        causes: BTreeMap::new(),
        buckets: Vec::new(),
        fixes: Vec::new(),
        warnings: Vec::new(),
    }
}

impl Record {
    pub fn has_problems(&self) -> bool {
        self.blocked > 0 || self.unreadable > 0
    }
}

/// The queue: records in the given order, causes grouped across files.
pub fn triage(records: Vec<Record>) -> Triage {
    let mut groups: BTreeMap<CauseCode, CauseGroup> = BTreeMap::new();
    for r in &records {
        for (code, n) in &r.causes {
            let g = groups.entry(*code).or_insert_with(|| CauseGroup {
                code: *code,
                title: code.title(),
                requests: 0,
                files: Vec::new(),
            });
            g.requests += n;
            g.files.push(r.file.clone());
        }
    }
    let mut causes: Vec<CauseGroup> = groups.into_values().collect();
    causes.sort_by(|a, b| {
        b.files
            .len()
            .cmp(&a.files.len())
            .then(b.requests.cmp(&a.requests))
            .then(a.code.cmp(&b.code))
    });
    Triage {
        schema: SCHEMA,
        files: records.len(),
        unreadable_files: records.iter().filter(|r| r.status == "error").count(),
        files_with_problems: records.iter().filter(|r| r.has_problems()).count(),
        records,
        causes,
    }
}

/// The queue as Markdown (a table of files, then the causes across files). HAR-derived text is
/// escaped.
pub fn markdown(t: &Triage) -> String {
    use crate::report::markdown::escape;
    let mut out = format!(
        "## CORS triage: {} files, {} with problems, {} unreadable\n\n| File | Requests | Blocked | Silent failures | Top cause | Buckets |\n|---|---|---|---|---|---|\n",
        t.files, t.files_with_problems, t.unreadable_files
    );
    for r in &t.records {
        let top = match (&r.error, r.top_cause) {
            (Some(e), _) => format!("error: {}", escape(e)),
            (None, Some(c)) => format!("`{}`", c.code()),
            (None, None) => "–".to_owned(),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            escape(&r.file),
            r.requests,
            r.blocked,
            r.unreadable,
            top,
            escape(&r.buckets.join(", "))
        ));
    }
    if !t.causes.is_empty() {
        out.push_str("\n### Causes across files\n\n| Cause | Requests | Files | What it means |\n|---|---|---|---|\n");
        for g in &t.causes {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                g.code.code(),
                g.requests,
                g.files.len(),
                escape(g.title)
            ));
        }
    }
    out
}

/// The queue as a terminal table (comfy-table).
#[cfg(feature = "cli")]
pub fn table(t: &Triage, width: Option<u16>) -> String {
    use comfy_table::presets::UTF8_FULL_CONDENSED;
    use comfy_table::{ContentArrangement, Table};

    use crate::report::style::printable;

    let mut files = Table::new();
    files
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = width {
        files.set_width(w);
    }
    files.set_header(vec!["File", "Requests", "Blocked", "Silent", "Top cause", "Buckets"]);
    for r in &t.records {
        let top = match (&r.error, r.top_cause) {
            (Some(e), _) => format!("error: {}", printable(e)),
            (None, Some(c)) => c.code().to_owned(),
            (None, None) => "-".to_owned(),
        };
        files.add_row(vec![
            printable(&r.file),
            r.requests.to_string(),
            r.blocked.to_string(),
            r.unreadable.to_string(),
            top,
            r.buckets.iter().map(|b| printable(b)).collect::<Vec<_>>().join("\n"),
        ]);
    }
    let mut out = format!(
        "{} files, {} with problems, {} unreadable\n{files}\n",
        t.files, t.files_with_problems, t.unreadable_files
    );
    if !t.causes.is_empty() {
        let mut causes = Table::new();
        causes
            .load_style(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(w) = width {
            causes.set_width(w);
        }
        causes.set_header(vec!["Cause", "Requests", "Files", "What it means"]);
        for g in &t.causes {
            causes.add_row(vec![
                g.code.code().to_owned(),
                g.requests.to_string(),
                g.files.len().to_string(),
                g.title.to_owned(),
            ]);
        }
        out.push_str(&format!("\nCauses across files\n{causes}\n"));
    }
    out
}
