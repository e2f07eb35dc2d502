//! Every cause corshar can name and every warning it can give, defined in one place: the stable
//! kebab-case code tools read, and the one-line summary the renderers show. Each code has a page
//! in docs/codes.md (a test keeps the two in step).

use serde::Serialize;

/// Why a request failed (or silently could not be read), as corshar explains it. The codes are a
/// contract: tools match on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CauseCode {
    /// The bucket has no CORS configuration at all.
    S3CorsNotConfigured,
    /// No rule's AllowedOrigins matches the request's origin.
    S3OriginNotAllowed,
    /// The rules that allow the origin do not allow the method.
    S3MethodNotAllowed,
    /// The rules that allow the origin and method do not allow every requested header.
    S3HeaderNotAllowed,
    /// S3 found no matching rule (or has no CORS configuration); without the configuration the
    /// HAR cannot tell which part is missing.
    S3NoRuleMatched,
    /// The request succeeded but a response header the page needs is not exposed.
    ExposeHeaderMissing,
    /// A credentialed request was answered `Access-Control-Allow-Origin: *`.
    CredentialsWithWildcardOrigin,
    /// S3 refused the request itself (a 4xx/5xx of its own), besides or instead of CORS.
    S3RequestRejected,
    /// The request went to the wrong regional endpoint for the bucket.
    S3WrongRegion,
    /// S3 answered the preflight with a redirect, which browsers never follow.
    S3PreflightRedirect,
    /// A request that needs a preflight has none in the HAR, and its own record does not show
    /// why it failed.
    PreflightNotRecorded,
    /// The HAR shows the browser failed the request but its recorded headers would pass.
    FailureUnexplained,
    /// The request failed at the network level (connection refused, DNS, TLS...), not by CORS.
    NetworkError,
    /// A non-S3 server's CORS answer does not allow the request.
    ServerCorsPolicy,
    /// The configuration given with --cors does not explain what the HAR shows.
    ConfigurationMismatch,
    /// A presigned URL used after it expired.
    S3PresignedExpired,
    /// S3 computed another signature than the request carries (a signed header sent differently).
    S3SignatureMismatch,
    /// A query parameter was added to a presigned URL after it was signed.
    S3PresignedQueryModified,
    /// S3 denied the request (bucket policy, ACL, Block Public Access, IAM).
    S3AccessDenied,
    /// The page calls the static-website endpoint as if it were the REST API.
    S3WebsiteEndpoint,
    /// A bucket name with dots on virtual-hosted HTTPS: the TLS certificate cannot match.
    S3BucketNameDots,
    /// ListBuckets or CreateBucket from the browser: the service endpoint has no CORS.
    S3ServiceEndpoint,
    /// The browser reused a response cached from a non-CORS load that had no `Vary: Origin`.
    CachedResponseWithoutVary,
    /// CloudFront did not forward `Origin` to S3.
    CloudfrontOriginNotForwarded,
    /// CloudFront served an answer cached for another origin.
    CloudfrontCachedOtherOrigin,
    /// The method can never be allowed by an S3 CORS rule (PATCH, OPTIONS).
    S3MethodNotAllowable,
    /// Chrome reused a preflight cached before the bucket's rules changed.
    StalePreflightCache,
}

