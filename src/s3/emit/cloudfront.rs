//! CloudFront in front of S3: a response headers policy `CorsConfig` equivalent to the bucket's
//! rules (when CloudFront answers CORS itself), as Terraform and CloudFormation, and the
//! behaviour / origin request / cache policy advice for letting S3 answer through CloudFront.
//! Source: s3-cors.md §6 (CloudFront).

use std::fmt::Write as _;

use super::cloudformation::{cloudformation_logical_id, yaml_list};
use super::pattern::{HeaderShape, OriginShape, header_shape, origin_shape};
use super::quote::{hcl_list, hcl_string, left_out, yaml_string};
use super::terraform::terraform_identifier;
use super::{Emitted, Target, comment_block, wrap};
use crate::s3::CorsConfiguration;

/// Managed origin request policy CORS-S3Origin: forwards Origin and the two ACR* headers.
const CORS_S3_ORIGIN: &str = "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf";
/// Managed cache policy CachingOptimized: no header in the cache key.
const CACHING_OPTIMIZED: &str = "658327ea-f89d-4fab-a63d-7e88639e58f6";
/// Managed response headers policy CORS-With-Preflight: every origin.
const CORS_WITH_PREFLIGHT: &str = "5cc3b908-e619-4b99-88e5-2cf7f45965bd";

/// `AccessControlAllowMethods` values, in the order they are written.
const METHODS: [&str; 7] = ["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"];

/// The bucket's rules merged into the one `CorsConfig` a cache behaviour can have.
struct Policy {
    origins: Vec<String>,
    methods: Vec<String>,
    allow_headers: Vec<String>,
    expose_headers: Vec<String>,
    max_age: Option<i64>,
    credentials: bool,
    /// What the policy cannot say that the rules say, and how to use it.
    notes: Vec<String>,
}

fn push_unique(list: &mut Vec<String>, value: &str, fold_case: bool) {
    let same = |v: &String| {
        if fold_case {
            v.eq_ignore_ascii_case(value)
        } else {
            v == value
        }
    };
    if !list.iter().any(same) {
        list.push(value.to_owned());
    }
}

fn merge(config: &CorsConfiguration) -> Policy {
    let (mut origins, mut dropped_origins) = (Vec::new(), Vec::new());
    let (mut allow_headers, mut dropped_headers, mut expose_headers) = (Vec::new(), Vec::new(), Vec::new());
    let (mut methods_seen, mut bad_methods) = (Vec::new(), Vec::new());
    let mut max_ages: Vec<i64> = Vec::new();
    for rule in &config.rules {
        for origin in &rule.allowed_origins {
            match origin_shape(origin) {
                OriginShape::Any | OriginShape::Exact | OriginShape::LeftmostLabel => {
                    push_unique(&mut origins, origin, false)
                }
                OriginShape::AnyPort | OriginShape::Other => push_unique(&mut dropped_origins, origin, false),
            }
        }
        for method in &rule.allowed_methods {
            if METHODS.contains(&method.as_str()) {
                push_unique(&mut methods_seen, method, false);
            } else {
                push_unique(&mut bad_methods, method, false);
            }
        }
        for header in &rule.allowed_headers {
            match header_shape(header) {
                HeaderShape::Any | HeaderShape::Exact => push_unique(&mut allow_headers, header, true),
                HeaderShape::Prefix | HeaderShape::Other => push_unique(&mut dropped_headers, header, true),
            }
        }
        for header in &rule.expose_headers {
            push_unique(&mut expose_headers, header, true);
        }
        if let Some(age) = rule.max_age_seconds
            && !max_ages.contains(&age)
        {
            max_ages.push(age);
        }
    }
    for list in [&mut origins, &mut allow_headers] {
        if list.iter().any(|v| v == "*") {
            list.retain(|v| v == "*");
        }
    }
    let methods: Vec<String> = METHODS
        .iter()
        .filter(|m| **m == "OPTIONS" || methods_seen.iter().any(|s| s == *m))
        .map(|m| m.to_string())
        .collect();
    let max_age = max_ages.iter().min().copied();
    let any_origin = origins.iter().any(|o| o == "*");
    let explicit_elsewhere = config.rules.iter().flat_map(|r| &r.allowed_origins).any(|o| o != "*");

    let mut notes = vec![
        "A response headers policy is one CORS answer for a whole cache behaviour: it has no rules, so it cannot allow a method or header for one origin and not another, as S3's rules can.".to_owned(),
    ];
    let uniform = config.rules.windows(2).all(|w| {
        w[0].allowed_methods == w[1].allowed_methods
            && w[0].allowed_headers == w[1].allowed_headers
            && w[0].expose_headers == w[1].expose_headers
    });
    if config.rules.len() > 1 && !uniform {
        notes.push(format!(
            "The {} rules are merged: every origin in the policy gets every method and header that any rule allows, which is wider than the bucket's rules.",
            config.rules.len()
        ));
    }
    if !dropped_origins.is_empty() {
        notes.push(format!(
            "CloudFront takes an origin, `*`, or a `*` as the whole leftmost label (https://*.example.com): {}.",
            left_out(&dropped_origins)
        ));
    }
    if !dropped_headers.is_empty() {
        notes.push(format!(
            "Access-Control-Allow-Headers has no partial wildcard: {}; list the header names the page sends.",
            left_out(&dropped_headers)
        ));
    }
    if !bad_methods.is_empty() {
        notes.push(format!(
            "Not methods CloudFront (or S3) can allow: {}.",
            left_out(&bad_methods)
        ));
    }
    if any_origin && explicit_elsewhere {
        notes.push("AccessControlAllowCredentials is false because the policy allows every origin (*); S3 answered credentialed requests from the rules' explicit origins, which one policy cannot do beside *.".to_owned());
    } else if !any_origin {
        notes.push("AccessControlAllowCredentials is true because S3 sends Access-Control-Allow-Credentials: true with every origin it echoes; set it to false if the page never sends cookies or HTTP authentication.".to_owned());
    }
    if max_ages.len() > 1 {
        let all: Vec<String> = max_ages.iter().map(i64::to_string).collect();
        notes.push(format!(
            "The rules' MaxAgeSeconds differ ({}): the policy uses the smallest.",
            all.join(", ")
        ));
    }
    notes.push("OriginOverride is true: CloudFront's CORS headers replace S3's, so the bucket's rules no longer decide. With false, S3's headers win whenever S3 sends any, including a cached answer made for another origin.".to_owned());
    notes.push("Attach the policy to the cache behaviour that serves the bucket; its allowed methods must include OPTIONS (GET, HEAD, OPTIONS, or all seven for PUT, POST or DELETE).".to_owned());
    Policy {
        origins,
        methods,
        allow_headers,
        expose_headers,
        max_age,
        credentials: !any_origin,
        notes,
    }
}

