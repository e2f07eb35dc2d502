//! corshar: why did the browser block my call to S3, and what exactly do I change?
//!
//! The engine is a pure library: HAR bytes in, a [`report::Report`] out. No I/O happens here, so
//! the same code runs in the CLI and, compiled to wasm32, in the DevTools panel.

#![forbid(unsafe_code)]

pub mod analyze;
pub mod capture;
pub mod causes;
pub mod conformance;
pub mod cors;
pub mod diagnose;
pub mod explain;
pub mod fixes;
pub mod headers;
pub mod origin;
pub mod pair;
pub mod redact;
pub mod report;
pub mod s3;
pub mod triage;

pub use analyze::{Analysis, Error, GivenCors, Options, analyze, run};
pub use report::Report;
