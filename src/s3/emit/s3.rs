//! The three forms S3 itself takes: aws-cli JSON (`put-bucket-cors --cors-configuration`), the
//! console's bare array, the API's XML. Nothing is lost: each parses back through
//! `s3::config::parse` to the same configuration.

use std::fmt::Write as _;

use super::quote::{pretty_json, xml_escape};
use crate::s3::CorsConfiguration;

/// Pretty JSON, two-space indent, the aws-cli field names (`CORSRules`, `ID`, `ExposeHeaders`,
/// `MaxAgeSeconds`) from the model's serde attributes.
pub(super) fn aws_cli_json(config: &CorsConfiguration) -> String {
    pretty_json(config)
}

/// The S3 console's CORS editor takes the rules as a bare array, without `CORSRules`.
pub(super) fn console_json(config: &CorsConfiguration) -> String {
    pretty_json(&config.rules)
}

const S3_XMLNS: &str = "http://s3.amazonaws.com/doc/2006-03-01/";

/// The `PutBucketCors` body: singular, repeated element names in the S3 namespace.
pub(super) fn xml(config: &CorsConfiguration) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<CORSConfiguration xmlns=\"{S3_XMLNS}\">");
    for rule in &config.rules {
        out.push_str("  <CORSRule>\n");
        if let Some(id) = &rule.id {
            xml_element(&mut out, "ID", id);
        }
        for (element, values) in [
            ("AllowedOrigin", &rule.allowed_origins),
            ("AllowedMethod", &rule.allowed_methods),
            ("AllowedHeader", &rule.allowed_headers),
            ("ExposeHeader", &rule.expose_headers),
        ] {
            for value in values {
                xml_element(&mut out, element, value);
            }
        }
        if let Some(max_age) = rule.max_age_seconds {
            xml_element(&mut out, "MaxAgeSeconds", &max_age.to_string());
        }
        out.push_str("  </CORSRule>\n");
    }
    out.push_str("</CORSConfiguration>\n");
    out
}

fn xml_element(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(out, "    <{name}>{}</{name}>", xml_escape(value));
}
