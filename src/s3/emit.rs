//! The fix in the forms users manage: aws-cli JSON (the canonical form, what `put-bucket-cors`
//! takes), the S3 console's bare array, the API's XML, Terraform, CloudFormation and CDK, plus a
//! line diff between two configurations. Source: ../shared/reference/s3-cors.md §1.1, §6.

use serde::Serialize;

use super::CorsConfiguration;

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

/// Renders `config` for `bucket` in `form`.
pub fn render(_form: Form, _bucket: &str, _config: &CorsConfiguration) -> String {
    todo!()
}

/// `aws s3api put-bucket-cors --bucket B --cors-configuration file://FILE`
pub fn put_bucket_cors_command(_bucket: &str, _file: &str) -> String {
    todo!()
}

/// A unified line diff of the aws-cli JSON of `old` (`None`: no configuration) and `new`.
pub fn diff(_old: Option<&CorsConfiguration>, _new: &CorsConfiguration) -> String {
    todo!()
}
