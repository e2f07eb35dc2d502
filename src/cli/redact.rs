//! `corshar redact IN [-o OUT]`: the HAR with its secrets masked, to attach to a ticket. The HAR
//! goes to OUT or standard output, what was masked to standard error.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use corshar::redact::har;
use corshar::report::style::printable;

use super::input;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The HAR file: `-` for standard input; gzip-compressed or in a .zip
    /// (ARCHIVE.zip:MEMBER.har to pick one of several) are opened.
    #[arg(value_name = "IN")]
    input: String,
    /// Where to write the redacted HAR (uncompressed); `-` or absent: standard output. Never IN.
    #[arg(short, long, value_name = "OUT")]
    output: Option<String>,
    /// Keep request and response bodies, with the values of secret JSON keys and form fields
    /// masked (file uploads and binary bodies still go). By default every body is replaced by
    /// the marker, except S3's XML error documents, which the diagnosis reads.
    #[arg(long)]
    keep_bodies: bool,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let output = args.output.as_deref().filter(|o| *o != "-");
    if let Some(out) = output
        && args.input != "-"
        && same_file(input_path(&args.input), Path::new(out))
    {
        return Err(format!(
            "{}: refusing to overwrite the input with its redacted copy: write it to another file",
            out
        ));
    }
    if output.is_none() && std::io::stdout().is_terminal() {
        return Err("standard output is a terminal: write the redacted HAR with -o OUT, or redirect it".to_owned());
    }
    let loaded = input::load(&args.input)?;
    let name = loaded.name;
    let options = har::Options {
        keep_bodies: args.keep_bodies,
    };
    let redacted = har::redact(&loaded.bytes, &options).map_err(|e| format!("{name}:{e}"))?;
    drop(loaded.bytes);
    let destination = match output {
        Some(out) => {
            std::fs::write(out, &redacted.bytes).map_err(|e| format!("{out}: cannot write: {e}"))?;
            out.to_owned()
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = stdout.write_all(&redacted.bytes).and_then(|()| stdout.flush());
            "standard output".to_owned()
        }
    };
    let mut stderr = std::io::stderr().lock();
    let summary = redacted.summary.to_string();
    for (i, line) in summary.lines().enumerate() {
        let _ = if i == 0 {
            writeln!(
                stderr,
                "corshar: redacted {} to {}: {}",
                printable(&name),
                printable(&destination),
                printable(line)
            )
        } else {
            writeln!(stderr, "{}", printable(line))
        };
    }
    for note in &loaded.notes {
        let _ = writeln!(stderr, "  note: {}", printable(note));
    }
    Ok(ExitCode::SUCCESS)
}

/// The file an IN argument reads (the archive of `ARCHIVE.zip:MEMBER`, as `input::load` reads it).
fn input_path(arg: &str) -> &Path {
    match arg.rsplit_once(".zip:") {
        Some((archive, _)) if !Path::new(arg).exists() => Path::new(&arg[..archive.len() + 4]),
        _ => Path::new(arg),
    }
}

/// Whether two paths name the same existing file (through links too).
fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        ma.dev() == mb.dev() && ma.ino() == mb.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (ma, mb);
        std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok()
    }
}
