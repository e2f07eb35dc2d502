//! Secret masking for everything a report shows: presigned-URL signatures and credentials, OAuth
//! and session tokens in query strings, `Authorization`, cookies, security tokens and JWT-looking
//! values in headers. Reports mask unless the user asks to see secrets.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// What replaces a secret.
pub const MASK: &str = "REDACTED";

/// Query parameters whose values are secrets (compared case-insensitively).
const SECRET_PARAMS: &[&str] = &[
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
    "signature",
    "awsaccesskeyid",
    "access_token",
    "id_token",
    "refresh_token",
    "code",
    "sig",
    "token",
    "api_key",
    "apikey",
    "key",
    "client_secret",
    "password",
    "secret",
    "session",
    "sessionid",
    "auth",
];

/// Header names whose values are secrets.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-amz-security-token",
    "x-api-key",
    "apikey",
    "x-auth-token",
    "x-csrf-token",
];

static JWT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*").expect("valid regex"));

fn is_secret_param(name: &str) -> bool {
    SECRET_PARAMS.iter().any(|p| p.eq_ignore_ascii_case(name))
}

pub fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS.iter().any(|p| p.eq_ignore_ascii_case(name))
}

/// The URL with secret query values, userinfo passwords and JWTs masked. Parameter names, order
/// and everything else stay, so the URL still tells what was requested.
pub fn url(url: &str) -> Cow<'_, str> {
    let (before_fragment, fragment) = match url.find('#') {
        Some(i) => (&url[..i], Some(&url[i..])),
        None => (url, None),
    };
    let (base, query) = match before_fragment.find('?') {
        Some(i) => (&before_fragment[..i], Some(&before_fragment[i + 1..])),
        None => (before_fragment, None),
    };
    let base = mask_userinfo(base);
    let mut changed = matches!(base, Cow::Owned(_));
    let mut out = String::with_capacity(url.len());
    out.push_str(&base);
    if let Some(query) = query {
        out.push('?');
        for (i, pair) in query.split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            match pair.split_once('=') {
                Some((name, value)) if !value.is_empty() && is_secret_param(&percent_decode_lossy(name)) => {
                    out.push_str(name);
                    out.push('=');
                    out.push_str(MASK);
                    changed = true;
                }
                _ => out.push_str(pair),
            }
        }
    }
    if let Some(fragment) = fragment {
        out.push_str(fragment);
    }
    let out = match JWT.replace_all(&out, MASK) {
        Cow::Owned(masked) => {
            changed = true;
            masked
        }
        Cow::Borrowed(_) => out,
    };
    if changed { Cow::Owned(out) } else { Cow::Borrowed(url) }
}

/// `https://user:pass@host/` → `https://user:REDACTED@host/`.
fn mask_userinfo(base: &str) -> Cow<'_, str> {
    let Some(scheme_end) = base.find("://") else {
        return Cow::Borrowed(base);
    };
    let authority_start = scheme_end + 3;
    let authority_end = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let authority = &base[authority_start..authority_end];
    match authority.rfind('@') {
        Some(at) => {
            let user = authority[..at].split(':').next().unwrap_or("");
            Cow::Owned(format!(
                "{}{}:{}@{}",
                &base[..authority_start],
                user,
                MASK,
                &base[authority_start + at + 1..]
            ))
        }
        None => Cow::Borrowed(base),
    }
}

fn percent_decode_lossy(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// A header value as a report may show it: secret headers masked (a SigV4 `Authorization` keeps
/// its algorithm and SignedHeaders, which diagnosis needs), JWTs masked anywhere, and URLs in
/// `Location`/`Referer` masked like request URLs.
pub fn header_value<'v>(name: &str, value: &'v str) -> Cow<'v, str> {
    if is_secret_header(name) {
        if name.eq_ignore_ascii_case("authorization") && value.starts_with("AWS4-HMAC-SHA256") {
            let signed = value
                .split([',', ' '])
                .find_map(|part| part.trim().strip_prefix("SignedHeaders="))
                .map(|s| format!(", SignedHeaders={s}"))
                .unwrap_or_default();
            return Cow::Owned(format!("AWS4-HMAC-SHA256 Credential={MASK}{signed}, Signature={MASK}"));
        }
        return Cow::Borrowed(MASK);
    }
    if name.eq_ignore_ascii_case("location") || name.eq_ignore_ascii_case("referer") {
        return url(value);
    }
    JWT.replace_all(value, MASK)
}

/// Masks every URL-looking part and JWT in free text (console messages quote the URL).
pub fn text(s: &str) -> Cow<'_, str> {
    static URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"https?://[^\s'"<>]+"#).expect("valid regex"));
    let urls = URL.replace_all(s, |c: &regex::Captures<'_>| url(&c[0]).into_owned());
    match urls {
        Cow::Borrowed(b) => JWT.replace_all(b, MASK),
        Cow::Owned(o) => Cow::Owned(JWT.replace_all(&o, MASK).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presigned_url_keeps_shape_and_loses_secrets() {
        let u = "https://b.s3.us-east-2.amazonaws.com/k.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261127%2Fus-east-2%2Fs3%2Faws4_request&X-Amz-Date=20261127T191920Z&X-Amz-Expires=3600&X-Amz-Signature=fef39a&X-Amz-SignedHeaders=host";
        let m = url(u);
        assert_eq!(
            m,
            "https://b.s3.us-east-2.amazonaws.com/k.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=REDACTED&X-Amz-Date=20261127T191920Z&X-Amz-Expires=3600&X-Amz-Signature=REDACTED&X-Amz-SignedHeaders=host"
        );
        assert!(matches!(url("https://a/b?x=1"), Cow::Borrowed(_)));
        assert_eq!(
            url("https://u:pw@a/?access_token=abc#f"),
            "https://u:REDACTED@a/?access_token=REDACTED#f"
        );
    }

    #[test]
    fn headers_and_text() {
        assert_eq!(header_value("Cookie", "sid=1"), MASK);
        assert_eq!(
            header_value(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=AKIA/2026/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"
            ),
            "AWS4-HMAC-SHA256 Credential=REDACTED, SignedHeaders=host;x-amz-date, Signature=REDACTED"
        );
        assert_eq!(
            header_value("x-custom", "Bearer eyJhbGciOi.eyJzdWIiOiIx.sig_nature"),
            "Bearer REDACTED"
        );
        assert_eq!(header_value("content-type", "image/png"), "image/png");
        assert_eq!(
            text("Access to fetch at 'https://b/k?X-Amz-Signature=s' from origin 'https://a' has been blocked"),
            "Access to fetch at 'https://b/k?X-Amz-Signature=REDACTED' from origin 'https://a' has been blocked"
        );
    }
}
