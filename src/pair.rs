//! Pairing each CORS preflight with the request it guarded. A HAR records no join key (Chrome
//! keeps only the preflight's `_initiator.requestId`, the id of a request whose own id is not
//! exported), so pairs are matched on evidence (har-producers.md §1.8): same URL, the actual
//! method equal to the preflight's `Access-Control-Request-Method`, same page, nearest start
//! time (the actual request often starts *before* its preflight), then the requested header names
//! present on the candidate. chrome-har exports keep ids on both sides: there the join is exact.
//! Unpaired preflights and requests are kept and reported, never dropped.

use std::collections::HashMap;

use crate::capture::{Capture, Entry};
use crate::headers;

/// The result of pairing, indexed by entry.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pairs {
    /// For each entry that is a request, the index of its preflight.
    pub preflight_of: Vec<Option<usize>>,
    /// For each preflight entry, the index of the request it guarded.
    pub actual_of: Vec<Option<usize>>,
    /// Whether each entry is a preflight.
    pub is_preflight: Vec<bool>,
}

impl Pairs {
    /// Preflights no recorded request could be paired with (the request is missing from the
    /// export: filtered, still in flight, or dropped by the producer).
    pub fn unpaired_preflights(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.is_preflight.len()).filter(|&i| self.is_preflight[i] && self.actual_of[i].is_none())
    }
}

/// How far apart (ms) a preflight and its request may start. Chrome starts both within a few ms;
/// a preflight is never reused across this distance by the same request.
const MAX_DISTANCE_MS: f64 = 60_000.0;

pub fn pair(capture: &Capture<'_>) -> Pairs {
    let n = capture.entries.len();
    let is_preflight: Vec<bool> = capture.entries.iter().map(Entry::is_preflight).collect();
    let mut pairs = Pairs {
        preflight_of: vec![None; n],
        actual_of: vec![None; n],
        is_preflight,
    };

    pair_by_request_id(capture, &mut pairs);

    // Candidates grouped by URL, so each preflight looks only at requests to its own URL.
    let mut by_url: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in capture.entries.iter().enumerate() {
        if !pairs.is_preflight[i] && pairs.preflight_of[i].is_none() {
            by_url.entry(e.url()).or_default().push(i);
        }
    }
    let mut scored: Vec<(Score, usize, usize)> = Vec::new();
    for (p, pre) in capture.entries.iter().enumerate() {
        if !pairs.is_preflight[p] || pairs.actual_of[p].is_some() {
            continue;
        }
        let method = headers::first(&pre.request.headers, "access-control-request-method").unwrap_or("");
        for &a in by_url.get(pre.url()).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(score) = score(pre, method, &capture.entries[a]) {
                scored.push((score, p, a));
            }
        }
    }
    // Greedy on the best evidence first: one preflight per request, one request per preflight.
    scored.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, p, a) in scored {
        if pairs.actual_of[p].is_none() && pairs.preflight_of[a].is_none() {
            pairs.actual_of[p] = Some(a);
            pairs.preflight_of[a] = Some(p);
        }
    }
    pairs
}

/// How well a candidate matches a preflight; lower is better. `None`: not a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    /// The candidate lacks some name the preflight requested (sanitized exports drop
    /// `authorization`/`cookie`, so this ranks rather than excludes).
    missing_headers: bool,
    /// Distance in start time, microseconds (unknown times rank last).
    distance_us: u64,
}

fn score(pre: &Entry<'_>, method: &str, candidate: &Entry<'_>) -> Option<Score> {
    if candidate.method() != method {
        return None;
    }
    if let (Some(a), Some(b)) = (pre.pageref.as_deref(), candidate.pageref.as_deref())
        && a != b
    {
        return None;
    }
    let distance_us = match (pre.started_ms(), candidate.started_ms()) {
        (Some(a), Some(b)) => {
            let d = (a - b).abs();
            if d > MAX_DISTANCE_MS {
                return None;
            }
            (d * 1000.0) as u64
        }
        _ => u64::MAX,
    };
    let requested = headers::get(&pre.request.headers, "access-control-request-headers").unwrap_or_default();
    // One set of the candidate's names, not a scan of its headers per requested name: a hostile
    // HAR may request 100,000 names of a request carrying as many headers.
    let names = requested.split(',').map(str::trim).filter(|n| !n.is_empty());
    let have = &candidate.request.headers;
    let missing_headers = if have.len() <= 64 {
        names.into_iter().any(|n| !headers::contains(have, n))
    } else {
        let present: std::collections::HashSet<String> = have.iter().map(|h| h.name.to_ascii_lowercase()).collect();
        names.into_iter().any(|n| !present.contains(&n.to_ascii_lowercase()))
    };
    Some(Score {
        missing_headers,
        distance_us,
    })
}

