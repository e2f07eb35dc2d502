//! `cargo xtask samples`: re-records every sample but the real exports with the real-Chromium loop.
//!
//! 1. builds what the loop runs: `cargo build --release` (the CLI and `corshar s3 serve`) and the
//!    extension (`dist`), and installs the browser tests' packages (`npm ci`) when they are missing;
//! 2. runs `extension/tests/loop/loop.test.mjs` with `LOOP_RECORD=target/samples-record`: each
//!    scenario that reproduces a sample (not the real exports `s01`…`s10`) writes the HAR
//!    Chrome's own exporter gave for its first page load there, once the whole scenario passed
//!    (corshar named the error Chrome reported and the cause expected.json lists; the fix made the
//!    page work);
//! 3. only when every scenario passed and every sample but the real exports was recorded: copies
//!    those HARs over `samples/<name>.har` and rewrites
//!    their `entry` / `preflight_entry` (and `source`) in `samples/expected.json`, found in the new
//!    HAR by method and URL path (see [`locate`]); verdicts, errors, causes and fixes stay.
//!
//! The real exports (shared/real-hars, source "real Chromium 156 DevTools export") are left alone.
//! Signatures, `X-Amz-Date`, timestamps, timings, connection IDs and S3's request IDs differ from
//! one run to the next.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

use crate::{Result, cargo, dist, rel, run, workspace_root};

const RECORD: &str = "target/samples-record";
const EXPECTED: &str = "samples/expected.json";
/// The samples table cites the failing requests' entry numbers.
const TABLE: &str = "samples/README.md";
/// `source` of the real exports in expected.json (samples/tools/real-expectations.py).
const REAL_EXPORT: &str = "real Chromium 156 DevTools export";

pub fn samples(args: &[String]) -> Result<()> {
    let mut reuse = false;
    for arg in args {
        match arg.as_str() {
            "--reuse" => reuse = true,
            other => return Err(format!("samples: unknown option {other:?}\n\n{}", crate::USAGE)),
        }
    }
    let root = workspace_root()?;
    let record = root.join(RECORD);
    let took = if reuse {
        None
    } else {
        Some(record_samples(&root, &record)?)
    };
    let expected_path = root.join(EXPECTED);
    let mut text = fs::read_to_string(&expected_path).map_err(|e| format!("{EXPECTED}: {e}"))?;
    let expected: Value = serde_json::from_str(&text).map_err(|e| format!("{EXPECTED}: {e}"))?;
    let mut names: Vec<String> = fs::read_dir(&record)
        .map_err(|e| format!("{}: {e}", record.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".har"))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err("the loop recorded no sample".into());
    }
    let table_path = root.join(TABLE);
    let mut table = fs::read_to_string(&table_path).map_err(|e| format!("{TABLE}: {e}"))?;
    let mut updates = Vec::new();
    for name in &names {
        let file = format!("samples/{name}");
        let sample = expected["samples"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["file"] == file.as_str()))
            .ok_or_else(|| format!("{file} is not in {EXPECTED}"))?;
        let old = read_har(&root.join(&file))?;
        let new = read_har(&record.join(name))?;
        let mut indices = Vec::new();
        for want in sample["requests"].as_array().into_iter().flatten() {
            indices.push(locate(&file, want, &old, &new)?);
        }
        if sample.get("unpaired_preflights").is_some() {
            return Err(format!("{file}: unpaired_preflights are not carried over"));
        }
        let version = chrome_version(&new).unwrap_or_else(|| "?".into());
        let source = format!(
            "real Chromium {version} DevTools export (chrome.devtools.network.getHAR), recorded by cargo xtask samples"
        );
        text = rewrite(&text, &file, &source, &indices)?;
        let renumbered: Vec<(usize, usize)> = sample["requests"]
            .as_array()
            .into_iter()
            .flatten()
            .zip(&indices)
            .filter_map(|(want, (now, _))| Some((want["entry"].as_u64()? as usize, *now)))
            .collect();
        table = renumber_row(&table, name, &renumbered)?;
        updates.push(name.clone());
    }
    // A sample no scenario recorded would keep a HAR the loop never checked: refuse.
    let recorded: BTreeSet<String> = updates.iter().map(|n| format!("samples/{n}")).collect();
    let missing: Vec<&str> = expected["samples"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| s["source"] != REAL_EXPORT)
        .filter_map(|s| s["file"].as_str())
        .filter(|f| !recorded.contains(*f))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "no loop scenario recorded {} (extension/tests/loop/scenarios.mjs); nothing was written",
            missing.join(", ")
        ));
    }
    for name in &updates {
        let to = root.join("samples").join(name);
        fs::copy(record.join(name), &to).map_err(|e| format!("{}: {e}", to.display()))?;
    }
    fs::write(&expected_path, text).map_err(|e| format!("{EXPECTED}: {e}"))?;
    fs::write(&table_path, table).map_err(|e| format!("{TABLE}: {e}"))?;

    match took {
        Some(took) => println!("regenerated from real Chromium ({took} s in the loop):"),
        None => println!("regenerated from the loop's last recording ({RECORD}):"),
    }
    for name in &updates {
        println!("  samples/{name}");
    }
    println!(
        "updated {} and the entry numbers in {TABLE}",
        rel(&root, &expected_path)
    );
    Ok(())
}

