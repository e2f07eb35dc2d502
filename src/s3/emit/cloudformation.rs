//! CloudFormation: the `CorsConfiguration` of an `AWS::S3::Bucket`, in CloudFormation's names
//! (`Id`, `ExposedHeaders`, `MaxAge`), as YAML.

use std::fmt::Write as _;

use super::quote::yaml_string;
use super::{Emitted, Target, comment_block};
use crate::s3::CorsConfiguration;

const NOTE: &str = "CorsConfiguration belongs to the bucket's AWS::S3::Bucket resource: put it under that resource's Properties (it replaces the whole rule list). CloudFormation's names differ from S3's: Id, ExposedHeaders, MaxAge.";

/// Every string is double-quoted, so `*`, `yes`, `null` or `GET` stay strings.
pub(super) fn bucket(target: &Target<'_>, config: &CorsConfiguration) -> Emitted {
    let notes = vec![NOTE.to_owned()];
    let mut out = comment_block("# ", &notes);
    out.push_str("Resources:\n");
    let _ = writeln!(out, "  {}:", cloudformation_logical_id(target.bucket));
    out.push_str("    Type: AWS::S3::Bucket\n    Properties:\n");
    let _ = writeln!(out, "      BucketName: {}", yaml_string(target.bucket));
    out.push_str("      CorsConfiguration:\n        CorsRules:\n");
    for rule in &config.rules {
        let mut first = true;
        let mut key = |out: &mut String, name: &str| {
            out.push_str(if first { "          - " } else { "            " });
            first = false;
            out.push_str(name);
            out.push(':');
        };
        if let Some(id) = &rule.id {
            key(&mut out, "Id");
            let _ = writeln!(out, " {}", yaml_string(id));
        }
        for (name, values) in [
            ("AllowedOrigins", &rule.allowed_origins),
            ("AllowedMethods", &rule.allowed_methods),
            ("AllowedHeaders", &rule.allowed_headers),
            ("ExposedHeaders", &rule.expose_headers),
        ] {
            // Required lists are written even when empty (`[]`), optional ones omitted.
            let required = matches!(name, "AllowedOrigins" | "AllowedMethods");
            if values.is_empty() && !required {
                continue;
            }
            key(&mut out, name);
            yaml_list(&mut out, "              ", values);
        }
        if let Some(max_age) = rule.max_age_seconds {
            key(&mut out, "MaxAge");
            let _ = writeln!(out, " {max_age}");
        }
    }
    Emitted {
        text: out,
        notes,
        apply: vec![
            "Merge CorsConfiguration into the Properties of your bucket's AWS::S3::Bucket resource.".to_owned(),
            "aws cloudformation deploy --template-file template.yaml --stack-name STACK".to_owned(),
        ],
    }
}

/// After a `Key:`: ` []` when empty, else one `- "value"` line each at `indent`.
pub(super) fn yaml_list(out: &mut String, indent: &str, values: &[String]) {
    if values.is_empty() {
        out.push_str(" []\n");
        return;
    }
    out.push('\n');
    for value in values {
        let _ = writeln!(out, "{indent}- {}", yaml_string(value));
    }
}

/// A CloudFormation logical ID (alphanumeric only) from a bucket name, in PascalCase
/// (`my-bucket.logs` → `MyBucketLogs`); one that would start with a digit, or be empty, gets a
/// `Bucket` prefix.
pub fn cloudformation_logical_id(bucket: &str) -> String {
    let mut id = String::new();
    for word in bucket.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            id.push(first.to_ascii_uppercase());
            id.extend(chars);
        }
    }
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id.insert_str(0, "Bucket");
    }
    id
}
