//! From HAR entries to exchanges: each cross-origin CORS-mode request with its preflight, its
//! origin, its mode and what was recorded of its answer. Same-origin and no-cors loads are not
//! exchanges: the browser never judges them by CORS.

use crate::capture::{Capture, Entry};
use crate::cors::{Mode, RequestKind};
use crate::headers::{self, Header};
use crate::origin;
use crate::pair::Pairs;

/// One cross-origin CORS request as recorded.
#[derive(Debug)]
pub struct Exchange<'c> {
    /// The request's own entry; the preflight's when the HAR does not hold the request.
    pub entry: usize,
    /// The request's entry; `None` when the producer never recorded it (a proxy never sees a
    /// request its preflight stopped; chrome-har drops failed requests): then the preflight
    /// says what was asked.
    pub request: Option<&'c Entry<'c>>,
    pub preflight_entry: Option<usize>,
    pub preflight: Option<&'c Entry<'c>>,
    pub url: &'c str,
    pub method: &'c str,
    pub origin: String,
    pub origin_source: &'static str,
    pub kind: RequestKind,
}

impl<'c> Exchange<'c> {
    pub fn url(&self) -> &'c str {
        self.url
    }

    pub fn method(&self) -> &'c str {
        self.method
    }

    /// The request's recorded headers (none when the request is not in the HAR).
    pub fn request_headers(&self) -> &'c [Header<'c>] {
        self.request.map_or(&[], |r| r.request.headers.as_slice())
    }

    /// The recorded response, when one reached the browser (a real status).
    pub fn response(&self) -> Option<(i64, &'c [Header<'c>])> {
        let r = &self.request?.response;
        r.status.filter(|s| *s >= 100).map(|s| (s, r.headers.as_slice()))
    }

    /// The request's response as recorded, whatever its status.
    pub fn recorded_response(&self) -> Option<&'c crate::capture::Response<'c>> {
        self.request.map(|r| &r.response)
    }

    /// The failure the producer recorded on the request.
    pub fn failure(&self) -> Option<&'c str> {
        self.request?.failure()
    }

    pub fn status(&self) -> Option<i64> {
        self.request?.status()
    }

    /// The preflight's `Access-Control-Request-Headers` names, lower-cased, as recorded.
    pub fn requested_headers(&self) -> Option<Vec<String>> {
        let pre = self.preflight?;
        let value = headers::get(&pre.request.headers, "access-control-request-headers");
        Some(value.map(|v| split_names(&v)).unwrap_or_default())
    }
}

/// Splits a header-name list on ",", trimmed, lower-cased, empties dropped, duplicates removed
/// (first occurrence kept). A set, not `Vec::contains`: a hostile list of 100,000 names must not
/// cost 10^10 comparisons.
pub fn split_names(value: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut names: Vec<String> = Vec::new();
    for n in value.split(',').map(|s| headers::trim_http_ws(s).to_ascii_lowercase()) {
        if !n.is_empty() && seen.insert(n.clone()) {
            names.push(n);
        }
    }
    names
}

/// Every exchange of the capture, in entry order.
pub fn exchanges<'c>(capture: &'c Capture<'c>, pairs: &Pairs) -> Vec<Exchange<'c>> {
    let pages: Vec<(&str, &str)> = capture
        .pages
        .iter()
        .filter_map(|p| Some((p.id.as_deref()?, p.title.as_deref()?)))
        .collect();
    let mut out: Vec<Exchange<'c>> = (0..capture.entries.len())
        .filter(|&i| !pairs.is_preflight[i])
        .filter_map(|i| {
            let preflight_entry = pairs.preflight_of[i];
            build(
                i,
                &capture.entries[i],
                preflight_entry,
                preflight_entry.map(|p| &capture.entries[p]),
                &pages,
            )
        })
        .collect();
    out.extend(
        pairs
            .unpaired_preflights()
            .filter_map(|p| orphan(p, &capture.entries[p])),
    );
    out.sort_by_key(|ex| ex.entry);
    out
}

