//! `corshar s3 serve` over real TCP: the binary is started on port 0 and spoken to with a tiny
//! HTTP client, as a browser (through the harness's TLS front) would.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use corshar::headers::Header;
use corshar::s3::emit::{self, Form};
use corshar::s3::error_body;
use corshar::s3::sigv4::{self, Credentials, Presign, Signed};
use serde_json::Value;

const REGION: &str = "us-east-1";
const ORIGIN: &str = "https://app.test";
const CORS: &str = r#"{"CORSRules":[{"AllowedOrigins":["https://app.test"],"AllowedMethods":["GET","PUT","POST"],"AllowedHeaders":["content-type","x-amz-*","authorization","range"],"ExposeHeaders":["ETag"],"MaxAgeSeconds":300}]}"#;
const NOT_ALLOWED: &str = "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

fn creds() -> Credentials {
    Credentials {
        access_key: "AKIAIOSFODNN7EXAMPLE".into(),
        secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
    }
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

/// A temporary file of its own (tests run in parallel: a shared name would be rewritten while
/// another test's server reads it).
fn temp_file(name: &str, text: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "corshar-serve-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// The server has read its files once it listens.
fn remove_temp(path: &str) {
    if let Some(dir) = std::path::Path::new(path).parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("corshar"))
            .args(["s3", "serve", "--quiet", "--stdin-lifeline"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("listening on http://127.0.0.1:")
            .unwrap_or_else(|| panic!("first line: {line:?}"))
            .parse()
            .unwrap();
        Server { child, port }
    }

    fn default() -> Server {
        let cors = temp_file("cors.json", CORS);
        let server = Server::start(&[
            "--bucket",
            "b",
            "--bucket",
            "eu@eu-west-1",
            "--cors",
            &format!("b={cors}"),
            "--public-read",
            "b",
        ]);
        remove_temp(&cors);
        server
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s
    }

    /// One request on a fresh connection.
    fn send(&self, method: &str, host: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
        let mut stream = self.connect();
        send_on(&mut stream, method, host, target, headers, body)
    }

    /// A SigV4-signed request (header form), signed now.
    fn signed(&self, method: &str, host: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
        let amz_date = sigv4::amz_date(now());
        let hash = sigv4::sha256_hex(body);
        let auth = authorization(method, host, target, &amz_date, &hash);
        let mut all = vec![
            ("x-amz-date", amz_date.as_str()),
            ("x-amz-content-sha256", hash.as_str()),
            ("Authorization", auth.as_str()),
        ];
        all.extend_from_slice(headers);
        self.send(method, host, target, &all, body)
    }
}

fn authorization(method: &str, host: &str, target: &str, amz_date: &str, hash: &str) -> String {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let headers = [
        Header::new("host", host),
        Header::new("x-amz-content-sha256", hash),
        Header::new("x-amz-date", amz_date),
    ];
    let request = Signed {
        method,
        raw_path: path,
        raw_query: query,
        headers: &headers,
        signed_headers: &["host", "x-amz-content-sha256", "x-amz-date"],
        payload_hash: hash,
        presigned: false,
    };
    sigv4::authorization(&creds(), REGION, amz_date, &request)
}

#[derive(Debug)]
struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn code(&self) -> Option<String> {
        error_body::parse(&self.text()).map(|e| e.code)
    }
}

fn send_on(
    stream: &mut TcpStream,
    method: &str,
    host: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\n");
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    read_response(stream, method == "HEAD")
}

fn read_response(stream: &mut TcpStream, head: bool) -> Resp {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status = line
        .split(' ')
        .nth(1)
        .unwrap_or_else(|| panic!("status line {line:?}"))
        .parse()
        .unwrap();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (n, v) = line.split_once(": ").unwrap();
        headers.push((n.to_string(), v.to_string()));
    }
    let mut resp = Resp {
        status,
        headers,
        body: Vec::new(),
    };
    let length: usize = resp.header("content-length").unwrap().parse().unwrap();
    if !head {
        resp.body = vec![0; length];
        reader.read_exact(&mut resp.body).unwrap();
    }
    resp
}

const HOST: &str = "b.s3.amazonaws.com";

fn preflight(server: &Server, origin: &str, method: &str, headers: Option<&str>) -> Resp {
    let mut h = vec![("Origin", origin), ("Access-Control-Request-Method", method)];
    if let Some(names) = headers {
        h.push(("Access-Control-Request-Headers", names));
    }
    server.send("OPTIONS", HOST, "/photo.png", &h, b"")
}

