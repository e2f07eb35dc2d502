//! `corshar s3 serve`: a local S3 endpoint over plain HTTP/1.1, to try a CORS configuration with
//! a real browser before deploying it. The answers are the library's (`corshar::s3::serve`); this
//! file owns the sockets: a thread per connection, keep-alive, one log line per request.

use std::io::{BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use corshar::headers::Header;
use corshar::report::style::printable;
use corshar::s3::serve::{self, Bucket, State};
use corshar::s3::sigv4::Credentials;

use super::http::{self, ReadError};
use super::input;

/// AWS's documentation key pair: a browser page or SDK configured with it works out of the box.
const EXAMPLE_ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const EXAMPLE_SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// How long an idle keep-alive connection stays open.
const IDLE: Duration = Duration::from_secs(60);

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free one; the first line on stdout tells which).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// The one access key the endpoint accepts in SigV4 signatures.
    #[arg(long, value_name = "KEY", default_value = EXAMPLE_ACCESS_KEY)]
    access_key: String,
    /// Its secret key.
    #[arg(long, value_name = "SECRET", default_value = EXAMPLE_SECRET_KEY, hide_default_value = true)]
    secret_key: String,
    /// A bucket, in a region (default us-east-1). Repeat for more.
    #[arg(long = "bucket", value_name = "NAME[@REGION]")]
    buckets: Vec<String>,
    /// A bucket's initial CORS configuration (aws-cli JSON, console array or XML), checked as
    /// PutBucketCors would. Repeat for more buckets.
    #[arg(long = "cors", value_name = "NAME=FILE")]
    cors: Vec<String>,
    /// Allow anonymous GET/HEAD of a bucket's objects and listing (a public-read policy).
    #[arg(long = "public-read", value_name = "NAME")]
    public_read: Vec<String>,
    /// Versioning enabled on a bucket: every write makes a version, its id sent back as
    /// `x-amz-version-id` (PUT, POST, CompleteMultipartUpload, GET, HEAD).
    #[arg(long = "versioned", value_name = "NAME")]
    versioned: Vec<String>,
    /// A bucket policy denying s3:GetObject on NAME/PREFIX*: GET/HEAD of those keys is 403
    /// AccessDenied even when correctly signed (CORS headers added when a rule matches).
    #[arg(long = "deny", value_name = "NAME/PREFIX")]
    deny: Vec<String>,
    /// Exit when standard input closes (for a harness that owns the process).
    #[arg(long)]
    stdin_lifeline: bool,
    /// No log line per request on stderr.
    #[arg(long)]
    quiet: bool,
}

pub fn run(args: ServeArgs) -> Result<ExitCode, String> {
    let state = initial_state(&args)?;
    let listener = TcpListener::bind(args.listen).map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    if !local.ip().is_loopback() {
        eprintln!("corshar: warning: {local} is not a loopback address; this is a test endpoint, not S3");
    }
    println!("listening on http://{local}");
    let _ = std::io::stdout().flush();
    if args.stdin_lifeline {
        std::thread::spawn(|| {
            let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
            std::process::exit(0);
        });
    }
    let state = Arc::new(Mutex::new(state));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let state = Arc::clone(&state);
        let quiet = args.quiet;
        std::thread::spawn(move || connection(stream, &state, quiet));
    }
    Ok(ExitCode::SUCCESS)
}

