//! Recognising S3 URLs: bucket, key, region, addressing style (virtual-hosted, path-style,
//! regional, dualstack, FIPS, accelerate, website), the service root (ListBuckets), and the
//! presigned query (SigV4 `X-Amz-*` parameters, and parameters appended after signing).

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AddressingStyle {
    /// `bucket.s3[.region|-region].amazonaws.com`
    VirtualHosted,
    /// `s3[.region].amazonaws.com/bucket/key`
    PathStyle,
    /// `bucket.s3-accelerate[.dualstack].amazonaws.com`
    Accelerate,
    /// `bucket.s3-website[-.]region.amazonaws.com` (HTTP only, GET/HEAD, HTML errors)
    Website,
}

/// A SigV4 presigned URL's query, as far as diagnosis needs it. Values are kept verbatim;
/// reports mask the secret parts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Presigned {
    /// `X-Amz-Date` (`20261127T191920Z`).
    pub date: Option<String>,
    /// `X-Amz-Expires`, seconds.
    pub expires: Option<u64>,
    /// The region in `X-Amz-Credential` (`AKIA.../20261127/us-east-2/s3/aws4_request`).
    pub credential_region: Option<String>,
    /// `X-Amz-SignedHeaders`, split on `;`.
    pub signed_headers: Vec<String>,
    /// Whether `X-Amz-Security-Token` is present (temporary credentials).
    pub has_security_token: bool,
    /// Query parameter names that follow `X-Amz-Signature` (added after signing, e.g. a
    /// cache-buster), in order.
    pub added_after_signature: Vec<String>,
}

/// What an S3 URL addresses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct S3Target {
    /// `None` for the service root (`s3.amazonaws.com/`: ListBuckets, CreateBucket).
    pub bucket: Option<String>,
    /// The object key, percent-decoded; `None` for the bucket root.
    pub key: Option<String>,
    /// The region named in the host; `None` for the global endpoint (`s3.amazonaws.com`).
    pub region: Option<String>,
    pub style: AddressingStyle,
    pub dualstack: bool,
    pub fips: bool,
    pub presigned: Option<Presigned>,
}

/// Recognises an Amazon S3 URL; `None` when the URL is not one.
pub fn recognise(_url: &str) -> Option<S3Target> {
    todo!()
}
