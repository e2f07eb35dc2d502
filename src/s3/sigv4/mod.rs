//! AWS Signature Version 4 for S3, both sides: the canonical request exactly as S3 builds it,
//! signing (for tests and tools that need a signed request) and verification (for `s3 serve`),
//! in the `Authorization` header form and the presigned query form. No I/O; the current time is
//! passed in. Sources: the S3 API reference "Signature Calculations for the Authorization Header"
//! and "Authenticating Requests: Using Query Parameters", whose published examples the tests pin.

mod time;
mod verify;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::headers::{self, Header};
pub use time::{amz_date, civil_from_days, days_from_civil, iso8601, parse_amz_date};
pub use verify::{AuthError, Incoming, Principal, verify};

pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// The payload hash of presigned requests, and of header-signed ones that opt out.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// S3's tolerance between a request's time and its own [AWS-doc: 15 minutes].
pub const MAX_SKEW_SECONDS: i64 = 15 * 60;
/// The longest a presigned URL may live [AWS-doc: one week].
pub const MAX_EXPIRES_SECONDS: i64 = 604_800;

/// An access key pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    pub access_key: String,
    pub secret_key: String,
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    // new_from_slice accepts keys of any length for HMAC; the error case cannot happen.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// S3's URI encoding: every byte but the unreserved `A-Za-z0-9-._~` as `%XX` (upper-case hex);
/// `/` kept in paths (`keep_slash`), encoded in query names and values.
pub fn uri_encode(input: &[u8], keep_slash: bool) -> String {
    let mut out = String::with_capacity(input.len());
    for &b in input {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-decoding as S3 reads a request line: `%XX` becomes the byte, anything else (a stray
/// `%`, `+`) stays literal.
pub fn percent_decode(input: &str) -> Vec<u8> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let digit = |at: usize| bytes.get(at).and_then(|&c| (c as char).to_digit(16));
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (digit(i + 1), digit(i + 2))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// The query's parameters, decoded, in order; a name without `=` has the empty value.
pub fn query_pairs(raw_query: &str) -> Vec<(String, String)> {
    raw_query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (n, v) = p.split_once('=').unwrap_or((p, ""));
            let text = |s: &str| String::from_utf8_lossy(&percent_decode(s)).into_owned();
            (text(n), text(v))
        })
        .collect()
}

/// The canonical URI: S3 decodes the path it received and encodes it again, once, `/` kept (no
/// dot-segment normalisation for S3), so `/test$file.text` signs as `/test%24file.text`.
pub fn canonical_uri(raw_path: &str) -> String {
    let path = if raw_path.is_empty() { "/" } else { raw_path };
    uri_encode(&percent_decode(path), true)
}

/// The canonical query: every parameter (but `X-Amz-Signature` when presigned) encoded, sorted by
/// name then value, `name=value` joined with `&`.
pub fn canonical_query(raw_query: &str, presigned: bool) -> String {
    let mut pairs: Vec<(String, String)> = query_pairs(raw_query)
        .into_iter()
        .filter(|(n, _)| !(presigned && n == "X-Amz-Signature"))
        .map(|(n, v)| (uri_encode(n.as_bytes(), false), uri_encode(v.as_bytes(), false)))
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// `name:value\n` for each signed header, in the signed order (sorted by the signer): values
/// trimmed with inner runs of spaces collapsed, repeated lines joined with `,`.
fn canonical_headers(request_headers: &[Header<'_>], signed: &[&str]) -> String {
    let mut out = String::new();
    for name in signed {
        let values: Vec<String> = headers::all(request_headers, name)
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        out.push_str(name);
        out.push(':');
        out.push_str(&values.join(","));
        out.push('\n');
    }
    out
}

/// What a signature covers, as the request carries it.
#[derive(Clone, Copy, Debug)]
pub struct Signed<'r> {
    pub method: &'r str,
    /// The path as received, still percent-encoded.
    pub raw_path: &'r str,
    /// The query as received, without `?`.
    pub raw_query: &'r str,
    pub headers: &'r [Header<'r>],
    /// Lower-case names, as listed in SignedHeaders.
    pub signed_headers: &'r [&'r str],
    pub payload_hash: &'r str,
    pub presigned: bool,
}

