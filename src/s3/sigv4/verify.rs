//! Verifying a request's signature as S3 does, with S3's errors for each way it can fail.

use super::{
    ALGORITHM, Credentials, MAX_EXPIRES_SECONDS, MAX_SKEW_SECONDS, Signed, UNSIGNED_PAYLOAD, canonical_request,
    iso8601, parse_amz_date, query_pairs, scope, sha256_hex, signature, string_to_sign,
};
use crate::headers::{self, Header};
use crate::s3::S3Error;

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
    let authorization = headers::first(request.headers, "authorization");
    if authorization.is_some() && param("X-Amz-Algorithm").is_some() {
        return Err(refuse(
            400,
            "InvalidArgument",
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified",
        )
        .with("ArgumentName", "Authorization"));
    }
    let claim = if let Some(auth) = authorization {
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
