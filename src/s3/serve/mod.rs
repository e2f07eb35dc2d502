//! A local S3 endpoint for trying a CORS configuration with a real browser (`corshar s3 serve`):
//! a pure function from one parsed HTTP request, the current time and the server's state to the
//! response S3 would send. Every CORS decision is [`simulate::preflight`]/[`simulate::actual`]'s,
//! so the endpoint answers exactly as the engine predicts; authentication is real SigV4
//! ([`super::sigv4`]); buckets and objects live in memory. No I/O: the command line owns the
//! sockets. Source: ../shared/reference/s3-cors.md §2, §3, §7.

mod address;
mod bucket;
mod chunked;
mod objects;
mod post;
pub mod reply;

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::CorsConfiguration;
use super::sigv4::{self, Credentials, Principal};
use super::simulate::{self, Resource, S3Request};
use crate::headers::{self, Header};
use address::{Address, address, region_redirect};
pub use reply::{Failure, Response};

/// One request as read from the wire.
#[derive(Clone, Copy, Debug)]
pub struct Request<'r> {
    pub method: &'r str,
    /// The `Host` header (a port is ignored for addressing, kept for signatures).
    pub host: &'r str,
    /// The request target: path and query, still percent-encoded.
    pub target: &'r str,
    pub headers: &'r [Header<'r>],
    pub body: &'r [u8],
    /// Unix seconds.
    pub now: i64,
}

/// A stored object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Object {
    pub body: Vec<u8>,
    /// Quoted, as S3 sends it.
    pub etag: String,
    pub content_type: String,
    pub last_modified: i64,
    /// Sent back on GET/HEAD: the `x-amz-meta-*` headers (names lower-cased) and the system
    /// metadata S3 keeps from the upload (Cache-Control, Content-Disposition, Content-Encoding
    /// without `aws-chunked`, Content-Language, Expires; names as S3 sends them).
    pub metadata: Vec<(String, String)>,
    /// On a versioned bucket: the version this write made (`x-amz-version-id`).
    pub version_id: Option<String>,
}

/// A multipart upload in progress.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Upload {
    pub key: String,
    pub content_type: Option<String>,
    /// From CreateMultipartUpload, as [`Object::metadata`]: the completed object's.
    pub metadata: Vec<(String, String)>,
    /// Part number → (bytes, quoted ETag).
    pub parts: BTreeMap<u32, (Vec<u8>, String)>,
}

/// One bucket.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bucket {
    pub region: String,
    pub cors: Option<CorsConfiguration>,
    /// Anonymous GET/HEAD of objects and listing allowed (a public-read bucket policy).
    pub public_read: bool,
    /// Versioning enabled: every write makes a version, its id sent as `x-amz-version-id`.
    pub versioned: bool,
    /// Key prefixes a bucket policy denies reading (s3:GetObject): GET/HEAD of a key under one
    /// is 403 AccessDenied, signed or not.
    pub deny_read: Vec<String>,
    pub objects: BTreeMap<String, Object>,
    pub uploads: BTreeMap<String, Upload>,
}

impl Bucket {
    pub fn new(region: &str) -> Self {
        Bucket {
            region: region.to_string(),
            ..Bucket::default()
        }
    }
}

/// The whole server: the one key pair it accepts, its buckets, and a counter for request and
/// upload ids (deterministic, so runs are reproducible).
#[derive(Clone, Debug)]
pub struct State {
    pub credentials: Credentials,
    pub buckets: BTreeMap<String, Bucket>,
    counter: u64,
}

impl State {
    pub fn new(credentials: Credentials) -> Self {
        State {
            credentials,
            buckets: BTreeMap::new(),
            counter: 0,
        }
    }