pub fn canonical_request(s: &Signed<'_>) -> String {
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        s.method,
        canonical_uri(s.raw_path),
        canonical_query(s.raw_query, s.presigned),
        canonical_headers(s.headers, s.signed_headers),
        s.signed_headers.join(";"),
        s.payload_hash
    )
}

/// `YYYYMMDD/REGION/s3/aws4_request`.
pub fn scope(date: &str, region: &str) -> String {
    format!("{date}/{region}/s3/aws4_request")
}

pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

pub fn signing_key(secret: &str, date: &str, region: &str) -> [u8; 32] {
    let k_date = hmac_sha256(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k_region = hmac_sha256(&k_date, region.as_bytes());
    let k_service = hmac_sha256(&k_region, b"s3");
    hmac_sha256(&k_service, b"aws4_request")
}

/// The hex signature of a string to sign.
pub fn signature(secret: &str, date: &str, region: &str, string_to_sign: &str) -> String {
    hex(&hmac_sha256(
        &signing_key(secret, date, region),
        string_to_sign.as_bytes(),
    ))
}

/// The `Authorization` value for a request whose headers already carry `host`, `x-amz-date` and
/// `x-amz-content-sha256` (and whatever else `signed_headers` names).
pub fn authorization(credentials: &Credentials, region: &str, amz_date: &str, request: &Signed<'_>) -> String {
    let date = amz_date.get(..8).unwrap_or(amz_date);
    let scope = scope(date, region);
    let sts = string_to_sign(amz_date, &scope, &canonical_request(request));
    format!(
        "{ALGORITHM} Credential={}/{scope},SignedHeaders={},Signature={}",
        credentials.access_key,
        request.signed_headers.join(";"),
        signature(&credentials.secret_key, date, region, &sts)
    )
}

/// What a presigned URL is for.
#[derive(Clone, Copy, Debug)]
pub struct Presign<'p> {
    pub method: &'p str,
    pub host: &'p str,
    /// The path, percent-encoded as it will be sent.
    pub raw_path: &'p str,
    /// Parameters of the operation itself (`partNumber=1&uploadId=…`), or empty.
    pub extra_query: &'p str,
    /// `X-Amz-Date`.
    pub amz_date: &'p str,
    /// `X-Amz-Expires`, seconds.
    pub expires: i64,
}

/// A presigned URL's query (`X-Amz-*` after the operation's own parameters, signature last, as
/// boto3 writes it), signing `host` only.
pub fn presign_query(credentials: &Credentials, region: &str, p: &Presign<'_>) -> String {
    let Presign {
        method,
        host,
        raw_path,
        extra_query,
        amz_date,
        expires,
    } = *p;
    let date = amz_date.get(..8).unwrap_or(amz_date);
    let credential = format!("{}/{}", credentials.access_key, scope(date, region));
    let mut query = format!(
        "X-Amz-Algorithm={ALGORITHM}&X-Amz-Credential={}&X-Amz-Date={amz_date}&X-Amz-Expires={expires}&X-Amz-SignedHeaders=host",
        uri_encode(credential.as_bytes(), false)
    );
    if !extra_query.is_empty() {
        query = format!("{extra_query}&{query}");
    }
    let host_header = [Header::new("host", host)];
    let request = Signed {
        method,
        raw_path,
        raw_query: &query,
        headers: &host_header,
        signed_headers: &["host"],
        payload_hash: UNSIGNED_PAYLOAD,
        presigned: true,
    };
    let sts = string_to_sign(amz_date, &scope(date, region), &canonical_request(&request));
    format!(
        "{query}&X-Amz-Signature={}",
        signature(&credentials.secret_key, date, region, &sts)
    )
}

#[cfg(test)]
mod tests;