#[test]
fn preflight_allowed_and_denied_with_s3s_exact_403_body() {
    let server = Server::default();
    let ok = preflight(&server, ORIGIN, "PUT", Some("content-type,x-amz-date"));
    assert_eq!(ok.status, 200);
    assert_eq!(ok.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(ok.header("access-control-allow-credentials"), Some("true"));
    assert_eq!(ok.header("access-control-allow-methods"), Some("GET, PUT, POST"));
    assert_eq!(
        ok.header("access-control-allow-headers"),
        Some("content-type, x-amz-date")
    );
    assert_eq!(ok.header("access-control-max-age"), Some("300"));
    assert_eq!(ok.header("server"), Some("AmazonS3"));
    assert!(ok.header("x-amz-request-id").is_some() && ok.header("x-amz-id-2").is_some());
    assert!(ok.body.is_empty() && ok.header("content-type").is_none());

    let denied = preflight(&server, "https://evil.test", "PUT", None);
    assert_eq!(denied.status, 403);
    assert_eq!(denied.header("content-type"), Some("application/xml"));
    assert!(denied.header("access-control-allow-origin").is_none() && denied.header("vary").is_none());
    let id = denied.header("x-amz-request-id").unwrap();
    let host_id = denied.header("x-amz-id-2").unwrap();
    assert_eq!(
        denied.text(),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessForbidden</Code><Message>{NOT_ALLOWED}</Message><Method>PUT</Method><ResourceType>OBJECT</ResourceType><RequestId>{id}</RequestId><HostId>{host_id}</HostId></Error>"
        )
    );
    let header_denied = preflight(&server, ORIGIN, "PUT", Some("x-custom"));
    assert_eq!(header_denied.status, 403);
    let no_origin = server.send("OPTIONS", HOST, "/photo.png", &[], b"");
    assert_eq!(
        (no_origin.status, no_origin.code().as_deref()),
        (400, Some("BadRequest"))
    );
    assert_eq!(no_origin.header("connection"), Some("close"));
    let missing = server.send(
        "OPTIONS",
        "nosuch.s3.amazonaws.com",
        "/k",
        &[("Origin", ORIGIN), ("Access-Control-Request-Method", "GET")],
        b"",
    );
    assert_eq!(missing.status, 403);
    assert!(missing.text().contains("CORSResponse: Bucket not found"));
}

#[test]
fn actual_requests_carry_the_matching_rules_headers_errors_included() {
    let server = Server::default();
    let put = server.signed(
        "PUT",
        HOST,
        "/a.txt",
        &[("Origin", ORIGIN), ("Content-Type", "text/plain")],
        b"hello",
    );
    assert_eq!(put.status, 200);
    assert_eq!(put.header("etag"), Some("\"5d41402abc4b2a76b9719d911017c592\""));
    assert_eq!(put.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(put.header("access-control-expose-headers"), Some("ETag"));
    assert!(put.header("access-control-allow-headers").is_none());
    let get = server.send("GET", HOST, "/a.txt", &[("Origin", ORIGIN)], b"");
    assert_eq!((get.status, get.text().as_str()), (200, "hello"));
    assert_eq!(get.header("content-type"), Some("text/plain"));
    assert_eq!(
        get.header("vary"),
        Some("Origin, Access-Control-Request-Headers, Access-Control-Request-Method")
    );
    let other = server.send("GET", HOST, "/a.txt", &[("Origin", "https://evil.test")], b"");
    assert_eq!(other.status, 200);
    assert!(other.header("access-control-allow-origin").is_none() && other.header("vary").is_none());
    // Errors keep the CORS headers of a matching rule (§3.3): the page can read the 404.
    let missing = server.send("GET", HOST, "/nope", &[("Origin", ORIGIN)], b"");
    assert_eq!((missing.status, missing.code().as_deref()), (404, Some("NoSuchKey")));
    assert_eq!(missing.header("access-control-allow-origin"), Some(ORIGIN));
    // Anonymous writes are refused, public reads are not.
    let anonymous = server.send("PUT", HOST, "/x", &[("Origin", ORIGIN)], b"x");
    assert_eq!(
        (anonymous.status, anonymous.code().as_deref()),
        (403, Some("AccessDenied"))
    );
    assert_eq!(anonymous.header("access-control-allow-origin"), Some(ORIGIN));
    let head = server.send("HEAD", HOST, "/a.txt", &[], b"");
    assert_eq!((head.status, head.header("content-length")), (200, Some("5")));
}

fn presigned_target(method: &str, path: &str, amz_date: &str, expires: i64) -> String {
    let query = sigv4::presign_query(
        &creds(),
        REGION,
        &Presign {
            method,
            host: HOST,
            raw_path: path,
            extra_query: "",
            amz_date,
            expires,
        },
    );
    format!("{path}?{query}")
}

#[test]
fn presigned_put_is_really_verified() {
    let server = Server::default();
    let target = presigned_target("PUT", "/up.png", &sigv4::amz_date(now()), 600);
    let ok = server.send(
        "PUT",
        HOST,
        &target,
        &[("Origin", ORIGIN), ("Content-Type", "image/png")],
        b"png",
    );
    assert_eq!(ok.status, 200, "{}", ok.text());
    assert_eq!(ok.header("access-control-allow-origin"), Some(ORIGIN));

    let tampered = target.replace("/up.png", "/other.png");
    let bad = server.send("PUT", HOST, &tampered, &[("Origin", ORIGIN)], b"png");
    assert_eq!(
        (bad.status, bad.code().as_deref()),
        (403, Some("SignatureDoesNotMatch"))
    );
    let text = bad.text();
    assert!(text.contains("<StringToSign>AWS4-HMAC-SHA256\n"), "{text}");
    assert!(
        text.contains("<CanonicalRequest>PUT\n/other.png\nX-Amz-Algorithm=AWS4-HMAC-SHA256&amp;"),
        "{text}"
    );
    assert!(text.contains("<SignatureProvided>"));
    // The CORS headers come with it, so the page can read the reason (§7 #1).
    assert_eq!(bad.header("access-control-allow-origin"), Some(ORIGIN));

    let cache_buster = format!("{target}&cb=1");
    let added = server.send("PUT", HOST, &cache_buster, &[], b"png");
    assert_eq!(added.code().as_deref(), Some("SignatureDoesNotMatch"));
}

#[test]
fn an_expired_presigned_url_is_access_denied() {
    let server = Server::default();
    let target = presigned_target("GET", "/a.txt", &sigv4::amz_date(now() - 3600), 60);
    let r = server.send("GET", HOST, &target, &[], b"");
    assert_eq!(r.status, 403);
    let e = error_body::parse(&r.text()).unwrap();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("AccessDenied", "Request has expired")
    );
    assert!(r.text().contains("<X-Amz-Expires>60</X-Amz-Expires>"));
}

