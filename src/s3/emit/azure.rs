//! Azure Blob Storage: CORS rules belong to the storage account's Blob *service*, not to a
//! container. The `<Cors>` XML of Set Blob Service Properties (comma-separated values, at most
//! five rules), and the `az storage cors` commands. Source: s3-cors.md §6 (Other stores).

use std::fmt::Write as _;

use super::host::azure_account;
use super::pattern::{HeaderShape, OriginShape, header_shape, origin_shape};
use super::quote::{left_out, shell_quote, xml_comment_text, xml_escape};
use super::{Emitted, Target, comment_block};
use crate::s3::CorsConfiguration;

const METHODS: [&str; 8] = ["DELETE", "GET", "HEAD", "MERGE", "POST", "OPTIONS", "PUT", "PATCH"];

struct AzureRule {
    origins: Vec<String>,
    methods: Vec<String>,
    allowed_headers: Vec<String>,
    exposed_headers: Vec<String>,
    max_age: i64,
}

fn translate(target: &Target<'_>, config: &CorsConfiguration) -> (Vec<AzureRule>, Vec<String>) {
    let mut rules = Vec::new();
    let (mut dropped_origins, mut dropped_headers, mut dropped_methods) = (Vec::new(), Vec::new(), Vec::new());
    let (mut no_max_age, mut too_many_prefixes, mut skipped) = (false, false, Vec::new());
    for (index, rule) in config.rules.iter().enumerate() {
        let mut origins = Vec::new();
        for o in &rule.allowed_origins {
            match origin_shape(o) {
                OriginShape::Any | OriginShape::Exact if !o.contains(',') && !o.is_empty() => origins.push(o.clone()),
                _ => dropped_origins.push(o.clone()),
            }
        }
        let mut methods = Vec::new();
        for m in &rule.allowed_methods {
            if METHODS.contains(&m.as_str()) {
                methods.push(m.clone());
            } else {
                dropped_methods.push(m.clone());
            }
        }
        if origins.is_empty() || methods.is_empty() {
            skipped.push(format!("CORSRules[{index}]"));
            continue;
        }
        let mut headers = |list: &[String]| -> Vec<String> {
            let mut kept = Vec::new();
            for h in list {
                match header_shape(h) {
                    HeaderShape::Any | HeaderShape::Exact | HeaderShape::Prefix
                        if !h.contains(',') && !h.is_empty() =>
                    {
                        kept.push(h.clone())
                    }
                    _ => dropped_headers.push(h.clone()),
                }
            }
            kept
        };
        let allowed_headers = headers(&rule.allowed_headers);
        let exposed_headers = headers(&rule.expose_headers);
        let prefixed = |list: &[String]| list.iter().filter(|h| header_shape(h) == HeaderShape::Prefix).count();
        too_many_prefixes |= prefixed(&allowed_headers) > 2 || prefixed(&exposed_headers) > 2;
        no_max_age |= rule.max_age_seconds.is_none();
        rules.push(AzureRule {
            origins,
            methods,
            allowed_headers,
            exposed_headers,
            max_age: rule.max_age_seconds.unwrap_or(0),
        });
    }

    let account = target.host.and_then(azure_account).unwrap_or("ACCOUNT");
    let mut notes = vec![format!(
        "Azure CORS rules belong to the storage account's Blob service ({account}), not to the container {}: they apply to every container in the account, and replace the service's current rules.",
        target.bucket
    )];
    let ids: Vec<String> = config.rules.iter().filter_map(|r| r.id.clone()).collect();
    if !ids.is_empty() {
        notes.push(format!("Azure CORS rules have no ID: {}.", left_out(&ids)));
    }
    if rules.len() > 5 {
        notes.push(format!(
            "Azure accepts at most 5 CORS rules per service and these are {}: merge rules before applying.",
            rules.len()
        ));
    }
    if !dropped_origins.is_empty() {
        notes.push(format!(
            "Azure takes `*` or whole origins, comma-separated, without partial wildcards: {}.",
            left_out(&dropped_origins)
        ));
    }
    if !dropped_headers.is_empty() {
        notes.push(format!(
            "Azure takes header names, `*`, or prefixes ending in `*`: {}.",
            left_out(&dropped_headers)
        ));
    }
    if !dropped_methods.is_empty() {
        notes.push(format!("Not methods Azure knows: {}.", left_out(&dropped_methods)));
    }
    if !skipped.is_empty() {
        notes.push(format!(
            "{}: nothing Azure can express is left of the origins or methods, so left out.",
            skipped.join(", ")
        ));
    }
    if too_many_prefixes {
        notes.push(
            "Azure allows at most 2 prefixed headers (ending in `*`) in each of AllowedHeaders and ExposedHeaders."
                .to_owned(),
        );
    }
    if no_max_age {
        notes.push("Azure requires MaxAgeInSeconds: rules without MaxAgeSeconds get 0 (browsers then do not cache the preflight).".to_owned());
    }
    let amz = config
        .rules
        .iter()
        .flat_map(|r| r.allowed_headers.iter().chain(&r.expose_headers))
        .any(|h| h.to_ascii_lowercase().starts_with("x-amz-"));
    if amz {
        notes.push("x-amz-* headers are S3's; Azure's own are x-ms-* (x-ms-meta-* for metadata): rename them if the page talks to Azure's API.".to_owned());
    }
    (rules, notes)
}

