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

/// The report as a reply to paste into a support ticket: what failed in plain words, the fix in
/// the form the customer manages, how to check it; then the evidence and every request.
pub fn render(report: &Report, form: Form) -> String {
    let mut out = String::new();
    let name = report
        .source
        .file
        .as_deref()
        .map(escape)
        .unwrap_or_else(|| "the HAR".to_owned());
    let _ = writeln!(out, "## CORS diagnosis of {name}\n");
    let _ = writeln!(out, "**In short:** {}\n", in_short(report));
    let problems: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.verdict != Verdict::Ok || !f.causes.is_empty())
        .collect();
    if !problems.is_empty() {
        out.push_str("### What failed\n\n");
        for (i, f) in problems.iter().enumerate() {
            finding(&mut out, i + 1, f);
        }
    }
    if !report.fixes.is_empty() {
        out.push_str("### The fix\n\n");
        for fix in &report.fixes {
            fix_section(&mut out, fix, form);
        }
    }
    if !problems.is_empty() {
        how_to_check(&mut out, report);
    }
    if !report.warnings.is_empty() {
        out.push_str("### Notes\n\n");
        for w in &report.warnings {
            let _ = writeln!(out, "- {} ({})", escape(&w.message), code(w.code.code()));
        }
        out.push('\n');
    }
    if !report.findings.is_empty() {
        requests_table(&mut out, report);
    }
    out
}

/// One paragraph a customer understands.
fn in_short(report: &Report) -> String {
    let s = &report.summary;
    if s.cross_origin == 0 {
        return "the HAR holds no cross-origin request the browser judged by CORS, so nothing in it was blocked by CORS. If the failure is real, export the HAR again with the Network panel's \"All\" filter while reproducing it.".to_owned();
    }
    let origins: Vec<&str> = {
        let mut o: Vec<&str> = report.findings.iter().filter_map(|f| f.origin.as_deref()).collect();
        o.sort_unstable();
        o.dedup();
        o
    };
    let from = match origins.as_slice() {
        [one] => format!("Your page at {} made", code(one)),
        _ => "Your pages made".to_owned(),
    };
    let mut text = format!(
        "{from} {} cross-origin {}",
        s.cross_origin,
        if s.cross_origin == 1 { "request" } else { "requests" }
    );
    if s.blocked == 0 && s.unreadable == 0 {
        text.push_str("; the browser blocked none of them and the page could read what it needed.");
        return text;
    }
    let mut parts = Vec::new();
    if s.blocked > 0 {
        parts.push(format!("the browser blocked {}", s.blocked));
    }
    if s.unreadable > 0 {
        parts.push(format!(
            "{} succeeded but the page could not read a response header it needs",
            s.unreadable
        ));
    }
    text.push_str(&format!(": {}.", parts.join(", and ")));
    let rule_fixes: Vec<String> = report.fixes.iter().map(|f| code(&f.bucket)).collect();
    if !rule_fixes.is_empty() {
        text.push_str(&format!(
            " A change to the CORS configuration of {} fixes {} (below).",
            rule_fixes.join(" and "),
            if report.fixes.len() == 1 { "it" } else { "them" }
        ));
    }
    let elsewhere = report
        .findings
        .iter()
        .filter(|f| f.verdict != Verdict::Ok && !f.causes.iter().any(|c| rule_fixable(c.code)))
        .count();
    if elsewhere > 0 {
        text.push_str(&format!(
            " {} not a CORS rule problem: see what failed.",
            if elsewhere == 1 {
                "One failure is".to_owned()
            } else {
                format!("{elsewhere} failures are")
            }
        ));
    }
    text
}

fn rule_fixable(code: crate::causes::CauseCode) -> bool {
    use crate::causes::CauseCode::*;
    matches!(
        code,
        S3CorsNotConfigured
            | S3OriginNotAllowed
            | S3MethodNotAllowed
            | S3HeaderNotAllowed
            | S3NoRuleMatched
            | ExposeHeaderMissing
            | CredentialsWithWildcardOrigin
    )
}

/// The plain-words headline of a finding.
fn headline(f: &Finding) -> String {
    let what = format!("{} {}", escape(&f.method), code(&f.url));
    match f.verdict {
        Verdict::Blocked if !f.request_recorded => {
            format!("The browser blocked {what} at its preflight (the HAR holds only the preflight)")
        }
        Verdict::Blocked => format!("The browser blocked {what}"),
        Verdict::Unreadable => format!("{what} succeeded, but the page cannot read what it needs from the answer"),
        Verdict::Ok => format!("{what} reached the page, but did not do what it should"),
    }
}

