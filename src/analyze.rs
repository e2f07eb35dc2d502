//! The pipeline: HAR bytes → capture → pairs → exchanges → the browser's verdicts → S3 causes →
//! fixes → one `Report`. Pure: no I/O, so the CLI and the WASM panel share it.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::capture::{self, Capture, Producer, ReadError};
use crate::causes::{CauseCode, WarningCode};
use crate::cors::{self, check};
use crate::diagnose::browser::{self, BrowserView, Judgment};
use crate::diagnose::exchange::{self, Exchange};
use crate::diagnose::{self, Knowledge};
use crate::headers;
use crate::pair;
use crate::report::{Finding, Report, SCHEMA, Source, Summary, Verdict, Warning};
use crate::s3::fix::Need;
use crate::s3::reveal::{self, Observation, Revealed};
use crate::s3::{CorsConfiguration, S3Target, config, endpoint};

/// A bucket's CORS configuration given by the user (`--cors [BUCKET=]FILE`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GivenCors {
    /// `None`: the one bucket the HAR reaches.
    pub bucket: Option<String>,
    /// `None`: the bucket has no CORS configuration (`get-bucket-cors` answered
    /// NoSuchCORSConfiguration).
    pub config: Option<CorsConfiguration>,
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The HAR's name as the user gave it, for the report.
    pub source_name: Option<String>,
    pub cors: Vec<GivenCors>,
    /// What the caller did to get the HAR's bytes (decompressed, taken from an archive...), for
    /// the report.
    pub input_notes: Vec<String>,
    /// Show secrets (cookies, Authorization, presigned signatures, tokens) instead of masking
    /// them. Off unless the user asks.
    pub show_secrets: bool,
    /// Report only requests to these buckets (empty: all).
    pub buckets: Vec<String>,
    /// Report only requests from these origins (empty: all).
    pub origins: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The options do not fit the HAR (an unnamed --cors with several buckets...).
    #[error("{0}")]
    Options(String),
}

/// Analyses a HAR.
pub fn analyze(bytes: &[u8], options: &Options) -> Result<Report, Error> {
    run(bytes, options).map(|a| a.report)
}

/// The report, and what each bucket's configuration must serve (every recorded cross-origin
/// request to it, whether it failed or not): what `verify` checks a configuration against.
pub struct Analysis {
    pub report: Report,
    pub needs: BTreeMap<String, Vec<Need>>,
}

