//! Google Cloud Storage: the bucket's CORS as the JSON array `gcloud storage buckets update
//! --cors-file` takes (`origin`, `method`, `responseHeader`, `maxAgeSeconds`).
//! Source: s3-cors.md §6 (Other stores).

use serde::Serialize;

use super::pattern::{HeaderShape, OriginShape, header_shape, origin_shape};
use super::quote::{left_out, pretty_json, shell_quote};
use super::{Emitted, Target};
use crate::s3::CorsConfiguration;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GcsRule {
    origin: Vec<String>,
    method: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    response_header: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_age_seconds: Option<i64>,
}

pub(super) fn emit(target: &Target<'_>, config: &CorsConfiguration) -> Emitted {
    let mut rules = Vec::new();
    let mut notes = Vec::new();
    let (mut dropped_origins, mut dropped_headers, mut skipped_rules) = (Vec::new(), Vec::new(), Vec::new());
    let mut merged_headers = false;
    for (index, rule) in config.rules.iter().enumerate() {
        let mut origin = Vec::new();
        for o in &rule.allowed_origins {
            match origin_shape(o) {
                OriginShape::Any | OriginShape::Exact => origin.push(o.clone()),
                _ => dropped_origins.push(o.clone()),
            }
        }
        if origin.is_empty() {
            skipped_rules.push(format!("CORSRules[{index}]"));
            continue;
        }
        let mut response_header: Vec<String> = Vec::new();
        for h in rule.allowed_headers.iter().chain(&rule.expose_headers) {
            if header_shape(h) != HeaderShape::Exact {
                if !dropped_headers.contains(h) {
                    dropped_headers.push(h.clone());
                }
            } else if !response_header.iter().any(|r| r.eq_ignore_ascii_case(h)) {
                response_header.push(h.clone());
            }
        }
        merged_headers |= !rule.allowed_headers.is_empty() && !rule.expose_headers.is_empty();
        rules.push(GcsRule {
            origin,
            method: rule.allowed_methods.clone(),
            response_header,
            max_age_seconds: rule.max_age_seconds,
        });
    }
    let ids: Vec<String> = config.rules.iter().filter_map(|r| r.id.clone()).collect();
    if !ids.is_empty() {
        notes.push(format!("GCS CORS rules have no ID: {}.", left_out(&ids)));
    }
    if merged_headers {
        notes.push("GCS has one list, responseHeader, for both the request headers a preflight may ask for and the response headers the page may read: each rule's AllowedHeaders and ExposeHeaders are merged into it.".to_owned());
    }
    if !dropped_origins.is_empty() {
        notes.push(format!(
            "GCS takes `*` or a whole origin, without partial wildcards: {}.",
            left_out(&dropped_origins)
        ));
    }
    if !dropped_headers.is_empty() {
        notes.push(format!(
            "GCS matches header names as listed, without wildcards: {}; list the names the page sends.",
            left_out(&dropped_headers)
        ));
    }
    if !skipped_rules.is_empty() {
        notes.push(format!(
            "{}: no origin GCS can express, so left out.",
            skipped_rules.join(", ")
        ));
    }
    let amz = config
        .rules
        .iter()
        .flat_map(|r| r.allowed_headers.iter().chain(&r.expose_headers))
        .any(|h| h.to_ascii_lowercase().starts_with("x-amz-"));
    if amz {
        notes.push("x-amz-* headers are S3's; GCS's own are x-goog-* (x-goog-meta-* for metadata): rename them if the page talks to GCS's API.".to_owned());
    }
    if rules.is_empty() {
        notes.push(
            "Nothing translates: applying this file ([]) would remove the bucket's CORS configuration.".to_owned(),
        );
    }
    notes.push("storage.cloud.google.com (authenticated browser download) never answers CORS; the page must use storage.googleapis.com.".to_owned());
    let bucket = format!("gs://{}", target.bucket);
    Emitted {
        text: pretty_json(&rules),
        notes,
        apply: vec![
            format!(
                "gcloud storage buckets update {} --cors-file=cors.json",
                shell_quote(&bucket)
            ),
            format!("(legacy) gsutil cors set cors.json {}", shell_quote(&bucket)),
        ],
    }
}
