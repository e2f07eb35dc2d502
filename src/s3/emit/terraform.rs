//! Terraform: the standalone `aws_s3_bucket_cors_configuration` (AWS provider v4+), and the
//! legacy inline `cors_rule` blocks of `aws_s3_bucket` — rendered, or patched into the user's
//! own file. The two must not manage the same bucket (s3-cors.md §6).

use std::fmt::Write as _;

use super::quote::{hcl_list, hcl_string, left_out};
use super::{Emitted, Target, comment_block};
use crate::s3::{CorsConfiguration, CorsRule};

const MIXING: &str = "Inline cors_rule blocks in resource \"aws_s3_bucket\" (deprecated since AWS provider v4) and a separate aws_s3_bucket_cors_configuration must not both manage the bucket: each apply would undo the other, and only one aws_s3_bucket_cors_configuration may exist per bucket.";

/// `aws_s3_bucket_cors_configuration`, formatted as `terraform fmt` would.
pub(super) fn standalone(target: &Target<'_>, config: &CorsConfiguration) -> Emitted {
    let notes = vec![format!(
        "{MIXING} If your aws_s3_bucket still has cors_rule blocks, use the terraform-inline form instead."
    )];
    let mut out = comment_block("# ", &notes);
    let _ = writeln!(
        out,
        "resource \"aws_s3_bucket_cors_configuration\" \"{}\" {{",
        terraform_identifier(target.bucket)
    );
    let _ = writeln!(out, "  bucket = {}", hcl_string(target.bucket));
    for rule in &config.rules {
        out.push('\n');
        cors_rule_block(&mut out, "  ", rule, true);
    }
    out.push_str("}\n");
    Emitted {
        text: out,
        notes,
        apply: vec![
            "Replace the cors_rule blocks of the bucket's aws_s3_bucket_cors_configuration with these (or add the resource); `bucket` may refer to your resource instead (aws_s3_bucket.NAME.id).".to_owned(),
            "terraform plan".to_owned(),
            "terraform apply".to_owned(),
        ],
    }
}

/// The replacement `cors_rule` blocks, shown inside an `aws_s3_bucket` resource whose other
/// arguments the user keeps. Inline `cors_rule` has no `id` argument.
pub(super) fn inline(target: &Target<'_>, config: &CorsConfiguration) -> Emitted {
    let mut notes = vec![
        format!(
            "Replace every cors_rule block inside your resource \"aws_s3_bucket\" for bucket {} with the blocks below, and keep its other arguments.",
            super::quote::quoted(target.bucket)
        ),
        MIXING.to_owned(),
    ];
    notes.extend(dropped_ids_note(config));
    let mut out = comment_block("# ", &notes);
    let _ = writeln!(
        out,
        "resource \"aws_s3_bucket\" \"{}\" {{",
        terraform_identifier(target.bucket)
    );
    let _ = writeln!(out, "  bucket = {}", hcl_string(target.bucket));
    out.push_str("  # ... the resource's other arguments stay as they are\n");
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

fn dropped_ids_note(config: &CorsConfiguration) -> Option<String> {
    let ids: Vec<String> = config.rules.iter().filter_map(|r| r.id.clone()).collect();
    (!ids.is_empty()).then(|| format!("Inline cors_rule blocks have no id argument: {}.", left_out(&ids)))
}

/// One `cors_rule { ... }` block at `indent`, attributes aligned as `terraform fmt` aligns
/// consecutive single-line attributes.
pub(super) fn cors_rule_block(out: &mut String, indent: &str, rule: &CorsRule, with_id: bool) {
    let _ = writeln!(out, "{indent}cors_rule {{");
    let attributes = attributes(rule, with_id);
    let width = attributes.iter().map(|(key, _)| key.len()).max().unwrap_or(0);
    for (key, value) in &attributes {
        let _ = writeln!(out, "{indent}  {key:<width$} = {value}");
    }
    let _ = writeln!(out, "{indent}}}");
}

fn attributes(rule: &CorsRule, with_id: bool) -> Vec<(&'static str, String)> {
    let mut attributes = Vec::new();
    if let (Some(id), true) = (&rule.id, with_id) {
        attributes.push(("id", hcl_string(id)));
    }
    attributes.push(("allowed_origins", hcl_list(&rule.allowed_origins)));
    attributes.push(("allowed_methods", hcl_list(&rule.allowed_methods)));
    if !rule.allowed_headers.is_empty() {
        attributes.push(("allowed_headers", hcl_list(&rule.allowed_headers)));
    }
    if !rule.expose_headers.is_empty() {
        attributes.push(("expose_headers", hcl_list(&rule.expose_headers)));
    }
    if let Some(max_age) = rule.max_age_seconds {
        attributes.push(("max_age_seconds", max_age.to_string()));
    }
    attributes
}

/// A Terraform resource name from a bucket name: letters, digits and underscores, starting with
/// a letter or underscore (`my-bucket.logs` → `my_bucket_logs`, `123` → `bucket_123`).
pub fn terraform_identifier(bucket: &str) -> String {
    let mut name: String = bucket
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        name.insert_str(0, "bucket_");
    }
    name
}