fn policy_name(bucket: &str) -> String {
    let name: String = bucket
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(100)
        .collect();
    format!("{name}-cors")
}

/// `aws_cloudfront_response_headers_policy` with a `cors_config`, formatted as `terraform fmt`.
pub(super) fn terraform(target: &Target<'_>, config: &CorsConfiguration) -> Emitted {
    let policy = merge(config);
    let name = format!("{}_cors", terraform_identifier(target.bucket));
    let mut out = comment_block("# ", &policy.notes);
    let _ = writeln!(out, "resource \"aws_cloudfront_response_headers_policy\" \"{name}\" {{");
    let _ = writeln!(out, "  name    = {}", hcl_string(&policy_name(target.bucket)));
    let _ = writeln!(
        out,
        "  comment = {}",
        hcl_string(&format!("CORS of S3 bucket {}", target.bucket))
    );
    out.push_str("\n  cors_config {\n");
    let mut scalars = vec![
        ("access_control_allow_credentials", policy.credentials.to_string()),
        ("origin_override", "true".to_owned()),
    ];
    if let Some(age) = policy.max_age {
        scalars.push(("access_control_max_age_sec", age.to_string()));
    }
    let width = scalars.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (key, value) in &scalars {
        let _ = writeln!(out, "    {key:<width$} = {value}");
    }
    for (block, items) in [
        ("access_control_allow_origins", &policy.origins),
        ("access_control_allow_methods", &policy.methods),
        ("access_control_allow_headers", &policy.allow_headers),
        ("access_control_expose_headers", &policy.expose_headers),
    ] {
        // Expose headers are optional; the other three are required, even when empty.
        if items.is_empty() && block == "access_control_expose_headers" {
            continue;
        }
        let _ = writeln!(out, "\n    {block} {{\n      items = {}\n    }}", hcl_list(items));
    }
    out.push_str("  }\n}\n");
    Emitted {
        text: out,
        notes: policy.notes,
        apply: vec![
            format!(
                "In the distribution's cache behaviour for the bucket: response_headers_policy_id = aws_cloudfront_response_headers_policy.{name}.id"
            ),
            "terraform plan".to_owned(),
            "terraform apply".to_owned(),
        ],
    }
}

