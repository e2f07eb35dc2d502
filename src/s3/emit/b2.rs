//! Backblaze B2's native CORS rules (`b2_update_bucket` `corsRules`): `corsRuleName`,
//! `allowedOperations` instead of methods, `maxAgeSeconds` required. B2 also takes S3's own
//! `PutBucketCors`. Source: s3-cors.md §6 (Other stores).

use serde::Serialize;

use super::quote::{left_out, pretty_json, shell_quote};
use super::{Emitted, Target};
use crate::s3::CorsConfiguration;

const MAX_AGE_LIMIT: i64 = 86_400;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct B2Rule {
    cors_rule_name: String,
    allowed_origins: Vec<String>,
    allowed_operations: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    allowed_headers: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    expose_headers: Vec<String>,
    max_age_seconds: i64,
}

/// The S3-compatible API's operation for an S3 method.
fn operation(method: &str) -> Option<&'static str> {
    Some(match method {
        "GET" => "s3_get",
        "HEAD" => "s3_head",
        "PUT" => "s3_put",
        "POST" => "s3_post",
        "DELETE" => "s3_delete",
        _ => return None,
    })
}

/// A valid `corsRuleName` (6 to 50 letters, digits and `-`, not starting with `b2-`) from the
/// rule's ID, or `s3-rule-N`.
fn rule_name(id: Option<&str>, index: usize, taken: &[String]) -> String {
    let fallback = || format!("s3-rule-{}", index + 1);
    let name = id.map(|id| {
        id.chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' })
            .collect::<String>()
    });
    match name {
        Some(n) if (6..=50).contains(&n.len()) && !n.to_ascii_lowercase().starts_with("b2-") && !taken.contains(&n) => {
            n
        }
        _ => fallback(),
    }
}

pub(super) fn emit(target: &Target<'_>, config: &CorsConfiguration) -> Emitted {
    let mut rules: Vec<B2Rule> = Vec::new();
    let (mut renamed, mut no_max_age, mut clamped, mut empty_origins, mut big) =
        (Vec::new(), false, false, false, Vec::new());
    let mut dropped_methods = Vec::new();
    for (index, rule) in config.rules.iter().enumerate() {
        let taken: Vec<String> = rules.iter().map(|r| r.cors_rule_name.clone()).collect();
        let name = rule_name(rule.id.as_deref(), index, &taken);
        if let Some(id) = &rule.id
            && *id != name
        {
            renamed.push(format!("{} → {}", super::quote::quoted(id), name));
        }
        let mut operations = Vec::new();
        for m in &rule.allowed_methods {
            match operation(m) {
                Some(op) if !operations.iter().any(|o| o == op) => operations.push(op.to_owned()),
                Some(_) => {}
                None => dropped_methods.push(m.clone()),
            }
        }
        let origins: Vec<String> = rule.allowed_origins.iter().filter(|o| !o.is_empty()).cloned().collect();
        empty_origins |= origins.len() != rule.allowed_origins.len();
        no_max_age |= rule.max_age_seconds.is_none();
        let max_age = rule.max_age_seconds.unwrap_or(0).clamp(0, MAX_AGE_LIMIT);
        clamped |= rule.max_age_seconds.is_some_and(|a| a != max_age);
        let b2 = B2Rule {
            cors_rule_name: name,
            allowed_origins: origins,
            allowed_operations: operations,
            allowed_headers: rule.allowed_headers.clone(),
            expose_headers: rule.expose_headers.clone(),
            max_age_seconds: max_age,
        };
        let size: usize = std::iter::once(&b2.cors_rule_name)
            .chain(&b2.allowed_origins)
            .chain(&b2.allowed_operations)
            .chain(&b2.allowed_headers)
            .chain(&b2.expose_headers)
            .map(String::len)
            .sum();
        if size >= 1000 {
            big.push(b2.cors_rule_name.clone());
        }
        rules.push(b2);
    }
    let mut notes = vec![
        "B2 allows operations, not methods: GET, HEAD, PUT, POST and DELETE become s3_get, s3_head, s3_put, s3_post and s3_delete (the S3-compatible API). Add b2_download_file_by_name, b2_download_file_by_id, b2_upload_file or b2_upload_part if the page uses B2's native API.".to_owned(),
    ];
    if !renamed.is_empty() {
        notes.push(format!(
            "corsRuleName is 6 to 50 letters, digits and '-', not starting with b2-: {}.",
            renamed.join(", ")
        ));
    }
    if no_max_age {
        notes.push(
            "B2 requires maxAgeSeconds: rules without MaxAgeSeconds get 0 (browsers then do not cache the preflight)."
                .to_owned(),
        );
    }
    if clamped {
        notes.push("B2's maxAgeSeconds is 0 to 86400: other values are brought into that range.".to_owned());
    }
    if empty_origins {
        notes.push("B2 refuses an empty origin: the empty AllowedOrigins are left out.".to_owned());
    }
    if !dropped_methods.is_empty() {
        notes.push(format!(
            "No B2 operation for every method: {}.",
            left_out(&dropped_methods)
        ));
    }
    if !big.is_empty() {
        notes.push(format!(
            "B2 refuses a rule of 1000 bytes or more: {} must be split.",
            big.join(", ")
        ));
    }
    notes.push("B2 also takes the S3 forms through its S3-compatible API (aws s3api put-bucket-cors --endpoint-url https://s3.REGION.backblazeb2.com).".to_owned());
    Emitted {
        text: pretty_json(&rules),
        notes,
        apply: vec![
            format!(
                "b2 bucket update --cors-rules \"$(cat cors.json)\" {}",
                shell_quote(target.bucket)
            ),
            "(the b2 command-line tool before v4 also wants the bucket type after the name: allPublic or allPrivate)"
                .to_owned(),
        ],
    }
}
