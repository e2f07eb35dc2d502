//! The fix in the forms users manage: aws-cli JSON (the canonical form, what `put-bucket-cors`
//! takes), the S3 console's bare array, the API's XML, Terraform, CloudFormation and CDK, plus a
//! line diff between two configurations. Source: ../shared/reference/s3-cors.md §1.1, §6.
//!
//! Every form writes the same rules in the same order, omits empty optional fields (ID,
//! AllowedHeaders, ExposeHeaders, MaxAgeSeconds) and quotes every string for its language, so any
//! value S3 accepts survives the round trip.

use std::fmt::Write as _;

use serde::Serialize;

use super::{CorsConfiguration, CorsRule};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    AwsCli,
    Console,
    Xml,
    Terraform,
    CloudFormation,
    Cdk,
}

impl Form {
    pub const ALL: [Form; 6] = [
        Form::AwsCli,
        Form::Console,
        Form::Xml,
        Form::Terraform,
        Form::CloudFormation,
        Form::Cdk,
    ];

    /// The usual file extension for this form.
    pub fn extension(self) -> &'static str {
        match self {
            Form::AwsCli | Form::Console => "json",
            Form::Xml => "xml",
            Form::Terraform => "tf",
            Form::CloudFormation => "yaml",
            Form::Cdk => "ts",
        }
    }
}

/// Renders `config` for `bucket` in `form`. Every rendering ends with a newline.
pub fn render(form: Form, bucket: &str, config: &CorsConfiguration) -> String {
    match form {
        Form::AwsCli => aws_cli_json(config),
        Form::Console => console_json(config),
        Form::Xml => xml(config),
        Form::Terraform => terraform(bucket, config),
        Form::CloudFormation => cloudformation(bucket, config),
        Form::Cdk => cdk(bucket, config),
    }
}

/// `aws s3api put-bucket-cors --bucket B --cors-configuration file://FILE`, each argument
/// quoted for a POSIX shell when it needs it.
pub fn put_bucket_cors_command(bucket: &str, file: &str) -> String {
    format!(
        "aws s3api put-bucket-cors --bucket {} --cors-configuration {}",
        shell_quote(bucket),
        shell_quote(&format!("file://{file}"))
    )
}

