//! Large Chrome-shaped HARs for the benchmarks, generated deterministically from a real Chromium
//! 156 DevTools export (samples/s10-mixed-three-buckets.har): its entries are repeated with new
//! URLs and start times, and given base64 response bodies of realistic sizes, so the file has the
//! shapes, key order and escapes real exports have. Used by `benches/har_speed.rs`; also runnable
//! by hand: `cargo bench --bench har_speed -- generate SIZE_MB FILE`.

use std::io::{self, BufWriter, Write};

use serde_json::Value;

const TEMPLATE: &str = include_str!("../samples/s10-mixed-three-buckets.har");

/// A tiny deterministic generator (SplitMix64): the same file on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// What kind of file to write.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// Entries with base64 bodies until the file reaches about this many bytes.
    WithBodies { bytes: u64 },
    /// This many entries without bodies or initiator stacks.
    SmallEntries { count: u64 },
}

/// Writes a HAR of `shape` to `out`; returns the number of entries.
pub fn write_har(shape: Shape, out: impl Write) -> io::Result<u64> {
    let template: Value = serde_json::from_str(TEMPLATE).expect("the template sample is valid JSON");
    let log = &template["log"];
    let entries = log["entries"].as_array().expect("entries");
    let mut out = BufWriter::with_capacity(1 << 20, out);
    write!(
        out,
        "{{\n  \"log\": {{\n    \"version\": \"1.2\",\n    \"creator\": {},\n    \"pages\": {},\n    \"entries\": [",
        log["creator"], log["pages"]
    )?;
    let mut rng = Rng(0x5EED);
    let (mut written, mut count) = (0u64, 0u64);
    let base_ms = 1_795_807_240_910u64;
    loop {
        let done = match shape {
            Shape::WithBodies { bytes } => written >= bytes,
            Shape::SmallEntries { count: n } => count >= n,
        };
        if done {
            break;
        }
        let mut e = entries[(count % entries.len() as u64) as usize].clone();
        let cycle = count / entries.len() as u64;
        vary(&mut e, cycle, base_ms + count * 7);
        match shape {
            Shape::WithBodies { .. } => add_body(&mut e, &mut rng),
            Shape::SmallEntries { .. } => strip(&mut e),
        }
        let text = serde_json::to_string(&e).expect("serializable");
        if count > 0 {
            out.write_all(b",")?;
        }
        out.write_all(b"\n      ")?;
        out.write_all(text.as_bytes())?;
        written += text.len() as u64 + 8;
        count += 1;
    }
    out.write_all(b"\n    ]\n  }\n}\n")?;
    out.flush()?;
    Ok(count)
}

/// New URLs per cycle (so pairing works on distinct requests) and a start time.
fn vary(e: &mut Value, cycle: u64, ms: u64) {
    for path in [&["request", "url"][..], &["_initiator", "url"][..]] {
        if let Some(url) = pointer_mut(e, path).and_then(|v| v.as_str().map(str::to_owned)) {
            let varied = match url.split_once('?') {
                Some((base, q)) => format!("{base}-{cycle}?{q}"),
                None => format!("{url}-{cycle}"),
            };
            *pointer_mut(e, path).expect("present") = Value::String(varied);
        }
    }
    let secs = ms / 1000;
    let (h, m, s) = ((secs / 3600) % 24, (secs / 60) % 60, secs % 60);
    e["startedDateTime"] = Value::String(format!("2026-11-27T{h:02}:{m:02}:{s:02}.{:03}Z", ms % 1000));
}

fn pointer_mut<'v>(v: &'v mut Value, path: &[&str]) -> Option<&'v mut Value> {
    path.iter().try_fold(v, |v, k| v.get_mut(*k))
}

/// A base64 body of 20 KB–400 KB on successful responses, as an export with bodies has.
fn add_body(e: &mut Value, rng: &mut Rng) {
    if e["response"]["status"].as_i64().unwrap_or(0) < 200 {
        return;
    }
    let len = 20_000 + (rng.next() % 380_000) as usize;
    let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
    let content = &mut e["response"]["content"];
    content["size"] = Value::from(len);
    content["text"] = Value::String(base64(&bytes));
    content["encoding"] = Value::String("base64".into());
}

/// A small entry (about 1 KB): no body, no initiator stack, and only the headers a CORS
/// analysis reads or a minimal export keeps.
fn strip(e: &mut Value) {
    const KEEP: [&str; 12] = [
        "origin",
        "referer",
        "sec-fetch-mode",
        "access-control-request-method",
        "access-control-request-headers",
        "content-type",
        "access-control-allow-origin",
        "access-control-allow-methods",
        "access-control-expose-headers",
        "etag",
        "x-amz-version-id",
        "server",
    ];
    if let Some(content) = e["response"]["content"].as_object_mut() {
        content.remove("text");
    }
    if let Some(i) = e["_initiator"].as_object_mut() {
        i.remove("stack");
    }
    for side in ["request", "response"] {
        if let Some(hs) = e[side]["headers"].as_array_mut() {
            hs.retain(|h| {
                h["name"]
                    .as_str()
                    .is_some_and(|n| KEEP.contains(&n.to_ascii_lowercase().as_str()))
            });
        }
    }
}