fn initial_state(args: &ServeArgs) -> Result<State, String> {
    let mut state = State::new(Credentials {
        access_key: args.access_key.clone(),
        secret_key: args.secret_key.clone(),
    });
    for spec in &args.buckets {
        let (name, region) = spec.split_once('@').unwrap_or((spec, "us-east-1"));
        if name.is_empty() || region.is_empty() {
            return Err(format!("--bucket {spec:?}: expected NAME or NAME@REGION"));
        }
        state.buckets.insert(name.to_string(), Bucket::new(region));
    }
    let known = |state: &mut State, name: &str, option: &str| {
        state
            .buckets
            .contains_key(name)
            .then_some(())
            .ok_or_else(|| format!("{option} {name}: no such bucket; declare it with --bucket {name}[@REGION]"))
    };
    for spec in &args.cors {
        let Some((name, file)) = spec.split_once('=') else {
            return Err(format!("--cors {spec:?}: expected NAME=FILE"));
        };
        known(&mut state, name, "--cors")?;
        let config = input::cors_file(file)?;
        if let Some(config) = &config {
            corshar::s3::config::validate(config)
                .map_err(|e| format!("{file}: PutBucketCors would refuse it: {} {}", e.code, e.message))?;
        }
        if let Some(bucket) = state.buckets.get_mut(name) {
            bucket.cors = config;
        }
    }
    for name in &args.public_read {
        known(&mut state, name, "--public-read")?;
        if let Some(bucket) = state.buckets.get_mut(name.as_str()) {
            bucket.public_read = true;
        }
    }
    for name in &args.versioned {
        known(&mut state, name, "--versioned")?;
        if let Some(bucket) = state.buckets.get_mut(name.as_str()) {
            bucket.versioned = true;
        }
    }
    for spec in &args.deny {
        let (name, prefix) = spec.split_once('/').unwrap_or((spec, ""));
        known(&mut state, name, "--deny")?;
        if let Some(bucket) = state.buckets.get_mut(name) {
            bucket.deny_read.push(prefix.to_string());
        }
    }
    Ok(state)
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// One connection: requests in turn until the client or a response closes it.
fn connection(stream: TcpStream, state: &Mutex<State>, quiet: bool) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let Ok(read_half) = stream.try_clone() else { return };
    let mut reader = BufReader::new(read_half);
    let mut writer = stream;
    loop {
        let mut continue_writer = writer.try_clone().ok();
        let mut on_continue = || match continue_writer.as_mut() {
            Some(w) => w.write_all(b"HTTP/1.1 100 Continue\r\n\r\n"),
            None => Ok(()),
        };
        let request = match http::read_request(&mut reader, &mut on_continue) {
            Ok(request) => request,
            Err(ReadError::Closed | ReadError::Io) => return,
            Err(ReadError::Bad(why)) => {
                refuse(
                    &mut writer,
                    400,
                    "BadRequest",
                    "An error occurred when parsing the HTTP request.",
                    quiet,
                    &why,
                );
                return;
            }
            Err(ReadError::TooLarge) => {
                refuse(
                    &mut writer,
                    400,
                    "EntityTooLarge",
                    "Your proposed upload exceeds the maximum allowed size",
                    quiet,
                    "body over the in-memory limit",
                );
                // The rest of the body is still coming; drain a little so the client sees the answer.
                let _ = std::io::copy(&mut reader.by_ref().take(1 << 20), &mut std::io::sink());
                return;
            }
        };
        let headers: Vec<Header<'_>> = request
            .headers
            .iter()
            .map(|(n, v)| Header::new(n.as_str(), v.as_str()))
            .collect();
        let host = request.header("host").unwrap_or("");
        let s3_request = serve::Request {
            method: &request.method,
            host,
            target: &request.target,
            headers: &headers,
            body: &request.body,
            now: now(),
        };
        let response = {
            let mut state = state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            catch_unwind(AssertUnwindSafe(|| state.handle(&s3_request)))
        };
        let response = response.unwrap_or_else(|_| {
            serve::Response::new(500)
                .header("Content-Type", "application/xml")
                .header("Content-Length", "0")
        });
        let close = !request.keep_alive()
            || response
                .get("connection")
                .is_some_and(|c| c.eq_ignore_ascii_case("close"));
        if !quiet {
            log(&request.method, host, &request.target, response.status);
        }
        if http::write_response(&mut writer, response.status, &response.headers, &response.body, close).is_err()
            || close
        {
            return;
        }
    }
}

/// Answers a request that could not be read, S3-style, and closes.
fn refuse(writer: &mut TcpStream, status: u16, code: &str, message: &str, quiet: bool, why: &str) {
    let body = corshar::s3::error_body::render(code, message, &[], "0000000000000000", "-");
    let headers = vec![
        ("Content-Type".to_string(), "application/xml".to_string()),
        ("Content-Length".to_string(), body.len().to_string()),
        ("Server".to_string(), "AmazonS3".to_string()),
    ];
    if !quiet {
        eprintln!("- - ({}) {status}", printable(why));
    }
    let _ = http::write_response(writer, status, &headers, body.as_bytes(), true);
}

/// `METHOD http://HOST/PATH?QUERY STATUS`, secrets masked (presigned signatures, credentials).
fn log(method: &str, host: &str, target: &str, status: u16) {
    let url = format!("http://{host}{target}");
    eprintln!(
        "{} {} {status}",
        printable(method),
        printable(&corshar::redact::url(&url))
    );
}