    /// A fresh id: 16 upper-case hex digits, distinct per call.
    fn next_id(&mut self) -> String {
        self.counter += 1;
        // A multiplicative hash so that ids look like S3's rather than counting up.
        format!("{:016X}", self.counter.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    /// S3's answer to one request.
    pub fn handle(&mut self, request: &Request<'_>) -> Response {
        let request_id = self.next_id();
        let host_id = format!("{request_id}{}=", request_id.to_ascii_lowercase());
        let head = request.method == "HEAD";
        let mut response = match self.route(request) {
            Ok(response) => response,
            Err(failure) => failure.into_response(&request_id, &host_id, head),
        };
        if response.get("Content-Length").is_none() {
            let length = response.body.len().to_string();
            response = response.header("Content-Length", length);
        }
        response
            .header("x-amz-request-id", request_id)
            .header("x-amz-id-2", host_id)
            .header("Date", reply::http_date(request.now))
            .header("Server", "AmazonS3")
    }

    fn route(&mut self, request: &Request<'_>) -> Result<Response, Failure> {
        let (raw_path, raw_query) = request.target.split_once('?').unwrap_or((request.target, ""));
        if !raw_path.starts_with('/') {
            return Err(Failure::new(400, "InvalidURI", "Couldn't parse the specified URI."));
        }
        let address = address(request.host, raw_path)?;
        let origin = headers::first(request.headers, "origin");
        let cors_request = S3Request {
            method: request.method,
            resource: if address.key.is_some() {
                Resource::Object
            } else {
                Resource::BucketRoot
            },
            origin,
            acr_method: headers::first(request.headers, "access-control-request-method"),
            acr_headers: headers::first(request.headers, "access-control-request-headers"),
        };
        let Some(name) = address.bucket.clone() else {
            // The service root (ListBuckets, CreateBucket) is never CORS-enabled (§7 #7).
            if request.method == "OPTIONS" {
                return preflight_response(simulate::Bucket::Missing, &cors_request);
            }
            return Err(reply::not_implemented());
        };
        let Some(bucket) = self.buckets.get(&name) else {
            if request.method == "OPTIONS" {
                return preflight_response(simulate::Bucket::Missing, &cors_request);
            }
            return Err(reply::no_such_bucket(&name));
        };
        if let Some(redirect) = region_redirect(&address, &name, bucket, request.target) {
            return Err(redirect);
        }
        // The rules as they were when the request arrived: a PutBucketCors is itself answered
        // under the configuration it replaces.
        let cors = bucket.cors.clone();
        let cors_bucket = match &cors {
            Some(c) => simulate::Bucket::Cors(c),
            None => simulate::Bucket::NoCors,
        };
        if request.method == "OPTIONS" {
            return preflight_response(cors_bucket, &cors_request);
        }
        let region = bucket.region.clone();
        let outcome = self.operate(request, &address, &name, &region, raw_path, raw_query);
        // A matching rule adds its headers to whatever the operation answered, errors included
        // (§3.3); a non-matching one adds nothing, and the browser hides the answer.
        let answer = simulate::actual(cors_bucket, &cors_request);
        let cors_headers = answer
            .headers
            .into_iter()
            .map(|h| (h.name.into_owned(), h.value.into_owned()));
        match outcome {
            Ok(mut response) => {
                response.headers.extend(cors_headers);
                Ok(response)
            }
            Err(mut failure) => {
                failure.headers.extend(cors_headers);
                Err(failure)
            }
        }
    }

    /// Authentication, then the operation.
    fn operate(
        &mut self,
        request: &Request<'_>,
        address: &Address,
        name: &str,
        region: &str,
        raw_path: &str,
        raw_query: &str,
    ) -> Result<Response, Failure> {
        let incoming = sigv4::Incoming {
            method: request.method,
            raw_path,
            raw_query,
            headers: request.headers,
            body: request.body,
            now: request.now,
        };
        let principal = sigv4::verify(&incoming, &self.credentials, region).map_err(|e| {
            let mut failure = Failure::new(e.status, &e.error.code, e.error.message);
            for (field, value) in e.fields {
                // A credential scoped to another region: S3 names the bucket's region in the
                // header too, which the SDKs' region redirectors read.
                if field == "Region" {
                    failure = failure.header("x-amz-bucket-region", value.as_str());
                }
                failure = failure.field(field, value);
            }
            failure
        })?;
        let query = sigv4::query_pairs(raw_query);
        let upload_id = self.next_id();
        let credentials = self.credentials.clone();
        let bucket = self.buckets.get_mut(name).ok_or_else(|| reply::no_such_bucket(name))?;
        let body = if chunked::is_aws_chunked(
            headers::first(request.headers, "x-amz-content-sha256"),
            headers::first(request.headers, "content-encoding"),
        ) {
            Cow::Owned(chunked::decode(request.body).ok_or_else(|| {
                Failure::new(
                    400,
                    "IncompleteBody",
                    "You did not provide the number of bytes specified by the Content-Length HTTP header",
                )
            })?)
        } else {
            Cow::Borrowed(request.body)
        };
        let call = Call {
            request,
            body: &body,
            bucket_name: name,
            key: address.key.as_deref(),
            query: &query,
            signed: matches!(principal, Principal::Signed(_)),
            new_upload_id: upload_id,
            credentials: &credentials,
        };
        if let Some(name) = UNSUPPORTED_SUBRESOURCES.iter().find(|name| call.has(name)) {
            // Answering these as plain object or bucket calls would be wrong, not just missing.
            return Err(reply::not_implemented().field("Subresource", *name));
        }
        match call.key {
            None => bucket::dispatch(bucket, &call),
            Some(_) => objects::dispatch(bucket, &call),
        }
    }
}

/// Query parameters that name S3 operations this endpoint does not model (ACLs, policies,
/// versioning, tagging, batch delete...). `cors`, `location`, `policy` (Get/Delete, for `--deny`),
/// `uploads`, `uploadId` are served.
const UNSUPPORTED_SUBRESOURCES: [&str; 26] = [
    "accelerate",
    "acl",
    "analytics",
    "attributes",
    "delete",
    "encryption",
    "intelligent-tiering",
    "inventory",
    "legal-hold",
    "lifecycle",
    "logging",
    "metrics",
    "notification",
    "object-lock",
    "ownershipControls",
    "policyStatus",
    "publicAccessBlock",
    "replication",
    "requestPayment",
    "restore",
    "retention",
    "select",
    "tagging",
    "versioning",
    "versions",
    "website",
];

/// What an operation needs to know about its request.
struct Call<'c> {
    request: &'c Request<'c>,
    /// The object's bytes: the request body, without aws-chunked framing.
    body: &'c [u8],
    bucket_name: &'c str,
    key: Option<&'c str>,
    query: &'c [(String, String)],
    signed: bool,
    /// An id the operation may use for a new multipart upload or object version.
    new_upload_id: String,
    /// The key pair presigned POST policies are signed with.
    credentials: &'c Credentials,
}

impl Call<'_> {
    fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn has(&self, name: &str) -> bool {
        self.param(name).is_some()
    }

