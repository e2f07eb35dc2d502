//! The server's side for Amazon S3 and S3-compatible stores: recognise S3 URLs, read bucket CORS
//! configurations the way S3 does, answer "what would S3 send for this request under these rules",
//! and find the smallest rule change that makes the browser's checks pass. Nothing here knows
//! about HAR files. Source: ../shared/reference/s3-cors.md.

pub mod config;
pub mod emit;
pub mod endpoint;
pub mod error_body;
pub mod fix;
mod json;
pub mod lint;
pub mod reveal;
pub mod serve;
pub mod sigv4;
pub mod simulate;
mod xml;

pub use config::{CorsConfiguration, CorsRule};
pub use endpoint::S3Target;

/// The methods a CORS rule may allow; S3 rejects any other (PATCH and OPTIONS can never pass).
pub const ALLOWABLE_METHODS: [&str; 5] = ["GET", "PUT", "POST", "DELETE", "HEAD"];

/// An S3 error as S3 reports it (`Code`, `Message`), for configuration validation and simulated
/// answers.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct S3Error {
    pub code: String,
    pub message: String,
}
