//! DigitalOcean Spaces: the S3 API with the Spaces endpoint, or Terraform's
//! `digitalocean_spaces_bucket_cors_configuration`. Source: s3-cors.md §6 (Other stores).

use std::fmt::Write as _;

use super::host::spaces_region;
use super::quote::{hcl_string, left_out, shell_quote};
use super::s3::aws_cli_json;
use super::terraform::{cors_rule_block, terraform_identifier};
use super::{Emitted, Target, comment_block};
use crate::s3::CorsConfiguration;

fn region<'a>(target: &Target<'a>) -> &'a str {
    target.host.and_then(spaces_region).unwrap_or("REGION")
}

/// The aws-cli JSON, applied with `--endpoint-url https://REGION.digitaloceanspaces.com`.
pub(super) fn json(target: &Target<'_>, config: &CorsConfiguration) -> Emitted {
    let endpoint = format!("https://{}.digitaloceanspaces.com", region(target));
    Emitted {
        text: aws_cli_json(config),
        notes: Vec::new(),
        apply: vec![format!(
            "aws s3api put-bucket-cors --bucket {} --cors-configuration file://cors.json --endpoint-url {}",
            shell_quote(target.bucket),
            shell_quote(&endpoint)
        )],
    }
}

pub(super) fn terraform(target: &Target<'_>, config: &CorsConfiguration) -> Emitted {
    let mut notes = Vec::new();
    let ids: Vec<String> = config.rules.iter().filter_map(|r| r.id.clone()).collect();
    if !ids.is_empty() {
        notes.push(format!(
            "Rule IDs: {} (the documented cors_rule arguments are allowed_headers, allowed_methods, allowed_origins, expose_headers and max_age_seconds).", left_out(&ids)
        ));
    }
    notes.push("Only one CORS configuration manages a Space: replace its cors_rule blocks (or those inline in digitalocean_spaces_bucket) with these.".to_owned());
    let mut out = comment_block("# ", &notes);
    let _ = writeln!(
        out,
        "resource \"digitalocean_spaces_bucket_cors_configuration\" \"{}\" {{",
        terraform_identifier(target.bucket)
    );
    let _ = writeln!(out, "  bucket = {}", hcl_string(target.bucket));
    let _ = writeln!(out, "  region = {}", hcl_string(region(target)));
    for rule in &config.rules {
        out.push('\n');
        cors_rule_block(&mut out, "  ", rule, false);
    }
    out.push_str("}\n");
    Emitted {
        text: out,
        notes,
        apply: vec!["terraform plan".to_owned(), "terraform apply".to_owned()],
    }
}
