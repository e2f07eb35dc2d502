//! `corshar lint CONFIG`: the configuration checked as `PutBucketCors` checks it (S3's own error
//! codes and messages), plus warnings for rules that are over-permissive or cannot match what
//! they seem to. Exit 1 when S3 would reject it; warnings never fail.

use std::process::ExitCode;

use corshar::report::style::printable;
use corshar::s3::lint;

use super::{Format, input};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The configuration: aws-cli / get-bucket-cors JSON, the console's array, or the API's XML.
    #[arg(value_name = "CONFIG")]
    config: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let bytes = input::read(&args.config)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not UTF-8 text (byte {})",
            args.config,
            e.utf8_error().valid_up_to()
        )
    })?;
    let found = lint::lint_text(&text).map_err(|e| format!("{}:{e}", args.config))?;
    if args.format == Format::Json {
        println!("{}", corshar::report::json::to_string_pretty(&found));
    } else {
        let name = printable(&args.config);
        if found.errors.is_empty() {
            println!("{name}: S3 accepts this configuration");
        }
        for e in &found.errors {
            println!("{name}: error: {} {} ({})", e.code, printable(&e.message), e.location);
            if let Some(h) = &e.hint {
                println!("  {}", printable(h));
            }
        }
        for w in &found.warnings {
            println!(
                "{name}: warning [{}]: {} ({})",
                w.code,
                printable(&w.message),
                w.location
            );
        }
    }
    Ok(if found.accepted() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