/// `AWS::CloudFront::ResponseHeadersPolicy` with a `CorsConfig`, as YAML.
pub(super) fn cloudformation(target: &Target<'_>, config: &CorsConfiguration) -> Emitted {
    let policy = merge(config);
    let logical = format!("{}CorsPolicy", cloudformation_logical_id(target.bucket));
    let mut out = comment_block("# ", &policy.notes);
    out.push_str("Resources:\n");
    let _ = writeln!(out, "  {logical}:");
    out.push_str(
        "    Type: AWS::CloudFront::ResponseHeadersPolicy\n    Properties:\n      ResponseHeadersPolicyConfig:\n",
    );
    let _ = writeln!(out, "        Name: {}", yaml_string(&policy_name(target.bucket)));
    let _ = writeln!(
        out,
        "        Comment: {}",
        yaml_string(&format!("CORS of S3 bucket {}", target.bucket))
    );
    out.push_str("        CorsConfig:\n");
    let _ = writeln!(out, "          AccessControlAllowCredentials: {}", policy.credentials);
    for (key, items) in [
        ("AccessControlAllowHeaders", &policy.allow_headers),
        ("AccessControlAllowMethods", &policy.methods),
        ("AccessControlAllowOrigins", &policy.origins),
        ("AccessControlExposeHeaders", &policy.expose_headers),
    ] {
        if items.is_empty() && key == "AccessControlExposeHeaders" {
            continue;
        }
        let _ = write!(out, "          {key}:\n            Items:");
        yaml_list(&mut out, "              ", items);
    }
    if let Some(age) = policy.max_age {
        let _ = writeln!(out, "          AccessControlMaxAgeSec: {age}");
    }
    out.push_str("          OriginOverride: true\n");
    Emitted {
        text: out,
        notes: policy.notes,
        apply: vec![
            format!("In the distribution's cache behaviour for the bucket: ResponseHeadersPolicyId: !Ref {logical}"),
            "aws cloudformation deploy --template-file template.yaml --stack-name STACK".to_owned(),
        ],
    }
}

