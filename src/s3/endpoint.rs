//! Recognising S3 URLs: bucket, key, region, addressing style (virtual-hosted, path-style,
//! regional, dualstack, FIPS, accelerate, website), the service root (ListBuckets), and the
//! presigned query (SigV4 `X-Amz-*` parameters, and parameters appended after signing).

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AddressingStyle {
    /// `bucket.s3[.region|-region].amazonaws.com`
    VirtualHosted,
    /// `s3[.region].amazonaws.com/bucket/key`
    PathStyle,
    /// `bucket.s3-accelerate[.dualstack].amazonaws.com`
    Accelerate,
    /// `bucket.s3-website[-.]region.amazonaws.com` (HTTP only, GET/HEAD, HTML errors)
    Website,
}

/// A SigV4 presigned URL's query, as far as diagnosis needs it. Values are kept verbatim;
/// reports mask the secret parts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Presigned {
    /// `X-Amz-Date` (`20261127T191920Z`).
    pub date: Option<String>,
    /// `X-Amz-Expires`, seconds.
    pub expires: Option<u64>,
    /// The region in `X-Amz-Credential` (`AKIA.../20261127/us-east-2/s3/aws4_request`).
    pub credential_region: Option<String>,
    /// `X-Amz-SignedHeaders`, split on `;`.
    pub signed_headers: Vec<String>,
    /// Whether `X-Amz-Security-Token` is present (temporary credentials).
    pub has_security_token: bool,
    /// Query parameter names that look added after signing (a cache-buster, a tracking tag), in
    /// order. Presigners either sort the query (AWS SDK v3: `X-Amz-Signature` then
    /// `X-Amz-SignedHeaders` and `x-id` follow it in byte order) or append the signature last
    /// (boto3); a parameter that breaks the first order, or follows the signature in the second,
    /// was not there when the URL was signed.
    pub added_after_signature: Vec<String>,
}

/// What an S3 URL addresses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct S3Target {
    /// `None` for the service root (`s3.amazonaws.com/`: ListBuckets, CreateBucket).
    pub bucket: Option<String>,
    /// The object key, percent-decoded; `None` for the bucket root.
    pub key: Option<String>,
    /// The region named in the host; `None` for the global endpoint (`s3.amazonaws.com`).
    pub region: Option<String>,
    pub style: AddressingStyle,
    pub dualstack: bool,
    pub fips: bool,
    pub presigned: Option<Presigned>,
}

/// Recognises an Amazon S3 URL; `None` when the URL is not one (another host, another scheme, an
/// access point or S3 Express endpoint, or text that is no URL at all).
///
/// The host is read from the right: after `amazonaws.com` (or `amazonaws.com.cn`) come at most
/// three endpoint labels (`s3`, `s3.REGION`, `s3.dualstack.REGION`, `s3-fips.REGION`,
/// `s3-REGION`, `s3-accelerate[.dualstack]`, `s3-website-REGION`, `s3-website.REGION`...), and
/// whatever is left of them is the bucket, dots included. With no bucket in the host the URL is
/// path-style: the first path segment is the bucket, and `/` alone is the service root.
pub fn recognise(url: &str) -> Option<S3Target> {
    let parsed = url::Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    let host = match parsed.host()? {
        url::Host::Domain(domain) => domain.trim_end_matches('.').to_ascii_lowercase(),
        url::Host::Ipv4(_) | url::Host::Ipv6(_) => return None,
    };
    let labels: Vec<&str> = strip_aws_domain(&host)?.split('.').collect();
    let (bucket_labels, endpoint) = split_endpoint(&labels)?;
    let presigned = presigned(&parsed);
    let (bucket, key) = if bucket_labels.is_empty() {
        if matches!(endpoint.style, AddressingStyle::Accelerate | AddressingStyle::Website) {
            return None; // these endpoints only exist with the bucket in the host
        }
        path_style(parsed.path())
    } else {
        (Some(bucket_labels.join(".")), key_of(parsed.path()))
    };
    let style = if bucket_labels.is_empty() {
        AddressingStyle::PathStyle
    } else {
        endpoint.style
    };
    Some(S3Target {
        bucket,
        key,
        region: endpoint.region,
        style,
        dualstack: endpoint.dualstack,
        fips: endpoint.fips,
        presigned,
    })
}