// ---------------------------------------------------------------------------------------------
// Patching the user's file

/// The user's Terraform text with the bucket's inline `cors_rule` blocks replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlinePatch {
    /// The whole file, patched.
    pub text: String,
    /// The `aws_s3_bucket` resource patched (its second label).
    pub resource: String,
    /// How many `cors_rule` (and `dynamic "cors_rule"`) blocks were replaced.
    pub replaced: usize,
    /// What the user should know: IDs left out, a dynamic block replaced, a standalone
    /// `aws_s3_bucket_cors_configuration` also found.
    pub notes: Vec<String>,
}

/// Why the file could not be patched. Messages say what was expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PatchError {
    #[error(
        "no resource \"aws_s3_bucket\" found; expected the bucket's legacy resource with its inline cors_rule blocks"
    )]
    NoBucketResource,
    #[error("several resource \"aws_s3_bucket\" blocks ({}) and none has bucket = {bucket:?}; expected one whose bucket argument is the bucket's name", .names.join(", "))]
    Ambiguous { bucket: String, names: Vec<String> },
    #[error("line {line}: {what} does not end; expected a well-formed Terraform file")]
    Unterminated { what: &'static str, line: usize },
}

/// Replaces the inline `cors_rule` blocks of the `aws_s3_bucket` resource for `bucket` in the
/// Terraform text `existing` with `config`'s rules; everything else is kept byte for byte. The
/// resource is the one whose `bucket` argument is the literal bucket name, or the only
/// `aws_s3_bucket` in the file. Blocks with `cors_rule` go where the first old one was, or at the
/// end of the resource.
pub fn patch_terraform_inline(
    existing: &str,
    bucket: &str,
    config: &CorsConfiguration,
) -> Result<InlinePatch, PatchError> {
    let tokens = hcl::tokens(existing)?;
    let blocks = hcl::resources(existing, &tokens);
    let buckets: Vec<&hcl::Resource> = blocks.iter().filter(|b| b.kind == "aws_s3_bucket").collect();
    let resource = match buckets.iter().find(|b| b.bucket.as_deref() == Some(bucket)) {
        Some(found) => *found,
        None => match buckets.as_slice() {
            [] => return Err(PatchError::NoBucketResource),
            [only] => *only,
            many => {
                return Err(PatchError::Ambiguous {
                    bucket: bucket.to_owned(),
                    names: many.iter().map(|b| b.name.clone()).collect(),
                });
            }
        },
    };

    let mut notes = Vec::new();
    notes.extend(dropped_ids_note(config));
    if resource.dynamic_rules > 0 {
        notes.push("A dynamic \"cors_rule\" block was replaced by literal cors_rule blocks.".to_owned());
    }
    for standalone in blocks.iter().filter(|b| b.kind == "aws_s3_bucket_cors_configuration") {
        notes.push(format!(
            "The file also has resource \"aws_s3_bucket_cors_configuration\" \"{}\": if it is for the same bucket, remove it. {MIXING}",
            standalone.name
        ));
    }

    // Line-wise spans of the old blocks; a blank line before each goes with it.
    let spans: Vec<(usize, usize)> = resource
        .rules
        .iter()
        .map(|&(start, end)| hcl::line_span(existing, start, end))
        .collect();
    let indent = resource.indent.clone();
    let mut blocks_text = String::new();
    for (i, rule) in config.rules.iter().enumerate() {
        if i > 0 {
            blocks_text.push('\n');
        }
        cors_rule_block(&mut blocks_text, &indent, rule, false);
    }

    let mut text = String::with_capacity(existing.len() + blocks_text.len());
    let insert_at;
    let mut lead_blank;
    match spans.first() {
        Some(&(first_start, _)) => {
            insert_at = first_start;
            lead_blank = existing[first_start..]
                .split('\n')
                .next()
                .is_some_and(|l| l.trim().is_empty());
        }
        None => {
            insert_at = hcl::line_start_if_blank_before(existing, resource.close);
            let before = existing[..insert_at].trim_end_matches([' ', '\t']);
            lead_blank = !before.ends_with("\n\n") && !before.ends_with('{');
        }
    }
    if config.rules.is_empty() {
        lead_blank = false;
    }
    let mut cursor = 0;
    for (i, &(start, end)) in spans.iter().enumerate() {
        text.push_str(&existing[cursor..start]);
        if i == 0 {
            push_blocks(&mut text, lead_blank, &blocks_text, existing, insert_at);
        }
        cursor = end;
    }
    if spans.is_empty() {
        text.push_str(&existing[..insert_at]);
        push_blocks(&mut text, lead_blank, &blocks_text, existing, insert_at);
        cursor = insert_at;
    }
    text.push_str(&existing[cursor..]);
    Ok(InlinePatch {
        text,
        resource: resource.name.clone(),
        replaced: resource.rules.len(),
        notes,
    })
}

