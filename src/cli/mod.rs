//! The command line: the only code that reads files, reads the environment or writes to the
//! terminal. Exit codes: 0 nothing blocked or unreadable, 1 something is, 2 bad usage or input.

mod analyze;
mod conformance;
mod explain;
mod fix;
mod http;
mod input;
mod lint;
mod redact;
mod s3;
mod serve;
mod triage;
mod verify;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Why did the browser block my call to S3, and what exactly do I change?
#[derive(Debug, Parser)]
#[command(name = "corshar", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Explain every cross-origin request of a HAR: which the browser blocked, why, and the S3
    /// CORS configuration that fixes them, verified by re-simulating every recorded request.
    Analyze(analyze::Args),
    /// A support queue at once: every HAR under the paths, in parallel, as a table of files and
    /// the causes across them; optionally a ticket reply per file.
    Triage(triage::Args),
    /// Print only a bucket's new CORS configuration (pipe it into cors.json). Needs the current
    /// configuration (--cors), since put-bucket-cors replaces all of it.
    Fix(fix::Args),
    /// Check a CORS configuration against every recorded cross-origin request of a HAR: exit 0
    /// only when all would pass.
    Verify(verify::Args),
    /// Explain a browser's CORS console message (Chrome, Firefox or Safari; the whole pasted
    /// console is fine): why, what to check, and the fix when the message says enough.
    Explain(explain::Args),
    /// Check a CORS configuration as S3's PutBucketCors would, and warn about rules that are
    /// over-permissive or can never match.
    Lint(lint::Args),
    /// Write the HAR with its secrets (cookies, Authorization, presigned signatures, tokens,
    /// JWTs, bodies) masked and everything else kept, to attach to a ticket.
    Redact(redact::Args),
    /// S3's answers, simulated.
    #[command(subcommand)]
    S3(s3::Command),
    /// Run test-vector files (the formats of ../shared/vectors) against the engine.
    Conformance(conformance::Args),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table and a readable explanation for the terminal.
    Table,
    /// The report as JSON (schema corshar.report/v1).
    Json,
    /// The report as Markdown, to paste into an issue or a ticket.
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}

pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // clap quotes the offending argument as given: keep its control characters (an ESC
            // pasted into an argument) off the terminal, line by line.
            let text = e.render().to_string();
            let safe: Vec<String> = text.split('\n').map(corshar::report::style::printable).collect();
            let safe = safe.join("\n");
            if e.use_stderr() {
                eprint!("{safe}");
            } else {
                print!("{safe}");
            }
            // clap's --help and --version are successes; every other parse error is usage (2).
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Triage(args) => triage::run(args),
        Command::Fix(args) => fix::run(args),
        Command::Verify(args) => verify::run_verify(args),
        Command::Explain(args) => explain::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Redact(args) => redact::run(args),
        Command::S3(command) => s3::run(command),
        Command::Conformance(args) => conformance::run(args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("corshar: error: {}", corshar::report::style::printable(&message));
            ExitCode::from(2)
        }
    }
}