/// `…​.amazonaws.com` or `…​.amazonaws.com.cn` (the China regions), without that suffix.
fn strip_aws_domain(host: &str) -> Option<&str> {
    host.strip_suffix(".amazonaws.com")
        .or_else(|| host.strip_suffix(".amazonaws.com.cn"))
}

/// What the endpoint labels say.
#[derive(Debug, PartialEq, Eq)]
struct Endpoint {
    style: AddressingStyle,
    region: Option<String>,
    dualstack: bool,
    fips: bool,
}

/// Splits the labels before `amazonaws.com` into the bucket's labels and the endpoint. The longest
/// endpoint form wins, so a bucket whose own labels look like `s3` is still read right
/// (`my.s3.s3.us-east-1` is bucket `my.s3`).
fn split_endpoint<'l>(labels: &'l [&'l str]) -> Option<(&'l [&'l str], Endpoint)> {
    (1..=3.min(labels.len())).rev().find_map(|n| {
        let (bucket, tail) = labels.split_at(labels.len() - n);
        endpoint(tail).map(|e| (bucket, e))
    })
}

fn endpoint(tail: &[&str]) -> Option<Endpoint> {
    let rest = |style, region: Option<&str>, dualstack, fips| {
        Some(Endpoint {
            style,
            region: region.map(str::to_string),
            dualstack,
            fips,
        })
    };
    use AddressingStyle::{Accelerate, VirtualHosted as Rest, Website};
    match tail {
        ["s3"] => rest(Rest, None, false, false),
        ["s3-external-1"] => rest(Rest, Some("us-east-1"), false, false),
        ["s3-accelerate"] => rest(Accelerate, None, false, false),
        ["s3-accelerate", "dualstack"] => rest(Accelerate, None, true, false),
        ["s3", region] if is_region(region) => rest(Rest, Some(region), false, false),
        ["s3", "dualstack", region] if is_region(region) => rest(Rest, Some(region), true, false),
        ["s3-fips", region] if is_region(region) => rest(Rest, Some(region), false, true),
        ["s3-fips", "dualstack", region] if is_region(region) => rest(Rest, Some(region), true, true),
        ["s3-website", region] if is_region(region) => rest(Website, Some(region), false, false),
        [single] => {
            if let Some(region) = single.strip_prefix("s3-website-").filter(|r| is_region(r)) {
                rest(Website, Some(region), false, false)
            } else if let Some(region) = single.strip_prefix("s3-fips-").filter(|r| is_region(r)) {
                rest(Rest, Some(region), false, true)
            } else if let Some(region) = single.strip_prefix("s3-").filter(|r| is_region(r)) {
                // The legacy dash form `s3-us-west-2`.
                rest(Rest, Some(region), false, false)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// An AWS region name: `us-east-1`, `ap-southeast-2`, `us-gov-west-1`, `cn-north-1`,
/// `us-isob-east-1`: lower-case words joined by `-`, the first of two letters, the last a number.
fn is_region(label: &str) -> bool {
    let parts: Vec<&str> = label.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
        && parts.last().is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// Path-style: `/bucket/key`; `/` is the service root (ListBuckets, CreateBucket).
fn path_style(path: &str) -> (Option<String>, Option<String>) {
    let path = path.strip_prefix('/').unwrap_or(path);
    let (bucket, key) = match path.split_once('/') {
        Some((bucket, key)) => (bucket, key),
        None => (path, ""),
    };
    if bucket.is_empty() {
        return (None, None);
    }
    (
        Some(percent_decode(bucket)),
        (!key.is_empty()).then(|| percent_decode(key)),
    )
}

/// Virtual-hosted: the whole path is the key; `/` is the bucket root.
fn key_of(path: &str) -> Option<String> {
    let key = path.strip_prefix('/').unwrap_or(path);
    (!key.is_empty()).then(|| percent_decode(key))
}

/// Percent-decoding of a path (`+` stays `+` in a path); invalid UTF-8 is replaced, malformed
/// escapes are kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match (bytes.get(i), bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(b'%'), Some(&hi), Some(&lo)) => hex(hi).zip(hex(lo)).map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The presigned query: SigV4 (`X-Amz-Signature`, `X-Amz-Credential`...) or the legacy SigV2
/// (`AWSAccessKeyId` + `Signature`; its `Expires` is a timestamp, not a duration, so it is not
/// reported as `expires`). Every parameter is part of what was signed, so one that follows the
/// signature was most likely added later (s3-cors.md §7 #1b).
fn presigned(url: &url::Url) -> Option<Presigned> {
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let find = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let signature_name = if find("X-Amz-Signature").is_some() || find("X-Amz-Credential").is_some() {
        "X-Amz-Signature"
    } else if find("Signature").is_some() && find("AWSAccessKeyId").is_some() {
        "Signature"
    } else {
        return None;
    };
    let added_after_signature = pairs
        .iter()
        .position(|(k, _)| k.eq_ignore_ascii_case(signature_name))
        .map(|at| appended(&pairs, at))
        .unwrap_or_default();
    Some(Presigned {
        date: find("X-Amz-Date").map(str::to_string),
        expires: find("X-Amz-Expires").and_then(|v| v.parse().ok()),
        // AKIA.../20261127/us-east-2/s3/aws4_request
        credential_region: find("X-Amz-Credential")
            .and_then(|c| c.split('/').nth(2))
            .map(str::to_string),
        signed_headers: find("X-Amz-SignedHeaders")
            .map(|h| h.split(';').filter(|s| !s.is_empty()).map(str::to_string).collect())
            .unwrap_or_default(),
        has_security_token: find("X-Amz-Security-Token").is_some(),
        added_after_signature,
    })
}

/// The parameters that were not there when the URL was signed (see `added_after_signature`).
fn appended(pairs: &[(String, String)], signature_at: usize) -> Vec<String> {
    let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    let sorted_until_signature = names[..=signature_at].windows(2).all(|w| w[0] <= w[1]);
    if !sorted_until_signature {
        // The presigner appended the signature last: whatever follows it came later.
        return names[signature_at + 1..].iter().map(|k| (*k).to_owned()).collect();
    }
    // A sorted query: after the signature, the presigner puts only SigV4's and S3's own
    // parameters; the first other name, or the first out of order, and everything after it came
    // later.
    let rest = &names[signature_at..];
    let first_foreign = (1..rest.len()).find(|&i| rest[i - 1] > rest[i] || !is_s3_query_name(rest[i]));
    match first_foreign {
        Some(i) => rest[i..].iter().map(|k| (*k).to_owned()).collect(),
        None => Vec::new(),
    }
}

/// Query parameters of SigV4 and of S3's API (sub-resources and response overrides).
fn is_s3_query_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("x-amz-")
        || lower.starts_with("response-")
        || matches!(
            lower.as_str(),
            "x-id"
                | "versionid"
                | "partnumber"
                | "uploadid"
                | "uploads"
                | "tagging"
                | "acl"
                | "delete"
                | "attributes"
                | "torrent"
                | "retention"
                | "legal-hold"
                | "restore"
                | "select"
                | "select-type"
                | "list-type"
                | "prefix"
                | "delimiter"
                | "max-keys"
                | "continuation-token"
                | "start-after"
                | "encoding-type"
                | "fetch-owner"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(url: &str) -> S3Target {
        recognise(url).unwrap_or_else(|| panic!("{url} is an S3 URL"))
    }

    fn summary(
        url: &str,
    ) -> (
        Option<String>,
        Option<String>,
        Option<String>,
        AddressingStyle,
        bool,
        bool,
    ) {
        let t = target(url);
        (t.bucket, t.key, t.region, t.style, t.dualstack, t.fips)
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    use AddressingStyle::*;

    #[test]
    fn virtual_hosted_global_regional_and_legacy_dash() {
        assert_eq!(
            summary("https://b.s3.amazonaws.com/k.txt"),
            (s("b"), s("k.txt"), None, VirtualHosted, false, false)
        );
        assert_eq!(
            summary("https://b.s3.us-east-2.amazonaws.com/a/b%20c.webp"),
            (s("b"), s("a/b c.webp"), s("us-east-2"), VirtualHosted, false, false)
        );
        assert_eq!(
            summary("https://b.s3-eu-west-1.amazonaws.com/"),
            (s("b"), None, s("eu-west-1"), VirtualHosted, false, false)
        );
        assert_eq!(
            summary("https://b.s3-external-1.amazonaws.com/x"),
            (s("b"), s("x"), s("us-east-1"), VirtualHosted, false, false)
        );
    }

    #[test]
    fn bucket_names_with_dots_and_s3_labels() {
        assert_eq!(
            summary("https://my.bucket.example.s3.eu-central-1.amazonaws.com/k"),
            (
                s("my.bucket.example"),
                s("k"),
                s("eu-central-1"),
                VirtualHosted,
                false,
                false
            )
        );
        assert_eq!(summary("https://my.s3.s3.us-east-1.amazonaws.com/k").0, s("my.s3"));
        assert_eq!(summary("https://logs.s3.s3.amazonaws.com/").0, s("logs.s3"));
    }

    #[test]
    fn path_style_and_the_service_root() {
        assert_eq!(
            summary("https://s3.amazonaws.com/b/dir/k"),
            (s("b"), s("dir/k"), None, PathStyle, false, false)
        );
        assert_eq!(
            summary("https://s3.us-west-2.amazonaws.com/my.bucket/"),
            (s("my.bucket"), None, s("us-west-2"), PathStyle, false, false)
        );
        assert_eq!(
            summary("https://s3-us-west-2.amazonaws.com/b"),
            (s("b"), None, s("us-west-2"), PathStyle, false, false)
        );
        assert_eq!(
            summary("https://s3.amazonaws.com/"),
            (None, None, None, PathStyle, false, false)
        );
        assert_eq!(
            summary("https://s3.eu-west-1.amazonaws.com"),
            (None, None, s("eu-west-1"), PathStyle, false, false)
        );
    }

    #[test]
    fn dualstack_fips_accelerate() {
        assert_eq!(
            summary("https://b.s3.dualstack.us-east-1.amazonaws.com/k"),
            (s("b"), s("k"), s("us-east-1"), VirtualHosted, true, false)
        );
        assert_eq!(
            summary("https://s3.dualstack.us-east-1.amazonaws.com/b/k"),
            (s("b"), s("k"), s("us-east-1"), PathStyle, true, false)
        );
        assert_eq!(
            summary("https://b.s3-fips.us-gov-west-1.amazonaws.com/k"),
            (s("b"), s("k"), s("us-gov-west-1"), VirtualHosted, false, true)
        );
        assert_eq!(
            summary("https://b.s3-fips.dualstack.us-east-2.amazonaws.com/k"),
            (s("b"), s("k"), s("us-east-2"), VirtualHosted, true, true)
        );
        assert_eq!(
            summary("https://b.s3-accelerate.amazonaws.com/k"),
            (s("b"), s("k"), None, Accelerate, false, false)
        );
        assert_eq!(
            summary("https://b.s3-accelerate.dualstack.amazonaws.com/k"),
            (s("b"), s("k"), None, Accelerate, true, false)
        );
        assert_eq!(recognise("https://s3-accelerate.amazonaws.com/b/k"), None);
    }

    #[test]
    fn website_endpoints_both_spellings() {
        assert_eq!(
            summary("http://b.s3-website-us-east-1.amazonaws.com/index.html"),
            (s("b"), s("index.html"), s("us-east-1"), Website, false, false)
        );
        assert_eq!(
            summary("http://www.example.com.s3-website.eu-central-1.amazonaws.com/"),
            (s("www.example.com"), None, s("eu-central-1"), Website, false, false)
        );
    }

    #[test]
    fn china_regions() {
        assert_eq!(
            summary("https://b.s3.cn-north-1.amazonaws.com.cn/k"),
            (s("b"), s("k"), s("cn-north-1"), VirtualHosted, false, false)
        );
        assert_eq!(
            summary("https://s3.cn-northwest-1.amazonaws.com.cn/b/k"),
            (s("b"), s("k"), s("cn-northwest-1"), PathStyle, false, false)
        );
    }

    #[test]
    fn presigned_query() {
        let t = target(
            "https://b.s3.us-east-2.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261127%2Fus-east-2%2Fs3%2Faws4_request&X-Amz-Date=20261127T191920Z&X-Amz-Expires=3600&X-Amz-Security-Token=abc&X-Amz-Signature=e5c9&X-Amz-SignedHeaders=host%3Bx-amz-storage-class&cb=123",
        );
        let p = t.presigned.expect("presigned");
        assert_eq!(p.date.as_deref(), Some("20261127T191920Z"));
        assert_eq!(p.expires, Some(3600));
        assert_eq!(p.credential_region.as_deref(), Some("us-east-2"));
        assert_eq!(p.signed_headers, vec!["host", "x-amz-storage-class"]);
        assert!(p.has_security_token);
        assert_eq!(
            p.added_after_signature,
            vec!["cb"],
            "a sorted query: cb breaks the order"
        );
        let sdk = target(
            "https://b.s3.us-east-2.amazonaws.com/k?X-Amz-Algorithm=A&X-Amz-Credential=C&X-Amz-Date=D&X-Amz-Expires=900&X-Amz-Signature=S&X-Amz-SignedHeaders=host&x-id=PutObject",
        );
        assert!(
            sdk.presigned.unwrap().added_after_signature.is_empty(),
            "the SDK's own order adds nothing"
        );
        let boto = target(
            "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=A&X-Amz-Credential=C&X-Amz-Date=D&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=S&utm_source=mail",
        );
        assert_eq!(
            boto.presigned.unwrap().added_after_signature,
            vec!["utm_source"],
            "signature appended last"
        );
        assert_eq!(target("https://b.s3.amazonaws.com/k?versionId=1").presigned, None);
        let v2 = target("https://b.s3.amazonaws.com/k?AWSAccessKeyId=AKIA&Expires=1700000000&Signature=abc")
            .presigned
            .expect("v2");
        assert_eq!(v2.expires, None);
        assert!(v2.added_after_signature.is_empty());
    }

    #[test]
    fn odd_urls_are_not_s3_and_never_panic() {
        for url in [
            "",
            "not a url",
            "https://example.com/b/k",
            "https://amazonaws.com/",
            "https://s3.amazonaws.com.evil.test/b",
            "ftp://b.s3.amazonaws.com/k",
            "https://127.0.0.1/b/k",
            "https://[::1]/b",
            "https://b.s3-accesspoint.us-east-1.amazonaws.com/k",
            "https://b.s3-website-nowhere.amazonaws.com/",
            "https://b.s3.us-east-1.amazonaws.com:8443/%zz%",
            "https://b.notes3.amazonaws.com/",
            "https://ec2.us-east-1.amazonaws.com/",
        ] {
            let got = recognise(url);
            if url.contains(":8443") {
                assert_eq!(got.and_then(|t| t.key).as_deref(), Some("%zz%"));
            } else {
                assert_eq!(got, None, "{url}");
            }
        }
        assert_eq!(
            target("https://b.s3.amazonaws.com/%E2%82%AC%FF").key.as_deref(),
            Some("€\u{fffd}")
        );
    }
}