/// The request a preflight guarded, when the HAR holds only the preflight: its method is the
/// preflight's `Access-Control-Request-Method`, its URL and origin the preflight's.
fn orphan<'c>(index: usize, preflight: &'c Entry<'c>) -> Option<Exchange<'c>> {
    let hs = &preflight.request.headers;
    let method = headers::first(hs, "access-control-request-method")?;
    let origin = headers::first(hs, "origin")?;
    if !origin::is_cross_origin(origin, preflight.url()) {
        return None;
    }
    Some(Exchange {
        entry: index,
        request: None,
        preflight_entry: Some(index),
        preflight: Some(preflight),
        url: preflight.url(),
        method,
        origin: origin.to_owned(),
        origin_source: "preflight",
        kind: RequestKind::Fetch,
    })
}

fn build<'c>(
    entry: usize,
    request: &'c Entry<'c>,
    preflight_entry: Option<usize>,
    preflight: Option<&'c Entry<'c>>,
    pages: &[(&str, &str)],
) -> Option<Exchange<'c>> {
    let url = request.url();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return None;
    }
    let (origin, origin_source) = request_origin(request, preflight, pages)?;
    if mode(request, preflight) != Mode::Cors || !origin::is_cross_origin(&origin, url) {
        return None;
    }
    Some(Exchange {
        entry,
        request: Some(request),
        preflight_entry,
        preflight,
        url,
        method: request.method(),
        origin,
        origin_source,
        kind: kind(request),
    })
}

/// Where the request came from: its own `Origin`, else its preflight's (a request blocked at its
/// preflight keeps only provisional headers, without `Origin`), else the origin of its `Referer`
/// or of its page's URL.
fn request_origin(
    request: &Entry<'_>,
    preflight: Option<&Entry<'_>>,
    pages: &[(&str, &str)],
) -> Option<(String, &'static str)> {
    let hs = &request.request.headers;
    if let Some(o) = headers::first(hs, "origin") {
        return Some((o.to_owned(), "request"));
    }
    if let Some(o) = preflight.and_then(|p| headers::first(&p.request.headers, "origin")) {
        return Some((o.to_owned(), "preflight"));
    }
    if let Some(o) = headers::first(hs, "referer").and_then(origin::of_url) {
        return Some((o, "referer"));
    }
    let page = request.pageref.as_deref()?;
    let title = pages.iter().find(|(id, _)| *id == page)?.1;
    origin::of_url(title).filter(|o| o != "null").map(|o| (o, "page"))
}

/// The request's mode: `Sec-Fetch-Mode` when recorded; a recorded preflight means CORS; else what
/// the request's type and `Origin` header imply (Chrome sends `Origin` on a GET or HEAD only in
/// CORS mode; fetch() and XHR default to CORS).
fn mode(request: &Entry<'_>, preflight: Option<&Entry<'_>>) -> Mode {
    let hs = &request.request.headers;
    if let Some(m) = headers::first(hs, "sec-fetch-mode") {
        return Mode::parse(&m.to_ascii_lowercase()).unwrap_or(Mode::NoCors);
    }
    if preflight.is_some() {
        return Mode::Cors;
    }
    let has_origin = headers::contains(hs, "origin");
    match request.resource_type.as_deref() {
        Some("fetch" | "xhr" | "eventsource" | "font") => Mode::Cors,
        Some("document" | "iframe" | "subdocument") => Mode::Navigate,
        Some(_) if has_origin && matches!(request.method(), "GET" | "HEAD") => Mode::Cors,
        Some(_) => Mode::NoCors,
        None if has_origin => Mode::Cors,
        // No type and no Origin (Firefox, proxies): a failed request to another origin is most
        // likely a script's, which the browser judged by CORS; a load that succeeded without
        // Origin was not a CORS request.
        None if request.failure().is_some() || !request.has_response() => Mode::Cors,
        None => Mode::NoCors,
    }
}

fn kind(request: &Entry<'_>) -> RequestKind {
    match request.resource_type.as_deref() {
        Some("xhr") => RequestKind::XmlHttpRequest,
        Some("script") => RequestKind::Script,
        Some("image") => RequestKind::Image,
        Some("font") => RequestKind::Font,
        Some("fetch") | None => RequestKind::Fetch,
        Some(_) => RequestKind::Other,
    }
}
