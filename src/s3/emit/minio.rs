//! MinIO: AIStor takes the S3 XML per bucket (`mc cors set`); the community server has no
//! bucket CORS, only the global `cors_allow_origin` setting. Source: s3-cors.md §6.

use super::quote::{quoted_list, shell_quote};
use super::s3::xml;
use super::{Emitted, Target};
use crate::s3::CorsConfiguration;

pub(super) fn emit(target: &Target<'_>, config: &CorsConfiguration) -> Emitted {
    let mut origins: Vec<String> = Vec::new();
    for origin in config.rules.iter().flat_map(|r| &r.allowed_origins) {
        if !origins.contains(origin) {
            origins.push(origin.clone());
        }
    }
    let mut notes = vec![format!(
        "Community (open-source) MinIO has no per-bucket CORS: only the server-wide origin list, for every bucket, with no per-rule methods or headers: mc admin config set ALIAS api cors_allow_origin={}",
        shell_quote(&origins.join(","))
    )];
    if origins.iter().any(|o| o.contains(',')) {
        notes.push(format!(
            "cors_allow_origin is comma-separated: {} cannot be written in it.",
            quoted_list(&origins.iter().filter(|o| o.contains(',')).cloned().collect::<Vec<_>>())
        ));
    }
    notes.push("AIStor falls back to the global setting for a bucket without its own CORS configuration.".to_owned());
    Emitted {
        text: xml(config),
        notes,
        apply: vec![format!(
            "mc cors set {} cors.xml",
            shell_quote(&format!("ALIAS/{}", target.bucket))
        )],
    }
}
