//! Secret masking of a whole report, in one pass at the end: every string that can carry data
//! from the HAR goes through `redact`. The structs are destructured field by field, so a field
//! added to the report does not compile until this pass says what to do with it.

use crate::redact;

use super::{BrowserError, Cause, Evidence, Finding, Fix, Report, Source, VerificationRow, Warning};

/// Masks secrets (presigned signatures and credentials, tokens, cookies, Authorization, JWTs) in
/// every string of the report.
pub fn mask(report: &mut Report) {
    let Report {
        schema: _,
        source,
        summary: _,
        findings,
        fixes,
        warnings,
    } = report;
    let Source {
        file,
        producer: _,
        creator: _,
        browser: _,
        entries: _,
        pages: _,
    } = source;
    text_opt(file);
    findings.iter_mut().for_each(finding);
    fixes.iter_mut().for_each(fix);
    for Warning {
        code: _,
        message,
        entries: _,
    } in warnings
    {
        text(message);
    }
}

fn text(s: &mut String) {
    if let std::borrow::Cow::Owned(masked) = redact::text(s) {
        *s = masked;
    }
}

fn text_opt(s: &mut Option<String>) {
    if let Some(s) = s {
        text(s);
    }
}

fn finding(f: &mut Finding) {
    let Finding {
        entry: _,
        method: _,
        url,
        origin: _,
        origin_source: _,
        verdict: _,
        browser_error,
        causes,
        preflight_entry: _,
        request_kind: _,
        credentials,
        status: _,
        request_recorded: _,
        s3,
        notes,
        reproduce,
    } = f;
    if let std::borrow::Cow::Owned(masked) = redact::url(url) {
        *url = masked;
    }
    if let Some(BrowserError {
        code: _,
        failed_parameter,
        message,
        explanation: _,
        firefox,
        safari,
        basis: _,
    }) = browser_error
    {
        for s in [failed_parameter, message, firefox, safari] {
            text(s);
        }
    }
    causes.iter_mut().for_each(cause);
    text(&mut credentials.basis);
    if let Some(s3) = s3 {
        text_opt(&mut s3.key);
    }
    notes.iter_mut().for_each(text);
    text_opt(reproduce);
}

fn cause(c: &mut Cause) {
    let Cause {
        code: _,
        summary,
        evidence,
        assumed: _,
        remedy,
    } = c;
    text(summary);
    text_opt(remedy);
    for Evidence {
        entry: _,
        side: _,
        item,
        value,
    } in evidence
    {
        if let Some(v) = value {
            let masked = redact::header_value(item, v);
            let masked = redact::text(&masked).into_owned();
            *v = masked;
        }
    }
}

fn fix(f: &mut Fix) {
    // Configurations hold origins, methods and header names: nothing secret. The free text may
    // quote the HAR's name or a URL.
    let Fix {
        bucket: _,
        config: _,
        verified: _,
        complete: _,
        base: _,
        base_source: _,
        changes,
        diff: _,
        assumptions: _,
        advice,
        steps,
        verification,
        unfixable,
        forms: _,
    } = f;
    for c in changes {
        text(&mut c.text);
    }
    advice.iter_mut().for_each(text);
    steps.iter_mut().for_each(text);
    for VerificationRow {
        entries: _,
        method: _,
        origin: _,
        before: _,
        after: _,
        detail,
    } in verification
    {
        text_opt(detail);
    }
    for u in unfixable {
        text(&mut u.reason);
    }
}
