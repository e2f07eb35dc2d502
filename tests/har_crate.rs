//! The `har` crate (named by the design card) as the strict HAR 1.2 reference: on every file it
//! accepts, corshar's own reader agrees with it on each entry's method, URL, status and headers
//! (names, values, order, duplicates). corshar does not read with it: it drops the `_` fields the
//! analysis needs and rejects real Firefox exports (see README).

use std::path::PathBuf;

use har::Spec;

fn files() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["samples", "tests/data/real-hars", "tests/data/real-hars-firefox"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
            if e.path().extension().is_some_and(|x| x == "har") {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

type Row = (String, String, i64, Vec<(String, String)>, Vec<(String, String)>);

fn reference(bytes: &[u8]) -> Option<Vec<Row>> {
    let har = har::from_slice(bytes).ok()?;
    let entries = match har.log {
        Spec::V1_2(log) => log
            .entries
            .into_iter()
            .map(|e| {
                (
                    e.request.method,
                    e.request.url,
                    e.response.status,
                    pairs12(&e.request.headers),
                    pairs12(&e.response.headers),
                )
            })
            .collect(),
        Spec::V1_3(log) => log
            .entries
            .into_iter()
            .map(|e| {
                (
                    e.request.method,
                    e.request.url,
                    e.response.status,
                    pairs13(&e.request.headers),
                    pairs13(&e.response.headers),
                )
            })
            .collect(),
    };
    Some(entries)
}

fn pairs12(h: &[har::v1_2::Headers]) -> Vec<(String, String)> {
    h.iter().map(|h| (h.name.clone(), h.value.clone())).collect()
}

fn pairs13(h: &[har::v1_3::Headers]) -> Vec<(String, String)> {
    h.iter().map(|h| (h.name.clone(), h.value.clone())).collect()
}

fn ours(bytes: &[u8]) -> Vec<Row> {
    let capture = corshar::capture::read(bytes).unwrap();
    let pairs = |h: &[corshar::headers::Header<'_>]| {
        h.iter()
            .map(|h| (h.name.to_string(), h.value.to_string()))
            .collect::<Vec<_>>()
    };
    capture
        .entries
        .iter()
        .map(|e| {
            (
                e.method().to_owned(),
                e.url().to_owned(),
                e.status().unwrap_or(i64::MIN),
                pairs(&e.request.headers),
                pairs(&e.response.headers),
            )
        })
        .collect()
}

#[test]
fn both_readers_agree_wherever_the_strict_one_reads() {
    let (mut compared, mut rejected) = (0, Vec::new());
    for path in files() {
        let bytes = std::fs::read(&path).unwrap();
        let Some(reference) = reference(&bytes) else {
            rejected.push(path.file_name().unwrap().to_string_lossy().into_owned());
            continue;
        };
        let ours = ours(&bytes);
        assert_eq!(ours.len(), reference.len(), "{}: entry count", path.display());
        for (i, (a, b)) in ours.iter().zip(&reference).enumerate() {
            assert_eq!(a, b, "{} entry {i}", path.display());
        }
        compared += 1;
    }
    assert!(
        compared >= 30,
        "only {compared} files compared; the har crate rejected {rejected:?}"
    );
    // The strict reader rejects real Firefox exports (cache.afterRequest without lastAccess,
    // empty timings); corshar reads them (tests/real_hars.rs, check-real-hars).
    assert!(
        rejected.iter().all(|f| f.ends_with(".firefox.har")),
        "the har crate rejected {rejected:?}"
    );
}
