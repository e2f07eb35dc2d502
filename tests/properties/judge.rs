//! Two independent judges. `browser`: how the browser fares against S3's answers under a
//! configuration, glued here from `s3::simulate` and the browser's checks without going through
//! `s3::fix::verify`. `reference`: S3's rule matching written again straight from s3-cors.md §2,
//! as plainly as possible, to check `s3::simulate` against.

use corshar::cors::check::{self, PreflightResponse};
use corshar::cors::{self, Credentials, Mode};
use corshar::headers::Header;
use corshar::s3::CorsConfiguration;
use corshar::s3::fix::Need;
use corshar::s3::simulate::{self, Bucket, Resource, S3Request};

/// Names a browser can never read, whatever is exposed.
pub fn never_readable(name: &str) -> bool {
    name.eq_ignore_ascii_case("set-cookie") || name.eq_ignore_ascii_case("set-cookie2")
}

/// Whether a bucket CORS rule can ever serve this need (S3 allows five methods; "null" is not an
/// origin to allow).
pub fn fixable(need: &Need) -> bool {
    ["GET", "PUT", "POST", "DELETE", "HEAD"].contains(&need.method.as_str()) && need.origin != "null"
}

/// How a need fares: whether the browser's checks pass, and for each name in `names` whether the
/// page can read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fate {
    pub allowed: bool,
    pub readable: Vec<bool>,
}

impl Fate {
    /// Allowed, and every name it reads (but the never-readable ones) readable.
    pub fn passes(&self, need: &Need) -> bool {
        self.allowed
            && need
                .must_read
                .iter()
                .chain(&need.keep_readable)
                .zip(&self.readable)
                .all(|(n, r)| *r || never_readable(n))
    }
}

pub const URL: &str = "https://media.s3.us-east-1.amazonaws.com/photos/cat.jpg";

/// The browser against S3 under `config`, for the need's preflight (when it has one: the names
/// go out in ACRH in the browser's shape) and its actual request; `names` are read from the
/// actual response.
pub fn browser(config: Option<&CorsConfiguration>, need: &Need) -> Fate {
    let names: Vec<&String> = need.must_read.iter().chain(&need.keep_readable).collect();
    let bucket = match config {
        Some(c) => Bucket::Cors(c),
        None => Bucket::NoCors,
    };
    // `same-origin` is the default mode; only `include` changes the checks.
    let credentials = if need.credentials {
        Credentials::Include
    } else {
        Credentials::SameOrigin
    };
    let request_headers: Vec<Header<'static>> = need
        .preflight_headers
        .iter()
        .flatten()
        .map(|n| Header::new(n.clone(), "v".to_owned()))
        .collect();
    let request = cors::Request {
        method: &need.method,
        url: URL,
        origin: &need.origin,
        headers: &request_headers,
        credentials,
        mode: Mode::Cors,
        use_cors_preflight_flag: need.preflight_headers.is_some(),
    };
    let denied = Fate {
        allowed: false,
        readable: vec![false; names.len()],
    };
    if let Some(unsafe_names) = &need.preflight_headers {
        // Chrome: lower-case, sorted, joined with "," and no header when there is no name.
        let mut sorted = unsafe_names.clone();
        sorted.sort();
        let acrh = (!sorted.is_empty()).then(|| sorted.join(","));
        let answer = simulate::preflight(
            bucket,
            &S3Request {
                method: "OPTIONS",
                resource: Resource::Object,
                origin: Some(&need.origin),
                acr_method: Some(&need.method),
                acr_headers: acrh.as_deref(),
            },
        );
        let response = PreflightResponse {
            status: i64::from(answer.status.unwrap_or(0)),
            headers: &answer.headers,
            redirected: false,
        };
        if check::preflight_check(&request, unsafe_names, &response).is_err() {
            return denied;
        }
    }
    let answer = simulate::actual(
        bucket,
        &S3Request {
            method: &need.method,
            resource: Resource::Object,
            origin: Some(&need.origin),
            acr_method: None,
            acr_headers: None,
        },
    );
    let response = cors::Response {
        status: 200,
        headers: &answer.headers,
    };
    if check::actual_check(&request, &[], &response).is_err() {
        return denied;
    }
    Fate {
        allowed: true,
        readable: names
            .iter()
            .map(|n| check::is_readable(n, &answer.headers, credentials))
            .collect(),
    }
}

// ------------------------------------------------------------------------- S3, from the doc

/// `glob_match` of s3-cors.md §2: at most one `*`, which may match the empty string; anchored.
pub fn glob(pattern: &str, value: &str) -> bool {
    match pattern.find('*') {
        None => pattern == value,
        Some(star) => {
            let (prefix, suffix) = (&pattern[..star], &pattern[star + 1..]);
            value.starts_with(prefix) && value[prefix.len()..].ends_with(suffix)
        }
    }
}

/// The ACRH tokens: split on ",", trimmed, lower-cased, empty ones dropped.
pub fn tokens(acrh: &str) -> Vec<String> {
    acrh.split(',')
        .map(|t| t.trim_matches([' ', '\t']).to_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

/// `first_match` of s3-cors.md §2. A header value naming nothing counts as absent (the engine's
/// documented reading, LocalStack's; AWS's answer is unrecorded).
pub fn first_match(config: &CorsConfiguration, origin: &str, method: &str, acrh: Option<&str>) -> Option<usize> {
    let wanted = acrh.map(tokens).unwrap_or_default();
    for (i, rule) in config.rules.iter().enumerate() {
        let origin_ok = rule.allowed_origins.iter().any(|o| glob(o, origin));
        let method_ok = rule.allowed_methods.iter().any(|m| m == method);
        let headers_ok = wanted.is_empty()
            || (!rule.allowed_headers.is_empty()
                && wanted
                    .iter()
                    .all(|t| rule.allowed_headers.iter().any(|h| glob(&h.to_lowercase(), t))));
        if origin_ok && method_ok && headers_ok {
            return Some(i);
        }
    }
    None
}