/// A unified line diff of the aws-cli JSON of `old` (`None`: no configuration) and `new`: every
/// line of both texts, prefixed `-` (only in old), `+` (only in new) or ` ` (in both).
pub fn diff(old: Option<&CorsConfiguration>, new: &CorsConfiguration) -> String {
    let old_text = old.map(aws_cli_json).unwrap_or_default();
    let new_text = aws_cli_json(new);
    let old_lines: Vec<&str> = old_text.lines().collect();
    let new_lines: Vec<&str> = new_text.lines().collect();
    let mut out = String::new();
    for (tag, line) in line_diff(&old_lines, &new_lines) {
        out.push(tag.prefix());
        out.push_str(line);
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// JSON (aws-cli, console)

/// Pretty JSON, two-space indent, the aws-cli field names (`CORSRules`, `ID`, `ExposeHeaders`,
/// `MaxAgeSeconds`) from the model's serde attributes.
fn aws_cli_json(config: &CorsConfiguration) -> String {
    pretty_json(config)
}

/// The S3 console's CORS editor takes the rules as a bare array, without `CORSRules`.
fn console_json(config: &CorsConfiguration) -> String {
    pretty_json(&config.rules)
}

fn pretty_json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serializing plain strings, vectors and integers cannot fail.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

// ---------------------------------------------------------------------------------------------
// S3 API XML

const S3_XMLNS: &str = "http://s3.amazonaws.com/doc/2006-03-01/";

/// The `PutBucketCors` body: singular, repeated element names in the S3 namespace.
fn xml(config: &CorsConfiguration) -> String {
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

/// Escapes `& < > " '`; a CR becomes a character reference so XML's line-end normalization does
/// not turn it into a LF.
fn xml_escape(value: &str) -> String {
    quick_xml::escape::escape(value).replace('\r', "&#xD;")
}

// ---------------------------------------------------------------------------------------------
// Terraform

/// `aws_s3_bucket_cors_configuration` (AWS provider v4+), formatted as `terraform fmt` would.
fn terraform(bucket: &str, config: &CorsConfiguration) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "resource \"aws_s3_bucket_cors_configuration\" \"{}\" {{",
        terraform_identifier(bucket)
    );
    let _ = writeln!(out, "  bucket = {}", hcl_string(bucket));
    for rule in &config.rules {
        out.push_str("\n  cors_rule {\n");
        let attributes = terraform_attributes(rule);
        // `terraform fmt` aligns the `=` of consecutive single-line attributes.
        let width = attributes.iter().map(|(key, _)| key.len()).max().unwrap_or(0);
        for (key, value) in &attributes {
            let _ = writeln!(out, "    {key:<width$} = {value}");
        }
        out.push_str("  }\n");
    }
    out.push_str("}\n");
    out
}

fn terraform_attributes(rule: &CorsRule) -> Vec<(&'static str, String)> {
    let mut attributes = Vec::new();
    if let Some(id) = &rule.id {
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

fn hcl_list(values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|v| hcl_string(v)).collect();
    format!("[{}]", items.join(", "))
}

/// An HCL quoted string: backslash escapes, and `${` / `%{` doubled so Terraform does not read
/// them as template interpolation or directives.
fn hcl_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------------------------
// CloudFormation

/// An `AWS::S3::Bucket` with `CorsConfiguration.CorsRules`, using CloudFormation's names (`Id`,
/// `ExposedHeaders`, `MaxAge`). Every string is double-quoted, so `*`, `yes`, `null` or `GET`
/// stay strings.
fn cloudformation(bucket: &str, config: &CorsConfiguration) -> String {
    let mut out = String::from("Resources:\n");
    let _ = writeln!(out, "  {}:", cloudformation_logical_id(bucket));
    out.push_str("    Type: AWS::S3::Bucket\n    Properties:\n");
    let _ = writeln!(out, "      BucketName: {}", yaml_string(bucket));
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
            if values.is_empty() {
                out.push_str(" []\n");
                continue;
            }
            out.push('\n');
            for value in values {
                let _ = writeln!(out, "              - {}", yaml_string(value));
            }
        }
        if let Some(max_age) = rule.max_age_seconds {
            key(&mut out, "MaxAge");
            let _ = writeln!(out, " {max_age}");
        }
    }
    out
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

/// A YAML double-quoted scalar. Characters YAML cannot hold unescaped (C0/C1 controls, DEL,
/// U+FFFE/U+FFFF) become `\uXXXX`.
fn yaml_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if !is_yaml_printable(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// YAML 1.2 `c-printable` (minus TAB and LF, escaped above).
fn is_yaml_printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}') || c >= '\u{10000}'
}

// ---------------------------------------------------------------------------------------------
// CDK

/// CDK v2 TypeScript: the `cors` property of the `s3.Bucket` (CDK names: `exposedHeaders`,
/// `maxAge`, `id`; methods as `s3.HttpMethods.X`).
fn cdk(bucket: &str, config: &CorsConfiguration) -> String {
    let mut out = String::from("import * as s3 from 'aws-cdk-lib/aws-s3';\n\n");
    let _ = writeln!(
        out,
        "new s3.Bucket(this, {}, {{",
        ts_string(&cloudformation_logical_id(bucket))
    );
    let _ = writeln!(out, "  bucketName: {},", ts_string(bucket));
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
    out
}

/// `s3.HttpMethods` has GET, PUT, HEAD, POST, DELETE; anything else (which S3 would reject)
/// is written as a cast string so the snippet still compiles and shows the value.
fn cdk_method(method: &str) -> String {
    if super::ALLOWABLE_METHODS.contains(&method) {
        format!("s3.HttpMethods.{method}")
    } else {
        format!("{} as s3.HttpMethods", ts_string(method))
    }
}

