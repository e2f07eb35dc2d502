//! The default terminal rendering: a summary table of every cross-origin request (comfy-table),
//! then, for each request that failed, what the browser said, why, and the evidence, then each
//! bucket's fix. Colour only when asked (the CLI asks on a terminal without NO_COLOR). Every string
//! from the HAR goes through `style::printable`.

use std::fmt::Write as _;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width};

use crate::cors::Credentials;
use crate::s3::emit::Form;

use super::style::{entry_list, printable, short_url, side_words, verdict_word};
use super::{Finding, Fix, Report, Verdict};

#[derive(Clone, Copy, Debug)]
pub struct TextOptions {
    pub color: bool,
    /// Table width; `None`: the terminal's.
    pub width: Option<u16>,
    /// The form the fix is shown in (`--emit`).
    pub emit: Form,
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn red(&self, s: &str) -> String {
        self.wrap("1;31", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.wrap("1;33", s)
    }
    fn green(&self, s: &str) -> String {
        self.wrap("32", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn verdict(&self, v: Verdict) -> String {
        match v {
            Verdict::Blocked => self.red("blocked"),
            Verdict::Unreadable => self.yellow("unreadable"),
            Verdict::Ok => self.green("ok"),
        }
    }
}

pub fn render(report: &Report, options: TextOptions) -> String {
    let p = Paint { on: options.color };
    let mut out = String::new();
    header(&mut out, report, &p);
    if report.findings.is_empty() {
        out.push_str("\nNo cross-origin CORS request in this HAR: nothing for the browser to block.\n");
    } else {
        out.push('\n');
        out.push_str(&table(report, options.width));
        out.push('\n');
    }
    for f in report
        .findings
        .iter()
        .filter(|f| f.verdict != Verdict::Ok || !f.causes.is_empty())
    {
        finding(&mut out, f, &p);
    }
    for fix in &report.fixes {
        fix_section(&mut out, fix, &p, options.emit);
    }
    if !report.warnings.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("Notes"));
        for w in &report.warnings {
            let _ = writeln!(
                out,
                "  {} {}",
                p.dim(&format!("[{}]", w.code.code())),
                printable(&w.message)
            );
        }
    }
    out
}

fn header(out: &mut String, report: &Report, p: &Paint) {
    let s = &report.summary;
    let name = report
        .source
        .file
        .as_deref()
        .map(printable)
        .unwrap_or_else(|| "HAR".to_owned());
    let by = [report.source.browser.as_deref(), report.source.creator.as_deref()]
        .into_iter()
        .flatten()
        .map(printable)
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        out,
        "{} {}{}",
        p.bold("corshar"),
        name,
        if by.is_empty() {
            String::new()
        } else {
            format!(" ({by})")
        }
    );
    let _ = writeln!(
        out,
        "{} entries, {} cross-origin {}: {} blocked, {} unreadable, {} ok",
        s.entries,
        s.cross_origin,
        if s.cross_origin == 1 { "request" } else { "requests" },
        if s.blocked > 0 {
            p.red(&s.blocked.to_string())
        } else {
            s.blocked.to_string()
        },
        if s.unreadable > 0 {
            p.yellow(&s.unreadable.to_string())
        } else {
            s.unreadable.to_string()
        },
        s.ok
    );
}

fn table(report: &Report, width: Option<u16>) -> String {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = width {
        t.set_width(w);
    }
    // Only the request column wraps: error names and cause codes are read as whole words.
    t.set_constraints(vec![
        ColumnConstraint::ContentWidth,
        ColumnConstraint::LowerBoundary(Width::Fixed(24)),
        ColumnConstraint::ContentWidth,
        ColumnConstraint::ContentWidth,
        ColumnConstraint::ContentWidth,
    ]);
    t.set_header(vec!["#", "Request", "Verdict", "Browser said", "Why"]);
    for f in &report.findings {
        t.add_row(vec![
            f.entry.to_string(),
            format!("{} {}", printable(&f.method), short_url(&f.url, 48)),
            verdict_word(f.verdict).to_owned(),
            f.browser_error
                .as_ref()
                .map(|e| e.code.name().to_owned())
                .unwrap_or_else(|| "-".to_owned()),
            if f.causes.is_empty() {
                "-".to_owned()
            } else {
                f.causes.iter().map(|c| c.code.code()).collect::<Vec<_>>().join("\n")
            },
        ]);
    }
    t.to_string()
}

