//! Addressing as S3 reads it: the bucket, key and endpoint region from the Host header and the
//! path, and the redirects S3 answers when the region is not the bucket's.

use super::super::endpoint::{self, AddressingStyle};
use super::super::sigv4;
use super::Bucket;
use super::reply::{self, Failure};

/// Where a request goes: the bucket and key as S3 reads them, the region the endpoint names
/// (`None` for the global endpoint), and whether the host was S3's at all.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Address {
    pub bucket: Option<String>,
    pub key: Option<String>,
    pub region: Option<String>,
    /// False for `localhost`/an IP: path style, and no region checks.
    pub aws_host: bool,
    pub virtual_hosted: bool,
}

/// Reads the bucket and key from the Host header and the path, as S3 does; hosts that are not
/// S3's (`localhost`, an IP) are read path-style.
pub(super) fn address(host: &str, raw_path: &str) -> Result<Address, Failure> {
    let host_name = host_without_port(host).to_ascii_lowercase();
    if let Some(target) = endpoint::recognise(&format!("http://{host_name}{raw_path}")) {
        if matches!(target.style, AddressingStyle::Website | AddressingStyle::Accelerate) {
            return Err(reply::not_implemented());
        }
        return Ok(Address {
            bucket: target.bucket,
            key: target.key,
            region: target.region,
            aws_host: true,
            virtual_hosted: target.style == AddressingStyle::VirtualHosted,
        });
    }
    let path = raw_path.trim_start_matches('/');
    let (bucket, key) = path.split_once('/').unwrap_or((path, ""));
    let decode = |s: &str| String::from_utf8_lossy(&sigv4::percent_decode(s)).into_owned();
    Ok(Address {
        bucket: (!bucket.is_empty()).then(|| decode(bucket)),
        key: (!key.is_empty()).then(|| decode(key)),
        region: None,
        aws_host: false,
        virtual_hosted: false,
    })
}

pub(super) fn host_without_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.split_once(']').map_or(host, |(h, _)| &h[1..]);
    }
    host.rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(h, _)| h)
}

/// Region handling (§3.3): another region's endpoint → 301 PermanentRedirect without Location;
/// the global endpoint for a bucket outside us-east-1 → 307 TemporaryRedirect with Location (S3
/// does this while a new bucket's DNS propagates, the case browsers meet first).
pub(super) fn region_redirect(address: &Address, name: &str, bucket: &Bucket, target: &str) -> Option<Failure> {
    if !address.aws_host {
        return None;
    }
    let regional_host = if address.virtual_hosted {
        format!("{name}.s3.{}.amazonaws.com", bucket.region)
    } else {
        format!("s3.{}.amazonaws.com", bucket.region)
    };
    match &address.region {
        Some(region) if *region != bucket.region => Some(
            Failure::new(
                301,
                "PermanentRedirect",
                "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.",
            )
            .field("Endpoint", regional_host)
            .field("Bucket", name)
            .header("x-amz-bucket-region", bucket.region.as_str()),
        ),
        None if bucket.region != "us-east-1" => Some(
                Failure::new(
                    307,
                    "TemporaryRedirect",
                    "Please re-send this request to the specified temporary endpoint. Continue to use the original request endpoint for future requests.",
                )
                .field("Endpoint", regional_host.as_str())
                .field("Bucket", name)
                .header("Location", format!("https://{regional_host}{target}"))
                .header("x-amz-bucket-region", bucket.region.as_str()),
        ),
        _ => None,
    }
}
