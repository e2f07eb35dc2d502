//! What S3's recorded answers reveal of a bucket's CORS rules, for the usual first run without the
//! configuration. S3 echoes a matched rule's whole AllowedMethods list (document order), its
//! ExposeHeaders and MaxAgeSeconds, answers `*` exactly when the rule's origins contain `*`, and
//! echoes the requested header names it allowed (s3-cors.md §2). Answers with the same method list,
//! expose list, max-age and wildcard-ness came from the same rule, as far as the HAR can tell.
//! Everything reconstructed is an assumption and is reported as one.

use super::{CorsConfiguration, CorsRule};
use crate::headers::{self, Header};

/// One recorded S3 answer with CORS headers (or a preflight S3 refused).
#[derive(Clone, Copy, Debug)]
pub struct Observation<'h> {
    pub origin: &'h str,
    /// The method the rule was matched against (the preflight's requested method).
    pub method: &'h str,
    pub preflight: bool,
    pub status: i64,
    pub headers: &'h [Header<'h>],
}

/// A rule as far as S3's answers show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevealedRule {
    /// Origins S3 echoed for this rule, or `*`.
    pub origins: Vec<String>,
    /// The rule's AllowedMethods, exactly (S3 lists them all).
    pub methods: Vec<String>,
    /// Header names S3 allowed on a preflight (a lower bound of AllowedHeaders).
    pub headers_allowed: Vec<String>,
    pub expose: Vec<String>,
    pub max_age: Option<i64>,
}

impl RevealedRule {
    pub fn covers_origin(&self, origin: &str) -> bool {
        self.origins.iter().any(|o| o == "*" || o == origin)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Revealed {
    pub rules: Vec<RevealedRule>,
    /// True when some answer carried CORS headers: the bucket has a CORS configuration.
    pub cors_enabled: bool,
}

impl Revealed {
    /// The reconstruction as a configuration: one rule per revealed rule, AllowedHeaders the
    /// names seen allowed.
    pub fn as_configuration(&self) -> CorsConfiguration {
        CorsConfiguration {
            rules: self
                .rules
                .iter()
                .map(|r| CorsRule {
                    id: None,
                    allowed_origins: r.origins.clone(),
                    allowed_methods: r.methods.clone(),
                    allowed_headers: r.headers_allowed.clone(),
                    expose_headers: r.expose.clone(),
                    max_age_seconds: r.max_age,
                })
                .collect(),
        }
    }
}

pub fn reveal<'h>(observations: impl IntoIterator<Item = Observation<'h>>) -> Revealed {
    let mut revealed = Revealed::default();
    for o in observations {
        let Some(acao) = headers::get(o.headers, "access-control-allow-origin") else {
            continue;
        };
        if o.preflight && !(200..300).contains(&o.status) {
            continue;
        }
        revealed.cors_enabled = true;
        let methods = list(o.headers, "access-control-allow-methods", false);
        if methods.is_empty() {
            continue; // not S3's shape: S3 always lists the rule's methods
        }
        let expose = list(o.headers, "access-control-expose-headers", false);
        let max_age = headers::first(o.headers, "access-control-max-age").and_then(|v| v.parse().ok());
        let origin = if acao == "*" {
            "*".to_owned()
        } else {
            o.origin.to_owned()
        };
        let allowed = if o.preflight {
            list(o.headers, "access-control-allow-headers", true)
        } else {
            Vec::new()
        };
        let same_rule = |r: &&mut RevealedRule| {
            r.methods == methods
                && r.expose == expose
                && r.max_age == max_age
                && (r.origins == ["*"]) == (origin == "*")
        };
        match revealed.rules.iter_mut().find(same_rule) {
            Some(rule) => {
                push_unique(&mut rule.origins, origin);
                for h in allowed {
                    push_unique(&mut rule.headers_allowed, h);
                }
            }
            None => revealed.rules.push(RevealedRule {
                origins: vec![origin],
                methods,
                headers_allowed: allowed,
                expose,
                max_age,
            }),
        }
    }
    revealed
}

fn list(hs: &[Header<'_>], name: &str, lower: bool) -> Vec<String> {
    let Some(v) = headers::get(hs, name) else {
        return Vec::new();
    };
    v.split(',')
        .map(headers::trim_http_ws)
        .filter(|s| !s.is_empty())
        .map(|s| if lower { s.to_ascii_lowercase() } else { s.to_owned() })
        .collect()
}

fn push_unique(v: &mut Vec<String>, item: String) {
    if !v.contains(&item) {
        v.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&'static str, &'static str)]) -> Vec<Header<'static>> {
        pairs.iter().map(|(n, v)| Header::new(*n, *v)).collect()
    }

    #[test]
    fn answers_of_one_rule_merge_and_others_stay_apart() {
        let get = h(&[
            ("Access-Control-Allow-Origin", "https://a.test"),
            ("Access-Control-Allow-Methods", "GET, PUT"),
            ("Access-Control-Expose-Headers", "ETag"),
            ("Access-Control-Max-Age", "1800"),
        ]);
        let pre = h(&[
            ("Access-Control-Allow-Origin", "https://a.test"),
            ("Access-Control-Allow-Methods", "GET, PUT"),
            ("Access-Control-Allow-Headers", "content-type"),
            ("Access-Control-Expose-Headers", "ETag"),
            ("Access-Control-Max-Age", "1800"),
        ]);
        let star = h(&[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Methods", "GET"),
        ]);
        let refused = h(&[("Server", "AmazonS3")]);
        let r = reveal([
            Observation {
                origin: "https://a.test",
                method: "GET",
                preflight: false,
                status: 200,
                headers: &get,
            },
            Observation {
                origin: "https://a.test",
                method: "PUT",
                preflight: true,
                status: 200,
                headers: &pre,
            },
            Observation {
                origin: "https://b.test",
                method: "GET",
                preflight: false,
                status: 200,
                headers: &star,
            },
            Observation {
                origin: "https://c.test",
                method: "PUT",
                preflight: true,
                status: 403,
                headers: &refused,
            },
        ]);
        assert!(r.cors_enabled);
        assert_eq!(r.rules.len(), 2);
        assert_eq!(r.rules[0].headers_allowed, ["content-type"]);
        assert_eq!(r.rules[0].methods, ["GET", "PUT"]);
        assert!(r.rules[1].covers_origin("https://anything"));
        let config = r.as_configuration();
        assert_eq!(config.rules[0].max_age_seconds, Some(1800));
        assert_eq!(config.rules[1].allowed_origins, ["*"]);
    }

    #[test]
    fn nothing_revealed_without_cors_headers() {
        let refused = h(&[("Server", "AmazonS3")]);
        let r = reveal([Observation {
            origin: "https://c.test",
            method: "PUT",
            preflight: true,
            status: 403,
            headers: &refused,
        }]);
        assert_eq!(r, Revealed::default());
    }
}
