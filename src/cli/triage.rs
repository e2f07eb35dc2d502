//! `corshar triage PATH...`: a support queue of HARs at once. Files and folders (recursively:
//! `.har`, `.har.gz`, `.harp`, `.zip`, each HAR inside a zip), or `-`; analysed in parallel, with
//! a progress bar on a terminal; a file that cannot be read is listed with its error and never
//! stops the rest. Optionally a ticket reply per file (`--replies DIR`).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use corshar::report::markdown;
use corshar::s3::emit::Form;
use corshar::triage::{self, Record};
use corshar::{GivenCors, Options, analyze};

use super::{Format, input};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// HAR files, folders (searched recursively), zip archives, or `-` for standard input.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// A bucket's current CORS configuration, used for every file that reaches that bucket
    /// (BUCKET=FILE; `none` for a bucket without one). Repeatable.
    #[arg(long, value_name = "BUCKET=FILE")]
    cors: Vec<String>,
    /// Only requests to this bucket (repeatable).
    #[arg(long, value_name = "BUCKET")]
    bucket: Vec<String>,
    /// Only requests from this page origin (repeatable).
    #[arg(long, value_name = "ORIGIN")]
    origin: Vec<String>,
    /// Write a ticket reply (Markdown) per file into this folder.
    #[arg(long, value_name = "DIR")]
    replies: Option<PathBuf>,
    /// The form the fix is shown in, in the replies.
    #[arg(long, value_name = "FORM", default_value = "aws-cli")]
    emit: String,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let form = Form::parse(&args.emit).map_err(|e| format!("--emit: {e}"))?;
    let cors: Vec<GivenCors> = args.cors.iter().map(|c| input::cors_arg(c)).collect::<Result<_, _>>()?;
    if cors.iter().any(|c| c.bucket.is_none()) {
        return Err("triage takes --cors BUCKET=FILE: each file may reach other buckets".to_owned());
    }
    let mut items = Vec::new();
    let mut unreadable = Vec::new();
    for p in &args.paths {
        collect(p, &mut items, &mut unreadable);
    }
    if items.is_empty() && unreadable.is_empty() {
        return Err("no HAR found in the paths given (.har, .har.gz, .harp or .zip)".to_owned());
    }
    if let Some(dir) = &args.replies {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
    }
    let bar = progress(items.len() as u64, args.quiet);
    let mut records: Vec<(usize, Record)> = items
        .par_iter()
        .enumerate()
        .map(|(i, item)| {
            let record = one(item, &cors, &args, form);
            bar.inc(1);
            (i, record)
        })
        .collect();
    bar.finish_and_clear();
    records.sort_by_key(|(i, _)| *i);
    let mut records: Vec<Record> = records.into_iter().map(|(_, r)| r).collect();
    records.extend(unreadable);
    let t = triage::triage(records);
    let out = match args.format {
        Format::Json => corshar::report::json::to_string_pretty(&t) + "\n",
        Format::Markdown => triage::markdown(&t),
        Format::Table => triage::table(&t, (!std::io::stdout().is_terminal()).then_some(120)),
    };
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(if t.files_with_problems > 0 || t.unreadable_files > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A HAR to analyse: a command-line argument or a name found in a folder (`FILE`, `-`,
/// `ARCHIVE.zip:MEMBER`), or a file whose name is not UTF-8, which only its real path can open.
enum Item {
    Arg(String),
    Path(PathBuf),
}

/// Analyses one item into its record, writing its ticket reply when asked.
fn one(item: &Item, cors: &[GivenCors], args: &Args, form: Form) -> Record {
    let (loaded, item) = match item {
        Item::Arg(a) => (input::load(a), a.clone()),
        Item::Path(p) => (input::load_path(p), p.to_string_lossy().into_owned()),
    };
    let item = item.as_str();
    let loaded = match loaded {
        Ok(l) => l,
        Err(e) => return triage::failed(item, &e),
    };
    let options = Options {
        source_name: Some(loaded.name.clone()),
        cors: cors.to_vec(),
        input_notes: loaded.notes,
        buckets: args.bucket.clone(),
        origins: args.origin.clone(),
        ..Options::default()
    };
    match analyze(&loaded.bytes, &options) {
        Ok(report) => {
            let record = triage::record(&loaded.name, &report);
            if let Some(dir) = &args.replies {
                let path = dir.join(reply_name(&loaded.name));
                if let Err(e) = std::fs::write(&path, markdown::render(&report, form)) {
                    return triage::failed(item, &format!("{}: cannot write the reply: {e}", path.display()));
                }
            }
            record
        }
        Err(corshar::Error::Read(e)) => triage::failed(&loaded.name, &format!("{}:{e}", loaded.name)),
        Err(e) => triage::failed(&loaded.name, &e.to_string()),
    }
}

/// `tickets/4821/session.har` → `tickets_4821_session.har.md`.
fn reply_name(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{}.md", safe.trim_start_matches(['.', '_']))
}

/// Every HAR under `path`: the file itself, the HARs in a folder (recursively, sorted), or each
/// HAR inside a zip archive.
fn collect(path: &str, items: &mut Vec<Item>, unreadable: &mut Vec<Record>) {
    if path == "-" {
        items.push(Item::Arg(path.to_owned()));
        return;
    }
    let p = Path::new(path);
    if p.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(p) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                unreadable.push(triage::failed(path, &format!("{path}: cannot read the folder: {e}")));
                return;
            }
        };
        entries.sort();
        for e in entries {
            let name = e.to_string_lossy().into_owned();
            if !(e.is_dir() || is_har_name(&name)) {
                continue;
            }
            match e.to_str() {
                Some(name) => collect(name, items, unreadable),
                // Not UTF-8: a file is read by its real path and shown lossily; a folder or a zip
                // archive is listed as unreadable rather than silently skipped.
                None if e.is_file() && !name.to_ascii_lowercase().ends_with(".zip") => items.push(Item::Path(e)),
                None => unreadable.push(triage::failed(
                    &name,
                    &format!("{name}: a folder or zip archive whose name is not UTF-8 is not searched; rename it"),
                )),
            }
        }
    } else if path.to_ascii_lowercase().ends_with(".zip") {
        match input::zip_members(path) {
            Ok(members) if !members.is_empty() => {
                items.extend(members.into_iter().map(|m| Item::Arg(format!("{path}:{m}"))))
            }
            Ok(_) => unreadable.push(triage::failed(
                path,
                &format!("{path}: the zip archive holds no .har file"),
            )),
            Err(e) => unreadable.push(triage::failed(path, &e)),
        }
    } else {
        items.push(Item::Arg(path.to_owned()));
    }
}

fn is_har_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".har", ".har.gz", ".harp", ".zip"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

fn progress(len: u64, quiet: bool) -> ProgressBar {
    let visible = !quiet && std::io::stderr().is_terminal() && len > 1;
    let bar = ProgressBar::with_draw_target(
        Some(len),
        if visible {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} HARs  {elapsed}") {
        bar.set_style(style);
    }
    bar
}
