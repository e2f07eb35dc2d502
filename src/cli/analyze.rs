//! `corshar analyze`.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use corshar::report::text::TextOptions;
use corshar::report::{json, markdown, text};
use corshar::{Options, analyze};

use super::{Color, Format, input};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The HAR file: `-` for standard input; gzip-compressed or in a .zip
    /// (ARCHIVE.zip:MEMBER.har to pick one of several) are opened.
    #[arg(value_name = "HAR")]
    har: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// A bucket's current CORS configuration, as `aws s3api get-bucket-cors --bucket B` prints it,
    /// the S3 console's JSON array, or the API's XML. Write BUCKET=FILE when the HAR reaches
    /// several buckets, and BUCKET=none for a bucket without CORS configuration
    /// (get-bucket-cors answered NoSuchCORSConfiguration). Repeatable.
    #[arg(long, value_name = "[BUCKET=]FILE")]
    cors: Vec<String>,
    /// The form the fix is shown in: aws-cli (default), terraform, cloudformation, cdk, xml,
    /// console, gcs, r2, azure-xml, ... (see `corshar fix --help`). The JSON report carries all.
    #[arg(long, value_name = "FORM", default_value = "aws-cli")]
    emit: String,
    /// Report only requests to this bucket (repeatable): narrow a big HAR to what a ticket is about.
    #[arg(long, value_name = "BUCKET")]
    bucket: Vec<String>,
    /// Report only requests from this page origin (repeatable).
    #[arg(long, value_name = "ORIGIN")]
    origin: Vec<String>,
    /// Show the secrets a report quotes (presigned signatures and credentials, tokens, passwords
    /// in URLs) instead of masking them. Header values (cookies, Authorization) are never quoted.
    #[arg(long)]
    show_secrets: bool,
    /// When to colour the table output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let form = corshar::s3::emit::Form::parse(&args.emit).map_err(|e| format!("--emit: {e}"))?;
    let loaded = input::load(&args.har)?;
    let (name, bytes) = (loaded.name, loaded.bytes);
    let options = Options {
        source_name: Some(name.clone()),
        cors: args.cors.iter().map(|c| input::cors_arg(c)).collect::<Result<_, _>>()?,
        input_notes: loaded.notes,
        show_secrets: args.show_secrets,
        buckets: args.bucket.clone(),
        origins: args.origin.clone(),
    };
    let report = analyze(&bytes, &options).map_err(|e| match e {
        corshar::Error::Read(read) => format!("{name}:{read}"),
        other => other.to_string(),
    })?;
    let mut stdout = std::io::stdout().lock();
    let out = match args.format {
        Format::Json => {
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = json::write(&report, &mut stdout);
            return Ok(exit_code(&report));
        }
        Format::Markdown => markdown::render(&report, form),
        Format::Table => {
            let stdout_tty = std::io::stdout().is_terminal();
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => stdout_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            };
            text::render(
                &report,
                TextOptions {
                    color,
                    width: (!stdout_tty).then_some(120),
                    emit: form,
                },
            )
        }
    };
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush());
    Ok(exit_code(&report))
}

fn exit_code(report: &corshar::Report) -> ExitCode {
    if report.has_problems() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
