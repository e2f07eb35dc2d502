//! `--format markdown`: the report as Markdown that can be pasted into an issue or a support
//! ticket. Text from the HAR is escaped (Markdown specials, HTML, control characters); code blocks
//! use a fence longer than any backtick run inside them.

use std::fmt::Write as _;

use crate::s3::emit::Form;

use super::style::{printable, side_words, verdict_word};
use super::{Finding, Fix, Report, Verdict};

/// Escapes Markdown and HTML specials in inline text.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in printable(s).chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '#' | '+' | '!' | '|' | '~' | '>' | '<' | '&' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Inline code that survives backticks in the value, and pipes inside a table cell (GFM ends a
/// cell at an unescaped `|` even inside a code span).
fn code(s: &str) -> String {
    let s = printable(s).replace('|', "\\|");
    let longest = longest_backtick_run(&s);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

fn block(lang: &str, body: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(body).max(2) + 1);
    format!("{fence}{lang}\n{}\n{fence}\n", body.trim_end_matches('\n'))
}

fn longest_backtick_run(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

pub fn render(report: &Report, form: Form) -> String {
    let mut out = String::new();
    let s = &report.summary;
    let name = report
        .source
        .file
        .as_deref()
        .map(escape)
        .unwrap_or_else(|| "the HAR".to_owned());
    let _ = writeln!(out, "# CORS analysis of {name}\n");
    let _ = writeln!(
        out,
        "{} cross-origin {}: **{} blocked**, **{} unreadable**, {} ok ({} entries{}).\n",
        s.cross_origin,
        if s.cross_origin == 1 { "request" } else { "requests" },
        s.blocked,
        s.unreadable,
        s.ok,
        s.entries,
        report
            .source
            .browser
            .as_deref()
            .map(|b| format!(", {}", escape(b)))
            .unwrap_or_default()
    );
    if !report.findings.is_empty() {
        out.push_str("| # | Method | URL | Verdict | Browser said | Why |\n|---|---|---|---|---|---|\n");
        for f in &report.findings {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                f.entry,
                escape(&f.method),
                code(&f.url),
                verdict_word(f.verdict),
                f.browser_error
                    .as_ref()
                    .map(|e| code(e.code.name()))
                    .unwrap_or_else(|| "–".to_owned()),
                if f.causes.is_empty() {
                    "–".to_owned()
                } else {
                    f.causes
                        .iter()
                        .map(|c| code(c.code.code()))
                        .collect::<Vec<_>>()
                        .join(" ")
                }
            );
        }
        out.push('\n');
    }
    for f in report
        .findings
        .iter()
        .filter(|f| f.verdict != Verdict::Ok || !f.causes.is_empty())
    {
        finding(&mut out, f);
    }
    for fix in &report.fixes {
        fix_section(&mut out, fix, form);
    }
    if !report.warnings.is_empty() {
        out.push_str("## Notes\n\n");
        for w in &report.warnings {
            let _ = writeln!(out, "- {} {}", code(w.code.code()), escape(&w.message));
        }
        out.push('\n');
    }
    out
}

fn finding(out: &mut String, f: &Finding) {
    let _ = writeln!(
        out,
        "## {} #{}: {} {}\n",
        verdict_word(f.verdict),
        f.entry,
        escape(&f.method),
        code(&f.url)
    );
    if let Some(origin) = &f.origin {
        let _ = writeln!(
            out,
            "From origin {}{}.\n",
            code(origin),
            f.preflight_entry
                .map(|p| format!(", preflight in entry #{p}"))
                .unwrap_or_default()
        );
    }
    if let Some(e) = &f.browser_error {
        let _ = writeln!(
            out,
            "**The browser said** ({}{}):\n",
            code(e.code.name()),
            if e.basis == "simulated" {
                ", simulated: the preflight is not in the HAR"
            } else {
                ""
            }
        );
        out.push_str(&block("", &printable(&e.message)));
        out.push('\n');
    }
    for c in &f.causes {
        let _ = writeln!(
            out,
            "**Why** ({}{}): {}\n",
            code(c.code.code()),
            if c.assumed { ", assumed" } else { "" },
            escape(&c.summary)
        );
        for e in &c.evidence {
            let entry = e.entry.map(|i| format!("#{i} ")).unwrap_or_default();
            let value = e.value.as_deref().map(code).unwrap_or_else(|| "*absent*".to_owned());
            let _ = writeln!(out, "- {entry}{}: {} = {value}", side_words(e.side), code(&e.item));
        }
        if let Some(r) = &c.remedy {
            let _ = writeln!(out, "\n→ {}", escape(r));
        }
        out.push('\n');
    }
    if let Some(r) = &f.reproduce {
        out.push_str("Reproduce:\n\n");
        out.push_str(&block("sh", &printable(r)));
        out.push('\n');
    }
    for n in &f.notes {
        let _ = writeln!(out, "_{}_\n", escape(n));
    }
}

fn fix_section(out: &mut String, fix: &Fix, form: Form) {
    let status = match (fix.complete, fix.verified) {
        (true, true) => "verified by re-simulating every recorded request to the bucket",
        (true, false) => "**not verified**",
        (false, _) => "**incomplete**: the current configuration was reconstructed from the HAR",
    };
    let _ = writeln!(out, "## Fix for bucket {} ({status})\n", code(&fix.bucket));
    for c in &fix.changes {
        let _ = writeln!(out, "- {}", escape(&c.text));
    }
    for u in &fix.unfixable {
        let _ = writeln!(
            out,
            "- entry #{} cannot be fixed by CORS rules: {}",
            u.entry,
            escape(&u.reason)
        );
    }
    out.push('\n');
    if !fix.diff.is_empty() {
        out.push_str(&block("diff", &fix.diff));
        out.push('\n');
    }
    if fix.complete {
        let (title, body) = super::fix_in_form(fix, form);
        let _ = writeln!(out, "New configuration ({}):\n", escape(&title));
        out.push_str(&block(form.extension(), &body));
        out.push('\n');
    }
    for a in &fix.assumptions {
        let _ = writeln!(out, "- assumed: {}", escape(a));
    }
    for a in &fix.advice {
        let _ = writeln!(out, "- advice: {}", escape(a));
    }
    out.push_str(if fix.complete { "Apply:\n\n" } else { "Next steps:\n\n" });
    for (i, s) in fix.steps.iter().enumerate() {
        // Commands are pasted as they are: code, not prose.
        let step = if s.starts_with("aws ") || s.starts_with("corshar ") {
            code(s)
        } else {
            escape(s)
        };
        let _ = writeln!(out, "{}. {step}", i + 1);
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape("a*b_c|d<script>(x)"), "a\\*b\\_c\\|d\\<script\\>(x)");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code("x`y"), "``x`y``");
        assert_eq!(code("`x"), "`` `x ``");
        assert!(block("", "```\ncode").starts_with("````\n"));
    }
}
