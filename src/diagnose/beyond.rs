//! The causes that only look like CORS (s3-cors.md §7): the endpoint (service root, website
//! endpoint, dotted bucket on virtual-hosted HTTPS), CloudFront in front of S3, S3 refusing the
//! request itself (expired or altered presigned URLs, signature mismatches, access denied, a wrong
//! region), methods no rule can allow, the browser cache, and a stale preflight cache. When one of
//! these explains the failure, the bucket's CORS rules are not the problem and no rule change is
//! proposed for it.

use std::collections::HashMap;

use crate::capture::Entry;
use crate::causes::CauseCode;
use crate::cors::CorsError;
use crate::cors::check::Stage;
use crate::headers;
use crate::report::{Cause, Evidence, Side};
use crate::s3::endpoint::AddressingStyle;
use crate::s3::error_body::{self, ErrorBody};
use crate::s3::{ALLOWABLE_METHODS, S3Target};

use super::browser::{BrowserView, Judgment};
use super::common::ev;
use super::exchange::Exchange;
use super::server::Knowledge;

/// What the whole capture tells about one exchange.
pub struct Context<'c> {
    pub entries: &'c [Entry<'c>],
    /// Loads made without `Origin` (no-cors: `<img>`, `<link>`, navigations), by URL.
    pub no_cors_loads: HashMap<&'c str, Vec<usize>>,
    /// Whether the export can be trusted to hold every preflight: it holds some, or it holds
    /// documents, scripts or images (Chrome's "Fetch/XHR" filter, which hides preflights, hides
    /// those too), and its producer records preflights at all.
    pub holds_preflights: bool,
}

impl<'c> Context<'c> {
    pub fn new(entries: &'c [Entry<'c>], is_preflight: &[bool], producer: crate::capture::Producer) -> Self {
        let mut no_cors_loads: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            let hs = &e.request.headers;
            let no_cors = headers::first(hs, "sec-fetch-mode").map_or(!headers::contains(hs, "origin"), |m| {
                m.eq_ignore_ascii_case("no-cors") || m.eq_ignore_ascii_case("navigate")
            });
            if !is_preflight[i] && no_cors && e.has_response() && matches!(e.method(), "GET" | "HEAD") {
                no_cors_loads.entry(e.url()).or_default().push(i);
            }
        }
        let unfiltered = entries.iter().any(|e| {
            matches!(
                e.resource_type.as_deref(),
                Some("document" | "script" | "stylesheet" | "image" | "font")
            )
        });
        let holds_preflights = producer.records_preflights() && (is_preflight.iter().any(|&p| p) || unfiltered);
        Context {
            entries,
            no_cors_loads,
            holds_preflights,
        }
    }
}

/// Causes found, and whether they make the CORS rules irrelevant to this failure.
#[derive(Default)]
pub struct Beyond {
    pub causes: Vec<Cause>,
    pub rules_irrelevant: bool,
}

impl Beyond {
    fn only(cause: Cause) -> Beyond {
        Beyond {
            causes: vec![cause],
            rules_irrelevant: true,
        }
    }
}

pub fn causes(
    ex: &Exchange<'_>,
    view: &BrowserView,
    target: Option<&S3Target>,
    knowledge: Option<Knowledge<'_>>,
    ctx: &Context<'_>,
) -> Beyond {
    if let Some(b) = cloudfront(ex, view) {
        return b;
    }
    if let Some(t) = target {
        if let Some(b) = endpoint(ex, view, t) {
            return b;
        }
        if let Some(b) = unallowable_method(ex, view) {
            return b;
        }
    }
    let mut out = Beyond::default();
    if let Some(t) = target
        && let Some(c) = refused_by_s3(ex, t)
    {
        // A readable refusal (S3 sent CORS headers with it) is not a CORS failure at all.
        out.rules_irrelevant = !matches!(view.judgment, Judgment::Blocked { .. });
        out.causes.push(c);
    }
    if let Some(c) = cached_without_vary(ex, view, ctx) {
        out.rules_irrelevant = rules_allow(ex, knowledge).unwrap_or(true);
        out.causes.push(c);
    }
    if let Some(c) = stale_preflight(ex, view, ctx) {
        out.causes.push(c);
    }
    out
}

