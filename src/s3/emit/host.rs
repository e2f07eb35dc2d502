//! Which store a URL's host belongs to, so the report can default to the form that store takes;
//! and what a host says of the account or region the apply steps need.

use serde::Serialize;

use super::Form;

/// An object store recognised from a request's host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Store {
    AmazonS3,
    CloudFront,
    GoogleCloudStorage,
    AzureBlob,
    CloudflareR2,
    DigitalOceanSpaces,
    BackblazeB2,
}

impl Store {
    /// The store a host belongs to (any case, a port or a trailing dot allowed).
    pub fn for_host(host: &str) -> Option<Store> {
        let host = normalise(host);
        let ends = |suffix: &str| host == suffix.trim_start_matches('.') || host.ends_with(suffix);
        Some(if ends(".cloudfront.net") {
            Store::CloudFront
        } else if ends(".r2.cloudflarestorage.com") || ends(".r2.dev") {
            Store::CloudflareR2
        } else if ends(".digitaloceanspaces.com") {
            Store::DigitalOceanSpaces
        } else if ends(".backblazeb2.com") {
            Store::BackblazeB2
        } else if ends(".storage.googleapis.com") || host == "storage.cloud.google.com" {
            Store::GoogleCloudStorage
        } else if [
            ".blob.core.windows.net",
            ".blob.core.chinacloudapi.cn",
            ".blob.core.usgovcloudapi.net",
        ]
        .iter()
        .any(|s| host.ends_with(s))
        {
            Store::AzureBlob
        } else if is_s3_host(&host) {
            Store::AmazonS3
        } else {
            return None;
        })
    }

    /// The form a fix for this store is written in by default.
    pub fn default_form(self) -> Form {
        match self {
            Store::AmazonS3 => Form::AwsCli,
            Store::CloudFront => Form::CloudFrontAdvice,
            Store::GoogleCloudStorage => Form::Gcs,
            Store::AzureBlob => Form::AzureCli,
            Store::CloudflareR2 => Form::R2,
            Store::DigitalOceanSpaces => Form::Spaces,
            Store::BackblazeB2 => Form::B2,
        }
    }

    /// Every form that applies to this store, the default first.
    pub fn forms(self) -> &'static [Form] {
        match self {
            Store::AmazonS3 => &[
                Form::AwsCli,
                Form::Console,
                Form::Xml,
                Form::Terraform,
                Form::TerraformInline,
                Form::CloudFormation,
                Form::Cdk,
            ],
            Store::CloudFront => &[
                Form::CloudFrontAdvice,
                Form::CloudFrontTerraform,
                Form::CloudFrontCloudFormation,
            ],
            Store::GoogleCloudStorage => &[Form::Gcs],
            Store::AzureBlob => &[Form::AzureCli, Form::AzureXml],
            Store::CloudflareR2 => &[Form::R2, Form::AwsCli],
            Store::DigitalOceanSpaces => &[Form::Spaces, Form::SpacesTerraform],
            Store::BackblazeB2 => &[Form::B2, Form::AwsCli],
        }
    }
}

/// The default form for a request to `host`, when the host names a store (MinIO and other
/// self-hosted stores cannot be told from their host: `None`).
pub fn for_host(host: &str) -> Option<Form> {
    Store::for_host(host).map(Store::default_form)
}

fn normalise(host: &str) -> String {
    let host = host.trim().trim_end_matches('.');
    // Strip a port, unless the host is a bracketed IPv6 address without one.
    let host = match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') && port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    host.trim_end_matches('.').to_ascii_lowercase()
}

/// `s3.amazonaws.com`, `bucket.s3.us-east-2.amazonaws.com`, `s3-us-west-2.amazonaws.com`,
/// `bucket.s3-accelerate.amazonaws.com`, `.amazonaws.com.cn`...: a label starting `s3` before
/// the AWS domain.
fn is_s3_host(host: &str) -> bool {
    let Some(rest) = host
        .strip_suffix(".amazonaws.com")
        .or_else(|| host.strip_suffix(".amazonaws.com.cn"))
    else {
        return false;
    };
    rest.split('.')
        .any(|label| label == "s3" || label.starts_with("s3-") || label.starts_with("s3."))
}