/// Runs the whole pipeline.
pub fn run(bytes: &[u8], options: &Options) -> Result<Analysis, Error> {
    let capture = capture::read(bytes)?;
    let pairs = pair::pair(&capture);
    let exchanges = exchange::exchanges(&capture, &pairs);
    // An unknown producer that writes Chrome's `_error` field marks failures like Chrome.
    let marks_failures = capture.producer.marks_failures()
        || (capture.producer == Producer::Unknown && capture.entries.iter().any(|e| e.has_failure_field()));
    let mut views: Vec<BrowserView> = exchanges.iter().map(|ex| browser::judge(ex, marks_failures)).collect();
    let targets: Vec<Option<S3Target>> = exchanges.iter().map(|ex| endpoint::recognise(ex.url())).collect();

    let buckets: BTreeSet<&str> = targets.iter().flatten().filter_map(|t| t.bucket.as_deref()).collect();
    let mut warnings = Vec::new();
    let given = resolve_given(&options.cors, &buckets, &mut warnings)?;
    let revealed: BTreeMap<&str, Revealed> = buckets
        .iter()
        .map(|&b| (b, reveal::reveal(observations(&exchanges, &targets, b))))
        .collect();
    let knowledge = |bucket: &str| -> Option<Knowledge<'_>> {
        match given.get(bucket) {
            Some(config) => Some(Knowledge::Given(config.as_ref())),
            None => revealed.get(bucket).map(Knowledge::Revealed),
        }
    };

    // Preflights whose request the HAR lacks are findings only when they failed: a passing one
    // with its request missing has nothing to report beyond the unpaired-preflight note.
    let ctx = diagnose::beyond::Context::new(&capture.entries, &pairs.is_preflight, capture.producer);
    let mut keep: Vec<bool> = exchanges.iter().map(|_| true).collect();
    for (i, ex) in exchanges.iter().enumerate() {
        let k = targets[i]
            .as_ref()
            .and_then(|t| t.bucket.as_deref())
            .and_then(knowledge);
        diagnose::complete(ex, &mut views[i], targets[i].as_ref(), k, &ctx);
        if ex.request.is_none() && matches!(views[i].judgment, Judgment::Passed { .. }) {
            keep[i] = false;
        }
    }
    // --bucket and --origin narrow what is reported to what a ticket is about; the fix still
    // keeps every other recorded request that passed passing.
    let bucket_of = |i: usize| targets[i].as_ref().and_then(|t| t.bucket.as_deref());
    let shown: Vec<bool> = (0..exchanges.len())
        .map(|i| {
            keep[i]
                && (options.buckets.is_empty() || bucket_of(i).is_some_and(|b| options.buckets.iter().any(|f| f == b)))
                && (options.origins.is_empty() || options.origins.iter().any(|o| *o == exchanges[i].origin))
        })
        .collect();
    let by_exchange: Vec<Option<Finding>> = (0..exchanges.len())
        .map(|i| {
            let k = bucket_of(i).and_then(knowledge);
            shown[i].then(|| diagnose::finding(&exchanges[i], &views[i], targets[i].as_ref(), k, &ctx))
        })
        .collect();

    // Every recorded preflight, by what it asked for.
    let preflighted: HashSet<(&str, &str, &str)> = capture
        .entries
        .iter()
        .filter(|e| e.is_preflight())
        .filter_map(|e| {
            let hs = &e.request.headers;
            Some((
                e.url(),
                headers::first(hs, "access-control-request-method")?,
                headers::first(hs, "origin")?,
            ))
        })
        .collect();
    let mut fixes = Vec::new();
    let mut needs_by_bucket = BTreeMap::new();
    for &bucket in &buckets {
        let passed = |i: usize| matches!(views[i].judgment, Judgment::Passed { .. });
        let involved: Vec<usize> = (0..exchanges.len())
            .filter(|&i| keep[i] && (shown[i] || passed(i)) && bucket_of(i) == Some(bucket))
            .collect();
        let needs: Vec<Need> = involved
            .iter()
            .map(|&i| need(&exchanges[i], &views[i], &preflighted))
            .collect();
        let fixable = |i: usize| {
            by_exchange[i]
                .as_ref()
                .is_some_and(|f| f.causes.iter().any(|c| is_rule_fixable(c.code, f)))
        };
        let wanted = involved.iter().any(|&i| fixable(i));
        needs_by_bucket.insert(bucket.to_owned(), needs);
        if !wanted {
            continue;
        }
        let needs = &needs_by_bucket[bucket];
        let (base, source) = match given.get(bucket) {
            Some(Some(c)) => (Some(c.clone()), "given"),
            Some(None) => (None, "none"),
            None => {
                let r = &revealed[bucket];
                ((!r.rules.is_empty()).then(|| r.as_configuration()), "reconstructed")
            }
        };
        if let Some(fix) = crate::fixes::build(bucket, base, source, needs, options.source_name.as_deref()) {
            fixes.push(fix);
        }
    }

    let findings: Vec<Finding> = by_exchange.into_iter().flatten().collect();
    warnings.extend(options.input_notes.iter().map(|n| Warning {
        code: WarningCode::InputRepaired,
        message: n.clone(),
        entries: Vec::new(),
    }));
    warnings.extend(capture_warnings(&capture, &pairs, &findings));
    let summary = summary(&capture, &findings, &buckets);
    let mut report = Report {
        schema: SCHEMA,
        source: source(&capture, options),
        summary,
        findings,
        fixes,
        warnings,
    };
    if !options.show_secrets {
        crate::report::mask::mask(&mut report);
    }
    Ok(Analysis {
        report,
        needs: needs_by_bucket,
    })
}

/// Causes a change of the bucket's CORS rules can remove.
fn is_rule_fixable(code: CauseCode, finding: &Finding) -> bool {
    match code {
        CauseCode::S3CorsNotConfigured
        | CauseCode::S3OriginNotAllowed
        | CauseCode::S3HeaderNotAllowed
        | CauseCode::S3NoRuleMatched
        | CauseCode::ExposeHeaderMissing
        | CauseCode::CredentialsWithWildcardOrigin => true,
        CauseCode::S3MethodNotAllowed => crate::s3::ALLOWABLE_METHODS.contains(&finding.method.as_str()),
        _ => false,
    }
}