impl CauseCode {
    pub const ALL: [CauseCode; 27] = [
        CauseCode::S3CorsNotConfigured,
        CauseCode::S3OriginNotAllowed,
        CauseCode::S3MethodNotAllowed,
        CauseCode::S3HeaderNotAllowed,
        CauseCode::S3NoRuleMatched,
        CauseCode::ExposeHeaderMissing,
        CauseCode::CredentialsWithWildcardOrigin,
        CauseCode::S3RequestRejected,
        CauseCode::S3WrongRegion,
        CauseCode::S3PreflightRedirect,
        CauseCode::PreflightNotRecorded,
        CauseCode::FailureUnexplained,
        CauseCode::NetworkError,
        CauseCode::ServerCorsPolicy,
        CauseCode::ConfigurationMismatch,
        CauseCode::S3PresignedExpired,
        CauseCode::S3SignatureMismatch,
        CauseCode::S3PresignedQueryModified,
        CauseCode::S3AccessDenied,
        CauseCode::S3WebsiteEndpoint,
        CauseCode::S3BucketNameDots,
        CauseCode::S3ServiceEndpoint,
        CauseCode::CachedResponseWithoutVary,
        CauseCode::CloudfrontOriginNotForwarded,
        CauseCode::CloudfrontCachedOtherOrigin,
        CauseCode::S3MethodNotAllowable,
        CauseCode::StalePreflightCache,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CauseCode::S3CorsNotConfigured => "s3-cors-not-configured",
            CauseCode::S3OriginNotAllowed => "s3-origin-not-allowed",
            CauseCode::S3MethodNotAllowed => "s3-method-not-allowed",
            CauseCode::S3HeaderNotAllowed => "s3-header-not-allowed",
            CauseCode::S3NoRuleMatched => "s3-no-rule-matched",
            CauseCode::ExposeHeaderMissing => "expose-header-missing",
            CauseCode::CredentialsWithWildcardOrigin => "credentials-with-wildcard-origin",
            CauseCode::S3RequestRejected => "s3-request-rejected",
            CauseCode::S3WrongRegion => "s3-wrong-region",
            CauseCode::S3PreflightRedirect => "s3-preflight-redirect",
            CauseCode::PreflightNotRecorded => "preflight-not-recorded",
            CauseCode::FailureUnexplained => "failure-unexplained",
            CauseCode::NetworkError => "network-error",
            CauseCode::ServerCorsPolicy => "server-cors-policy",
            CauseCode::ConfigurationMismatch => "configuration-mismatch",
            CauseCode::S3PresignedExpired => "s3-presigned-expired",
            CauseCode::S3SignatureMismatch => "s3-signature-mismatch",
            CauseCode::S3PresignedQueryModified => "s3-presigned-query-modified",
            CauseCode::S3AccessDenied => "s3-access-denied",
            CauseCode::S3WebsiteEndpoint => "s3-website-endpoint",
            CauseCode::S3BucketNameDots => "s3-bucket-name-dots",
            CauseCode::S3ServiceEndpoint => "s3-service-endpoint",
            CauseCode::CachedResponseWithoutVary => "cached-response-without-vary",
            CauseCode::CloudfrontOriginNotForwarded => "cloudfront-origin-not-forwarded",
            CauseCode::CloudfrontCachedOtherOrigin => "cloudfront-cached-other-origin",
            CauseCode::S3MethodNotAllowable => "s3-method-not-allowable",
            CauseCode::StalePreflightCache => "stale-preflight-cache",
        }
    }

    /// One line that says what the code means.
    pub fn title(self) -> &'static str {
        match self {
            CauseCode::S3CorsNotConfigured => "The bucket has no CORS configuration.",
            CauseCode::S3OriginNotAllowed => "No CORS rule of the bucket allows the page's origin.",
            CauseCode::S3MethodNotAllowed => "The CORS rules that allow the origin do not allow the method.",
            CauseCode::S3HeaderNotAllowed => "The CORS rules do not allow every request header the page sends.",
            CauseCode::S3NoRuleMatched => {
                "S3 found no CORS rule for this request (or the bucket has none); the bucket's configuration tells which part is missing."
            }
            CauseCode::ExposeHeaderMissing => "A response header the page needs is not listed in ExposeHeaders.",
            CauseCode::CredentialsWithWildcardOrigin => {
                "A request with credentials was answered 'Access-Control-Allow-Origin: *', which browsers reject."
            }
            CauseCode::S3RequestRejected => "S3 itself refused the request (an error status of its own).",
            CauseCode::S3WrongRegion => "The request went to an endpoint in the wrong region for the bucket.",
            CauseCode::S3PreflightRedirect => "S3 answered the preflight with a redirect, which browsers never follow.",
            CauseCode::PreflightNotRecorded => "The request needed a preflight that the HAR does not contain.",
            CauseCode::FailureUnexplained => "The browser failed the request, but its recorded headers would pass.",
            CauseCode::NetworkError => "The request failed at the network level, not because of CORS.",
            CauseCode::ServerCorsPolicy => "The server's CORS answer does not allow this request.",
            CauseCode::ConfigurationMismatch => {
                "The configuration given with --cors does not explain what S3 answered."
            }
            CauseCode::S3PresignedExpired => "The presigned URL had expired when it was used.",
            CauseCode::S3SignatureMismatch => "S3 computed another signature: something signed was sent differently.",
            CauseCode::S3PresignedQueryModified => {
                "A query parameter was added to the presigned URL after it was signed."
            }
            CauseCode::S3AccessDenied => {
                "S3 denied the request: a bucket policy, ACL, Block Public Access or IAM, not CORS."
            }
            CauseCode::S3WebsiteEndpoint => "The static-website endpoint was called as if it were the S3 API.",
            CauseCode::S3BucketNameDots => "A bucket name with dots cannot be reached over virtual-hosted HTTPS.",
            CauseCode::S3ServiceEndpoint => {
                "ListBuckets/CreateBucket was called from the browser; S3's service endpoint has no CORS."
            }
            CauseCode::CachedResponseWithoutVary => {
                "The browser reused a cached non-CORS response that had no Vary: Origin."
            }
            CauseCode::CloudfrontOriginNotForwarded => "CloudFront did not forward the Origin header to S3.",
            CauseCode::CloudfrontCachedOtherOrigin => "CloudFront served an answer it had cached for another origin.",
            CauseCode::S3MethodNotAllowable => {
                "An S3 CORS rule can never allow this method (only GET, PUT, POST, DELETE, HEAD)."
            }
            CauseCode::StalePreflightCache => {
                "The browser reused a preflight it had cached before the bucket's rules changed."
            }
        }
    }
}