/// Builds what the loop needs and runs it in record mode; the seconds the loop took.
fn record_samples(root: &Path, record: &Path) -> Result<u64> {
    run(Command::new(cargo()).current_dir(root).args(["build", "--release"]))?;
    dist(&[])?;
    let tests = root.join("extension/tests");
    if !tests.join("node_modules").exists() {
        run(Command::new("npm").current_dir(&tests).arg("ci"))?;
    }
    if record.exists() {
        fs::remove_dir_all(record).map_err(|e| format!("{}: {e}", record.display()))?;
    }
    fs::create_dir_all(record).map_err(|e| format!("{}: {e}", record.display()))?;
    let started = Instant::now();
    run(Command::new("node")
        .current_dir(root)
        .env("LOOP_RECORD", record)
        .args(["--test", "extension/tests/loop/loop.test.mjs"]))
    .map_err(|e| format!("{e}\nthe loop failed: samples/ left as it was"))?;
    Ok(started.elapsed().as_secs())
}

fn read_har(path: &Path) -> Result<Vec<Value>> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let har: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    har["log"]["entries"]
        .as_array()
        .cloned()
        .ok_or_else(|| format!("{}: no log.entries", path.display()))
}

fn chrome_version(entries: &[Value]) -> Option<String> {
    let ua = header(entries.first()?, "user-agent")?;
    let v = ua.split("Chrome/").nth(1)?;
    Some(v.split('.').next()?.to_owned())
}

fn header<'a>(entry: &'a Value, name: &str) -> Option<&'a str> {
    entry["request"]["headers"]
        .as_array()?
        .iter()
        .find(|h| h["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)))?["value"]
        .as_str()
}

/// The URL's path, without scheme, host and query (the signatures and hosts may differ).
fn path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.find('/').map_or("/", |i| &rest[i..]);
    rest.split('?').next().unwrap_or("/")
}

/// Whether the URL addresses `bucket`, virtual-hosted or path-style.
fn in_bucket(url: &str, bucket: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.starts_with(&format!("{bucket}.")) || path(url).starts_with(&format!("/{bucket}/"))
}

fn is_preflight(e: &Value) -> bool {
    e["_resourceType"] == "preflight" || e["_initiator"]["type"] == "preflight"
}

/// Each script request (fetch or XHR) with the preflight Chrome sent for it: the OPTIONS entry
/// whose initiator is the request's URL and whose Access-Control-Request-Method is its method,
/// the nearest one not taken by an earlier request (a request that rode a cached preflight has
/// none).
fn pairs(entries: &[Value]) -> Vec<(usize, Option<usize>)> {
    let mut taken = BTreeSet::new();
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if is_preflight(e) || !matches!(e["_resourceType"].as_str(), Some("fetch" | "xhr")) {
            continue;
        }
        let method = e["request"]["method"].as_str().unwrap_or("");
        let pre = entries
            .iter()
            .enumerate()
            .filter(|(j, p)| {
                is_preflight(p)
                    && !taken.contains(j)
                    && p["_initiator"]["url"] == e["request"]["url"]
                    && header(p, "access-control-request-method") == Some(method)
            })
            .min_by_key(|(j, _)| j.abs_diff(i))
            .map(|(j, _)| j);
        if let Some(j) = pre {
            taken.insert(j);
        }
        out.push((i, pre));
    }
    out
}

