//! `corshar explain "<console message>"`: a user often has only the browser's console line. Reads
//! Chrome's, Firefox's or Safari's CORS messages (the whole pasted console is fine) and says why,
//! what to check, and the fix when the message says enough.

use std::io::Read;
use std::process::ExitCode;

use corshar::explain;

use super::Format;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The console text; `-` or nothing: read it from standard input.
    #[arg(value_name = "MESSAGE")]
    message: Option<String>,
    /// Output format (table: readable text).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Show presigned signatures, credentials and tokens in URLs instead of masking them.
    #[arg(long)]
    show_secrets: bool,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let text = match args.message.as_deref() {
        Some(m) if m != "-" => m.to_owned(),
        _ => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| format!("<stdin>: cannot read: {e}"))?;
            String::from_utf8_lossy(&buf).into_owned()
        }
    };
    let found = match explain::explain(&text) {
        Ok(found) => found,
        Err(not) => return Err(not.to_string()),
    };
    let found = if args.show_secrets { found } else { found.redacted() };
    match args.format {
        Format::Json => println!("{}", corshar::report::json::to_string_pretty(&found)),
        Format::Table | Format::Markdown => print!("{}", found.render_text()),
    }
    // Like `analyze`: 1 when the text shows a request the browser blocked.
    Ok(ExitCode::from(1))
}