/// What the fix must serve for one recorded request.
fn need(ex: &Exchange<'_>, view: &BrowserView, recorded_preflights: &HashSet<(&str, &str, &str)>) -> Need {
    // A request that needs a preflight by its headers went through without one when the HAR holds
    // no preflight for it at all yet it passed: the user agent added those headers (IE's
    // `Cache-Control: no-cache` on XHR), or the preflight was cached before the capture. The
    // rules then need not allow headers it never asked for. A preflight recorded for the same
    // URL, method and origin (a cached answer reused, as in s09) keeps it preflighted.
    let went_without = ex.preflight.is_none()
        && ex.response().is_some()
        && !recorded_preflights.contains(&(ex.url(), ex.method(), ex.origin.as_str()));
    let preflighted = ex.preflight.is_some() || (view.needs_preflight && !went_without);
    let (passed, must_read, keep_readable) = match &view.judgment {
        Judgment::Passed { hidden, .. } => {
            let keep = ex
                .response()
                .map(|(_, hs)| {
                    let exposure = check::exposure(hs, view.credentials.mode);
                    hs.iter()
                        .map(|h| h.name.to_ascii_lowercase())
                        .filter(|n| exposure.listed.contains(n) && check::is_readable(n, hs, view.credentials.mode))
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect()
                })
                .unwrap_or_default();
            (true, hidden.iter().map(|h| h.to_ascii_lowercase()).collect(), keep)
        }
        _ => (false, Vec::new(), Vec::new()),
    };
    Need {
        entry: ex.entry,
        origin: ex.origin.clone(),
        method: cors::request::normalize_method(ex.method()).into_owned(),
        preflight_headers: preflighted.then(|| view.unsafe_names.clone()),
        credentials: view.credentials.mode.is_include(),
        must_read,
        keep_readable,
        passed,
    }
}

/// S3's recorded answers for one bucket: preflights (with their requested method) and actual
/// responses.
fn observations<'a>(
    exchanges: &'a [Exchange<'a>],
    targets: &'a [Option<S3Target>],
    bucket: &'a str,
) -> impl Iterator<Item = Observation<'a>> + 'a {
    exchanges
        .iter()
        .zip(targets)
        .filter(move |(_, t)| t.as_ref().and_then(|t| t.bucket.as_deref()) == Some(bucket))
        .flat_map(|(ex, _)| {
            let pre = ex.preflight.map(|p| Observation {
                origin: &ex.origin,
                method: headers::first(&p.request.headers, "access-control-request-method").unwrap_or(""),
                preflight: true,
                status: p.status().unwrap_or(0),
                headers: &p.response.headers,
            });
            let actual = ex.response().map(|(status, hs)| Observation {
                origin: &ex.origin,
                method: ex.method(),
                preflight: false,
                status,
                headers: hs,
            });
            pre.into_iter().chain(actual)
        })
}

/// Matches `--cors` inputs to the buckets the HAR reaches.
fn resolve_given(
    inputs: &[GivenCors],
    buckets: &BTreeSet<&str>,
    warnings: &mut Vec<Warning>,
) -> Result<BTreeMap<String, Option<CorsConfiguration>>, Error> {
    let mut out = BTreeMap::new();
    for input in inputs {
        let bucket = match &input.bucket {
            Some(b) => b.clone(),
            None => match buckets.iter().collect::<Vec<_>>().as_slice() {
                [only] => (**only).to_owned(),
                [] => {
                    return Err(Error::Options(
                        "--cors FILE names no bucket, and the HAR reaches no S3 bucket: write --cors BUCKET=FILE"
                            .to_owned(),
                    ));
                }
                many => {
                    return Err(Error::Options(format!(
                        "--cors FILE names no bucket, but the HAR reaches {} buckets ({}): write --cors BUCKET=FILE",
                        many.len(),
                        many.iter().map(|b| b.to_string()).collect::<Vec<_>>().join(", ")
                    )));
                }
            },
        };
        if !buckets.contains(bucket.as_str()) {
            warnings.push(Warning {
                code: WarningCode::UnusedConfiguration,
                message: format!("--cors names bucket {bucket}, which no cross-origin request in the HAR reaches."),
                entries: Vec::new(),
            });
        }
        if let Some(c) = &input.config
            && let Err(e) = config::validate(c)
        {
            warnings.push(Warning {
                code: WarningCode::InvalidConfiguration,
                message: format!(
                    "S3 would reject the configuration given for {bucket}: {} ({}).",
                    e.code, e.message
                ),
                entries: Vec::new(),
            });
        }
        out.insert(bucket, input.config.clone());
    }
    Ok(out)
}

