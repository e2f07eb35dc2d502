//! AWS CDK v2, TypeScript: the `cors` property of an `s3.Bucket` (CDK names: `exposedHeaders`,
//! `maxAge`, `id`; methods as `s3.HttpMethods.X`).

use std::fmt::Write as _;

use super::cloudformation::cloudformation_logical_id;
use super::quote::{ts_list, ts_string};
use super::{Emitted, Target, comment_block};
use crate::s3::CorsConfiguration;

const NOTE: &str = "Set this as the cors property of your existing s3.Bucket (it replaces the whole rule list), or add each rule with bucket.addCorsRule({...}). CDK's names differ from S3's: exposedHeaders, maxAge, id.";

pub(super) fn bucket(target: &Target<'_>, config: &CorsConfiguration) -> Emitted {
    let notes = vec![NOTE.to_owned()];
    let mut out = comment_block("// ", &notes);
    out.push_str("import * as s3 from 'aws-cdk-lib/aws-s3';\n\n");
    let _ = writeln!(
        out,
        "new s3.Bucket(this, {}, {{",
        ts_string(&cloudformation_logical_id(target.bucket))
    );
    let _ = writeln!(out, "  bucketName: {},", ts_string(target.bucket));
    out.push_str("  cors: [\n");
    for rule in &config.rules {
        out.push_str("    {\n");
        if let Some(id) = &rule.id {
            let _ = writeln!(out, "      id: {},", ts_string(id));
        }
        let _ = writeln!(out, "      allowedOrigins: {},", ts_list(&rule.allowed_origins));
        let methods: Vec<String> = rule.allowed_methods.iter().map(|m| cdk_method(m)).collect();
        let _ = writeln!(out, "      allowedMethods: [{}],", methods.join(", "));
        if !rule.allowed_headers.is_empty() {
            let _ = writeln!(out, "      allowedHeaders: {},", ts_list(&rule.allowed_headers));
        }
        if !rule.expose_headers.is_empty() {
            let _ = writeln!(out, "      exposedHeaders: {},", ts_list(&rule.expose_headers));
        }
        if let Some(max_age) = rule.max_age_seconds {
            let _ = writeln!(out, "      maxAge: {max_age},");
        }
        out.push_str("    },\n");
    }
    out.push_str("  ],\n});\n");
    Emitted {
        text: out,
        notes,
        apply: vec!["cdk diff".to_owned(), "cdk deploy".to_owned()],
    }
}

/// `s3.HttpMethods` has GET, PUT, HEAD, POST, DELETE; anything else (which S3 would reject)
/// is written as a cast string so the snippet still compiles and shows the value.
fn cdk_method(method: &str) -> String {
    if crate::s3::ALLOWABLE_METHODS.contains(&method) {
        format!("s3.HttpMethods.{method}")
    } else {
        format!("{} as s3.HttpMethods", ts_string(method))
    }
}