/// S3 refusing the request itself, in a specific way.
pub fn is_refusal(code: CauseCode) -> bool {
    matches!(
        code,
        CauseCode::S3PresignedExpired
            | CauseCode::S3PresignedQueryModified
            | CauseCode::S3SignatureMismatch
            | CauseCode::S3AccessDenied
            | CauseCode::S3WrongRegion
    )
}

fn cause(code: CauseCode, summary: String, evidence: Vec<Evidence>, remedy: &str) -> Cause {
    Cause {
        code,
        summary,
        evidence,
        assumed: false,
        remedy: Some(remedy.to_owned()),
    }
}

/// Whether the known rules would let the request through (`None`: not known).
fn rules_allow(ex: &Exchange<'_>, knowledge: Option<Knowledge<'_>>) -> Option<bool> {
    match knowledge? {
        Knowledge::Given(None) => Some(false),
        Knowledge::Given(Some(config)) => Some(config.first_match(&ex.origin, ex.method(), None).is_some()),
        Knowledge::Revealed(r) => r
            .rules
            .iter()
            .find(|rule| rule.covers_origin(&ex.origin))
            .map(|rule| rule.methods.iter().any(|m| m == ex.method())),
    }
}

fn header_of<'h>(hs: &'h [headers::Header<'h>], name: &str) -> Option<&'h str> {
    headers::first(hs, name)
}

/// CloudFront in front of S3: `Origin` not forwarded, or an answer cached for another origin.
fn cloudfront(ex: &Exchange<'_>, view: &BrowserView) -> Option<Beyond> {
    let host = url::Url::parse(ex.url()).ok()?.host_str()?.to_ascii_lowercase();
    let answers = [
        ex.preflight
            .map(|p| (ex.preflight_entry, Side::PreflightResponse, &p.response)),
        ex.recorded_response().map(|r| (Some(ex.entry), Side::Response, r)),
    ];
    let via_cloudfront = |hs: &[headers::Header<'_>]| {
        ["x-cache", "via", "x-amz-cf-id", "x-amz-cf-pop"].iter().any(|n| {
            headers::first(hs, n).is_some_and(|v| {
                v.to_ascii_lowercase().contains("cloudfront") || *n == "x-amz-cf-id" || *n == "x-amz-cf-pop"
            })
        })
    };
    let on_cloudfront =
        host.ends_with(".cloudfront.net") || answers.iter().flatten().any(|(_, _, r)| via_cloudfront(&r.headers));
    if !on_cloudfront {
        return None;
    }
    for (entry, side, response) in answers.into_iter().flatten() {
        let body = response
            .content
            .text_up_to(64 * 1024)
            .and_then(|t| error_body::parse(&t));
        let says = body
            .as_ref()
            .is_some_and(|b| b.message.contains("Origin request header needed"));
        let is_preflight = side == Side::PreflightResponse;
        if response.status == Some(400)
            && (says || (is_preflight && !headers::contains(&response.headers, "access-control-allow-origin")))
        {
            let mut evidence = vec![ev(entry, side, "status", Some("400"))];
            if let Some(b) = &body {
                evidence.push(ev(entry, side, "body", Some(&format!("{}: {}", b.code, b.message))));
            }
            if let Some(x) = header_of(&response.headers, "x-cache") {
                evidence.push(ev(entry, side, "x-cache", Some(x)));
            }
            return Some(Beyond::only(cause(
                CauseCode::CloudfrontOriginNotForwarded,
                format!(
                    "The request went through CloudFront ({host}), which did not forward the Origin header: S3 answers a request without Origin with 400 \"Insufficient information. Origin request header needed.\" and no CORS headers."
                ),
                evidence,
                "Attach the managed origin request policy CORS-S3Origin (88a5eaf4-2fd4-4709-b370-b4c650ea3fcf) to the behaviour, or forward Origin, Access-Control-Request-Headers and Access-Control-Request-Method; allow OPTIONS on the behaviour.",
            )));
        }
    }
    let Judgment::Blocked { failure, stage, .. } = &view.judgment else {
        return None;
    };
    let mismatch = matches!(
        failure.error,
        CorsError::AllowOriginMismatch
            | CorsError::PreflightAllowOriginMismatch
            | CorsError::MissingAllowOriginHeader
            | CorsError::PreflightMissingAllowOriginHeader
    );
    let (entry, side, response) = if *stage == Stage::Preflight {
        (ex.preflight_entry, Side::PreflightResponse, &ex.preflight?.response)
    } else {
        (Some(ex.entry), Side::Response, ex.recorded_response()?)
    };
    let x_cache = header_of(&response.headers, "x-cache").unwrap_or("");
    let age = header_of(&response.headers, "age")
        .and_then(|a| a.parse::<u64>().ok())
        .unwrap_or(0);
    if mismatch && (x_cache.to_ascii_lowercase().contains("hit from cloudfront") || age > 0) {
        let acao = header_of(&response.headers, "access-control-allow-origin");
        let mut evidence = vec![
            ev(entry, side, "x-cache", Some(x_cache)),
            ev(entry, side, "Access-Control-Allow-Origin", acao),
        ];
        if age > 0 {
            evidence.push(ev(entry, side, "Age", Some(&age.to_string())));
        }
        let served = acao
            .map(|a| format!("'Access-Control-Allow-Origin: {a}'"))
            .unwrap_or_else(|| "no Access-Control-Allow-Origin".to_owned());
        return Some(Beyond::only(cause(
            CauseCode::CloudfrontCachedOtherOrigin,
            format!(
                "CloudFront served a cached answer ({served}) to {}: its cache key lacks Origin, so the CORS headers of the first requester are served to every origin.",
                ex.origin
            ),
            evidence,
            "Add Origin (and Access-Control-Request-Headers and -Method, for preflights) to the cache policy's key, or let CloudFront answer CORS with a response headers policy.",
        )));
    }
    None
}

/// The endpoint cannot serve CORS at all: the service root, the website endpoint used as the API,
/// or a dotted bucket name on virtual-hosted HTTPS.
fn endpoint(ex: &Exchange<'_>, view: &BrowserView, t: &S3Target) -> Option<Beyond> {
    let request_evidence = vec![ev(Some(ex.entry), Side::Request, "url", Some(ex.url()))];
    if t.bucket.is_none() {
        return Some(Beyond::only(cause(
            CauseCode::S3ServiceEndpoint,
            format!(
                "The page called S3's service endpoint itself ({} on the root, as ListBuckets or CreateBucket do). It has no CORS configuration and never will; no bucket's rules apply there.",
                ex.method()
            ),
            request_evidence,
            "Make this call from a server, or list a known bucket's objects instead.",
        )));
    }
    let bucket = t.bucket.as_deref().unwrap_or_default();
    if t.style == AddressingStyle::Website {
        let https_page = ex.origin.starts_with("https://") && ex.url().starts_with("http://");
        let api_use = !matches!(ex.method(), "GET" | "HEAD") || view.needs_preflight || t.presigned.is_some();
        if https_page || api_use {
            let why = if https_page {
                "the page is served over https and the website endpoint only over http, so the browser blocks the call as mixed content"
            } else {
                "the website endpoint serves only GET and HEAD of public objects, answers errors in HTML and takes no signed requests or uploads"
            };
            return Some(Beyond::only(cause(
                CauseCode::S3WebsiteEndpoint,
                format!("The page calls {bucket}'s static-website endpoint as if it were the S3 API: {why}."),
                request_evidence,
                &format!(
                    "Use the REST endpoint https://{bucket}.s3.{}.amazonaws.com.",
                    t.region.as_deref().unwrap_or("REGION")
                ),
            )));
        }
    }
    let cert_failure = [ex.failure(), ex.preflight.and_then(|p| p.failure())]
        .into_iter()
        .flatten()
        .find(|f| f.starts_with("net::ERR_CERT"));
    if bucket.contains('.') && t.style != AddressingStyle::PathStyle && ex.url().starts_with("https://") {
        let tls = cert_failure.is_some() || matches!(view.judgment, Judgment::NetworkError { .. });
        if tls {
            let mut evidence = request_evidence;
            if let Some(f) = cert_failure {
                evidence.push(ev(Some(ex.entry), Side::Response, "_error", Some(f)));
            }
            return Some(Beyond::only(cause(
                CauseCode::S3BucketNameDots,
                format!(
                    "The bucket name {bucket} has dots, so https://{bucket}.s3… cannot match S3's certificate (*.s3.amazonaws.com covers one label): the connection failed before any CORS check."
                ),
                evidence,
                "Use path-style URLs for this bucket (forcePathStyle: true in the SDK), or a bucket name without dots.",
            )));
        }
    }
    None
}

/// PATCH (or an OPTIONS the page sends itself): no S3 CORS rule can allow it.
fn unallowable_method(ex: &Exchange<'_>, view: &BrowserView) -> Option<Beyond> {
    let method = crate::cors::request::normalize_method(ex.method());
    if ALLOWABLE_METHODS.contains(&method.as_ref())
        || !matches!(view.judgment, Judgment::Blocked { .. } | Judgment::PreflightNotRecorded)
    {
        return None;
    }
    let evidence = match ex.preflight {
        Some(p) => vec![ev(
            ex.preflight_entry,
            Side::PreflightRequest,
            "Access-Control-Request-Method",
            headers::first(&p.request.headers, "access-control-request-method"),
        )],
        None => vec![ev(Some(ex.entry), Side::Request, "method", Some(ex.method()))],
    };
    Some(Beyond::only(cause(
        CauseCode::S3MethodNotAllowable,
        format!(
            "The page sends {method}, which no S3 CORS rule can allow: AllowedMethods takes only GET, PUT, POST, DELETE and HEAD, and PutBucketCors rejects anything else."
        ),
        evidence,
        "Change the client: S3 has no PATCH operation (a PUT replaces the object). No CORS configuration can fix this.",
    )))
}

/// S3 refused the request itself: an expired or altered presigned URL, a signature mismatch,
/// access denied, a region mismatch in the signature.
fn refused_by_s3(ex: &Exchange<'_>, t: &S3Target) -> Option<Cause> {
    let (status, hs) = ex.response()?;
    if status < 400 {
        return None;
    }
    let body: Option<ErrorBody> = ex
        .recorded_response()
        .and_then(|r| r.content.text_up_to(64 * 1024))
        .and_then(|t| error_body::parse(&t));
    let mut evidence = vec![ev(Some(ex.entry), Side::Response, "status", Some(&status.to_string()))];
    if let Some(b) = &body {
        evidence.push(ev(
            Some(ex.entry),
            Side::Response,
            "body",
            Some(&format!("{}: {}", b.code, b.message)),
        ));
    }
    if let Some(acao) = header_of(hs, "access-control-allow-origin") {
        evidence.push(ev(
            Some(ex.entry),
            Side::Response,
            "Access-Control-Allow-Origin",
            Some(acao),
        ));
    }
    let code = body.as_ref().map_or("", |b| b.code.as_str());
    let message = body.as_ref().map_or("", |b| b.message.as_str());
    if code == "AuthorizationHeaderMalformed" || (code == "PermanentRedirect" && status == 301) {
        let region = body
            .as_ref()
            .and_then(|b| b.region.clone())
            .or_else(|| header_of(hs, "x-amz-bucket-region").map(str::to_owned));
        return Some(cause(
            CauseCode::S3WrongRegion,
            format!(
                "S3 refused the request ({status} {code}): it was signed for {} but {} is in {}.",
                t.region.as_deref().unwrap_or("another region"),
                t.bucket.as_deref().unwrap_or("the bucket"),
                region.as_deref().unwrap_or("another region")
            ),
            evidence,
            "Set the SDK client's region to the bucket's region, and use the bucket's regional endpoint. This is not a CORS rule change.",
        ));
    }
    if let Some(p) = &t.presigned {
        let started = ex.request.and_then(Entry::started_ms);
        let expired_at = p
            .date
            .as_deref()
            .and_then(amz_date_ms)
            .zip(p.expires)
            .map(|(d, e)| d + e as f64 * 1000.0);
        let past_expiry = started.zip(expired_at).is_some_and(|(now, end)| now > end);
        if past_expiry || message.contains("expired") {
            let mut evidence = evidence;
            if let Some(d) = &p.date {
                evidence.push(ev(Some(ex.entry), Side::Request, "X-Amz-Date", Some(d)));
            }
            if let Some(e) = p.expires {
                evidence.push(ev(Some(ex.entry), Side::Request, "X-Amz-Expires", Some(&e.to_string())));
            }
            return Some(cause(
                CauseCode::S3PresignedExpired,
                format!(
                    "The presigned URL had expired when the page used it (signed at {}, valid {} s): S3 answered {status}{}.",
                    p.date.as_deref().unwrap_or("?"),
                    p.expires.map_or("?".to_owned(), |e| e.to_string()),
                    if code.is_empty() {
                        String::new()
                    } else {
                        format!(" {code}")
                    }
                ),
                evidence,
                "Presign closer to the request or with a longer expiry, and check the signing machine's clock.",
            ));
        }
        if !p.added_after_signature.is_empty() && status == 403 {
            let mut evidence = evidence;
            evidence.push(ev(
                Some(ex.entry),
                Side::Request,
                "query after X-Amz-Signature",
                Some(&p.added_after_signature.join("&")),
            ));
            return Some(cause(
                CauseCode::S3PresignedQueryModified,
                format!(
                    "The URL carries {} after X-Amz-Signature: a parameter added after signing. Every query parameter is signed, so S3 refused it ({status}).",
                    p.added_after_signature.join(", ")
                ),
                evidence,
                "Add such parameters before presigning, or drop them (cache-busting is unnecessary for presigned URLs, which are unique).",
            ));
        }
    }
    if code == "SignatureDoesNotMatch" || (status == 403 && code.is_empty() && signs_content_type(ex, t)) {
        let sent = headers::first(ex.request_headers(), "content-type");
        let mut evidence = evidence;
        if let Some(ct) = sent {
            evidence.push(ev(Some(ex.entry), Side::Request, "Content-Type", Some(ct)));
        }
        return Some(Cause {
            code: CauseCode::S3SignatureMismatch,
            summary: format!(
                "S3 computed another signature than the request carries ({status}{}): something signed was sent differently. For a presigned PUT, the usual culprit is a Content-Type other than the one signed{}.",
                if code.is_empty() { String::new() } else { format!(" {code}") },
                sent.map(|c| format!(" (this request sent '{c}')")).unwrap_or_default()
            ),
            evidence,
            assumed: code.is_empty(),
            remedy: Some("Send exactly the headers that were signed (the same Content-Type, x-amz-* headers), the raw File or Blob as the body, and compare S3's StringToSign with what the client signed.".to_owned()),
        });
    }
    if code == "AccessDenied" || code == "AllAccessDisabled" {
        return Some(cause(
            CauseCode::S3AccessDenied,
            format!(
                "S3 denied the request ({status} {code}: {message}): a bucket policy, ACL, Block Public Access or the signer's IAM policy refuses it. Preflights are never authorised, so only the request itself is refused."
            ),
            evidence,
            "Fix the bucket policy or the signing identity's permissions; the CORS rules are not involved.",
        ));
    }
    None
}

/// Whether a presigned PUT signed its Content-Type (a mismatch is the commonest 403).
fn signs_content_type(ex: &Exchange<'_>, t: &S3Target) -> bool {
    ex.method() == "PUT"
        && t.presigned
            .as_ref()
            .is_some_and(|p| p.signed_headers.iter().any(|h| h.eq_ignore_ascii_case("content-type")))
}

/// `20261127T191920Z` → milliseconds since the epoch.
fn amz_date_ms(d: &str) -> Option<f64> {
    if d.len() != 16 || d.as_bytes().get(8) != Some(&b'T') || !d.ends_with('Z') {
        return None;
    }
    crate::capture::time::parse_ms(&format!(
        "{}-{}-{}T{}:{}:{}Z",
        &d[0..4],
        &d[4..6],
        &d[6..8],
        &d[9..11],
        &d[11..13],
        &d[13..15]
    ))
}

/// The answer an earlier no-cors load of the same URL got without `Vary: Origin`: what the browser
/// cached and may have reused for this CORS GET/HEAD.
pub fn cached_answer<'c>(ex: &Exchange<'_>, ctx: &Context<'c>) -> Option<&'c crate::capture::Response<'c>> {
    Some(&ctx.entries[earlier_load(ex, ctx)?].response)
}

