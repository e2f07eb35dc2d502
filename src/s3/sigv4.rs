//! AWS Signature Version 4 for S3, both sides: the canonical request exactly as S3 builds it,
//! signing (for tests and tools that need a signed request) and verification (for `s3 serve`),
//! in the `Authorization` header form and the presigned query form. No I/O; the current time is
//! passed in. Sources: the S3 API reference "Signature Calculations for the Authorization Header"
//! and "Authenticating Requests: Using Query Parameters", whose published examples the tests pin.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::S3Error;
use crate::headers::{self, Header};

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

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
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
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, b"s3");
    hmac(&k_service, b"aws4_request")
}

/// The hex signature of a string to sign.
pub fn signature(secret: &str, date: &str, region: &str, string_to_sign: &str) -> String {
    hex(&hmac(&signing_key(secret, date, region), string_to_sign.as_bytes()))
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

/// A request as received, for verification.
#[derive(Clone, Copy, Debug)]
pub struct Incoming<'r> {
    pub method: &'r str,
    pub raw_path: &'r str,
    pub raw_query: &'r str,
    pub headers: &'r [Header<'r>],
    pub body: &'r [u8],
    /// Unix seconds.
    pub now: i64,
}

/// Who sent the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principal {
    Anonymous,
    /// A valid signature by this access key.
    Signed(String),
}

/// A refusal: status, S3's code and message, and the extra `<Error>` fields S3 sends with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthError {
    pub status: u16,
    pub error: S3Error,
    pub fields: Vec<(&'static str, String)>,
}

fn refuse(status: u16, code: &str, message: impl Into<String>) -> AuthError {
    AuthError {
        status,
        error: S3Error {
            code: code.to_string(),
            message: message.into(),
        },
        fields: Vec::new(),
    }
}

impl AuthError {
    fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.fields.push((name, value.into()));
        self
    }
}

/// The parts of a signature, from either form.
struct Claim {
    access_key: String,
    date: String,
    region: String,
    amz_date: String,
    signed_headers: Vec<String>,
    signature: String,
    presigned: bool,
    expires: Option<i64>,
}

/// Verifies a request's SigV4 signature against the one key pair the server knows, for a bucket
/// in `region`. Unsigned requests are `Anonymous`; whether that is enough is the caller's call.
pub fn verify(request: &Incoming<'_>, credentials: &Credentials, region: &str) -> Result<Principal, AuthError> {
    let query = query_pairs(request.raw_query);
    let param = |name: &str| query.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    let claim = if let Some(auth) = headers::first(request.headers, "authorization") {
        header_claim(auth, request.headers)?
    } else if let Some(algorithm) = param("X-Amz-Algorithm") {
        query_claim(algorithm, &param)?
    } else {
        return Ok(Principal::Anonymous);
    };
    let malformed_region = |msg: String| {
        if claim.presigned {
            refuse(400, "AuthorizationQueryParametersError", msg)
        } else {
            refuse(400, "AuthorizationHeaderMalformed", msg)
        }
    };
    if claim.access_key != credentials.access_key {
        return Err(refuse(
            403,
            "InvalidAccessKeyId",
            "The AWS Access Key Id you provided does not exist in our records.",
        )
        .with("AWSAccessKeyId", claim.access_key));
    }
    if claim.region != region {
        let what = if claim.presigned {
            "Error parsing the X-Amz-Credential parameter"
        } else {
            "The authorization header is malformed"
        };
        return Err(malformed_region(format!(
            "{what}; the region '{}' is wrong; expecting '{region}'",
            claim.region
        ))
        .with("Region", region));
    }
    let Some(signed_at) = parse_amz_date(&claim.amz_date) else {
        return Err(malformed_region(format!(
            "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\" but was \"{}\"",
            claim.amz_date
        )));
    };
    if !claim.amz_date.starts_with(&claim.date) {
        return Err(malformed_region(format!(
            "Invalid credential date \"{}\". This date is not the same as X-Amz-Date: \"{}\".",
            claim.date,
            &claim.amz_date[..8]
        )));
    }
    check_time(&claim, signed_at, request.now)?;
    let signed_names: Vec<&str> = claim.signed_headers.iter().map(String::as_str).collect();
    if !signed_names.contains(&"host") {
        return Err(malformed_region(
            "Query-string authentication requires the Host header to be signed.".to_string(),
        ));
    }
    let payload_hash = if claim.presigned {
        param("X-Amz-Content-Sha256").unwrap_or(UNSIGNED_PAYLOAD).to_string()
    } else {
        headers::first(request.headers, "x-amz-content-sha256")
            .ok_or_else(|| {
                refuse(
                    400,
                    "InvalidRequest",
                    "Missing required header for this request: x-amz-content-sha256",
                )
            })?
            .to_string()
    };
    let signed = Signed {
        method: request.method,
        raw_path: request.raw_path,
        raw_query: request.raw_query,
        headers: request.headers,
        signed_headers: &signed_names,
        payload_hash: &payload_hash,
        presigned: claim.presigned,
    };
    let canonical = canonical_request(&signed);
    let sts = string_to_sign(&claim.amz_date, &scope(&claim.date, &claim.region), &canonical);
    let expected = signature(&credentials.secret_key, &claim.date, &claim.region, &sts);
    if expected != claim.signature {
        return Err(refuse(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
        )
        .with("AWSAccessKeyId", claim.access_key)
        .with("StringToSign", sts.as_str())
        .with("SignatureProvided", claim.signature)
        .with("StringToSignBytes", spaced_hex(sts.as_bytes()))
        .with("CanonicalRequest", canonical.as_str())
        .with("CanonicalRequestBytes", spaced_hex(canonical.as_bytes())));
    }
    check_payload(&payload_hash, request.body)?;
    Ok(Principal::Signed(claim.access_key))
}