fn finding(out: &mut String, f: &Finding, p: &Paint) {
    let preflight = f
        .preflight_entry
        .map(|e| format!(" (preflight #{e})"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "\n{} #{} {} {}{}",
        p.verdict(f.verdict),
        f.entry,
        printable(&f.method),
        printable(&f.url),
        preflight
    );
    if let Some(origin) = &f.origin {
        let _ = writeln!(out, "  from origin {}", printable(origin));
    }
    if f.credentials.mode == Credentials::Include || !f.credentials.inferred {
        let _ = writeln!(out, "  credentials: {}", printable(&f.credentials.basis));
    }
    if let Some(e) = &f.browser_error {
        let basis = if e.basis == "simulated" {
            " [simulated: the preflight is not in the HAR]"
        } else {
            ""
        };
        let _ = writeln!(out, "  {} {}{}", p.bold("Browser said:"), e.code.name(), basis);
        let _ = writeln!(out, "    {}", printable(&e.message));
    }
    for c in &f.causes {
        let assumed = if c.assumed { p.dim(" (assumed)") } else { String::new() };
        let _ = writeln!(out, "  {} {}{}", p.bold("Why:"), c.code.code(), assumed);
        let _ = writeln!(out, "    {}", printable(&c.summary));
        for e in &c.evidence {
            let entry = e.entry.map(|i| format!("#{i} ")).unwrap_or_default();
            let value = e
                .value
                .as_deref()
                .map(printable)
                .unwrap_or_else(|| "(absent)".to_owned());
            let place = p.dim(&format!("{entry}{}", side_words(e.side)));
            let _ = writeln!(out, "    {} {place}: {} = {value}", p.dim("·"), printable(&e.item));
        }
        if let Some(r) = &c.remedy {
            let _ = writeln!(out, "    {} {}", p.green("→"), printable(r));
        }
    }
    if let Some(r) = &f.reproduce {
        let _ = writeln!(out, "  {} {}", p.bold("Reproduce:"), printable(r));
    }
    for n in &f.notes {
        let _ = writeln!(out, "  {}", p.dim(&printable(n)));
    }
}

fn fix_section(out: &mut String, fix: &Fix, p: &Paint, form: Form) {
    let status = match (fix.complete, fix.verified) {
        (true, true) => p.green("verified: every recorded request to the bucket passes under it, and none regresses"),
        (true, false) => p.red("NOT verified: see the verification below"),
        (false, _) => p.yellow("incomplete: the current configuration was reconstructed from the HAR"),
    };
    let _ = writeln!(
        out,
        "\n{} {} — {}",
        p.bold("Fix for bucket"),
        p.bold(&printable(&fix.bucket)),
        status
    );
    for c in &fix.changes {
        let _ = writeln!(out, "  + {}", printable(&c.text));
    }
    for u in &fix.unfixable {
        let _ = writeln!(out, "  ! entry #{}: {}", u.entry, printable(&u.reason));
    }
    if !fix.diff.is_empty() {
        let _ = writeln!(
            out,
            "\n  {} ({} → proposed)",
            p.bold("Configuration diff"),
            fix.base_source
        );
        for line in fix.diff.lines() {
            let painted = if line.starts_with('+') {
                p.green(&printable(line))
            } else if line.starts_with('-') {
                p.red(&printable(line))
            } else {
                printable(line)
            };
            let _ = writeln!(out, "  {painted}");
        }
    }
    if !fix.assumptions.is_empty() {
        let _ = writeln!(out, "\n  {}", p.bold("Assumed"));
        for a in &fix.assumptions {
            let _ = writeln!(out, "  - {}", printable(a));
        }
    }
    let _ = writeln!(
        out,
        "\n  {}",
        p.bold("Verification (re-simulated under the proposed configuration)")
    );
    for v in &fix.verification {
        let detail = v
            .detail
            .as_deref()
            .map(|d| format!(" ({})", printable(d)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:<5} {:<7} {:<32} {:<10} → {}{}",
            entry_list(&v.entries),
            printable(&v.method),
            printable(&v.origin),
            v.before,
            v.after,
            detail
        );
    }
    let _ = writeln!(out, "\n  {}", p.bold(if fix.complete { "Apply" } else { "Next steps" }));
    for (i, s) in fix.steps.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}", i + 1, printable(s));
    }
    if fix.complete {
        let (title, body) = super::fix_in_form(fix, form);
        let _ = writeln!(out, "\n  {}", p.bold(&title));
        for line in body.lines() {
            let _ = writeln!(out, "  {}", printable(line));
        }
    }
}