/// chrome-har: a preflight's `_initiator_detail` holds `{"requestId": ...}` naming the request's
/// own `_requestId`: an exact join.
fn pair_by_request_id(capture: &Capture<'_>, pairs: &mut Pairs) {
    let ids: HashMap<&str, usize> = capture
        .entries
        .iter()
        .enumerate()
        .filter(|(i, _)| !pairs.is_preflight[*i])
        .filter_map(|(i, e)| e.request_id.as_deref().map(|id| (id, i)))
        .collect();
    if ids.is_empty() {
        return;
    }
    for (p, pre) in capture.entries.iter().enumerate() {
        if !pairs.is_preflight[p] {
            continue;
        }
        let Some(detail) = pre.initiator_detail.as_deref() else {
            continue;
        };
        let Ok(value) = serde_json::from_str::<serde_json::Value>(detail) else {
            continue;
        };
        let Some(id) = value.get("requestId").and_then(|v| v.as_str()) else {
            continue;
        };
        if let Some(&a) = ids.get(id)
            && pairs.preflight_of[a].is_none()
        {
            pairs.actual_of[p] = Some(a);
            pairs.preflight_of[a] = Some(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture;

    fn entry(method: &str, url: &str, t: &str, headers: &str, extra: &str) -> String {
        format!(
            r#"{{"request": {{"method": "{method}", "url": "{url}", "headers": [{headers}]}}, "response": {{"status": 0}}, "startedDateTime": "{t}"{extra}}}"#
        )
    }

    fn har(entries: &[String]) -> Vec<u8> {
        format!(r#"{{"log": {{"entries": [{}]}}}}"#, entries.join(",")).into_bytes()
    }

    const ACRM_PUT: &str =
        r#"{"name": "Access-Control-Request-Method", "value": "PUT"}, {"name": "Origin", "value": "https://a.test"}"#;

    #[test]
    fn actual_before_its_preflight_and_nearest_wins() {
        let bytes = har(&[
            entry("PUT", "https://b/k", "2026-01-01T00:00:00.100Z", "", ""),
            entry(
                "OPTIONS",
                "https://b/k",
                "2026-01-01T00:00:00.101Z",
                ACRM_PUT,
                r#", "_resourceType": "preflight""#,
            ),
            entry("PUT", "https://b/k", "2026-01-01T00:00:06.100Z", "", ""),
            entry("GET", "https://b/k", "2026-01-01T00:00:00.101Z", "", ""),
        ]);
        let cap = capture::read(&bytes).unwrap();
        let p = pair(&cap);
        assert_eq!(p.preflight_of, vec![Some(1), None, None, None]);
        assert_eq!(p.actual_of[1], Some(0));
        assert_eq!(p.unpaired_preflights().count(), 0);
    }

    #[test]
    fn requested_headers_break_ties_and_each_preflight_pairs_once() {
        let with = |h: &str| format!(r#"{{"name": "Access-Control-Request-Headers", "value": "{h}"}}, {ACRM_PUT}"#);
        let bytes = har(&[
            entry("OPTIONS", "https://b/k", "2026-01-01T00:00:00.000Z", &with("x-a"), ""),
            entry("OPTIONS", "https://b/k", "2026-01-01T00:00:00.000Z", &with("x-b"), ""),
            entry(
                "PUT",
                "https://b/k",
                "2026-01-01T00:00:00.000Z",
                r#"{"name": "X-B", "value": "1"}"#,
                "",
            ),
            entry(
                "PUT",
                "https://b/k",
                "2026-01-01T00:00:00.000Z",
                r#"{"name": "X-A", "value": "1"}"#,
                "",
            ),
            entry("OPTIONS", "https://b/other", "2026-01-01T00:00:00.000Z", ACRM_PUT, ""),
        ]);
        let cap = capture::read(&bytes).unwrap();
        let p = pair(&cap);
        assert_eq!(p.actual_of[0], Some(3));
        assert_eq!(p.actual_of[1], Some(2));
        assert_eq!(p.unpaired_preflights().collect::<Vec<_>>(), vec![4]);
    }

    #[test]
    fn chrome_har_ids_join_exactly() {
        let bytes = har(&[
            entry(
                "PUT",
                "https://b/k",
                "2026-01-01T00:00:00.000Z",
                "",
                r#", "_requestId": "7.1""#,
            ),
            entry(
                "PUT",
                "https://b/k",
                "2026-01-01T00:00:09.000Z",
                "",
                r#", "_requestId": "7.2""#,
            ),
            entry(
                "OPTIONS",
                "https://b/k",
                "2026-01-01T00:00:00.000Z",
                ACRM_PUT,
                r#", "_initiator_detail": "{\"type\":\"preflight\",\"requestId\":\"7.2\"}""#,
            ),
        ]);
        let cap = capture::read(&bytes).unwrap();
        assert_eq!(pair(&cap).actual_of[2], Some(1));
    }
}
