//! The fix in the forms users manage: the three S3 takes (aws-cli JSON, the console's bare
//! array, the API's XML), the infrastructure-as-code ones (Terraform standalone and inline,
//! CloudFormation, CDK), CloudFront (a response headers policy, and cache/origin request policy
//! advice), and other stores (Google Cloud Storage, Azure Blob, Cloudflare R2, DigitalOcean
//! Spaces, Backblaze B2, MinIO), plus a line diff between two configurations.
//! Source: ../shared/reference/s3-cors.md §1.1, §6.
//!
//! Every form writes the same rules in the same order, omits empty optional fields and quotes
//! every string for its language. The S3 forms lose nothing; every other form says what does not
//! translate: in comments where its language has them, and always in [`Emitted::notes`].

mod azure;
mod b2;
mod cdk;
mod cloudformation;
mod cloudfront;
mod diff;
mod gcs;
mod host;
mod minio;
pub(crate) mod pattern;
mod quote;
mod r2;
mod s3;
mod spaces;
mod terraform;

use std::fmt::Write as _;

use serde::Serialize;

use super::CorsConfiguration;

pub use cloudformation::cloudformation_logical_id;
pub use diff::diff;
pub use host::{Store, for_host};
pub use terraform::{InlinePatch, PatchError, patch_terraform_inline, terraform_identifier};

/// A form the fix can be written in. [`Form::name`] is the stable `--emit` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    AwsCli,
    Console,
    Xml,
    Terraform,
    TerraformInline,
    #[serde(rename = "cloudformation")]
    CloudFormation,
    Cdk,
    #[serde(rename = "cloudfront-terraform")]
    CloudFrontTerraform,
    #[serde(rename = "cloudfront-cloudformation")]
    CloudFrontCloudFormation,
    #[serde(rename = "cloudfront-advice")]
    CloudFrontAdvice,
    Gcs,
    AzureXml,
    AzureCli,
    R2,
    Spaces,
    SpacesTerraform,
    B2,
    Minio,
}

/// `--emit` named a form that does not exist.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown form {name:?}; expected one of {}", Form::ALL.map(Form::name).join(", "))]
pub struct UnknownForm {
    pub name: String,
}

impl Form {
    pub const ALL: [Form; 18] = [
        Form::AwsCli,
        Form::Console,
        Form::Xml,
        Form::Terraform,
        Form::TerraformInline,
        Form::CloudFormation,
        Form::Cdk,
        Form::CloudFrontTerraform,
        Form::CloudFrontCloudFormation,
        Form::CloudFrontAdvice,
        Form::Gcs,
        Form::AzureXml,
        Form::AzureCli,
        Form::R2,
        Form::Spaces,
        Form::SpacesTerraform,
        Form::B2,
        Form::Minio,
    ];