/// The Set Blob Service Properties body with the `<Cors>` element.
pub(super) fn xml(target: &Target<'_>, config: &CorsConfiguration) -> Emitted {
    let (rules, notes) = translate(target, config);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!--\n");
    let safe: Vec<String> = notes.iter().map(|n| xml_comment_text(n)).collect();
    out.push_str(&comment_block("  ", &safe));
    out.push_str("-->\n<StorageServiceProperties>\n  <Cors>\n");
    for rule in &rules {
        out.push_str("    <CorsRule>\n");
        for (name, values) in [
            ("AllowedOrigins", &rule.origins),
            ("AllowedMethods", &rule.methods),
            ("AllowedHeaders", &rule.allowed_headers),
            ("ExposedHeaders", &rule.exposed_headers),
        ] {
            let _ = writeln!(out, "      <{name}>{}</{name}>", xml_escape(&values.join(",")));
        }
        let _ = writeln!(out, "      <MaxAgeInSeconds>{}</MaxAgeInSeconds>", rule.max_age);
        out.push_str("    </CorsRule>\n");
    }
    out.push_str("  </Cors>\n</StorageServiceProperties>\n");
    let account = target.host.and_then(azure_account).unwrap_or("ACCOUNT");
    Emitted {
        text: out,
        notes,
        apply: vec![format!(
            "Send it as the body of Set Blob Service Properties: PUT https://{account}.blob.core.windows.net/?restype=service&comp=properties (or run the azure-cli form's commands)."
        )],
    }
}

/// `az storage cors clear` then one `az storage cors add` per rule.
pub(super) fn cli(target: &Target<'_>, config: &CorsConfiguration) -> Emitted {
    let (rules, notes) = translate(target, config);
    let account = shell_quote(target.host.and_then(azure_account).unwrap_or("ACCOUNT"));
    let mut out = comment_block("# ", &notes);
    let _ = writeln!(out, "az storage cors clear --services b --account-name {account}");
    for rule in &rules {
        let _ = write!(out, "az storage cors add --services b --account-name {account}");
        let words = |values: &[String]| values.iter().map(|v| shell_quote(v)).collect::<Vec<_>>().join(" ");
        let _ = write!(out, " \\\n  --origins {}", words(&rule.origins));
        let _ = write!(out, " \\\n  --methods {}", words(&rule.methods));
        if !rule.allowed_headers.is_empty() {
            let _ = write!(out, " \\\n  --allowed-headers {}", words(&rule.allowed_headers));
        }
        if !rule.exposed_headers.is_empty() {
            let _ = write!(out, " \\\n  --exposed-headers {}", words(&rule.exposed_headers));
        }
        let _ = writeln!(out, " \\\n  --max-age {}", rule.max_age);
    }
    Emitted {
        text: out,
        notes,
        apply: vec![
            "sh cors.sh (signed in with az login, or with --account-key / a connection string added to each command)"
                .to_owned(),
        ],
    }
}
