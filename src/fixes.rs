//! From a bucket's needs to the report's `Fix`: the proposal (s3::fix), its verification rows,
//! the change in words, the diff against the starting configuration, the forms users manage, and
//! the steps to apply it — or, when the starting configuration was only reconstructed, the steps
//! to fetch the real one first (a `put-bucket-cors` replaces the whole configuration, so an
//! incomplete one must never be put).

use std::collections::{BTreeMap, HashMap};

use crate::report::{ChangeText, Fix, VerificationRow};
use crate::s3::CorsConfiguration;
use crate::s3::emit::{self, Form};
use crate::s3::fix::{self, Change, Need, Outcome};

/// The fix for `bucket`, or `None` when the rules need no change.
pub fn build(
    bucket: &str,
    base: Option<CorsConfiguration>,
    base_source: &'static str,
    needs: &[Need],
    har_name: Option<&str>,
) -> Option<Fix> {
    // Requests that need the same thing are one need: a HAR of a million entries repeats the same
    // few requests, and the search and the verification table need each only once.
    let (needs, entries) = distinct(needs);
    let needs = needs.as_slice();
    let proposal = fix::propose(base.as_ref(), needs);
    if proposal.changes.is_empty() && proposal.unfixable.is_empty() {
        return None;
    }
    let complete = base_source != "reconstructed";
    let changes = proposal
        .changes
        .iter()
        .map(|c| ChangeText {
            change: c.clone(),
            text: describe(c, &proposal.config),
        })
        .collect();
    let verification = needs
        .iter()
        .zip(&entries)
        .zip(proposal.before.iter().zip(&proposal.after))
        .map(|((need, entries), (before, after))| VerificationRow {
            entries: entries.clone(),
            method: need.method.clone(),
            origin: need.origin.clone(),
            before: verdict(before),
            after: verdict(after),
            detail: (!after.passes).then(|| detail(after)),
        })
        .collect();
    // Every form users manage, rendered once: the panel and the JSON carry them all.
    let forms: BTreeMap<&'static str, String> = Form::ALL
        .into_iter()
        .filter(|f| *f != Form::AwsCli)
        .map(|f| (f.name(), emit::render(f, bucket, &proposal.config)))
        .collect();
    let har = har_name.unwrap_or("session.har");
    let steps = if complete {
        vec![
            "Save the new configuration as cors.json: it is the bucket's whole CORS configuration, not a patch.".to_owned(),
            emit::put_bucket_cors_command(bucket, "cors.json"),
            "Browsers cache preflight answers (Chrome up to 2 hours, or the rule's MaxAgeSeconds): retest in a new incognito window or with DevTools' \"Disable cache\" ticked.".to_owned(),
        ]
    } else {
        vec![
            format!("aws s3api get-bucket-cors --bucket {bucket} > cors.json"),
            format!("corshar analyze {har} --cors {bucket}=cors.json"),
            "The configuration above is reconstructed from S3's answers in the HAR; `put-bucket-cors` replaces the bucket's whole configuration, so apply only what the rerun with the real configuration proposes.".to_owned(),
        ]
    };
    let assumptions = if complete {
        Vec::new()
    } else {
        vec![
            "The starting rules are reconstructed from S3's answers: each distinct Access-Control-Allow-Methods / Expose-Headers / Max-Age answer is taken as one rule.".to_owned(),
            "AllowedOrigins are the origins S3 echoed; the real rules may use wider patterns.".to_owned(),
            "AllowedHeaders are the names S3 allowed on preflights; the real rules may allow more.".to_owned(),
            "Rules that no recorded request matched are not visible, and rule order is assumed.".to_owned(),
        ]
    };
    let advice = advice(needs, &proposal.after, &proposal.config);
    Some(Fix {
        bucket: bucket.to_owned(),
        advice,
        diff: emit::diff(base.as_ref(), &proposal.config),
        verified: proposal.verified && complete,
        complete,
        base,
        base_source,
        changes,
        assumptions,
        steps,
        verification,
        unfixable: proposal.unfixable,
        forms,
        config: proposal.config,
    })
}

/// The distinct needs, each with the entries of every request that needs exactly it.
fn distinct(needs: &[Need]) -> (Vec<Need>, Vec<Vec<usize>>) {
    let mut index: HashMap<Need, usize> = HashMap::new();
    let (mut unique, mut entries): (Vec<Need>, Vec<Vec<usize>>) = (Vec::new(), Vec::new());
    for need in needs {
        let key = Need {
            entry: 0,
            ..need.clone()
        };
        match index.get(&key) {
            Some(&i) => entries[i].push(need.entry),
            None => {
                index.insert(key, unique.len());
                unique.push(need.clone());
                entries.push(vec![need.entry]);
            }
        }
    }
    (unique, entries)
}

/// Uploads (PUT) served by a rule that does not expose `ETag`: multipart uploads read each part's
/// ETag, but the HAR showed no response where it was hidden, so the minimal fix does not add it.
fn advice(needs: &[Need], after: &[Outcome], config: &CorsConfiguration) -> Vec<String> {
    let mut rules: Vec<usize> = needs
        .iter()
        .zip(after)
        .filter(|(n, _)| n.method == "PUT")
        .filter_map(|(_, o)| o.rule)
        .filter(|&r| {
            config
                .rules
                .get(r)
                .is_some_and(|rule| !rule.expose_headers.iter().any(|h| h.eq_ignore_ascii_case("etag")))
        })
        .collect();
    rules.sort_unstable();
    rules.dedup();
    rules
        .into_iter()
        .map(|r| {
            format!(
                "Rule {r} serves uploads but does not expose ETag: if the page uploads in parts (multipart, @aws-sdk/lib-storage, Uppy), it must read each part's ETag, so add \"ETag\" to that rule's ExposeHeaders. The HAR shows no response where it was hidden, so the configuration above leaves it out."
            )
        })
        .collect()
}

fn verdict(o: &Outcome) -> &'static str {
    match (o.passes, &o.failure) {
        (true, _) => "passes",
        (false, Some(_)) => "blocked",
        (false, None) => "unreadable",
    }
}

fn detail(o: &Outcome) -> String {
    match &o.failure {
        Some(f) => format!("{} {}", f.error.name(), f.failed_parameter)
            .trim_end()
            .to_owned(),
        None => format!("cannot read {}", o.hidden.join(", ")),
    }
}

fn describe(change: &Change, config: &CorsConfiguration) -> String {
    let rule_name = |i: &usize| match config.rules.get(*i).and_then(|r| r.id.as_deref()) {
        Some(id) => format!("rule {i} ({id})"),
        None => format!("rule {i}"),
    };
    match change {
        Change::AddRule { rule, reason } => format!("insert a new {}: {reason}", rule_name(rule)),
        Change::AddOrigin { rule, value } => format!("{}: allow origin {value}", rule_name(rule)),
        Change::AddMethod { rule, value } => format!("{}: allow method {value}", rule_name(rule)),
        Change::AddHeader { rule, value } => format!("{}: allow request header {value}", rule_name(rule)),
        Change::AddExposeHeader { rule, value } => format!("{}: expose response header {value}", rule_name(rule)),
    }
}