    /// The stable kebab-case name (`--emit NAME`, JSON keys).
    pub fn name(self) -> &'static str {
        match self {
            Form::AwsCli => "aws-cli",
            Form::Console => "console",
            Form::Xml => "xml",
            Form::Terraform => "terraform",
            Form::TerraformInline => "terraform-inline",
            Form::CloudFormation => "cloudformation",
            Form::Cdk => "cdk",
            Form::CloudFrontTerraform => "cloudfront-terraform",
            Form::CloudFrontCloudFormation => "cloudfront-cloudformation",
            Form::CloudFrontAdvice => "cloudfront-advice",
            Form::Gcs => "gcs",
            Form::AzureXml => "azure-xml",
            Form::AzureCli => "azure-cli",
            Form::R2 => "r2",
            Form::Spaces => "spaces",
            Form::SpacesTerraform => "spaces-terraform",
            Form::B2 => "b2",
            Form::Minio => "minio",
        }
    }

    /// One line saying what the form is, for `--help` and listings.
    pub fn description(self) -> &'static str {
        match self {
            Form::AwsCli => "S3 JSON for aws s3api put-bucket-cors --cors-configuration (the default)",
            Form::Console => "S3 console CORS editor: the rules as a bare JSON array",
            Form::Xml => "S3 API PutBucketCors XML body",
            Form::Terraform => "Terraform aws_s3_bucket_cors_configuration resource",
            Form::TerraformInline => "Terraform cors_rule blocks inside a legacy aws_s3_bucket resource",
            Form::CloudFormation => "CloudFormation AWS::S3::Bucket CorsConfiguration (YAML)",
            Form::Cdk => "AWS CDK v2 TypeScript s3.Bucket cors",
            Form::CloudFrontTerraform => "CloudFront response headers policy CorsConfig, as Terraform",
            Form::CloudFrontCloudFormation => "CloudFront response headers policy CorsConfig, as CloudFormation",
            Form::CloudFrontAdvice => "CloudFront in front of S3: behaviour, origin request and cache policy advice",
            Form::Gcs => "Google Cloud Storage CORS JSON for gcloud storage buckets update --cors-file",
            Form::AzureXml => "Azure Blob service <Cors> XML (Set Blob Service Properties)",
            Form::AzureCli => "Azure Blob service: az storage cors commands",
            Form::R2 => "Cloudflare R2 CORS JSON for wrangler r2 bucket cors set",
            Form::Spaces => "DigitalOcean Spaces: S3 JSON for aws s3api with --endpoint-url",
            Form::SpacesTerraform => "DigitalOcean Spaces: Terraform digitalocean_spaces_bucket_cors_configuration",
            Form::B2 => "Backblaze B2 native corsRules JSON for b2 bucket update --cors-rules",
            Form::Minio => "MinIO: S3 XML for mc cors set (AIStor); the global setting for community MinIO",
        }
    }

    /// The form named `name` (its [`Form::name`], any case; a few common aliases too).
    pub fn parse(name: &str) -> Result<Form, UnknownForm> {
        let lower = name.trim().to_ascii_lowercase();
        let alias = match lower.as_str() {
            "json" | "aws" | "s3" | "s3api" => Some(Form::AwsCli),
            "tf" => Some(Form::Terraform),
            "cfn" => Some(Form::CloudFormation),
            "cloudfront" => Some(Form::CloudFrontAdvice),
            "google" | "gcp" | "gsutil" | "gcloud" => Some(Form::Gcs),
            "azure" => Some(Form::AzureXml),
            "az" => Some(Form::AzureCli),
            "cloudflare" | "wrangler" => Some(Form::R2),
            "digitalocean" | "do" => Some(Form::Spaces),
            "backblaze" => Some(Form::B2),
            _ => None,
        };
        alias
            .or_else(|| Form::ALL.into_iter().find(|f| f.name() == lower))
            .ok_or_else(|| UnknownForm { name: name.to_owned() })
    }

    /// The usual file extension for this form.
    pub fn extension(self) -> &'static str {
        match self {
            Form::AwsCli | Form::Console | Form::Gcs | Form::R2 | Form::Spaces | Form::B2 => "json",
            Form::Xml | Form::AzureXml | Form::Minio => "xml",
            Form::Terraform | Form::TerraformInline | Form::CloudFrontTerraform | Form::SpacesTerraform => "tf",
            Form::CloudFormation | Form::CloudFrontCloudFormation => "yaml",
            Form::Cdk => "ts",
            Form::AzureCli => "sh",
            Form::CloudFrontAdvice => "txt",
        }
    }

    /// The file name the apply steps refer to (`cors.json`, `cors.xml`...).
    pub fn file_name(self) -> String {
        format!("cors.{}", self.extension())
    }

    /// Whether the form is one S3 (or an S3-compatible API) takes as is, and parses back through
    /// `s3::config::parse` to the same configuration.
    pub fn is_s3_document(self) -> bool {
        matches!(
            self,
            Form::AwsCli | Form::Console | Form::Xml | Form::Spaces | Form::Minio
        )
    }
}

impl std::fmt::Display for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Form {
    type Err = UnknownForm;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Form::parse(s)
    }
}

/// Where the configuration goes: the bucket, and the host the HAR reached it at when known (it
/// gives the Spaces or B2 region, the Azure storage account, the R2 account).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Target<'a> {
    pub bucket: &'a str,
    pub host: Option<&'a str>,
}

impl<'a> Target<'a> {
    pub fn bucket(bucket: &'a str) -> Self {
        Target { bucket, host: None }
    }

    pub fn with_host(bucket: &'a str, host: &'a str) -> Self {
        Target {
            bucket,
            host: Some(host),
        }
    }
}

/// A form rendered: the text to save (or paste), what did not translate, and how to apply it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Emitted {
    /// The file's content, ending with a newline. JSON forms are pure JSON (pipe-able); forms
    /// whose language has comments repeat the notes in comments.
    pub text: String,
    /// What the form cannot say that the S3 rules say, or what the user must know to use it.
    pub notes: Vec<String>,
    /// How to apply it, in order: commands (whole lines) and instructions. The file is
    /// [`Form::file_name`].
    pub apply: Vec<String>,
}

/// Renders `config` for `bucket` in `form`: the text only. Every rendering ends with a newline.
pub fn render(form: Form, bucket: &str, config: &CorsConfiguration) -> String {
    emit(form, &Target::bucket(bucket), config).text
}