/// What to set on the distribution so that S3's own CORS answers reach the browser intact, and
/// the alternative of letting CloudFront answer.
pub(super) fn advice(target: &Target<'_>, config: &CorsConfiguration) -> Emitted {
    let policy = merge(config);
    let writes = config
        .rules
        .iter()
        .flat_map(|r| &r.allowed_methods)
        .any(|m| matches!(m.as_str(), "PUT" | "POST" | "DELETE"));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "CloudFront in front of S3 bucket {}: CORS through a distribution\n",
        target.bucket
    );
    out.push_str(&wrap(
        "Either S3 answers CORS (the bucket's rules, forwarded to S3 and cached per origin), or CloudFront answers it with a response headers policy. Do one, not half of each.",
        "",
        "",
    ));
    out.push_str("\nA. S3 answers (keep the bucket's CORS rules)\n\n");
    let methods = if writes {
        "GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE (the rules allow writes)"
    } else {
        "GET, HEAD, OPTIONS"
    };
    for (n, step) in [
        format!("Cache behaviour: allowed methods {methods}; add OPTIONS to the cached methods to cache preflights."),
        format!("Origin request policy: the managed CORS-S3Origin ({CORS_S3_ORIGIN}) forwards Origin, Access-Control-Request-Method and Access-Control-Request-Headers to S3 (CORS-CustomOrigin forwards only Origin). Without them S3 answers as if the request were not cross-origin."),
        format!("Cache policy: an origin request policy forwards headers but does not put them in the cache key. With CachingOptimized ({CACHING_OPTIMIZED}) one cached answer, with the CORS headers of the first requester or none, is served to every origin. Use a cache policy whose key has Origin, Access-Control-Request-Method and Access-Control-Request-Headers:"),
    ]
    .iter()
    .enumerate()
    {
        out.push_str(&wrap(step, &format!("{}. ", n + 1), "   "));
    }
    let _ = writeln!(
        out,
        "\n   resource \"aws_cloudfront_cache_policy\" \"{}_cors\" {{",
        terraform_identifier(target.bucket)
    );
    let _ = writeln!(out, "     name = {}", hcl_string(&policy_name(target.bucket)));
    out.push_str(concat!(
        "\n",
        "     parameters_in_cache_key_and_forwarded_to_origin {\n",
        "       headers_config {\n",
        "         header_behavior = \"whitelist\"\n",
        "         headers {\n",
        "           items = [\"Origin\", \"Access-Control-Request-Method\", \"Access-Control-Request-Headers\"]\n",
        "         }\n",
        "       }\n",
        "       cookies_config {\n",
        "         cookie_behavior = \"none\"\n",
        "       }\n",
        "       query_strings_config {\n",
        "         query_string_behavior = \"none\"\n",
        "       }\n",
        "     }\n",
        "   }\n\n",
    ));
    out.push_str(&wrap(
        "After changing the bucket's rules, invalidate the cached objects (aws cloudfront create-invalidation --distribution-id ID --paths '/*'): answers cached before keep the old headers.",
        "4. ",
        "   ",
    ));
    out.push_str("\nB. CloudFront answers (a response headers policy: the cloudfront-terraform or\n   cloudfront-cloudformation form)\n\n");
    for (label, value) in [
        ("origins:", list_or_none(&policy.origins)),
        ("methods:", list_or_none(&policy.methods)),
        ("allow headers:", list_or_none(&policy.allow_headers)),
        ("expose headers:", list_or_none(&policy.expose_headers)),
        (
            "max age:",
            policy.max_age.map_or("(not set)".to_owned(), |a| a.to_string()),
        ),
        ("credentials:", policy.credentials.to_string()),
    ] {
        out.push_str(&wrap(&value, &format!("   {label:<16}"), &" ".repeat(19)));
    }
    out.push('\n');
    out.push_str(&wrap(
        &format!("The managed CORS-With-Preflight policy ({CORS_WITH_PREFLIGHT}) allows every origin; this one keeps the bucket's."),
        "   ",
        "   ",
    ));
    out.push_str("\n   What a response headers policy cannot express, compared with S3's rules:\n");
    for note in &policy.notes {
        out.push_str(&wrap(note, "   - ", "     "));
    }
    Emitted {
        text: out,
        notes: policy.notes,
        apply: Vec::new(),
    }
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "(none)".to_owned()
    } else {
        items.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::CorsRule;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn merge_unions_rules_and_says_what_is_lost() {
        let config = CorsConfiguration {
            rules: vec![
                CorsRule {
                    allowed_origins: strings(&["https://app.example.com", "https://app-*.example.com"]),
                    allowed_methods: strings(&["PUT", "GET"]),
                    allowed_headers: strings(&["Content-Type", "x-amz-*"]),
                    expose_headers: strings(&["ETag"]),
                    max_age_seconds: Some(600),
                    ..CorsRule::default()
                },
                CorsRule {
                    allowed_origins: strings(&["https://*.example.com", "http://localhost:*"]),
                    allowed_methods: strings(&["GET", "HEAD"]),
                    allowed_headers: strings(&["content-type"]),
                    expose_headers: strings(&["etag", "x-amz-version-id"]),
                    max_age_seconds: Some(3000),
                    ..CorsRule::default()
                },
            ],
        };
        let p = merge(&config);
        assert_eq!(p.origins, ["https://app.example.com", "https://*.example.com"]);
        assert_eq!(p.methods, ["GET", "HEAD", "PUT", "OPTIONS"]);
        assert_eq!(p.allow_headers, ["Content-Type"]);
        assert_eq!(p.expose_headers, ["ETag", "x-amz-version-id"]);
        assert_eq!(p.max_age, Some(600));
        assert!(p.credentials);
        let notes = p.notes.join("\n");
        assert!(notes.contains("The 2 rules are merged"));
        assert!(notes.contains("\"https://app-*.example.com\" and \"http://localhost:*\" are left out"));
        assert!(notes.contains("\"x-amz-*\" is left out"));
        assert!(notes.contains("MaxAgeSeconds differ (600, 3000)"));
        assert!(notes.contains("OriginOverride"));
    }

    #[test]
    fn a_star_origin_wins_and_turns_credentials_off() {
        let config = CorsConfiguration {
            rules: vec![
                CorsRule {
                    allowed_origins: strings(&["https://a.test"]),
                    allowed_methods: strings(&["GET"]),
                    ..CorsRule::default()
                },
                CorsRule {
                    allowed_origins: strings(&["*"]),
                    allowed_methods: strings(&["GET"]),
                    ..CorsRule::default()
                },
            ],
        };
        let p = merge(&config);
        assert_eq!(p.origins, ["*"]);
        assert!(!p.credentials);
        assert!(
            p.notes
                .iter()
                .any(|n| n.starts_with("AccessControlAllowCredentials is false"))
        );
        assert!(!p.notes.iter().any(|n| n.contains("merged")));
    }
}