/// The header form: `AWS4-HMAC-SHA256 Credential=AK/DATE/REGION/s3/aws4_request,
/// SignedHeaders=a;b, Signature=hex` (commas, spaces or both between the parts).
fn header_claim(auth: &str, request_headers: &[Header<'_>]) -> Result<Claim, AuthError> {
    let Some(rest) = auth.strip_prefix(ALGORITHM) else {
        return Err(refuse(
            400,
            "InvalidRequest",
            "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.",
        ));
    };
    let part = |key: &str| {
        rest.split([',', ' '])
            .find_map(|p| p.trim().strip_prefix(key))
            .map(str::to_string)
    };
    let malformed = |what: &str| {
        refuse(
            400,
            "AuthorizationHeaderMalformed",
            format!("The authorization header is malformed; {what}"),
        )
    };
    let credential = part("Credential=").ok_or_else(|| malformed("missing Credential."))?;
    let signed_headers = part("SignedHeaders=").ok_or_else(|| malformed("missing SignedHeaders."))?;
    let signature = part("Signature=").ok_or_else(|| malformed("missing Signature."))?;
    let (access_key, date, region) = split_credential(&credential).ok_or_else(|| {
        malformed("the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".")
    })?;
    let amz_date = headers::first(request_headers, "x-amz-date")
        .ok_or_else(|| {
            refuse(
                403,
                "AccessDenied",
                "AWS authentication requires a valid Date or x-amz-date header",
            )
        })?
        .to_string();
    Ok(Claim {
        access_key,
        date,
        region,
        amz_date,
        signed_headers: signed_headers.split(';').map(str::to_string).collect(),
        signature,
        presigned: false,
        expires: None,
    })
}

fn query_claim<'q>(algorithm: &str, param: &dyn Fn(&str) -> Option<&'q str>) -> Result<Claim, AuthError> {
    let malformed = |message: &str| refuse(400, "AuthorizationQueryParametersError", message);
    if algorithm != ALGORITHM {
        return Err(malformed("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\""));
    }
    let required = "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.";
    let (Some(credential), Some(amz_date), Some(expires), Some(signed), Some(signature)) = (
        param("X-Amz-Credential"),
        param("X-Amz-Date"),
        param("X-Amz-Expires"),
        param("X-Amz-SignedHeaders"),
        param("X-Amz-Signature"),
    ) else {
        return Err(malformed(required));
    };
    let expires: i64 = expires
        .parse()
        .map_err(|_| malformed("X-Amz-Expires should be a number"))?;
    if expires < 0 {
        return Err(malformed("X-Amz-Expires must be non-negative"));
    }
    if expires > MAX_EXPIRES_SECONDS {
        return Err(malformed(
            "X-Amz-Expires must be less than a week (in seconds) that is; 604800",
        ));
    }
    let (access_key, date, region) = split_credential(credential).ok_or_else(|| {
        malformed("Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".")
    })?;
    Ok(Claim {
        access_key,
        date,
        region,
        amz_date: amz_date.to_string(),
        signed_headers: signed.split(';').map(str::to_string).collect(),
        signature: signature.to_string(),
        presigned: true,
        expires: Some(expires),
    })
}

/// `AK/YYYYMMDD/REGION/s3/aws4_request` → (AK, date, region).
fn split_credential(credential: &str) -> Option<(String, String, String)> {
    let parts: Vec<&str> = credential.split('/').collect();
    match parts.as_slice() {
        [ak, date, region, "s3", "aws4_request"] if date.len() == 8 && !region.is_empty() => {
            Some((ak.to_string(), date.to_string(), region.to_string()))
        }
        _ => None,
    }
}

fn check_time(claim: &Claim, signed_at: i64, now: i64) -> Result<(), AuthError> {
    match claim.expires {
        Some(expires) => {
            if now > signed_at + expires {
                return Err(refuse(403, "AccessDenied", "Request has expired")
                    .with("X-Amz-Expires", expires.to_string())
                    .with("Expires", iso8601(signed_at + expires))
                    .with("ServerTime", iso8601(now)));
            }
            if signed_at > now + MAX_SKEW_SECONDS {
                return Err(refuse(403, "AccessDenied", "Request is not valid yet"));
            }
        }
        None if (signed_at - now).abs() > MAX_SKEW_SECONDS => {
            return Err(refuse(
                403,
                "RequestTimeTooSkewed",
                "The difference between the request time and the current time is too large.",
            )
            .with("RequestTime", claim.amz_date.as_str())
            .with("ServerTime", iso8601(now))
            .with("MaxAllowedSkewMilliseconds", "900000"));
        }
        None => {}
    }
    Ok(())
}

/// A signed payload hash must be the body's; the two opt-outs S3 knows are accepted as they are
/// (`STREAMING-…` chunk signatures are not verified: no browser sends them).
fn check_payload(payload_hash: &str, body: &[u8]) -> Result<(), AuthError> {
    if payload_hash == UNSIGNED_PAYLOAD || payload_hash.starts_with("STREAMING-") {
        return Ok(());
    }
    let computed = sha256_hex(body);
    if payload_hash.eq_ignore_ascii_case(&computed) {
        return Ok(());
    }
    Err(refuse(
        400,
        "XAmzContentSHA256Mismatch",
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
    )
    .with("ClientComputedContentSHA256", payload_hash)
    .with("S3ComputedContentSHA256", computed))
}

/// S3's `…Bytes` fields: each byte as two hex digits, space-separated.
fn spaced_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
}

/// `20130524T000000Z` → Unix seconds.
pub fn parse_amz_date(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = text.get(r)?;
        s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok())?
    };
    let (y, mo, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (h, mi, s) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
}