fn earlier_load(ex: &Exchange<'_>, ctx: &Context<'_>) -> Option<usize> {
    if !matches!(ex.method(), "GET" | "HEAD") {
        return None;
    }
    let earlier = ctx
        .no_cors_loads
        .get(ex.url())?
        .iter()
        .copied()
        .rfind(|&i| i < ex.entry)?;
    let vary = headers::get(&ctx.entries[earlier].response.headers, "vary");
    (!vary.is_some_and(|v| v.to_ascii_lowercase().contains("origin"))).then_some(earlier)
}

/// A CORS GET/HEAD that failed although an earlier no-cors load of the same URL was answered
/// without `Vary: Origin`: the browser reused that cached answer (fetch-cors.md §7).
fn cached_without_vary(ex: &Exchange<'_>, view: &BrowserView, ctx: &Context<'_>) -> Option<Cause> {
    let failed = match &view.judgment {
        Judgment::Blocked {
            failure,
            stage: Stage::Actual,
            ..
        } => matches!(failure.error, CorsError::MissingAllowOriginHeader),
        Judgment::Unexplained { .. } | Judgment::NetworkError { .. } => ex.failure().is_some(),
        _ => false,
    };
    if !failed {
        return None;
    }
    let earlier = earlier_load(ex, ctx)?;
    let cached = &ctx.entries[earlier].response;
    let vary = headers::get(&cached.headers, "vary");
    let kind = ctx.entries[earlier].resource_type.as_deref().unwrap_or("no-cors load");
    Some(cause(
        CauseCode::CachedResponseWithoutVary,
        format!(
            "Entry {earlier} loaded the same URL earlier without Origin (an {kind}), and its answer carried no 'Vary: Origin' (S3 sends Vary only when a CORS rule matched a request with Origin). The browser cached that answer, without CORS headers, and reused it for this request, which then fails although the rules may allow it."
        ),
        vec![
            ev(Some(earlier), Side::Request, "Origin", None),
            ev(Some(earlier), Side::Response, "Vary", vary.as_deref()),
            ev(
                Some(earlier),
                Side::Response,
                "Access-Control-Allow-Origin",
                headers::first(&cached.headers, "access-control-allow-origin"),
            ),
        ],
        "Load the resource the same way everywhere (crossorigin=\"anonymous\" on the <img>), or make the two URLs differ (a query parameter), or have CloudFront add Vary: Origin. No S3 rule change is needed for this.",
    ))
}