#[test]
fn wrong_region_is_301_without_location_and_the_global_endpoint_307_with_it() {
    let server = Server::default();
    let moved = server.send(
        "OPTIONS",
        "eu.s3.us-east-2.amazonaws.com",
        "/k",
        &[("Origin", ORIGIN), ("Access-Control-Request-Method", "PUT")],
        b"",
    );
    assert_eq!(moved.status, 301);
    assert!(moved.header("location").is_none());
    assert_eq!(moved.header("x-amz-bucket-region"), Some("eu-west-1"));
    let e = error_body::parse(&moved.text()).unwrap();
    assert_eq!(e.code, "PermanentRedirect");
    assert_eq!(e.endpoint.as_deref(), Some("eu.s3.eu-west-1.amazonaws.com"));
    let temporary = server.send("GET", "eu.s3.amazonaws.com", "/k?x=1", &[], b"");
    assert_eq!(temporary.status, 307);
    assert_eq!(
        temporary.header("location"),
        Some("https://eu.s3.eu-west-1.amazonaws.com/k?x=1")
    );
    assert_eq!(temporary.code().as_deref(), Some("TemporaryRedirect"));
    // The right regional endpoint answers (path style too).
    let right = server.send("GET", "s3.eu-west-1.amazonaws.com", "/eu/k", &[], b"");
    assert_eq!((right.status, right.code().as_deref()), (403, Some("AccessDenied")));
    // A header signature scoped to the wrong region.
    let wrong = server.signed("GET", "eu.s3.eu-west-1.amazonaws.com", "/k", &[], b"");
    let e = error_body::parse(&wrong.text()).unwrap();
    assert_eq!((wrong.status, e.code.as_str()), (400, "AuthorizationHeaderMalformed"));
    assert_eq!(e.region.as_deref(), Some("eu-west-1"));
}

