//! Bucket CORS configurations: the model (aws-cli JSON field names), reading the three forms users
//! have (aws-cli / `get-bucket-cors` JSON, the console's bare array, the API's XML), validating like
//! `PutBucketCors`, and S3's rule matching (first full match wins; one `*` per pattern, anchored,
//! may match nothing). Source: ../shared/reference/s3-cors.md §1–§2.

use serde::{Deserialize, Serialize};

use super::S3Error;

/// A bucket's whole CORS configuration, serialized exactly as `aws s3api put-bucket-cors` takes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorsConfiguration {
    #[serde(rename = "CORSRules")]
    pub rules: Vec<CorsRule>,
}

/// One `CORSRule`. Values are kept verbatim (S3 returns them verbatim, case included).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorsRule {
    #[serde(rename = "ID", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "AllowedHeaders", default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_headers: Vec<String>,
    #[serde(rename = "AllowedMethods", default)]
    pub allowed_methods: Vec<String>,
    #[serde(rename = "AllowedOrigins", default)]
    pub allowed_origins: Vec<String>,
    #[serde(rename = "ExposeHeaders", default, skip_serializing_if = "Vec::is_empty")]
    pub expose_headers: Vec<String>,
    #[serde(rename = "MaxAgeSeconds", default, skip_serializing_if = "Option::is_none")]
    pub max_age_seconds: Option<i64>,
}

/// S3's pattern match for AllowedOrigin and AllowedHeader values: at most one `*`, which may
/// match the empty string; anchored at both ends. `*` alone matches anything. Case-sensitive:
/// callers lower-case both sides for header names.
pub fn glob_match(pattern: &str, value: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == value,
        Some((prefix, suffix)) => {
            value.len() >= prefix.len() + suffix.len() && value.starts_with(prefix) && value.ends_with(suffix)
        }
    }
}

impl CorsRule {
    /// The first AllowedOrigin pattern matching `origin`.
    pub fn matching_origin(&self, origin: &str) -> Option<&str> {
        self.allowed_origins.iter().map(String::as_str).find(|p| glob_match(p, origin))
    }

    pub fn allows_method(&self, method: &str) -> bool {
        self.allowed_methods.iter().any(|m| m == method)
    }

    /// Whether one requested header name (any case) is covered by an AllowedHeader pattern.
    pub fn allows_header(&self, name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        self.allowed_headers.iter().any(|p| glob_match(&p.to_ascii_lowercase(), &name))
    }

    /// True when S3 answers `Access-Control-Allow-Origin: *` for a request this rule matches.
    pub fn answers_wildcard(&self) -> bool {
        self.allowed_origins.iter().any(|o| o == "*")
    }
}

/// Splits an `Access-Control-Request-Headers` value the way S3 does: on ",", trimmed,
/// lower-cased, empty items dropped.
pub fn split_request_headers(acrh: &str) -> Vec<String> {
    acrh.split(',').map(|s| s.trim().to_ascii_lowercase()).filter(|s| !s.is_empty()).collect()
}

impl CorsConfiguration {
    /// S3's `first_match`: the index of the first rule whose origins, methods and (when the
    /// request carried `Access-Control-Request-Headers`) every requested header match.
    pub fn first_match(&self, origin: &str, method: &str, request_headers: Option<&[String]>) -> Option<usize> {
        self.rules.iter().position(|rule| {
            rule.matching_origin(origin).is_some()
                && rule.allows_method(method)
                && match request_headers {
                    None => true,
                    Some(names) => names.is_empty() || (!rule.allowed_headers.is_empty() && names.iter().all(|n| rule.allows_header(n))),
                }
        })
    }
}

/// Why a configuration file could not be read: where (line and column, 1-based, when known) and
/// what was expected.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{line}:{column}: {message}")]
pub struct ConfigError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Reads a CORS configuration in any of its three forms, told apart by their first significant
/// byte and shape: `{"CORSRules": [...]}` (aws-cli, `get-bucket-cors`), `[...]` (the S3 console),
/// `<CORSConfiguration>` XML (the API, with or without the namespace and XML declaration).
pub fn parse(_text: &str) -> Result<CorsConfiguration, ConfigError> {
    todo!()
}

/// `PutBucketCors` validation: the error S3 would answer for this configuration, if any.
pub fn validate(_config: &CorsConfiguration) -> Result<(), S3Error> {
    todo!()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_is_anchored_and_star_may_be_empty() {
        assert!(glob_match("*", "anything at all"));
        assert!(glob_match("https://*.acme.test", "https://admin.acme.test"));
        assert!(!glob_match("https://*.acme.test", "https://acme.test"));
        assert!(glob_match("start*end", "startend"));
        assert!(!glob_match("http://*.origin.com", "http://test.origin.com/"));
    }
}