/// `ACCOUNT.blob.core.windows.net` → `ACCOUNT`.
pub(super) fn azure_account(host: &str) -> Option<&str> {
    let (account, rest) = host.split_once('.')?;
    (rest.to_ascii_lowercase().starts_with("blob.core.") && !account.is_empty()).then_some(account)
}

/// `ACCOUNT_ID.r2.cloudflarestorage.com` or `BUCKET.ACCOUNT_ID.r2.cloudflarestorage.com` (and
/// the `.eu.` jurisdiction) → `ACCOUNT_ID`.
pub(super) fn r2_account(host: &str) -> Option<&str> {
    let cut = host.to_ascii_lowercase().find(".r2.cloudflarestorage.com")?;
    let labels: Vec<&str> = host[..cut]
        .split('.')
        .filter(|l| *l != "eu" && *l != "fedramp")
        .collect();
    labels.last().copied().filter(|l| !l.is_empty())
}

/// `REGION.digitaloceanspaces.com`, `BUCKET.REGION.digitaloceanspaces.com`,
/// `BUCKET.REGION.cdn.digitaloceanspaces.com` → `REGION`.
pub(super) fn spaces_region(host: &str) -> Option<&str> {
    let cut = host.to_ascii_lowercase().find(".digitaloceanspaces.com")?;
    let labels: Vec<&str> = host[..cut].split('.').filter(|l| *l != "cdn").collect();
    labels.last().copied().filter(|l| !l.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_name_their_store() {
        for (host, store) in [
            ("acme.s3.us-east-2.amazonaws.com", Store::AmazonS3),
            ("s3.amazonaws.com", Store::AmazonS3),
            ("s3-us-west-2.amazonaws.com", Store::AmazonS3),
            ("acme.s3-accelerate.dualstack.amazonaws.com", Store::AmazonS3),
            ("acme.s3.cn-north-1.amazonaws.com.cn", Store::AmazonS3),
            ("d111111abcdef8.cloudfront.net", Store::CloudFront),
            ("0123abcd.r2.cloudflarestorage.com", Store::CloudflareR2),
            ("media.0123abcd.eu.r2.cloudflarestorage.com:443", Store::CloudflareR2),
            ("pub-1234.r2.dev", Store::CloudflareR2),
            ("acme.nyc3.digitaloceanspaces.com", Store::DigitalOceanSpaces),
            ("acme.nyc3.cdn.digitaloceanspaces.com", Store::DigitalOceanSpaces),
            ("s3.us-west-004.backblazeb2.com", Store::BackblazeB2),
            ("f004.backblazeb2.com", Store::BackblazeB2),
            ("storage.googleapis.com", Store::GoogleCloudStorage),
            ("acme.storage.googleapis.com", Store::GoogleCloudStorage),
            ("STORAGE.GOOGLEAPIS.COM.", Store::GoogleCloudStorage),
            ("acmedata.blob.core.windows.net", Store::AzureBlob),
        ] {
            assert_eq!(Store::for_host(host), Some(store), "{host}");
            assert_eq!(for_host(host), Some(store.default_form()));
            assert_eq!(store.forms()[0], store.default_form());
        }
        for host in [
            "example.com",
            "ec2.us-east-1.amazonaws.com",
            "minio.internal:9000",
            "",
            ":",
            "[::1]:9000",
            "évil.com",
        ] {
            assert_eq!(Store::for_host(host), None, "{host}");
        }
    }

    #[test]
    fn hosts_give_account_and_region() {
        assert_eq!(azure_account("acmedata.blob.core.windows.net"), Some("acmedata"));
        assert_eq!(azure_account("blob.core.windows.net"), None);
        assert_eq!(r2_account("0123abcd.r2.cloudflarestorage.com"), Some("0123abcd"));
        assert_eq!(
            r2_account("media.0123abcd.eu.r2.cloudflarestorage.com"),
            Some("0123abcd")
        );
        assert_eq!(r2_account("pub-1.r2.dev"), None);
        assert_eq!(spaces_region("nyc3.digitaloceanspaces.com"), Some("nyc3"));
        assert_eq!(spaces_region("acme.ams3.cdn.digitaloceanspaces.com"), Some("ams3"));
        assert_eq!(spaces_region("digitaloceanspaces.com"), None);
    }
}
