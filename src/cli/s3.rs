//! `corshar s3 simulate`: S3's answer to one request under a CORS configuration, as S3 sends it
//! (status, CORS headers, XML error), to try a configuration before deploying it; `corshar s3
//! serve` (serve.rs): the same answers from a local endpoint a browser can talk to.

use std::process::ExitCode;

use corshar::report::style::printable;
use corshar::s3::simulate::{self, Bucket, Resource, S3Request};

use super::input;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Print S3's answer to one request under a CORS configuration.
    Simulate(SimulateArgs),
    /// A local S3 endpoint (plain HTTP, in memory) answering as the simulation does, with real
    /// SigV4: try a configuration with a real browser before deploying it.
    Serve(super::serve::ServeArgs),
}

#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// The bucket's CORS configuration (aws-cli JSON, console array or XML), or `none`.
    #[arg(long, value_name = "FILE")]
    cors: String,
    /// The request's Origin header.
    #[arg(long, value_name = "ORIGIN")]
    origin: Option<String>,
    /// The method S3 receives: OPTIONS for a preflight, else the request's own.
    #[arg(long, value_name = "METHOD", default_value = "OPTIONS")]
    method: String,
    /// Access-Control-Request-Method (what a preflight asks for).
    #[arg(long = "request-method", value_name = "METHOD")]
    request_method: Option<String>,
    /// Access-Control-Request-Headers, comma-separated.
    #[arg(long = "request-headers", value_name = "NAMES")]
    request_headers: Option<String>,
    /// The URL: an object key gives ResourceType OBJECT in errors, the bucket root BUCKET.
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = super::Format::Table)]
    format: super::Format,
}

pub fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Simulate(args) => simulate_one(args),
        Command::Serve(args) => super::serve::run(args),
    }
}

fn simulate_one(args: SimulateArgs) -> Result<ExitCode, String> {
    let config = input::cors_file(&args.cors)?;
    let bucket = match &config {
        Some(c) => Bucket::Cors(c),
        None => Bucket::NoCors,
    };
    let resource = match args.url.as_deref().and_then(corshar::s3::endpoint::recognise) {
        Some(t) if t.key.is_none() => Resource::BucketRoot,
        _ => Resource::Object,
    };
    let method = args.method.to_ascii_uppercase();
    let request = S3Request {
        method: &method,
        resource,
        origin: args.origin.as_deref(),
        acr_method: args.request_method.as_deref(),
        acr_headers: args.request_headers.as_deref(),
    };
    let answer = if method == "OPTIONS" {
        simulate::preflight(bucket, &request)
    } else {
        simulate::actual(bucket, &request)
    };
    if args.format == super::Format::Json {
        let json = serde_json::json!({
            "status": answer.status,
            "headers": answer.headers.iter().map(|h| serde_json::json!({"name": h.name, "value": h.value})).collect::<Vec<_>>(),
            "error": answer.error,
            "rule": answer.rule,
        });
        println!("{}", corshar::report::json::to_string_pretty(&json));
        return Ok(ExitCode::SUCCESS);
    }
    match answer.status {
        Some(s) => println!("HTTP/1.1 {s} {}", reason(s)),
        None => println!("(the status depends on the operation; the CORS headers S3 adds:)"),
    }
    for h in &answer.headers {
        println!("{}: {}", printable(&h.name), printable(&h.value));
    }
    if let Some(e) = &answer.error {
        println!();
        println!(
            "<Error><Code>{}</Code><Message>{}</Message>{}{}</Error>",
            e.code,
            printable(&e.message),
            e.method
                .as_deref()
                .map(|m| format!("<Method>{}</Method>", printable(m)))
                .unwrap_or_default(),
            e.resource_type
                .as_deref()
                .map(|r| format!("<ResourceType>{}</ResourceType>", printable(r)))
                .unwrap_or_default()
        );
    }
    match answer.rule {
        Some(i) => println!("\n(matched CORSRules[{i}])"),
        None if config.is_some() => println!("\n(no rule matched)"),
        None => {}
    }
    Ok(ExitCode::SUCCESS)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        _ => "",
    }
}