/// A request that needs a preflight went without one although the export keeps preflights: the
/// browser reused a cached preflight, from before the rules changed if the request now fails.
fn stale_preflight(ex: &Exchange<'_>, view: &BrowserView, ctx: &Context<'_>) -> Option<Cause> {
    let blocked_at_actual = matches!(
        view.judgment,
        Judgment::Blocked {
            stage: Stage::Actual,
            ..
        }
    );
    if ex.preflight.is_some()
        || !view.needs_preflight
        || !ctx.holds_preflights
        || !blocked_at_actual
        || ex.response().is_none()
    {
        return None;
    }
    Some(Cause {
        code: CauseCode::StalePreflightCache,
        summary: format!(
            "The {} needs a preflight, and none is in the HAR although the export keeps preflights: the browser reused a preflight it had cached (Chrome keeps them up to 2 hours, or the rule's MaxAgeSeconds). S3's answer to the request itself shows the rules no longer allow it: they changed after that preflight.",
            ex.method()
        ),
        evidence: vec![ev(Some(ex.entry), Side::Response, "Access-Control-Allow-Origin", None)],
        assumed: true,
        remedy: Some("Retest in a fresh profile or with DevTools' \"Disable cache\" once the rules are right; make the rules allow this request if it should pass.".to_owned()),
    })
}
