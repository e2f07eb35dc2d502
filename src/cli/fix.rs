//! `corshar fix HAR --cors [BUCKET=]CURRENT [--bucket B]`: only the bucket's new configuration, on
//! stdout, ready to pipe into a file and `put-bucket-cors`. It refuses when the current
//! configuration is not known: a reconstructed one would wipe the rules the HAR did not show.

use std::io::Write;
use std::process::ExitCode;

use corshar::report::Fix;
use corshar::s3::emit::{self, Form};
use corshar::{Options, analyze};

use super::input;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The HAR file (`-` for standard input; .gz and .zip are opened).
    #[arg(value_name = "HAR")]
    har: String,
    /// The bucket's current CORS configuration (aws s3api get-bucket-cors output, the console's
    /// array, or XML; `none` for a bucket without one). Write BUCKET=FILE when the HAR reaches
    /// several buckets. Repeatable.
    #[arg(long, value_name = "[BUCKET=]FILE")]
    cors: Vec<String>,
    /// The bucket whose configuration to print, when the HAR calls for changes to several.
    #[arg(long, value_name = "BUCKET")]
    bucket: Option<String>,
    /// The form to print: aws-cli (default), console, xml, terraform, terraform-inline,
    /// cloudformation, cdk, cloudfront-terraform, cloudfront-cloudformation, cloudfront-advice,
    /// gcs, azure-xml, azure-cli, r2, spaces, spaces-terraform, b2, minio.
    #[arg(long, value_name = "FORM", default_value = "aws-cli")]
    emit: String,
    /// Your Terraform file with the bucket's inline `cors_rule` blocks (the legacy
    /// `aws_s3_bucket` form): print it with those blocks replaced, everything else unchanged.
    #[arg(long, value_name = "FILE")]
    terraform_file: Option<String>,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let form = Form::parse(&args.emit).map_err(|e| format!("--emit: {e}"))?;
    let loaded = input::load(&args.har)?;
    let options = Options {
        source_name: Some(loaded.name.clone()),
        cors: args.cors.iter().map(|c| input::cors_arg(c)).collect::<Result<_, _>>()?,
        input_notes: loaded.notes,
        ..Options::default()
    };
    let report = analyze(&loaded.bytes, &options).map_err(|e| match e {
        corshar::Error::Read(read) => format!("{}:{read}", loaded.name),
        other => other.to_string(),
    })?;
    let fix = pick(&report.fixes, args.bucket.as_deref())?;
    let Some(fix) = fix else {
        eprintln!(
            "corshar: no CORS configuration change would help: {}",
            why_none(&report)
        );
        return Ok(ExitCode::from(1));
    };
    if !fix.complete {
        return Err(format!(
            "the current CORS configuration of {b} is not known, and put-bucket-cors replaces all of it: run `aws s3api get-bucket-cors --bucket {b} > cors.json` and add --cors {b}=cors.json (or --cors {b}=none if it has none)",
            b = fix.bucket
        ));
    }
    if !fix.verified {
        eprintln!(
            "corshar: warning: the new configuration does not make every recorded request pass; see `corshar analyze`"
        );
    }
    let out = match &args.terraform_file {
        Some(path) => {
            let existing = String::from_utf8(input::read(path)?).map_err(|_| format!("{path}: not UTF-8 text"))?;
            let patch = emit::patch_terraform_inline(&existing, &fix.bucket, &fix.config)
                .map_err(|e| format!("{path}: {e}"))?;
            eprintln!(
                "corshar: replaced {} cors_rule block(s) of aws_s3_bucket.{}",
                patch.replaced, patch.resource
            );
            for n in &patch.notes {
                eprintln!("corshar: note: {n}");
            }
            patch.text
        }
        None => {
            let emitted = emit::emit(form, &emit::Target::bucket(&fix.bucket), &fix.config);
            // Notes and how to apply go to stderr: stdout stays the file's content, pipe-able.
            for n in &emitted.notes {
                eprintln!("corshar: note: {n}");
            }
            emitted.text
        }
    };
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(ExitCode::SUCCESS)
}

fn pick<'r>(fixes: &'r [Fix], bucket: Option<&str>) -> Result<Option<&'r Fix>, String> {
    match (bucket, fixes) {
        (Some(b), _) => Ok(fixes.iter().find(|f| f.bucket == b)),
        (None, []) => Ok(None),
        (None, [one]) => Ok(Some(one)),
        (None, many) => Err(format!(
            "the HAR calls for changes to {} buckets ({}): choose one with --bucket",
            many.len(),
            many.iter().map(|f| f.bucket.as_str()).collect::<Vec<_>>().join(", ")
        )),
    }
}

fn why_none(report: &corshar::Report) -> String {
    let problems = report
        .findings
        .iter()
        .filter(|f| f.verdict != corshar::report::Verdict::Ok)
        .count();
    if problems == 0 {
        "no cross-origin request failed".to_owned()
    } else {
        format!("{problems} request(s) failed for reasons a bucket CORS rule cannot change; see `corshar analyze`")
    }
}