/// Things the user should know about the input or the analysis, apart from any one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningCode {
    /// A preflight whose request is not in the HAR.
    UnpairedPreflight,
    /// What this HAR's producer cannot record, and how that limits the diagnosis.
    ProducerLimitation,
    /// The reader had to skip or repair something in the input.
    InputRepaired,
    /// The file was cut off: the analysis covers the entries read whole.
    TruncatedInput,
    /// A `--cors` configuration names a bucket the HAR never reaches.
    UnusedConfiguration,
    /// A `--cors` configuration S3 itself would reject.
    InvalidConfiguration,
}

impl WarningCode {
    pub const ALL: [WarningCode; 6] = [
        WarningCode::UnpairedPreflight,
        WarningCode::ProducerLimitation,
        WarningCode::InputRepaired,
        WarningCode::TruncatedInput,
        WarningCode::UnusedConfiguration,
        WarningCode::InvalidConfiguration,
    ];

    pub fn code(self) -> &'static str {
        match self {
            WarningCode::UnpairedPreflight => "unpaired-preflight",
            WarningCode::ProducerLimitation => "producer-limitation",
            WarningCode::InputRepaired => "input-repaired",
            WarningCode::TruncatedInput => "truncated-input",
            WarningCode::UnusedConfiguration => "unused-configuration",
            WarningCode::InvalidConfiguration => "invalid-configuration",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            WarningCode::UnpairedPreflight => "A preflight whose request is not in the HAR.",
            WarningCode::ProducerLimitation => {
                "What this HAR's producer does not record, and how that limits the diagnosis."
            }
            WarningCode::InputRepaired => "The reader skipped or repaired something in the input.",
            WarningCode::TruncatedInput => "The file was cut off; the analysis covers the entries read whole.",
            WarningCode::UnusedConfiguration => {
                "A configuration given with --cors names a bucket the HAR never reaches."
            }
            WarningCode::InvalidConfiguration => "A configuration given with --cors is one S3 would reject.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_names_are_the_codes() {
        for c in CauseCode::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.code());
        }
        for w in WarningCode::ALL {
            assert_eq!(serde_json::to_value(w).unwrap(), w.code());
        }
    }
}