fn push_blocks(text: &mut String, lead_blank: bool, blocks: &str, existing: &str, at: usize) {
    if lead_blank {
        text.push('\n');
    }
    // A one-line resource (`resource "aws_s3_bucket" "b" { bucket = "b" }`): start on a line.
    if at > 0 && !existing[..at].ends_with('\n') && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(blocks);
}

/// Just enough of HCL's lexical syntax to find blocks without being fooled by strings,
/// templates, heredocs and comments.
mod hcl {
    use super::PatchError;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub(super) enum Tok {
        Ident(usize, usize),
        /// A quoted string, quotes included.
        Str(usize, usize),
        Open(usize),
        Close(usize),
        Eq,
        Other,
    }

    fn line_of(text: &str, offset: usize) -> usize {
        text.as_bytes()[..offset.min(text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    pub(super) fn tokens(text: &str) -> Result<Vec<Tok>, PatchError> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            match c {
                b' ' | b'\t' | b'\r' | b'\n' => i += 1,
                b'#' => i = skip_line(b, i),
                b'/' if b.get(i + 1) == Some(&b'/') => i = skip_line(b, i),
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    i = find(b, i + 2, b"*/").map(|e| e + 2).ok_or(PatchError::Unterminated {
                        what: "a /* comment",
                        line: line_of(text, i),
                    })?;
                }
                b'"' => {
                    let end = skip_string(text, i)?;
                    out.push(Tok::Str(i, end));
                    i = end;
                }
                b'<' if b.get(i + 1) == Some(&b'<') && heredoc_marker(b, i).is_some() => {
                    i = skip_heredoc(text, i)?;
                    out.push(Tok::Other);
                }
                b'{' => {
                    out.push(Tok::Open(i));
                    i += 1;
                }
                b'}' => {
                    out.push(Tok::Close(i));
                    i += 1;
                }
                b'=' if !matches!(b.get(i + 1), Some(b'=' | b'>')) && !matches!(out.last(), Some(Tok::Other)) => {
                    out.push(Tok::Eq);
                    i += 1;
                }
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    let start = i;
                    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-') {
                        i += 1;
                    }
                    out.push(Tok::Ident(start, i));
                }
                _ => {
                    out.push(Tok::Other);
                    i += text[i..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
        Ok(out)
    }

    fn skip_line(b: &[u8], i: usize) -> usize {
        b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p)
    }

    fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
        b.get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| from + p)
    }

    /// From the opening quote to just past the closing one.
    fn skip_string(text: &str, start: usize) -> Result<usize, PatchError> {
        let b = text.as_bytes();
        let mut i = start + 1;
        while i < b.len() {
            match b[i] {
                b'\\' => i += 2,
                b'"' => return Ok(i + 1),
                b'$' | b'%' if b.get(i + 1) == Some(&b[i]) && b.get(i + 2) == Some(&b'{') => i += 3,
                b'$' | b'%' if b.get(i + 1) == Some(&b'{') => i = skip_template(text, i + 2)?,
                b'\n' => break,
                _ => i += 1,
            }
        }
        Err(PatchError::Unterminated {
            what: "a quoted string",
            line: line_of(text, start),
        })
    }

    /// From just inside `${` to just past its `}`.
    fn skip_template(text: &str, start: usize) -> Result<usize, PatchError> {
        let b = text.as_bytes();
        let mut depth = 1;
        let mut i = start;
        while i < b.len() {
            match b[i] {
                b'"' => i = skip_string(text, i)?,
                b'{' => {
                    depth += 1;
                    i += 1;
                }
                b'}' => {
                    depth -= 1;
                    i += 1;
                    if depth == 0 {
                        return Ok(i);
                    }
                }
                _ => i += 1,
            }
        }
        Err(PatchError::Unterminated {
            what: "a ${ template",
            line: line_of(text, start),
        })
    }

    /// `<<EOF` or `<<-EOF` followed by the end of the line: the marker.
    fn heredoc_marker(b: &[u8], i: usize) -> Option<(usize, usize)> {
        let mut j = i + 2;
        if b.get(j) == Some(&b'-') {
            j += 1;
        }
        let start = j;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
            j += 1;
        }
        let rest_blank = b[j..]
            .iter()
            .take_while(|&&c| c != b'\n')
            .all(|c| c.is_ascii_whitespace());
        (j > start && rest_blank && b[start].is_ascii_alphabetic()).then_some((start, j))
    }

    fn skip_heredoc(text: &str, i: usize) -> Result<usize, PatchError> {
        let b = text.as_bytes();
        let Some((start, end)) = heredoc_marker(b, i) else {
            return Ok(i + 2);
        };
        let marker = &text[start..end];
        let mut line_start = skip_line(b, end) + 1;
        while line_start <= b.len() {
            let line_end = skip_line(b, line_start.min(b.len()));
            if text.get(line_start..line_end).is_some_and(|l| l.trim() == marker) {
                return Ok(line_end);
            }
            if line_end >= b.len() {
                break;
            }
            line_start = line_end + 1;
        }
        Err(PatchError::Unterminated {
            what: "a heredoc",
            line: line_of(text, i),
        })
    }

    /// A top-level `resource "KIND" "NAME" { ... }`.
    pub(super) struct Resource {
        pub kind: String,
        pub name: String,
        /// The literal value of its `bucket = "..."` argument.
        pub bucket: Option<String>,
        /// The byte offset of its closing brace.
        pub close: usize,
        /// `cors_rule { }` and `dynamic "cors_rule" { }` blocks in its body: first byte to just
        /// past the closing brace.
        pub rules: Vec<(usize, usize)>,
        pub dynamic_rules: usize,
        /// The indentation of its body.
        pub indent: String,
    }

    fn unquote(text: &str, start: usize, end: usize) -> Option<String> {
        let raw = text.get(start + 1..end.saturating_sub(1))?;
        (!raw.contains(['\\', '$', '%'])).then(|| raw.to_owned())
    }

    fn matching_close(tokens: &[Tok], open: usize) -> Option<usize> {
        let mut depth = 0usize;
        for (k, tok) in tokens.iter().enumerate().skip(open) {
            match tok {
                Tok::Open(_) => depth += 1,
                Tok::Close(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some(k);
                    }
                }
                _ => {}
            }
        }
        None
    }

    pub(super) fn resources(text: &str, tokens: &[Tok]) -> Vec<Resource> {
        let mut out = Vec::new();
        let mut k = 0;
        while k < tokens.len() {
            if let [Tok::Ident(a, b), Tok::Str(ks, ke), Tok::Str(ns, ne), Tok::Open(_), ..] = tokens[k..]
                && &text[a..b] == "resource"
            {
                let Some(close) = matching_close(tokens, k + 3) else {
                    break;
                };
                let kind = unquote(text, ks, ke).unwrap_or_default();
                let name = unquote(text, ns, ne).unwrap_or_default();
                out.push(body(text, tokens, k + 3, close, kind, name));
                k = close + 1;
                continue;
            }
            // Skip any other top-level block whole.
            if let Tok::Open(_) = tokens[k] {
                k = matching_close(tokens, k).map_or(tokens.len(), |c| c + 1);
                continue;
            }
            k += 1;
        }
        out
    }

    fn body(text: &str, tokens: &[Tok], open: usize, close: usize, kind: String, name: String) -> Resource {
        let close_offset = match tokens[close] {
            Tok::Close(p) => p,
            _ => text.len(),
        };
        let mut resource = Resource {
            kind,
            name,
            bucket: None,
            close: close_offset,
            rules: Vec::new(),
            dynamic_rules: 0,
            indent: String::new(),
        };
        let mut first_ident = None;
        let mut k = open + 1;
        while k < close {
            match tokens[k..close] {
                [Tok::Ident(a, b), Tok::Eq, Tok::Str(s, e), ..] if &text[a..b] == "bucket" => {
                    resource.bucket = unquote(text, s, e);
                    first_ident.get_or_insert(a);
                    k += 3;
                }
                [Tok::Ident(a, b), Tok::Open(_), ..] if &text[a..b] == "cors_rule" => {
                    first_ident.get_or_insert(a);
                    let end = matching_close(tokens, k + 1).unwrap_or(close);
                    let end_offset = match tokens[end] {
                        Tok::Close(p) => p + 1,
                        _ => close_offset,
                    };
                    resource.rules.push((a, end_offset));
                    k = end + 1;
                }
                [Tok::Ident(a, b), Tok::Str(s, e), Tok::Open(_), ..]
                    if &text[a..b] == "dynamic" && unquote(text, s, e).as_deref() == Some("cors_rule") =>
                {
                    first_ident.get_or_insert(a);
                    let end = matching_close(tokens, k + 2).unwrap_or(close);
                    let end_offset = match tokens[end] {
                        Tok::Close(p) => p + 1,
                        _ => close_offset,
                    };
                    resource.rules.push((a, end_offset));
                    resource.dynamic_rules += 1;
                    k = end + 1;
                }
                [Tok::Ident(a, _), ..] => {
                    first_ident.get_or_insert(a);
                    k += 1;
                }
                [Tok::Open(_), ..] => k = matching_close(tokens, k).map_or(close, |c| c + 1),
                _ => k += 1,
            }
        }
        resource.indent = match first_ident {
            Some(at) if at_line_start(text, at) => indentation(text, at),
            _ => format!("{}  ", indentation(text, close_offset)),
        };
        resource
    }

    fn line_start(text: &str, at: usize) -> usize {
        text[..at].rfind('\n').map_or(0, |p| p + 1)
    }

    fn at_line_start(text: &str, at: usize) -> bool {
        text[line_start(text, at)..at].chars().all(|c| c == ' ' || c == '\t')
    }

    fn indentation(text: &str, at: usize) -> String {
        text[line_start(text, at)..at]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect()
    }

    /// `at` moved back to its line's start when only blanks precede it on the line.
    pub(super) fn line_start_if_blank_before(text: &str, at: usize) -> usize {
        if at_line_start(text, at) {
            line_start(text, at)
        } else {
            at
        }
    }

    /// The span of a block widened to whole lines when nothing else shares them, with one
    /// blank line before it.
    pub(super) fn line_span(text: &str, start: usize, end: usize) -> (usize, usize) {
        let line_rest = text[end..].split('\n').next().unwrap_or("");
        if !at_line_start(text, start) || !line_rest.trim().is_empty() {
            return (start, end);
        }
        let mut s = line_start(text, start);
        let e = (end + line_rest.len() + 1).min(text.len());
        if s > 0 {
            let previous = line_start(text, s - 1);
            if text[previous..s - 1].trim().is_empty() {
                s = previous;
            }
        }
        (s, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn rule(origins: &[&str], methods: &[&str]) -> CorsRule {
        CorsRule {
            allowed_origins: strings(origins),
            allowed_methods: strings(methods),
            ..CorsRule::default()
        }
    }

    fn config() -> CorsConfiguration {
        CorsConfiguration {
            rules: vec![
                CorsRule {
                    id: Some("app".into()),
                    allowed_headers: strings(&["content-type"]),
                    ..rule(&["https://app.example.com"], &["GET", "PUT"])
                },
                rule(&["*"], &["GET"]),
            ],
        }
    }

    const LEGACY: &str = r#"# the site's bucket
resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
  acl    = "private" # keep {this}

  tags = {
    Name = "cors_rule { not a block }"
  }

  cors_rule {
    allowed_origins = ["https://old.example.com"]
    allowed_methods = ["GET"]
  }

  cors_rule {
    allowed_origins = ["*"]
    allowed_methods = ["HEAD"]
  }

  versioning {
    enabled = true
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  policy = <<EOF
{ "cors_rule": { } }
EOF
}
"#;

    #[test]
    fn patch_replaces_only_the_bucket_s_cors_rules() {
        let patch = patch_terraform_inline(LEGACY, "acme-site", &config()).unwrap();
        assert_eq!(patch.resource, "site");
        assert_eq!(patch.replaced, 2);
        let expected = LEGACY.replace(
            "  cors_rule {\n    allowed_origins = [\"https://old.example.com\"]\n    allowed_methods = [\"GET\"]\n  }\n\n  cors_rule {\n    allowed_origins = [\"*\"]\n    allowed_methods = [\"HEAD\"]\n  }\n",
            "  cors_rule {\n    allowed_origins = [\"https://app.example.com\"]\n    allowed_methods = [\"GET\", \"PUT\"]\n    allowed_headers = [\"content-type\"]\n  }\n\n  cors_rule {\n    allowed_origins = [\"*\"]\n    allowed_methods = [\"GET\"]\n  }\n",
        );
        assert_eq!(patch.text, expected);
        assert_eq!(
            patch.notes,
            ["Inline cors_rule blocks have no id argument: \"app\" is left out."]
        );
    }

    #[test]
    fn patch_adds_blocks_when_there_are_none() {
        let patch = patch_terraform_inline(LEGACY, "acme-logs", &config()).unwrap();
        assert_eq!(patch.resource, "logs");
        assert_eq!(patch.replaced, 0);
        assert!(patch.text.ends_with(
            "EOF\n\n  cors_rule {\n    allowed_origins = [\"https://app.example.com\"]\n    allowed_methods = [\"GET\", \"PUT\"]\n    allowed_headers = [\"content-type\"]\n  }\n\n  cors_rule {\n    allowed_origins = [\"*\"]\n    allowed_methods = [\"GET\"]\n  }\n}\n"
        ), "{}", patch.text);
        assert!(patch.text.starts_with(&LEGACY[..LEGACY.find("EOF\n}").unwrap()]));
    }

    #[test]
    fn patch_picks_the_only_bucket_and_reports_what_it_cannot_pick() {
        let one = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = var.name\n  dynamic \"cors_rule\" {\n    for_each = var.rules\n    content {\n      allowed_origins = cors_rule.value.origins\n    }\n  }\n}\nresource \"aws_s3_bucket_cors_configuration\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n}\n";
        let patch = patch_terraform_inline(one, "whatever", &config()).unwrap();
        assert_eq!(patch.replaced, 1);
        assert!(!patch.text.contains("dynamic"));
        assert!(
            patch
                .text
                .starts_with("resource \"aws_s3_bucket\" \"b\" {\n  bucket = var.name\n  cors_rule {\n"),
            "{}",
            patch.text
        );
        assert_eq!(patch.notes.len(), 3, "{:?}", patch.notes);
        assert!(patch.notes[2].contains("\"aws_s3_bucket_cors_configuration\" \"b\""));

        assert_eq!(
            patch_terraform_inline(LEGACY, "other", &config()),
            Err(PatchError::Ambiguous {
                bucket: "other".into(),
                names: vec!["site".into(), "logs".into()]
            })
        );
        assert_eq!(
            patch_terraform_inline("variable \"x\" {}\n", "b", &config()),
            Err(PatchError::NoBucketResource)
        );
        let e = patch_terraform_inline(
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\n}\n",
            "b",
            &config(),
        );
        assert_eq!(
            e.unwrap_err().to_string(),
            "line 2: a quoted string does not end; expected a well-formed Terraform file"
        );
    }

    #[test]
    fn patch_never_panics_on_generated_text() {
        // Pieces of HCL glued at random (a fixed LCG, so the run is reproducible).
        let pieces = [
            "resource",
            " \"aws_s3_bucket\"",
            " \"b\"",
            " {",
            "}",
            "\n",
            "cors_rule",
            "dynamic",
            " \"cors_rule\"",
            "bucket = \"b\"",
            "\"",
            "\\",
            "${",
            "%{",
            "$${",
            "#",
            "//",
            "/*",
            "*/",
            "<<EOF\n",
            "<<-X\n",
            "EOF\n",
            "=",
            "==",
            "=>",
            "é",
            "\u{0}",
            " ",
            "\t",
            "[1, {a = 2}]",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(state % 40) {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            if let Ok(patch) = patch_terraform_inline(&text, "b", &config()) {
                assert!(patch.text.contains("cors_rule {"), "{text:?}");
            }
        }
    }

    #[test]
    fn patch_never_panics_on_odd_text() {
        for text in [
            "",
            "resource",
            "resource \"aws_s3_bucket\" \"b\" {",
            "resource \"aws_s3_bucket\" \"b\" { cors_rule {",
            "resource \"aws_s3_bucket\" \"b\" { bucket = \"b\" }",
            "resource \"aws_s3_bucket\" \"b\" {\n  x = \"${ {a = \"}\"} }\"\n  cors_rule { }\n}",
            "/* unterminated",
            "x = <<EOF\nno end",
            "é\u{0}\"",
        ] {
            let _ = patch_terraform_inline(text, "b", &config());
        }
        let one_line =
            patch_terraform_inline("resource \"aws_s3_bucket\" \"b\" { bucket = \"b\" }", "b", &config()).unwrap();
        assert!(one_line.text.contains("\n  cors_rule {\n"), "{}", one_line.text);
    }
}
