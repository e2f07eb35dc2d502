//! `corshar conformance`: runs vector files (the formats of ../shared/vectors) against the engine.
//! Fetch vectors judge the browser side (`cors`), S3 vectors the server side (`s3`); a file is told
//! apart by its cases' fields.

pub mod fetch;
pub mod s3;