fn capture_warnings(capture: &Capture<'_>, pairs: &pair::Pairs, findings: &[Finding]) -> Vec<Warning> {
    let mut out: Vec<Warning> = capture
        .notes
        .iter()
        .map(|n| Warning {
            code: WarningCode::InputRepaired,
            message: n.clone(),
            entries: Vec::new(),
        })
        .collect();
    if let Some(t) = &capture.truncated {
        out.push(Warning {
            code: WarningCode::TruncatedInput,
            message: t.describe(),
            entries: Vec::new(),
        });
    }
    for p in pairs.unpaired_preflights() {
        let e = &capture.entries[p];
        let method = headers::first(&e.request.headers, "access-control-request-method").unwrap_or("?");
        out.push(Warning {
            code: WarningCode::UnpairedPreflight,
            message: format!(
                "Entry {p} is a preflight for {method} {} (answered {}), but the request it guarded is not in the HAR: it was still running, filtered out of the export, or dropped by the producer.",
                e.url(),
                e.status().map_or_else(|| "nothing".to_owned(), |s| s.to_string())
            ),
            entries: vec![p],
        });
    }
    let unpaired = pairs.unpaired_preflights().next().is_some();
    if (unpaired || findings.iter().any(|f| f.verdict == Verdict::Blocked))
        && let Some(limit) = capture.producer.limitation()
    {
        out.push(Warning {
            code: WarningCode::ProducerLimitation,
            message: limit.to_owned(),
            entries: Vec::new(),
        });
    }
    out
}

fn summary(capture: &Capture<'_>, findings: &[Finding], buckets: &BTreeSet<&str>) -> Summary {
    let count = |v: Verdict| findings.iter().filter(|f| f.verdict == v).count();
    Summary {
        entries: capture.entries.len(),
        cross_origin: findings.len(),
        blocked: count(Verdict::Blocked),
        unreadable: count(Verdict::Unreadable),
        ok: count(Verdict::Ok),
        buckets: buckets.iter().map(|b| b.to_string()).collect(),
    }
}

fn source(capture: &Capture<'_>, options: &Options) -> Source {
    let product = |p: &capture::Product<'_>| -> Option<String> {
        let name = p.name.as_deref()?;
        Some(match p.version.as_deref() {
            Some(v) if !v.is_empty() => format!("{name} {v}"),
            _ => name.to_owned(),
        })
    };
    let browser = capture.browser.as_ref().and_then(product).or_else(|| {
        capture
            .entries
            .iter()
            .find_map(|e| headers::first(&e.request.headers, "user-agent"))
            .and_then(browser_from_user_agent)
    });
    Source {
        file: options.source_name.clone(),
        producer: capture.producer,
        creator: product(&capture.creator),
        browser,
        entries: capture.entries.len(),
        pages: capture.pages.len(),
    }
}

/// "Chrome 156", "Firefox 153", "Safari 18" from a User-Agent (Chrome writes no `log.browser`).
fn browser_from_user_agent(ua: &str) -> Option<String> {
    let version_of = |token: &str| -> Option<String> {
        let rest = &ua[ua.find(token)? + token.len()..];
        Some(rest.split(['.', ' ']).next()?.to_owned())
    };
    if let Some(v) = version_of("Edg/") {
        return Some(format!("Edge {v}"));
    }
    if let Some(v) = version_of("Chrome/") {
        return Some(format!("Chrome {v}"));
    }
    if let Some(v) = version_of("Firefox/") {
        return Some(format!("Firefox {v}"));
    }
    if ua.contains("Safari/") {
        return version_of("Version/").map(|v| format!("Safari {v}"));
    }
    None
}