fn finding(out: &mut String, number: usize, f: &Finding) {
    let _ = writeln!(out, "{number}. **{}** (entry {})\n", headline(f), f.entry);
    for c in &f.causes {
        let _ = writeln!(
            out,
            "   - **Why:** {}{}",
            escape(&c.summary),
            if c.assumed {
                " *(inferred: the HAR does not show it directly)*"
            } else {
                ""
            }
        );
        if let Some(r) = &c.remedy {
            let _ = writeln!(out, "   - **What to do:** {}", escape(r));
        }
    }
    if let Some(e) = &f.browser_error {
        let basis = match e.basis {
            "simulated" => ", simulated: the answer is not in the HAR",
            "browser-message" => ", the browser's own message in the HAR",
            _ => "",
        };
        let _ = writeln!(
            out,
            "   - **What the browser said** ({}{basis}): {}",
            code(e.code.name()),
            escape(&e.explanation)
        );
        out.push('\n');
        for line in block("", &printable(&e.message)).lines() {
            let _ = writeln!(out, "     {line}");
        }
    }
    let evidence: Vec<&crate::report::Evidence> = f.causes.iter().flat_map(|c| c.evidence.iter()).collect();
    if !evidence.is_empty() {
        out.push_str("\n   <details><summary>Evidence</summary>\n\n");
        for e in evidence {
            let entry = e.entry.map(|i| format!("entry {i}, ")).unwrap_or_default();
            let value = e.value.as_deref().map(code).unwrap_or_else(|| "*absent*".to_owned());
            let _ = writeln!(out, "   - {entry}{}: {} = {value}", side_words(e.side), code(&e.item));
        }
        out.push_str("\n   </details>\n");
    }
    out.push('\n');
}

fn how_to_check(out: &mut String, report: &Report) {
    out.push_str("### How to check\n\n");
    let mut buckets: Vec<&str> = report.fixes.iter().map(|f| f.bucket.as_str()).collect();
    if buckets.is_empty() {
        buckets = report.summary.buckets.iter().map(String::as_str).collect();
    }
    for b in buckets {
        let _ = writeln!(
            out,
            "- Compare with what the bucket has now: `aws s3api get-bucket-cors --bucket {}`",
            escape_code(b)
        );
    }
    let reproduce: Vec<&str> = report.findings.iter().filter_map(|f| f.reproduce.as_deref()).collect();
    if !reproduce.is_empty() {
        out.push_str("- Ask the server what the browser asked (S3 answers a preflight without authentication, so the masked URL works):\n\n");
        for r in reproduce.iter().take(3) {
            for line in block("sh", &printable(r)).lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
        out.push('\n');
    }
    out.push_str("- Browsers keep preflight answers for a while (Chrome up to 2 hours, or the rule's `MaxAgeSeconds`): after a change, retest in a new private window or with DevTools' \"Disable cache\" ticked.\n\n");
}

fn escape_code(s: &str) -> String {
    printable(s).replace('`', "'")
}

fn requests_table(out: &mut String, report: &Report) {
    out.push_str("### Every cross-origin request in the HAR\n\n");
    out.push_str("| Entry | Request | Verdict | Browser said | Why |\n|---|---|---|---|---|\n");
    for f in &report.findings {
        let _ = writeln!(
            out,
            "| {} | {} {} | {} | {} | {} |",
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

fn fix_section(out: &mut String, fix: &Fix, form: Form) {
    let status = match (fix.complete, fix.verified) {
        (true, true) => {
            "verified: every request to the bucket recorded in the HAR passes under it, and none that passed breaks"
        }
        (true, false) => "**not verified**: see below",
        (false, _) => {
            "**incomplete**: the bucket's current configuration is not known, so this starts from what S3's answers showed of it"
        }
    };
    let _ = writeln!(out, "**Bucket {}** ({status}):\n", code(&fix.bucket));
    for c in &fix.changes {
        let _ = writeln!(out, "- {}", escape(&c.text));
    }
    for u in &fix.unfixable {
        let _ = writeln!(
            out,
            "- entry {} cannot be fixed by CORS rules: {}",
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
        let _ = writeln!(out, "The whole new configuration ({}):\n", escape(&title));
        out.push_str(&block(form.extension(), &body));
        out.push('\n');
    }
    for a in &fix.assumptions {
        let _ = writeln!(out, "- assumed: {}", escape(a));
    }
    for a in &fix.advice {
        let _ = writeln!(out, "- advice: {}", escape(a));
    }
    out.push_str(if fix.complete {
        "To apply it:\n\n"
    } else {
        "Next steps:\n\n"
    });
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