/// Howard Hinnant's days-from-civil: days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month, day).
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// `2013-05-24T00:00:00Z`, as S3 writes times in error bodies.
pub fn iso8601(unix: i64) -> String {
    let (y, m, d) = civil_from_days(unix.div_euclid(86_400));
    let s = unix.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// `20130524T000000Z`, the X-Amz-Date form.
pub fn amz_date(unix: i64) -> String {
    iso8601(unix).replace(['-', ':'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    const AK: &str = "AKIAIOSFODNN7EXAMPLE";
    const SK: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    fn creds() -> Credentials {
        Credentials {
            access_key: AK.into(),
            secret_key: SK.into(),
        }
    }

    fn h(pairs: &[(&'static str, &'static str)]) -> Vec<Header<'static>> {
        pairs.iter().map(|(n, v)| Header::new(*n, *v)).collect()
    }

    /// S3 API reference, "Example: GET Object" (header form, a signed Range).
    #[test]
    fn aws_example_get_object() {
        let headers = h(&[
            ("Host", "examplebucket.s3.amazonaws.com"),
            ("Range", "bytes=0-9"),
            ("x-amz-content-sha256", EMPTY),
            ("x-amz-date", "20130524T000000Z"),
        ]);
        let signed = Signed {
            method: "GET",
            raw_path: "/test.txt",
            raw_query: "",
            headers: &headers,
            signed_headers: &["host", "range", "x-amz-content-sha256", "x-amz-date"],
            payload_hash: EMPTY,
            presigned: false,
        };
        let auth = authorization(&creds(), "us-east-1", "20130524T000000Z", &signed);
        assert!(
            auth.ends_with("Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
            "{auth}"
        );
    }

    /// "Example: PUT Object": the `$` in the key is encoded in the canonical URI, the Date header
    /// and a storage class are signed, and the payload hash is the body's.
    #[test]
    fn aws_example_put_object_encodes_the_key() {
        let body = b"Welcome to Amazon S3.";
        let hash = sha256_hex(body);
        assert_eq!(hash, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
        let headers = vec![
            Header::new("Host", "examplebucket.s3.amazonaws.com"),
            Header::new("Date", "Fri, 24 May 2013 00:00:00 GMT"),
            Header::new("x-amz-date", "20130524T000000Z"),
            Header::new("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            Header::new("x-amz-content-sha256", hash.clone()),
        ];
        let signed = Signed {
            method: "PUT",
            raw_path: "/test$file.text",
            raw_query: "",
            headers: &headers,
            signed_headers: &[
                "date",
                "host",
                "x-amz-content-sha256",
                "x-amz-date",
                "x-amz-storage-class",
            ],
            payload_hash: &hash,
            presigned: false,
        };
        assert!(canonical_request(&signed).starts_with("PUT\n/test%24file.text\n\n"));
        let auth = authorization(&creds(), "us-east-1", "20130524T000000Z", &signed);
        assert!(
            auth.ends_with("Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"),
            "{auth}"
        );
    }

    /// "Example: GET Bucket (List Objects)": the query is sorted and `J` stays, `max-keys` first.
    #[test]
    fn aws_example_list_objects_sorts_the_query() {
        let headers = h(&[
            ("Host", "examplebucket.s3.amazonaws.com"),
            ("x-amz-date", "20130524T000000Z"),
            ("x-amz-content-sha256", EMPTY),
        ]);
        let signed = Signed {
            method: "GET",
            raw_path: "/",
            raw_query: "prefix=J&max-keys=2",
            headers: &headers,
            signed_headers: &["host", "x-amz-content-sha256", "x-amz-date"],
            payload_hash: EMPTY,
            presigned: false,
        };
        assert!(canonical_request(&signed).starts_with("GET\n/\nmax-keys=2&prefix=J\n"));
        let auth = authorization(&creds(), "us-east-1", "20130524T000000Z", &signed);
        assert!(
            auth.ends_with("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"),
            "{auth}"
        );
    }

    /// "Authenticating Requests: Using Query Parameters", the presigned GET example.
    #[test]
    fn aws_example_presigned_get_and_its_verification() {
        let query = presign_query(
            &creds(),
            "us-east-1",
            &Presign {
                method: "GET",
                host: "examplebucket.s3.amazonaws.com",
                raw_path: "/test.txt",
                extra_query: "",
                amz_date: "20130524T000000Z",
                expires: 86400,
            },
        );
        assert!(
            query.ends_with("X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"),
            "{query}"
        );
        let headers = h(&[("Host", "examplebucket.s3.amazonaws.com")]);
        let at = parse_amz_date("20130524T000000Z").unwrap();
        let incoming = |query: &'static str, now| Incoming {
            method: "GET",
            raw_path: "/test.txt",
            raw_query: query,
            headers: &headers,
            body: b"",
            now,
        };
        let query: &'static str = Box::leak(query.into_boxed_str());
        assert_eq!(
            verify(&incoming(query, at + 10), &creds(), "us-east-1"),
            Ok(Principal::Signed(AK.into()))
        );
        let expired = verify(&incoming(query, at + 86401), &creds(), "us-east-1").unwrap_err();
        assert_eq!(
            (expired.error.code.as_str(), expired.error.message.as_str()),
            ("AccessDenied", "Request has expired")
        );
        let added: &'static str = Box::leak(format!("{query}&cb=1").into_boxed_str());
        let tampered = verify(&incoming(added, at + 10), &creds(), "us-east-1").unwrap_err();
        assert_eq!(tampered.error.code, "SignatureDoesNotMatch");
        let cr = &tampered
            .fields
            .iter()
            .find(|(n, _)| *n == "CanonicalRequest")
            .unwrap()
            .1;
        assert!(cr.contains("X-Amz-SignedHeaders=host&cb=1\n"), "{cr}");
        let region = verify(&incoming(query, at + 10), &creds(), "eu-west-1").unwrap_err();
        assert_eq!(region.error.code, "AuthorizationQueryParametersError");
        assert!(
            region
                .error
                .message
                .ends_with("the region 'us-east-1' is wrong; expecting 'eu-west-1'")
        );
    }

    #[test]
    fn header_form_checks_key_skew_and_payload() {
        let now = parse_amz_date("20130524T000000Z").unwrap();
        let body = b"hello";
        let hash = sha256_hex(body);
        let mut headers = vec![
            Header::new("Host", "b.s3.amazonaws.com"),
            Header::new("x-amz-date", "20130524T000000Z"),
            Header::new("x-amz-content-sha256", hash.clone()),
        ];
        let names = ["host", "x-amz-content-sha256", "x-amz-date"];
        let signed = Signed {
            method: "PUT",
            raw_path: "/a%20b",
            raw_query: "",
            headers: &headers,
            signed_headers: &names,
            payload_hash: &hash,
            presigned: false,
        };
        let auth = authorization(&creds(), "us-east-1", "20130524T000000Z", &signed);
        headers.push(Header::new("Authorization", auth));
        let incoming = |body: &'static [u8], now| Incoming {
            method: "PUT",
            raw_path: "/a%20b",
            raw_query: "",
            headers: &headers,
            body,
            now,
        };
        assert!(verify(&incoming(body, now), &creds(), "us-east-1").is_ok());
        let code = |r: Result<Principal, AuthError>| r.unwrap_err().error.code;
        assert_eq!(
            code(verify(&incoming(b"other", now), &creds(), "us-east-1")),
            "XAmzContentSHA256Mismatch"
        );
        assert_eq!(
            code(verify(&incoming(body, now + 901), &creds(), "us-east-1")),
            "RequestTimeTooSkewed"
        );
        let other = Credentials {
            access_key: "AKIAOTHER".into(),
            secret_key: SK.into(),
        };
        assert_eq!(
            code(verify(&incoming(body, now), &other, "us-east-1")),
            "InvalidAccessKeyId"
        );
        let wrong_secret = Credentials {
            access_key: AK.into(),
            secret_key: "x".into(),
        };
        assert_eq!(
            code(verify(&incoming(body, now), &wrong_secret, "us-east-1")),
            "SignatureDoesNotMatch"
        );
        let e = verify(&incoming(body, now), &creds(), "eu-west-1").unwrap_err();
        assert_eq!(e.error.code, "AuthorizationHeaderMalformed");
        assert_eq!(e.fields, vec![("Region", "eu-west-1".to_string())]);
    }

    #[test]
    fn dates_round_trip() {
        let t = parse_amz_date("20261127T232146Z").unwrap();
        assert_eq!(amz_date(t), "20261127T232146Z");
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(parse_amz_date("2026-11-27"), None);
        assert_eq!(parse_amz_date("20261327T000000Z"), None);
    }
}
