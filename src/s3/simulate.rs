//! How S3 answers a preflight or an actual request under a bucket's CORS configuration: status,
//! CORS headers, Vary, and the XML error. Source: ../shared/reference/s3-cors.md §2–§3.

use serde::Serialize;

use super::CorsConfiguration;
use crate::headers::Header;

/// The bucket as S3 sees it.
#[derive(Clone, Copy, Debug)]
pub enum Bucket<'c> {
    Missing,
    NoCors,
    Cors(&'c CorsConfiguration),
}

/// What the URL addresses: it decides `<ResourceType>` in CORS errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    Object,
    BucketRoot,
}

/// A request as S3 receives it, reduced to what CORS evaluation reads.
#[derive(Clone, Copy, Debug)]
pub struct S3Request<'r> {
    pub method: &'r str,
    pub resource: Resource,
    pub origin: Option<&'r str>,
    pub acr_method: Option<&'r str>,
    pub acr_headers: Option<&'r str>,
}

/// The XML error S3 sends with a rejected preflight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SimulatedError {
    pub code: String,
    pub message: String,
    pub method: Option<String>,
    pub resource_type: Option<String>,
}

/// S3's answer: for a preflight the status too; for an actual request only the CORS headers
/// (the status depends on the operation, which is not modelled).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: Option<u16>,
    pub headers: Vec<Header<'static>>,
    pub error: Option<SimulatedError>,
    /// The index of the rule that matched, if any.
    pub rule: Option<usize>,
}

/// S3's answer to an `OPTIONS` request.
pub fn preflight(_bucket: Bucket<'_>, _request: &S3Request<'_>) -> Answer {
    todo!()
}

/// The CORS headers S3 adds to an actual (non-OPTIONS) request's response.
pub fn actual(_bucket: Bucket<'_>, _request: &S3Request<'_>) -> Answer {
    todo!()
}