/// Where the request `want` (from the old HAR's entry `want.entry`) is in the new HAR: among the
/// script requests with its method and URL path, the one at the same rank when both HARs have as
/// many; otherwise the only one whose preflight presence matches `want.preflight_entry`.
fn locate(file: &str, want: &Value, old: &[Value], new: &[Value]) -> Result<(usize, Option<usize>)> {
    let entry = want["entry"]
        .as_u64()
        .ok_or_else(|| format!("{file}: a request without entry"))? as usize;
    let e = old.get(entry).ok_or_else(|| format!("{file}: no entry {entry}"))?;
    let method = e["request"]["method"].as_str().unwrap_or("");
    let p = path(e["request"]["url"].as_str().unwrap_or(""));
    let bucket = want["bucket"].as_str();
    // By path; when the scenario names the object differently, by bucket.
    let same = |entries: &[Value], by_path: bool| -> Vec<(usize, Option<usize>)> {
        pairs(entries)
            .into_iter()
            .filter(|(i, _)| {
                let url = entries[*i]["request"]["url"].as_str().unwrap_or("");
                entries[*i]["request"]["method"] == method
                    && if by_path {
                        path(url) == p
                    } else {
                        bucket.is_some_and(|b| in_bucket(url, b))
                    }
            })
            .collect()
    };
    let (mut was, mut now) = (same(old, true), same(new, true));
    if now.is_empty() {
        (was, now) = (same(old, false), same(new, false));
    }
    let rank = was
        .iter()
        .position(|(i, _)| *i == entry)
        .ok_or_else(|| format!("{file}: entry {entry} ({method} {p}) is not a script request"))?;
    if was.len() == now.len() {
        return Ok(now[rank]);
    }
    let preflighted = !want["preflight_entry"].is_null();
    let fit: Vec<_> = now.iter().filter(|(_, pre)| pre.is_some() == preflighted).collect();
    match fit.as_slice() {
        [one] => Ok(**one),
        _ => Err(format!(
            "{file}: {method} {p}: {} in the old HAR, {} in the new, {} with a preflight={preflighted}: which is entry {entry}?",
            was.len(),
            now.len(),
            fit.len()
        )),
    }
}

/// expected.json with the sample's `source` and its requests' `entry` / `preflight_entry`
/// replaced, in place (the rest of the file byte for byte).
fn rewrite(text: &str, file: &str, source: &str, indices: &[(usize, Option<usize>)]) -> Result<String> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut n = 0;
    let mut seen = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let indent = &line[..line.len() - t.len()];
        if t.starts_with("\"file\": ") {
            inside = t.starts_with(&format!("\"file\": \"{file}\""));
            seen |= inside;
        }
        let end = if line.ends_with('\n') { "\n" } else { "" };
        let comma = if t.trim_end().ends_with(',') { "," } else { "" };
        if inside && t.starts_with("\"source\": ") {
            out.push(format!("{indent}\"source\": {}{comma}{end}", Value::from(source)));
        } else if inside && t.starts_with("\"entry\": ") {
            let (e, _) = indices
                .get(n)
                .ok_or_else(|| format!("{file}: more requests than located"))?;
            out.push(format!("{indent}\"entry\": {e}{comma}{end}"));
        } else if inside && t.starts_with("\"preflight_entry\": ") {
            let (_, p) = indices
                .get(n)
                .ok_or_else(|| format!("{file}: more requests than located"))?;
            let p = p.map_or("null".to_owned(), |p| p.to_string());
            out.push(format!("{indent}\"preflight_entry\": {p}{comma}{end}"));
            n += 1;
        } else {
            out.push(line.to_owned());
        }
    }
    if !seen || n != indices.len() {
        return Err(format!(
            "{EXPECTED}: could not rewrite {file}'s requests ({n} of {})",
            indices.len()
        ));
    }
    Ok(out.concat())
}

/// The samples table's row for `name` with the entry numbers in its "Chrome error" cell (the
/// fourth: "`PreflightMissingAllowOriginHeader` (3)", "none (4 readable)", "(6, 9)") moved from
/// the old recording's to the new one's, all at once (3 and 4 may swap).
fn renumber_row(table: &str, name: &str, moved: &[(usize, usize)]) -> Result<String> {
    let start = format!("| `{name}` ");
    let mut found = false;
    let mut out = String::with_capacity(table.len());
    for line in table.split_inclusive('\n') {
        if !line.starts_with(&start) {
            out.push_str(line);
            continue;
        }
        found = true;
        let cells: Vec<&str> = line.split('|').collect();
        if cells.len() < 6 {
            return Err(format!("{TABLE}: the row of {name} has {} cells", cells.len()));
        }
        let mut cell = String::new();
        let mut digits = String::new();
        let flush = |digits: &mut String, cell: &mut String| {
            if !digits.is_empty() {
                let n: usize = digits.parse().unwrap_or(usize::MAX);
                let to = moved.iter().find(|(old, _)| *old == n).map_or(n, |(_, new)| *new);
                cell.push_str(&to.to_string());
                digits.clear();
            }
        };
        for c in cells[4].chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else {
                flush(&mut digits, &mut cell);
                cell.push(c);
            }
        }
        flush(&mut digits, &mut cell);
        let mut row = cells.clone();
        row[4] = &cell;
        out.push_str(&row.join("|"));
    }
    if !found {
        return Err(format!("{TABLE}: no row for {name}"));
    }
    Ok(out)
}
