//! `corshar verify HAR --cors [BUCKET=]NEW`: would every recorded cross-origin request to the
//! bucket pass under this configuration? S3's answers are simulated and judged by the browser's
//! checks, request by request. Exit 0 only when all pass.

use std::process::ExitCode;

use corshar::report::style::{entry_list, printable};
use corshar::s3::fix;
use corshar::{Options, run};

use super::input;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The HAR file (`-` for standard input; .gz and .zip are opened).
    #[arg(value_name = "HAR")]
    har: String,
    /// The configuration to check (aws-cli JSON, console array or XML; `none`: no CORS). Write
    /// BUCKET=FILE when the HAR reaches several buckets. Repeatable; at least one.
    #[arg(long, value_name = "[BUCKET=]FILE", required = true)]
    cors: Vec<String>,
}

pub fn run_verify(args: Args) -> Result<ExitCode, String> {
    let loaded = input::load(&args.har)?;
    let given: Vec<corshar::GivenCors> = args.cors.iter().map(|c| input::cors_arg(c)).collect::<Result<_, _>>()?;
    let options = Options {
        source_name: Some(loaded.name.clone()),
        cors: given.clone(),
        input_notes: loaded.notes,
        ..Options::default()
    };
    let analysis = run(&loaded.bytes, &options).map_err(|e| match e {
        corshar::Error::Read(read) => format!("{}:{read}", loaded.name),
        other => other.to_string(),
    })?;
    let buckets: Vec<&String> = analysis.needs.keys().collect();
    let mut all_pass = true;
    for g in &given {
        let bucket = match &g.bucket {
            Some(b) => b.clone(),
            None if buckets.len() == 1 => buckets[0].clone(),
            None => {
                return Err(
                    "--cors FILE names no bucket and the HAR does not reach exactly one: write --cors BUCKET=FILE"
                        .to_owned(),
                );
            }
        };
        let Some(needs) = analysis.needs.get(&bucket) else {
            println!(
                "{}: no cross-origin request in the HAR reaches this bucket",
                printable(&bucket)
            );
            continue;
        };
        let outcomes = fix::verify(g.config.as_ref(), needs);
        let failing: Vec<_> = needs.iter().zip(&outcomes).filter(|(_, o)| !o.passes).collect();
        let passing = needs.len() - failing.len();
        println!(
            "{}: {} of {} recorded requests pass under this configuration",
            printable(&bucket),
            passing,
            needs.len()
        );
        for (need, o) in &failing {
            let why = match &o.failure {
                Some(f) => format!("{} {}", f.error.name(), f.failed_parameter)
                    .trim_end()
                    .to_owned(),
                None => format!("cannot read {}", o.hidden.join(", ")),
            };
            println!(
                "  {} {} from {}: {}",
                entry_list(&[need.entry]),
                printable(&need.method),
                printable(&need.origin),
                printable(&why)
            );
        }
        all_pass &= failing.is_empty();
    }
    Ok(if all_pass { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
