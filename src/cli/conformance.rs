//! `corshar conformance FILE...`: every failing vector, then `N passed, M failed`.

use std::process::ExitCode;

use corshar::conformance;
use corshar::report::style::printable;

use super::input;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Vector files: JSON arrays in the formats of ../shared/vectors (fetch.json, s3.json).
    #[arg(value_name = "FILE", required = true)]
    files: Vec<String>,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let (mut passed, mut failed) = (0usize, 0usize);
    for file in &args.files {
        let bytes = input::read(file)?;
        let text = String::from_utf8(bytes)
            .map_err(|e| format!("{file}: not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))?;
        let results = conformance::run(&text).map_err(|e| format!("{file}:{e}"))?;
        for r in results {
            match r.outcome {
                Ok(()) => passed += 1,
                Err(why) => {
                    failed += 1;
                    println!("FAIL {}: {}: {}", printable(file), printable(&r.name), printable(&why));
                }
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
