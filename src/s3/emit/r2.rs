//! Cloudflare R2: the JSON `wrangler r2 bucket cors set --file` takes
//! (`{"rules":[{"allowed":{"origins","methods","headers"},"exposeHeaders","maxAgeSeconds","id"}]}`).
//! R2 also takes S3's own `PutBucketCors`. Source: s3-cors.md §6 (Other stores).

use serde::Serialize;

use super::host::r2_account;
use super::pattern::{HeaderShape, OriginShape, header_shape, origin_shape};
use super::quote::{left_out, pretty_json, shell_quote};
use super::{Emitted, Target};
use crate::s3::CorsConfiguration;

const MAX_AGE_LIMIT: i64 = 86_400;

#[derive(Serialize)]
struct Document {
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    allowed: Allowed,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    expose_headers: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_age_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
}

#[derive(Serialize)]
struct Allowed {
    origins: Vec<String>,
    methods: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    headers: Vec<String>,
}

pub(super) fn emit(target: &Target<'_>, config: &CorsConfiguration) -> Emitted {
    let mut rules = Vec::new();
    let (mut dropped_origins, mut dropped_headers, mut clamped, mut skipped) =
        (Vec::new(), Vec::new(), false, Vec::new());
    for (index, rule) in config.rules.iter().enumerate() {
        let mut origins = Vec::new();
        for o in &rule.allowed_origins {
            // `http://localhost:*` is refused (cloudflare-docs#32888).
            if origin_shape(o) == OriginShape::AnyPort {
                dropped_origins.push(o.clone());
            } else {
                origins.push(o.clone());
            }
        }
        if origins.is_empty() {
            skipped.push(format!("CORSRules[{index}]"));
            continue;
        }
        let mut headers: Vec<String> = Vec::new();
        for h in &rule.allowed_headers {
            if header_shape(h) == HeaderShape::Exact {
                let lower = h.to_ascii_lowercase();
                if !headers.contains(&lower) {
                    headers.push(lower);
                }
            } else {
                dropped_headers.push(h.clone());
            }
        }
        let max_age_seconds = rule.max_age_seconds.map(|age| {
            clamped |= age > MAX_AGE_LIMIT;
            age.min(MAX_AGE_LIMIT)
        });
        rules.push(Rule {
            allowed: Allowed {
                origins,
                methods: rule.allowed_methods.clone(),
                headers,
            },
            expose_headers: rule.expose_headers.clone(),
            max_age_seconds,
            id: rule.id.clone(),
        });
    }
    let mut notes = Vec::new();
    if !dropped_headers.is_empty() {
        notes.push(format!(
            "R2 is given explicit lower-case header names (AllowedHeaders `*` was reported refused): {}; list the names the page sends.", left_out(&dropped_headers)
        ));
    }
    if !dropped_origins.is_empty() {
        notes.push(format!(
            "R2 refuses a `*` port (http://localhost:*): {}; list the ports.",
            left_out(&dropped_origins)
        ));
    }
    if !skipped.is_empty() {
        notes.push(format!("{}: no origin R2 accepts, so left out.", skipped.join(", ")));
    }
    if clamped {
        notes.push("R2's MaxAgeSeconds is at most 86400: larger values are lowered to it.".to_owned());
    }
    let endpoint = format!(
        "https://{}.r2.cloudflarestorage.com",
        target.host.and_then(r2_account).unwrap_or("ACCOUNT_ID")
    );
    notes.push(format!(
        "R2 also takes the S3 forms: aws s3api put-bucket-cors --endpoint-url {endpoint} with the aws-cli JSON."
    ));
    Emitted {
        text: pretty_json(&Document { rules }),
        notes,
        apply: vec![format!(
            "wrangler r2 bucket cors set {} --file cors.json",
            shell_quote(target.bucket)
        )],
    }
}