/// Renders `config` for `target` in `form`, with the notes and the apply steps.
pub fn emit(form: Form, target: &Target<'_>, config: &CorsConfiguration) -> Emitted {
    let file = form.file_name();
    match form {
        Form::AwsCli => Emitted {
            text: s3::aws_cli_json(config),
            notes: Vec::new(),
            apply: vec![
                "Save it as cors.json: it is the bucket's whole CORS configuration, not a patch.".to_owned(),
                put_bucket_cors_command(target.bucket, &file),
            ],
        },
        Form::Console => Emitted {
            text: s3::console_json(config),
            notes: Vec::new(),
            apply: vec![
                "S3 console → the bucket → Permissions → Cross-origin resource sharing (CORS) → Edit: replace the whole text with this array, then Save changes.".to_owned(),
            ],
        },
        Form::Xml => Emitted {
            text: s3::xml(config),
            notes: Vec::new(),
            apply: vec![
                "Send it as the body of PUT /?cors to the bucket (PutBucketCors; SDKs add the required Content-MD5 or checksum header). It replaces the whole configuration.".to_owned(),
            ],
        },
        Form::Terraform => terraform::standalone(target, config),
        Form::TerraformInline => terraform::inline(target, config),
        Form::CloudFormation => cloudformation::bucket(target, config),
        Form::Cdk => cdk::bucket(target, config),
        Form::CloudFrontTerraform => cloudfront::terraform(target, config),
        Form::CloudFrontCloudFormation => cloudfront::cloudformation(target, config),
        Form::CloudFrontAdvice => cloudfront::advice(target, config),
        Form::Gcs => gcs::emit(target, config),
        Form::AzureXml => azure::xml(target, config),
        Form::AzureCli => azure::cli(target, config),
        Form::R2 => r2::emit(target, config),
        Form::Spaces => spaces::json(target, config),
        Form::SpacesTerraform => spaces::terraform(target, config),
        Form::B2 => b2::emit(target, config),
        Form::Minio => minio::emit(target, config),
    }
}

/// `aws s3api put-bucket-cors --bucket B --cors-configuration file://FILE`, each argument
/// quoted for a POSIX shell when it needs it.
pub fn put_bucket_cors_command(bucket: &str, file: &str) -> String {
    format!(
        "aws s3api put-bucket-cors --bucket {} --cors-configuration {}",
        quote::shell_quote(bucket),
        quote::shell_quote(&format!("file://{file}"))
    )
}

/// Comment lines (`prefix` + text) for the notes, wrapped at about 100 columns, continuation
/// lines indented by two more spaces.
fn comment_block(prefix: &str, notes: &[String]) -> String {
    notes
        .iter()
        .map(|note| wrap(&quote::line_comment_text(note), prefix, &format!("{prefix}  ")))
        .collect()
}

/// `text` as lines of at most 100 columns where the words allow: the first starts with `first`,
/// the others with `rest`. Ends with a newline; empty text gives nothing.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    const WIDTH: usize = 100;
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if line.is_empty() {
            line.push_str(if out.is_empty() { first } else { rest });
        } else if line.chars().count() + 1 + word.chars().count() > WIDTH {
            let _ = writeln!(out, "{}", line.trim_end());
            line.clear();
            line.push_str(rest);
        } else {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::CorsRule;

    #[test]
    fn names_are_unique_kebab_case_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for form in Form::ALL {
            let name = form.name();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            );
            assert_eq!(Form::parse(name), Ok(form));
            assert_eq!(Form::parse(&name.to_ascii_uppercase()), Ok(form));
            assert_eq!(serde_json::to_value(form).unwrap(), serde_json::json!(name));
            assert!(!form.description().is_empty() && !form.description().contains('\n'));
        }
        assert_eq!(Form::parse("cfn"), Ok(Form::CloudFormation));
        let e = Form::parse("yaml").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("unknown form \"yaml\"; expected one of aws-cli, console, xml,")
        );
    }

    #[test]
    fn comment_blocks_wrap_and_stay_comments() {
        let long = format!("{} end", "word ".repeat(40));
        let text = comment_block("# ", &[long, "a\nb".to_owned()]);
        assert!(text.lines().all(|l| l.starts_with("# ") && l.len() <= 100), "{text}");
        assert!(text.lines().nth(1).unwrap().starts_with("#   word"));
        assert!(text.ends_with("# a b\n"));
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
        let text = uncommented(&render(
            Form::Terraform,
            "my-bucket.logs",
            &config(vec![rule, minimal_rule()]),
        ));
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
        let text = uncommented(&render(
            Form::CloudFormation,
            "my-bucket.logs",
            &config(vec![rule, minimal_rule()]),
        ));
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
        let text = uncommented(&render(Form::Cdk, "my-bucket", &config(vec![rule, minimal_rule()])));
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

    /// The text without its leading comment lines.
    fn uncommented(text: &str) -> String {
        text.lines()
            .skip_while(|l| l.starts_with('#') || l.starts_with("//"))
            .map(|l| format!("{l}\n"))
            .collect()
    }
}