    fn header(&self, name: &str) -> Option<&str> {
        headers::first(self.request.headers, name)
    }

    /// Anonymous requests pass only where the bucket is public-read and the request reads.
    fn authorize(&self, bucket: &Bucket, reads: bool) -> Result<(), Failure> {
        if self.signed || (reads && bucket.public_read) {
            Ok(())
        } else {
            Err(reply::access_denied())
        }
    }
}

/// The preflight answer as an HTTP response: the engine's status and headers, and S3's XML body
/// for a rejection.
fn preflight_response(bucket: simulate::Bucket<'_>, request: &S3Request<'_>) -> Result<Response, Failure> {
    let answer = simulate::preflight(bucket, request);
    let status = answer.status.unwrap_or(200);
    let mut response = Response::new(status);
    for h in &answer.headers {
        response = response.header(&h.name, h.value.to_string());
    }
    if let Some(error) = answer.error {
        let mut failure = Failure::new(status, &error.code, error.message);
        failure.headers = std::mem::take(&mut response.headers)
            .into_iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case("content-type"))
            .collect();
        if let Some(method) = error.method {
            failure = failure.field("Method", method);
        }
        if let Some(resource_type) = error.resource_type {
            failure = failure.field("ResourceType", resource_type);
        }
        if request.origin.is_none() {
            // S3 closes the connection after this one [AWS-rec, §3.1].
            failure = failure.header("Connection", "close");
        }
        return Err(failure);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::address::host_without_port;
    use super::*;

    fn state() -> State {
        let mut state = State::new(Credentials {
            access_key: "AK".into(),
            secret_key: "SK".into(),
        });
        let mut bucket = Bucket::new("eu-west-1");
        bucket.cors = Some(crate::s3::config::parse(r#"[{"AllowedOrigins":["*"],"AllowedMethods":["GET"]}]"#).unwrap());
        bucket.public_read = true;
        state.buckets.insert("b".into(), bucket);
        state
    }

    fn request<'r>(method: &'r str, host: &'r str, target: &'r str, headers: &'r [Header<'r>]) -> Request<'r> {
        Request {
            method,
            host,
            target,
            headers,
            body: b"",
            now: 1_369_353_600,
        }
    }

    #[test]
    fn hosts_and_paths_address_buckets_as_s3_does() {
        assert_eq!(host_without_port("b.s3.amazonaws.com:443"), "b.s3.amazonaws.com");
        assert_eq!(host_without_port("[::1]:8080"), "::1");
        let a = address("s3.eu-west-1.amazonaws.com", "/b/dir/k%20x").unwrap();
        assert_eq!((a.bucket.as_deref(), a.key.as_deref()), (Some("b"), Some("dir/k x")));
        assert_eq!(
            (a.region.as_deref(), a.aws_host, a.virtual_hosted),
            (Some("eu-west-1"), true, false)
        );
        let local = address("localhost:9000", "/b/").unwrap();
        assert_eq!(
            (local.bucket.as_deref(), local.key, local.aws_host),
            (Some("b"), None, false)
        );
        assert_eq!(
            address("b.s3-website-eu-west-1.amazonaws.com", "/").unwrap_err().status,
            501
        );
    }

    #[test]
    fn every_answer_carries_s3s_headers_and_distinct_request_ids() {
        let mut state = state();
        let origin = [Header::new("Origin", "https://a.test")];
        let get = state.handle(&request("GET", "b.s3.eu-west-1.amazonaws.com", "/missing", &origin));
        assert_eq!(get.status, 404);
        assert_eq!(get.get("access-control-allow-origin"), Some("*"));
        assert_eq!(get.get("Date"), Some("Fri, 24 May 2013 00:00:00 GMT"));
        assert_eq!(get.get("Server"), Some("AmazonS3"));
        let again = state.handle(&request("GET", "b.s3.eu-west-1.amazonaws.com", "/missing", &[]));
        assert_ne!(get.get("x-amz-request-id"), again.get("x-amz-request-id"));
        assert_eq!(again.get("access-control-allow-origin"), None);
        let bad = state.handle(&request("GET", "b.s3.amazonaws.com", "http://x/", &[]));
        assert_eq!(bad.status, 400);
    }

    #[test]
    fn odd_requests_get_answers_not_panics() {
        let mut state = state();
        let auth = [
            Header::new("Authorization", "AWS4-HMAC-SHA256 Credential=AK/2013/x"),
            Header::new("Range", "bytes=-"),
        ];
        for host in [
            "",
            ":",
            "[",
            "[::1",
            "b.s3.amazonaws.com:",
            "B.S3.EU-WEST-1.AMAZONAWS.COM",
            "a b",
            "\u{e9}.test",
        ] {
            for target in [
                "/",
                "/b",
                "/b/",
                "/%",
                "/b/%ZZ",
                "/b/%FF%FE",
                "/b/k?uploadId",
                "/b/k?partNumber=99999&uploadId=x",
                "/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256",
                "/b/k?X-Amz-Algorithm=x&X-Amz-Expires=-1",
                "/b/?cors&location",
                "/b/k?response-content-type=x",
                "*",
                "",
            ] {
                for method in ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS", "PATCH", "BREW"] {
                    for headers in [&auth[..], &[]] {
                        let response = state.handle(&request(method, host, target, headers));
                        assert!((200..600).contains(&response.status), "{method} {host} {target}");
                    }
                }
            }
        }
    }
}