fn ts_list(values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|v| ts_string(v)).collect();
    format!("[{}]", items.join(", "))
}

/// A single-quoted TypeScript string literal.
fn ts_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{{{:X}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

// ---------------------------------------------------------------------------------------------
// Shell

/// POSIX shell quoting: left bare when only safe characters, else single-quoted.
fn shell_quote(arg: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c);
    if !arg.is_empty() && arg.chars().all(safe) {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

// ---------------------------------------------------------------------------------------------
// Line diff

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Same,
    Removed,
    Added,
}

impl Tag {
    fn prefix(self) -> char {
        match self {
            Tag::Same => ' ',
            Tag::Removed => '-',
            Tag::Added => '+',
        }
    }
}

/// Above this many cells the LCS table is not built and the middle is shown as removed then
/// added (still a correct diff, just not minimal). 4M cells of u32 = 16 MB.
const MAX_LCS_CELLS: usize = 4_000_000;

/// A line diff by longest common subsequence, after trimming the common prefix and suffix.
/// Removals are listed before additions where both are possible.
fn line_diff<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<(Tag, &'a str)> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (old_mid, new_mid) = (&old[prefix..old.len() - suffix], &new[prefix..new.len() - suffix]);

    let mut out: Vec<(Tag, &str)> = old[..prefix].iter().map(|l| (Tag::Same, *l)).collect();
    if old_mid.len().saturating_mul(new_mid.len()) > MAX_LCS_CELLS {
        out.extend(old_mid.iter().map(|l| (Tag::Removed, *l)));
        out.extend(new_mid.iter().map(|l| (Tag::Added, *l)));
    } else {
        out.extend(lcs_diff(old_mid, new_mid));
    }
    out.extend(old[old.len() - suffix..].iter().map(|l| (Tag::Same, *l)));
    out
}

fn lcs_diff<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<(Tag, &'a str)> {
    let (n, m) = (old.len(), new.len());
    // lcs[i * (m + 1) + j] = LCS length of old[i..] and new[j..].
    let width = m + 1;
    let mut lcs = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * width + j] = if old[i] == new[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let mut out = Vec::with_capacity(n + m);
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if old[i] == new[j] {
            out.push((Tag::Same, old[i]));
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
            out.push((Tag::Removed, old[i]));
            i += 1;
        } else {
            out.push((Tag::Added, new[j]));
            j += 1;
        }
    }
    out.extend(old[i..].iter().map(|l| (Tag::Removed, *l)));
    out.extend(new[j..].iter().map(|l| (Tag::Added, *l)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn full_rule() -> CorsRule {
        CorsRule {
            id: Some("app".into()),
            allowed_headers: strings(&["content-type", "x-amz-*"]),
            allowed_methods: strings(&["GET", "PUT"]),
            allowed_origins: strings(&["https://app.example.com"]),
            expose_headers: strings(&["ETag"]),
            max_age_seconds: Some(3000),
        }
    }

    fn minimal_rule() -> CorsRule {
        CorsRule {
            allowed_methods: strings(&["GET"]),
            allowed_origins: strings(&["*"]),
            ..CorsRule::default()
        }
    }

    fn config(rules: Vec<CorsRule>) -> CorsConfiguration {
        CorsConfiguration { rules }
    }

    #[test]
    fn aws_cli_json_is_pretty_and_round_trips() {
        let c = config(vec![full_rule(), minimal_rule()]);
        let text = render(Form::AwsCli, "b", &c);
        assert!(text.starts_with("{\n  \"CORSRules\": [\n    {\n      \"ID\": \"app\",\n"));
        assert!(text.ends_with("}\n"));
        assert!(text.contains("\"ExposeHeaders\": [\n        \"ETag\"\n      ],"));
        assert!(text.contains("\"MaxAgeSeconds\": 3000"));
        let back: CorsConfiguration = serde_json::from_str(&text).unwrap();
        assert_eq!(back, c);
        // Empty optional fields are omitted.
        let minimal = render(Form::AwsCli, "b", &config(vec![minimal_rule()]));
        assert_eq!(
            minimal,
            "{\n  \"CORSRules\": [\n    {\n      \"AllowedMethods\": [\n        \"GET\"\n      ],\n      \
             \"AllowedOrigins\": [\n        \"*\"\n      ]\n    }\n  ]\n}\n"
        );
    }

    #[test]
    fn console_form_is_the_bare_array() {
        let text = render(Form::Console, "b", &config(vec![minimal_rule()]));
        assert!(text.starts_with("[\n  {\n    \"AllowedMethods\""));
        let back: Vec<CorsRule> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, vec![minimal_rule()]);
    }

    #[test]
    fn xml_uses_namespace_singular_names_and_escapes() {
        let mut rule = full_rule();
        rule.allowed_origins = strings(&["https://a.test?x=<1>&y=\"2\"'"]);
        let text = render(Form::Xml, "b", &config(vec![rule, minimal_rule()]));
        assert!(text.contains("<CORSConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"));
        assert!(text.contains("<AllowedOrigin>https://a.test?x=&lt;1&gt;&amp;y=&quot;2&quot;&apos;</AllowedOrigin>"));
        assert!(text.contains("    <AllowedMethod>GET</AllowedMethod>\n    <AllowedMethod>PUT</AllowedMethod>"));
        assert!(text.contains("<ExposeHeader>ETag</ExposeHeader>"));
        assert!(text.contains("<MaxAgeSeconds>3000</MaxAgeSeconds>"));
        assert_eq!(text.matches("<CORSRule>").count(), 2);
        // The minimal rule has no optional elements.
        let minimal = render(Form::Xml, "b", &config(vec![minimal_rule()]));
        assert!(!minimal.contains("<ID>") && !minimal.contains("MaxAgeSeconds") && !minimal.contains("AllowedHeader"));
        // It parses as XML.
        let mut reader = quick_xml::Reader::from_str(&text);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("invalid XML: {e}"),
            }
        }
    }

    #[test]
    fn terraform_quotes_escapes_and_aligns() {
        let mut rule = full_rule();
        rule.allowed_origins = strings(&["https://${var}.test", "a\"b\\c", "100%{x}"]);
        let text = render(Form::Terraform, "my-bucket.logs", &config(vec![rule, minimal_rule()]));
        assert!(text.starts_with(
            "resource \"aws_s3_bucket_cors_configuration\" \"my_bucket_logs\" {\n  bucket = \"my-bucket.logs\"\n\n  cors_rule {\n"
        ));
        assert!(text.contains("    allowed_origins = [\"https://$${var}.test\", \"a\\\"b\\\\c\", \"100%%{x}\"]\n"));
        assert!(text.contains("    id              = \"app\"\n"));
        assert!(text.contains("    max_age_seconds = 3000\n"));
        assert!(text.contains("    expose_headers  = [\"ETag\"]\n"));
        // The minimal rule: only the two required lists, aligned between themselves.
        assert!(
            text.ends_with("  cors_rule {\n    allowed_origins = [\"*\"]\n    allowed_methods = [\"GET\"]\n  }\n}\n")
        );
        assert_eq!(terraform_identifier("1bucket"), "bucket_1bucket");
        assert_eq!(terraform_identifier(""), "bucket_");
    }

    #[test]
    fn cloudformation_uses_cfn_names_and_quotes_everything() {
        let mut rule = full_rule();
        rule.allowed_headers = strings(&["*", "yes", "a\"b", "del\u{7f}"]);
        let text = render(
            Form::CloudFormation,
            "my-bucket.logs",
            &config(vec![rule, minimal_rule()]),
        );
        assert!(text.starts_with(
            "Resources:\n  MyBucketLogs:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: \"my-bucket.logs\"\n      CorsConfiguration:\n        CorsRules:\n          - Id: \"app\"\n"
        ));
        assert!(text.contains("            ExposedHeaders:\n              - \"ETag\"\n"));
        assert!(text.contains("            MaxAge: 3000\n"));
        assert!(text.contains("              - \"*\"\n              - \"yes\"\n              - \"a\\\"b\"\n              - \"del\\u007F\"\n"));
        assert!(!text.contains("ExposeHeaders") && !text.contains("MaxAgeSeconds") && !text.contains("ID:"));
        assert!(text.ends_with(
            "          - AllowedOrigins:\n              - \"*\"\n            AllowedMethods:\n              - \"GET\"\n"
        ));
        assert_eq!(cloudformation_logical_id("123-data"), "Bucket123Data");
    }

    #[test]
    fn cdk_uses_http_methods_and_cdk_names() {
        let mut rule = full_rule();
        rule.allowed_methods = strings(&["GET", "PATCH"]);
        rule.allowed_origins = strings(&["https://o'reilly.test"]);
        let text = render(Form::Cdk, "my-bucket", &config(vec![rule, minimal_rule()]));
        assert!(text.contains("new s3.Bucket(this, 'MyBucket', {\n  bucketName: 'my-bucket',\n  cors: [\n"));
        assert!(text.contains("      allowedMethods: [s3.HttpMethods.GET, 'PATCH' as s3.HttpMethods],\n"));
        assert!(text.contains("      allowedOrigins: ['https://o\\'reilly.test'],\n"));
        assert!(text.contains("      exposedHeaders: ['ETag'],\n      maxAge: 3000,\n"));
        assert!(text.contains("      id: 'app',\n"));
        assert!(
            text.contains("    {\n      allowedOrigins: ['*'],\n      allowedMethods: [s3.HttpMethods.GET],\n    },\n")
        );
        assert!(text.ends_with("  ],\n});\n"));
    }

    #[test]
    fn command_quotes_when_needed() {
        assert_eq!(
            put_bucket_cors_command("my-bucket", "cors.json"),
            "aws s3api put-bucket-cors --bucket my-bucket --cors-configuration file://cors.json"
        );
        assert_eq!(
            put_bucket_cors_command("b", "my cors's.json"),
            "aws s3api put-bucket-cors --bucket b --cors-configuration 'file://my cors'\\''s.json'"
        );
    }

    #[test]
    fn diff_marks_added_removed_and_kept_lines() {
        let old = config(vec![minimal_rule()]);
        let mut widened = minimal_rule();
        widened.allowed_methods = strings(&["GET", "PUT"]);
        let new = config(vec![widened]);
        let d = diff(Some(&old), &new);
        assert!(
            d.contains("-        \"GET\"\n+        \"GET\",\n+        \"PUT\"\n       ]"),
            "{d}"
        );
        let kept: String = d
            .lines()
            .filter(|l| !l.starts_with('+'))
            .map(|l| format!("{}\n", &l[1..]))
            .collect();
        assert_eq!(kept, render(Form::AwsCli, "b", &old));
        let added: String = d
            .lines()
            .filter(|l| !l.starts_with('-'))
            .map(|l| format!("{}\n", &l[1..]))
            .collect();
        assert_eq!(added, render(Form::AwsCli, "b", &new));
        // No configuration before: everything is added.
        assert!(diff(None, &new).lines().all(|l| l.starts_with('+')));
        assert!(diff(Some(&new), &new).lines().all(|l| l.starts_with(' ')));
    }

    #[test]
    fn lcs_prefers_minimal_edits() {
        let old = ["a", "b", "c", "d"];
        let new = ["a", "x", "c", "d", "e"];
        let got: Vec<String> = line_diff(&old, &new)
            .into_iter()
            .map(|(t, l)| format!("{}{l}", t.prefix()))
            .collect();
        assert_eq!(got, [" a", "-b", "+x", " c", " d", "+e"]);
    }
}