#[test]
fn put_bucket_cors_changes_the_preflight() {
    let server = Server::default();
    let before = preflight(&server, "https://other.test", "GET", None);
    assert_eq!(before.status, 403);
    let config =
        corshar::s3::config::parse(r#"[{"AllowedOrigins":["https://other.test"],"AllowedMethods":["GET"]}]"#).unwrap();
    let xml = emit::render(Form::Xml, "b", &config);
    let put = server.signed("PUT", HOST, "/?cors", &[], xml.as_bytes());
    assert_eq!(put.status, 200, "{}", put.text());
    let after = preflight(&server, "https://other.test", "GET", None);
    assert_eq!(after.status, 200);
    assert_eq!(after.header("access-control-allow-origin"), Some("https://other.test"));
    let get = server.signed("GET", HOST, "/?cors", &[], b"");
    assert_eq!(corshar::s3::config::parse(&get.text()).unwrap(), config);
    let bad = server.signed(
        "PUT",
        HOST,
        "/?cors",
        &[],
        b"<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod></CORSRule></CORSConfiguration>",
    );
    assert_eq!((bad.status, bad.code().as_deref()), (400, Some("InvalidRequest")));
    let garbage = server.signed("PUT", HOST, "/?cors", &[], b"<CORSConfiguration>");
    assert_eq!(garbage.code().as_deref(), Some("MalformedXML"));
    let anonymous = server.send("PUT", HOST, "/?cors", &[], xml.as_bytes());
    assert_eq!(anonymous.code().as_deref(), Some("AccessDenied"));
    assert_eq!(server.signed("DELETE", HOST, "/?cors", &[], b"").status, 204);
    let gone = server.signed("GET", HOST, "/?cors", &[], b"");
    assert_eq!(
        (gone.status, gone.code().as_deref()),
        (404, Some("NoSuchCORSConfiguration"))
    );
    let no_cors = preflight(&server, ORIGIN, "GET", None);
    assert!(no_cors.text().contains("CORS is not enabled for this bucket."));
}

#[test]
fn multipart_upload_part_etags_and_completion() {
    let server = Server::default();
    let create = server.signed("POST", HOST, "/big.bin?uploads", &[], b"");
    assert_eq!(create.status, 200);
    let text = create.text();
    let id = text
        .split("<UploadId>")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    let part1 = server.signed(
        "PUT",
        HOST,
        &format!("/big.bin?partNumber=1&uploadId={id}"),
        &[("Origin", ORIGIN)],
        b"hello ",
    );
    assert_eq!(part1.status, 200);
    let etag1 = part1.header("etag").unwrap().to_string();
    assert_eq!(etag1, format!("\"{}\"", md5_hex(b"hello ")));
    assert_eq!(part1.header("access-control-expose-headers"), Some("ETag"));
    let part2 = server.signed(
        "PUT",
        HOST,
        &format!("/big.bin?partNumber=2&uploadId={id}"),
        &[],
        b"world",
    );
    let etag2 = part2.header("etag").unwrap().to_string();
    let complete = format!(
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{etag1}</ETag></Part><Part><PartNumber>2</PartNumber><ETag>{etag2}</ETag></Part></CompleteMultipartUpload>"
    );
    let done = server.signed(
        "POST",
        HOST,
        &format!("/big.bin?uploadId={id}"),
        &[],
        complete.as_bytes(),
    );
    assert_eq!(done.status, 200, "{}", done.text());
    assert!(done.text().contains("-2&quot;</ETag>"), "{}", done.text());
    let get = server.send("GET", HOST, "/big.bin", &[], b"");
    assert_eq!(get.text(), "hello world");
    let unknown = server.signed("PUT", HOST, "/big.bin?partNumber=1&uploadId=nope", &[], b"x");
    assert_eq!((unknown.status, unknown.code().as_deref()), (404, Some("NoSuchUpload")));
}

fn md5_hex(data: &[u8]) -> String {
    use md5::{Digest, Md5};
    sigv4::hex(&Md5::digest(data))
}

#[test]
fn range_requests_get_206_with_content_range() {
    let server = Server::default();
    assert_eq!(server.signed("PUT", HOST, "/r.txt", &[], b"0123456789").status, 200);
    let r = server.send("GET", HOST, "/r.txt", &[("Range", "bytes=2-5")], b"");
    assert_eq!((r.status, r.text().as_str()), (206, "2345"));
    assert_eq!(r.header("content-range"), Some("bytes 2-5/10"));
    let tail = server.send("GET", HOST, "/r.txt", &[("Range", "bytes=-3")], b"");
    assert_eq!(tail.text(), "789");
    let beyond = server.send("GET", HOST, "/r.txt", &[("Range", "bytes=20-")], b"");
    assert_eq!((beyond.status, beyond.code().as_deref()), (416, Some("InvalidRange")));
}

#[test]
fn garbage_is_400_and_the_server_keeps_serving() {
    let server = Server::default();
    for garbage in [
        &b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03garbage\r\n\r\n"[..],
        b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
        b"PUT /b/k HTTP/1.1\r\nContent-Length: nope\r\n\r\n",
    ] {
        let mut stream = server.connect();
        stream.write_all(garbage).unwrap();
        let r = read_response(&mut stream, false);
        assert_eq!(r.status, 400);
        assert_eq!(r.header("connection"), Some("close"));
    }
    let mut half = server.connect();
    half.write_all(b"GET / HTT").unwrap();
    drop(half);
    // Keep-alive: two requests on one connection, the second with a chunked body.
    let mut stream = server.connect();
    let first = send_on(&mut stream, "GET", HOST, "/", &[], b"");
    assert_eq!(first.status, 200);
    assert!(first.text().contains("<ListBucketResult"));
    stream
        .write_all(
            b"PUT /k HTTP/1.1\r\nHost: b.s3.amazonaws.com\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n",
        )
        .unwrap();
    let second = read_response(&mut stream, false);
    assert_eq!((second.status, second.code().as_deref()), (403, Some("AccessDenied")));
}

/// The shared AWS-recorded vectors (and the suites' assertions), sent to the endpoint: what
/// `serve` sends agrees with every recorded status, header and error code. One bucket per vector
/// with the vector's configuration; its object exists, it is public-read (the recordings' setup).
#[test]
fn the_shared_s3_vectors_agree_with_what_serve_sends() {
    let vectors: Vec<Value> = serde_json::from_slice(&std::fs::read("tests/data/vectors/s3.json").unwrap()).unwrap();
    let mut args = Vec::new();
    for (i, v) in vectors.iter().enumerate() {
        args.push("--bucket".to_string());
        args.push(format!("vector-{i}"));
        args.push("--public-read".to_string());
        args.push(format!("vector-{i}"));
        let config = &v["config"];
        if !config.is_null() && v["kind"] != "api" {
            let path = temp_file(&format!("vector-{i}.json"), &config.to_string());
            args.push("--cors".to_string());
            args.push(format!("vector-{i}={path}"));
        }
    }
    let server = Server::start(&args.iter().map(String::as_str).collect::<Vec<_>>());
    for arg in args.iter().filter_map(|a| a.split_once('=')) {
        remove_temp(arg.1);
    }
    let mut checked = 0;
    for (i, v) in vectors.iter().enumerate() {
        let name = v["name"].as_str().unwrap();
        let request = &v["request"];
        if request["endpoint"] == "website" {
            continue; // the website endpoint is not served
        }
        let bucket = if v["bucket"] == "missing" {
            "no-such-bucket".to_string()
        } else {
            format!("vector-{i}")
        };
        let host = format!("{bucket}.s3.amazonaws.com");
        if v["bucket"] != "missing" {
            let put = server.signed("PUT", &host, "/key", &[], b"object");
            assert_eq!(put.status, 200, "{name}: setup");
        }
        let method = request["method"].as_str().unwrap();
        let path = match request["path"].as_str().unwrap() {
            "object" => "/key",
            "object-missing" => "/missing-key",
            "?cors" => "/?cors",
            _ => "/",
        };
        let mut target = path.to_string();
        if let Some(query) = request["query"].as_str() {
            let query = if query.starts_with("X-Amz-") {
                let amz_date = sigv4::amz_date(now());
                let presign = Presign {
                    method: "PUT",
                    host: &host,
                    raw_path: path,
                    extra_query: "",
                    amz_date: &amz_date,
                    expires: 600,
                };
                sigv4::presign_query(&creds(), REGION, &presign)
            } else {
                query.to_string()
            };
            target = format!("{path}?{query}");
        }
        let mut headers: Vec<(&str, &str)> = Vec::new();
        for (field, header) in [
            ("origin", "Origin"),
            ("acr_method", "Access-Control-Request-Method"),
            ("acr_headers", "Access-Control-Request-Headers"),
        ] {
            if let Some(value) = request[field].as_str() {
                headers.push((header, value));
            }
        }
        let other = request["other_headers"].as_object().unwrap();
        for (n, value) in other {
            let skip = n.eq_ignore_ascii_case("content-length")
                || (n.eq_ignore_ascii_case("authorization") && value == "(signed)");
            if !skip {
                headers.push((n.as_str(), value.as_str().unwrap()));
            }
        }
        let expect = &v["expect"];
        let status = expect["status"].as_u64().unwrap() as u16;
        let body = if v["kind"] == "api" && method == "PUT" {
            let config: corshar::s3::CorsConfiguration = serde_json::from_value(v["config"].clone()).unwrap();
            emit::render(Form::Xml, &bucket, &config).into_bytes()
        } else {
            Vec::new()
        };
        // Recordings made with a signed client: the configuration API, the uploadId call, and
        // the successful writes; the suites' anonymous writes stay anonymous.
        let sign = v["kind"] == "api"
            || other.get("Authorization").is_some_and(|a| a == "(signed)")
            || (method != "GET" && method != "OPTIONS" && (200..300).contains(&status));
        let response = if sign {
            server.signed(method, &host, &target, &headers, &body)
        } else {
            server.send(method, &host, &target, &headers, &body)
        };
        assert_eq!(response.status, status, "{name}: status; {}", response.text());
        for (n, value) in expect["headers"].as_object().unwrap() {
            assert_eq!(response.header(n), value.as_str(), "{name}: {n}");
        }
        for n in expect["absent_headers"].as_array().into_iter().flatten() {
            assert_eq!(response.header(n.as_str().unwrap()), None, "{name}: {n} must be absent");
        }
        if let Some(code) = expect["error_code"].as_str() {
            let e = error_body::parse(&response.text()).unwrap_or_else(|| panic!("{name}: no S3 error"));
            assert_eq!(e.code, code, "{name}");
            if let Some(message) = expect["error_message"].as_str() {
                assert_eq!(e.message, message, "{name}");
            }
        }
        checked += 1;
    }
    assert!(checked >= 70, "{checked} vectors checked");
}

#[test]
fn a_local_host_is_read_path_style_without_region_checks() {
    let server = Server::start(&["--bucket", "uploads@eu-west-1"]);
    let host = format!("127.0.0.1:{}", server.port);
    let put = server.signed("PUT", &host, "/uploads/dir/a%20b.txt", &[], b"x");
    // The credential scope names us-east-1: the bucket's region is still checked there.
    assert_eq!(put.code().as_deref(), Some("AuthorizationHeaderMalformed"));
    assert_eq!(put.header("x-amz-bucket-region"), Some("eu-west-1"));
    let amz_date = sigv4::amz_date(now());
    let presign = Presign {
        method: "PUT",
        host: &host,
        raw_path: "/uploads/dir/a%20b.txt",
        extra_query: "",
        amz_date: &amz_date,
        expires: 60,
    };
    let query = sigv4::presign_query(&creds(), "eu-west-1", &presign);
    let ok = server.send("PUT", &host, &format!("/uploads/dir/a%20b.txt?{query}"), &[], b"x");
    assert_eq!(ok.status, 200, "{}", ok.text());
    let listed = server.send("GET", &host, "/uploads/", &[], b"");
    assert_eq!(listed.code().as_deref(), Some("AccessDenied"));
    let query = sigv4::presign_query(
        &creds(),
        "eu-west-1",
        &Presign {
            method: "GET",
            raw_path: "/uploads",
            ..presign
        },
    );
    let listed = server.send("GET", &host, &format!("/uploads?{query}"), &[], b"");
    assert!(listed.text().contains("<Key>dir/a b.txt</Key>"), "{}", listed.text());
}

#[test]
fn presigned_downloads_override_headers_and_unmodelled_calls_are_501() {
    let server = Server::default();
    assert_eq!(server.signed("PUT", HOST, "/a.txt", &[], b"hi").status, 200);
    let amz_date = sigv4::amz_date(now());
    let presign = Presign {
        method: "GET",
        host: HOST,
        raw_path: "/a.txt",
        extra_query: "response-content-disposition=attachment%3B%20filename%3D%22a.txt%22",
        amz_date: &amz_date,
        expires: 60,
    };
    let query = sigv4::presign_query(&creds(), REGION, &presign);
    let download = server.send("GET", HOST, &format!("/a.txt?{query}"), &[], b"");
    assert_eq!(download.status, 200, "{}", download.text());
    assert_eq!(
        download.header("content-disposition"),
        Some("attachment; filename=\"a.txt\"")
    );
    let anonymous = server.send("GET", HOST, "/a.txt?response-content-type=text/html", &[], b"");
    assert_eq!(
        (anonymous.status, anonymous.code().as_deref()),
        (400, Some("InvalidRequest"))
    );
    let location = server.signed("GET", "eu.s3.eu-west-1.amazonaws.com", "/?location", &[], b"");
    assert_eq!(location.code().as_deref(), Some("AuthorizationHeaderMalformed"));
    let location = server.signed("GET", HOST, "/?location", &[], b"");
    assert!(
        location.text().ends_with("\"></LocationConstraint>"),
        "{}",
        location.text()
    );
    let acl = server.signed("GET", HOST, "/a.txt?acl", &[], b"");
    assert_eq!((acl.status, acl.code().as_deref()), (501, Some("NotImplemented")));
    // Both auth mechanisms at once.
    let both = server.send(
        "GET",
        HOST,
        &format!("/a.txt?{query}"),
        &[("Authorization", "AWS4-HMAC-SHA256 x")],
        b"",
    );
    assert_eq!(both.code().as_deref(), Some("InvalidArgument"));
}

#[test]
fn expect_100_continue_is_answered_before_the_body() {
    let server = Server::default();
    let mut stream = server.connect();
    let amz_date = sigv4::amz_date(now());
    let hash = sigv4::sha256_hex(b"body");
    let auth = authorization("PUT", HOST, "/c.txt", &amz_date, &hash);
    let head = format!(
        "PUT /c.txt HTTP/1.1\r\nHost: {HOST}\r\nx-amz-date: {amz_date}\r\nx-amz-content-sha256: {hash}\r\nAuthorization: {auth}\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut interim = [0u8; 25];
    stream.read_exact(&mut interim).unwrap();
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    stream.write_all(b"body").unwrap();
    assert_eq!(read_response(&mut stream, false).status, 200);
}

#[test]
fn aws_chunked_uploads_are_stored_without_their_framing() {
    let server = Server::default();
    let streaming = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    let amz_date = sigv4::amz_date(now());
    let auth = authorization("PUT", HOST, "/s.txt", &amz_date, streaming);
    let body = b"5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n";
    let put = server.send(
        "PUT",
        HOST,
        "/s.txt",
        &[
            ("x-amz-date", &amz_date),
            ("x-amz-content-sha256", streaming),
            ("Authorization", &auth),
            ("Content-Encoding", "aws-chunked"),
        ],
        body,
    );
    assert_eq!(put.status, 200, "{}", put.text());
    assert_eq!(put.header("etag"), Some("\"5d41402abc4b2a76b9719d911017c592\""));
    let get = server.send("GET", HOST, "/s.txt", &[], b"");
    assert_eq!(get.text(), "hello");
    // The framing is not the object's encoding.
    assert_eq!(get.header("content-encoding"), None);
}

/// S3 keeps Cache-Control & co. from the upload as system metadata and sends them back; a
/// browser's cache reuse (the loop's cached-img-without-vary) depends on it.
#[test]
fn upload_cache_control_and_metadata_come_back_on_get_and_head() {
    let server = Server::default();
    let sent = [
        ("Cache-Control", "public, max-age=86400"),
        ("Content-Disposition", "inline"),
        ("Content-Language", "en"),
        ("Expires", "Thu, 01 Dec 2044 16:00:00 GMT"),
        ("x-amz-meta-Owner", "usr_1"),
    ];
    assert_eq!(server.signed("PUT", HOST, "/m.svg", &sent, b"<svg/>").status, 200);
    for method in ["GET", "HEAD"] {
        let r = server.send(method, HOST, "/m.svg", &[], b"");
        assert_eq!(r.status, 200, "{method}");
        assert_eq!(r.header("cache-control"), Some("public, max-age=86400"), "{method}");
        assert_eq!(r.header("content-disposition"), Some("inline"), "{method}");
        assert_eq!(r.header("content-language"), Some("en"), "{method}");
        assert_eq!(r.header("expires"), Some("Thu, 01 Dec 2044 16:00:00 GMT"), "{method}");
        assert_eq!(r.header("x-amz-meta-owner"), Some("usr_1"), "{method}");
    }
    assert_eq!(server.signed("PUT", HOST, "/plain.txt", &[], b"p").status, 200);
    let plain = server.send("GET", HOST, "/plain.txt", &[], b"");
    assert_eq!((plain.status, plain.header("cache-control")), (200, None));
    // A multipart upload's object gets what CreateMultipartUpload carried.
    let create = server.signed("POST", HOST, "/mp.bin?uploads", &[("Cache-Control", "no-cache")], b"");
    let id = create
        .text()
        .split("<UploadId>")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    let part = server.signed("PUT", HOST, &format!("/mp.bin?partNumber=1&uploadId={id}"), &[], b"x");
    let etag = part.header("etag").unwrap().to_string();
    let complete = format!(
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{etag}</ETag></Part></CompleteMultipartUpload>"
    );
    let done = server.signed(
        "POST",
        HOST,
        &format!("/mp.bin?uploadId={id}"),
        &[],
        complete.as_bytes(),
    );
    assert_eq!(done.status, 200, "{}", done.text());
    assert_eq!(
        server.send("HEAD", HOST, "/mp.bin", &[], b"").header("cache-control"),
        Some("no-cache")
    );
}

#[test]
fn usage_errors_exit_2_before_listening() {
    let run = |args: &[&str]| {
        Command::new(assert_cmd::cargo::cargo_bin("corshar"))
            .args(["s3", "serve"])
            .args(args)
            .output()
            .unwrap()
    };
    let unknown = run(&["--cors", "nope=x.json"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("declare it with --bucket nope"));
    assert!(unknown.stdout.is_empty());
    let refused = temp_file("bad.json", r#"[{"AllowedOrigins":["*"],"AllowedMethods":["PATCH"]}]"#);
    let bad = run(&["--bucket", "b", "--cors", &format!("b={refused}")]);
    remove_temp(&refused);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("PutBucketCors would refuse it: InvalidRequest"));
    assert_eq!(run(&["--listen", "localhost"]).status.code(), Some(2));
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A browser form upload with a presigned POST policy (what the SDK's createPresignedPost hands
/// the page): fields in the order given, then the file.
fn post_form(fields: &[(&str, &str)], file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----WebKitFormBoundarypE2O9VBQSipYcEAB";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"claim.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The policy's base64 text and its SigV4 signature, with the credential and date fields.
fn post_policy(expiration: &str, conditions: &str) -> (String, String, String, String) {
    let amz_date = sigv4::amz_date(now());
    let day = &amz_date[..8];
    let policy = base64(format!(r#"{{"expiration":"{expiration}","conditions":{conditions}}}"#).as_bytes());
    let key = sigv4::signing_key(&creds().secret_key, day, REGION);
    let signature = sigv4::hex(&sigv4::hmac_sha256(&key, policy.as_bytes()));
    let credential = format!("{}/{day}/{REGION}/s3/aws4_request", creds().access_key);
    (policy, signature, credential, amz_date)
}

/// The smallest signed form upload: `key`, the signing fields and a one-byte file.
fn signed_post(key: &str, expiration: &str, conditions: &str) -> (String, Vec<u8>) {
    let (policy, signature, credential, amz_date) = post_policy(expiration, conditions);
    let fields = [
        ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
        ("X-Amz-Credential", credential.as_str()),
        ("X-Amz-Date", amz_date.as_str()),
        ("key", key),
        ("Policy", policy.as_str()),
        ("X-Amz-Signature", signature.as_str()),
    ];
    post_form(&fields, b"x")
}

#[test]
fn presigned_post_form_uploads_as_s3_checks_them() {
    let server = Server::default();
    let conditions = r#"[{"bucket":"b"},["starts-with","$key","claims/"],{"Content-Type":"application/pdf"},{"success_action_status":"201"},["content-length-range",1,1000],{"x-amz-algorithm":"AWS4-HMAC-SHA256"},{"x-amz-credential":"CRED"},{"x-amz-date":"DATE"}]"#;
    let (_, _, credential, amz_date) = post_policy("2099-01-01T00:00:00.000Z", "[]");
    let conditions = conditions.replace("CRED", &credential).replace("DATE", &amz_date);
    let (policy, signature, credential, amz_date) = post_policy("2099-01-01T00:00:00.000Z", &conditions);
    let form = |key: &str, status: &str, signature: &str, policy: &str| {
        post_form(
            &[
                ("Content-Type", "application/pdf"),
                ("success_action_status", status),
                ("bucket", "b"),
                ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
                ("X-Amz-Credential", &credential),
                ("X-Amz-Date", &amz_date),
                ("key", key),
                ("Policy", policy),
                ("X-Amz-Signature", signature),
            ],
            b"%PDF-1.7",
        )
    };
    let (content_type, body) = form("claims/${filename}", "201", &signature, &policy);
    let ok = server.send(
        "POST",
        HOST,
        "/",
        &[("Origin", ORIGIN), ("Content-Type", &content_type)],
        &body,
    );
    assert_eq!(ok.status, 201, "{}", ok.text());
    assert_eq!(
        ok.header("location"),
        Some("https://b.s3.amazonaws.com/claims/claim.pdf")
    );
    assert_eq!(
        ok.header("etag"),
        Some(format!("\"{}\"", md5_hex(b"%PDF-1.7")).as_str())
    );
    assert!(ok.text().contains("<PostResponse><Location>https://b.s3.amazonaws.com/claims/claim.pdf</Location><Bucket>b</Bucket><Key>claims/claim.pdf</Key>"));
    assert_eq!(ok.header("access-control-allow-origin"), Some(ORIGIN));
    let stored = server.send("GET", HOST, "/claims/claim.pdf", &[], b"");
    assert_eq!((stored.status, stored.text().as_str()), (200, "%PDF-1.7"));
    assert_eq!(stored.header("content-type"), Some("application/pdf"));
    // Outside the policy's key prefix; a status the policy does not name; a forged signature.
    let (ct, body) = form("other/x.pdf", "201", &signature, &policy);
    let outside = server.send("POST", HOST, "/", &[("Content-Type", &ct)], &body);
    assert_eq!((outside.status, outside.code().as_deref()), (403, Some("AccessDenied")));
    assert!(
        outside
            .text()
            .contains("Invalid according to Policy: Policy Condition failed")
    );
    let (ct, body) = form("claims/y.pdf", "204", &signature, &policy);
    assert_eq!(
        server.send("POST", HOST, "/", &[("Content-Type", &ct)], &body).status,
        403
    );
    let (ct, body) = form("claims/y.pdf", "201", &"0".repeat(64), &policy);
    let forged = server.send("POST", HOST, "/", &[("Content-Type", &ct)], &body);
    assert_eq!(
        (forged.status, forged.code().as_deref()),
        (403, Some("SignatureDoesNotMatch"))
    );
    // Expired policy; by default (no success_action_status) the answer is 204 with no body.
    let (ct, body) = signed_post(
        "k",
        "2001-01-01T00:00:00.000Z",
        r#"[{"bucket":"b"},["starts-with","$key",""]]"#,
    );
    let expired = server.send("POST", HOST, "/", &[("Content-Type", &ct)], &body);
    assert_eq!(expired.status, 403);
    assert!(expired.text().contains("Policy expired."));
    let open = format!(
        r#"[["starts-with","$key",""],{{"x-amz-algorithm":"AWS4-HMAC-SHA256"}},{{"x-amz-credential":"{credential}"}},{{"x-amz-date":"{amz_date}"}}]"#
    );
    let (ct, body) = signed_post("plain", "2099-01-01T00:00:00Z", &open);
    let plain = server.send(
        "POST",
        HOST,
        "/",
        &[("Origin", "https://evil.test"), ("Content-Type", &ct)],
        &body,
    );
    assert_eq!((plain.status, plain.text().as_str()), (204, ""), "{}", plain.text());
    assert!(plain.header("access-control-allow-origin").is_none());
    // No policy at all: an anonymous write.
    let (ct, body) = post_form(&[("key", "anon")], b"x");
    assert_eq!(
        server.send("POST", HOST, "/", &[("Content-Type", &ct)], &body).status,
        403
    );
}

#[test]
fn versioned_buckets_send_version_ids_and_deny_refuses_signed_reads() {
    let cors = temp_file("cors.json", CORS);
    let server = Server::start(&[
        "--bucket",
        "b",
        "--cors",
        &format!("b={cors}"),
        "--versioned",
        "b",
        "--deny",
        "b/private/",
    ]);
    remove_temp(&cors);
    let first = server.signed("PUT", HOST, "/v.txt", &[], b"one");
    let version = first.header("x-amz-version-id").unwrap().to_string();
    assert_eq!(version.len(), 32);
    let second = server.signed("PUT", HOST, "/v.txt", &[], b"two");
    assert_ne!(second.header("x-amz-version-id"), Some(version.as_str()));
    for method in ["GET", "HEAD"] {
        let r = server.signed(method, HOST, "/v.txt", &[("Origin", ORIGIN)], b"");
        assert_eq!(r.status, 200);
        assert_eq!(r.header("x-amz-version-id"), second.header("x-amz-version-id"));
        // Exposed only if a rule says so: this one exposes ETag alone (and does not allow HEAD).
        let exposed = (method == "GET").then_some("ETag");
        assert_eq!(r.header("access-control-expose-headers"), exposed);
    }
    assert_eq!(server.signed("PUT", HOST, "/private/p.txt", &[], b"p").status, 200);
    let denied = server.signed("GET", HOST, "/private/p.txt", &[("Origin", ORIGIN)], b"");
    assert_eq!((denied.status, denied.code().as_deref()), (403, Some("AccessDenied")));
    assert_eq!(denied.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(server.signed("HEAD", HOST, "/private/p.txt", &[], b"").status, 403);
    assert_eq!(server.signed("GET", HOST, "/v.txt", &[], b"").status, 200);
    // The policy --deny stands for: GetBucketPolicy shows it; DeleteBucketPolicy lifts the Deny.
    let policy = server.signed("GET", HOST, "/?policy", &[], b"");
    assert_eq!(policy.status, 200);
    let document: serde_json::Value = serde_json::from_str(&policy.text()).unwrap();
    assert_eq!(document["Statement"][0]["Effect"], "Deny");
    assert_eq!(document["Statement"][0]["Resource"][0], "arn:aws:s3:::b/private/*");
    assert_eq!(
        server.send("DELETE", HOST, "/?policy", &[], b"").status,
        403,
        "anonymous"
    );
    assert_eq!(server.signed("DELETE", HOST, "/?policy", &[], b"").status, 204);
    assert_eq!(server.signed("GET", HOST, "/private/p.txt", &[], b"").status, 200);
    let gone = server.signed("GET", HOST, "/?policy", &[], b"");
    assert_eq!((gone.status, gone.code().as_deref()), (404, Some("NoSuchBucketPolicy")));
    // PutBucketPolicy for what is modelled (Deny s3:GetObject on a prefix) brings it back.
    let deny = br#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/private/*"}]}"#;
    assert_eq!(server.signed("PUT", HOST, "/?policy", &[], deny).status, 204);
    assert_eq!(server.signed("GET", HOST, "/private/p.txt", &[], b"").status, 403);
    let allow =
        br#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#;
    assert_eq!(
        server.signed("PUT", HOST, "/?policy", &[], allow).status,
        501,
        "not modelled: refused"
    );
    let broken = server.signed("PUT", HOST, "/?policy", &[], b"nope");
    assert_eq!(
        (broken.status, broken.code().as_deref()),
        (400, Some("MalformedPolicy"))
    );
    assert_eq!(
        server.signed("GET", HOST, "/private/p.txt", &[], b"").status,
        403,
        "a refused policy changes nothing"
    );
    let unknown = Command::new(assert_cmd::cargo::cargo_bin("corshar"))
        .args(["s3", "serve", "--deny", "nope/x"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
}
