//! Secret masking for everything a report shows: presigned-URL signatures and credentials, OAuth
//! and session tokens in query strings, `Authorization`, cookies, security tokens and JWT-looking
//! values in headers. Reports mask unless the user asks to see secrets; [`har`] rewrites a whole
//! HAR with the same rules, for sharing it.

pub mod har;

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// What replaces a secret.
pub const MASK: &str = "REDACTED";

/// Query parameters whose values are secrets, compared with case, `-` and `_` ignored
/// (`X-Amz-Signature`, `access_token`, `accessToken` alike). Names ending in one of
/// [`SECRET_SUFFIXES`] are secret too.
const SECRET_PARAMS: &[&str] = &[
    "awsaccesskeyid",
    "code",
    "sig",
    "apikey",
    "key",
    "session",
    "sessionid",
    "auth",
    // Google Cloud Storage signed URLs (V4 and V2).
    "x-goog-signature",
    "x-goog-credential",
    "googleaccessid",
    // OAuth and OpenID Connect beyond the tokens above.
    "code_verifier",
    "client_assertion",
    "assertion",
    "samlresponse",
    "samlrequest",
    // Common spellings of session and auth tokens.
    "auth_token",
    "authtoken",
    "session_token",
    "sessiontoken",
    "security_token",
    "jwt",
    "passwd",
    "pwd",
    "otp",
    "accesstoken",
    "refreshtoken",
    "idtoken",
    "csrf_token",
    "csrftoken",
    "xsrf_token",
    "oauth_token",
    "oauth_verifier",
    "oauth_signature",
    "private_key",
    "access_key",
    "secret_key",
    "aws_secret_access_key",
];

/// `X-Amz-Signature`, `X-Goog-Credential`, `X-Amz-Security-Token`, `auth_token`, `refreshToken`,
/// `client_secret`, `password`...: whatever a signed URL or an API calls them.
const SECRET_SUFFIXES: &[&str] = &["signature", "credential", "token", "secret", "password"];

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
    // S3 server-side encryption with a customer key: the key itself travels in these.
    "x-amz-server-side-encryption-customer-key",
    "x-amz-copy-source-server-side-encryption-customer-key",
    "x-goog-api-key",
    "x-goog-encryption-key",
    "x-access-token",
    "x-refresh-token",
    "x-id-token",
    "x-session-token",
    "x-xsrf-token",
    "x-functions-key",
    "ocp-apim-subscription-key",
];

static JWT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*").expect("valid regex"));

/// One secret a masking step removed: its kind and where it was, never its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found<'n> {
    /// The value of a query (or fragment) parameter, by the parameter's name as written.
    Param(&'n str),
    /// The password of a URL's userinfo.
    Password,
    /// A JWT-looking value.
    Jwt,
}

/// Whether a query parameter's value is a secret, by its name (as written or percent-decoded),
/// with case, `-` and `_` ignored; names ending in one of `SECRET_SUFFIXES` are secret too.
pub fn is_secret_param(name: &str) -> bool {
    let fold = |n: &str| -> String {
        n.chars()
            .filter(|c| *c != '-' && *c != '_')
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let folded = fold(&percent_decode_lossy(name));
    SECRET_PARAMS.iter().any(|p| fold(p) == folded) || SECRET_SUFFIXES.iter().any(|s| folded.ends_with(s))
}

pub fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS.iter().any(|p| p.eq_ignore_ascii_case(name))
}

/// Whether a field of a request or response body (a JSON key, a form field) holds a secret, by
/// its name: case-insensitive, `-` and `_` ignored, and any name containing `password`, `secret`,
/// `token`, `authorization`, `credential`, `accesskey`, `apikey`, `privatekey`, `signature`,
/// `cookie` or `session`, and a few short ones exactly (`pwd`, `pin`, `otp`, `sig`, `jwt`...).
/// Forms, whose fields are query parameters, add [`is_secret_param`] (`code`, `key`...).
pub fn is_secret_field(name: &str) -> bool {
    const CONTAINED: &[&str] = &[
        "password",
        "passwd",
        "secret",
        "token",
        "authorization",
        "credential",
        "accesskey",
        "apikey",
        "privatekey",
        "signature",
        "cookie",
        "session",
    ];
    const EXACT: &[&str] = &["pwd", "pin", "otp", "sig", "jwt", "auth", "assertion", "googleaccessid"];
    // Lower-case ASCII without separators, on the stack: this runs on every key of a kept body.
    let mut buf = [0u8; 64];
    let mut len = 0;
    for b in name.bytes().filter(|b| !matches!(b, b'-' | b'_' | b' ' | b'.')) {
        if len == buf.len() {
            let long: String = name
                .chars()
                .filter(|c| !matches!(c, '-' | '_' | ' ' | '.'))
                .map(|c| c.to_ascii_lowercase())
                .collect();
            return CONTAINED.iter().any(|c| long.contains(c));
        }
        buf[len] = b.to_ascii_lowercase();
        len += 1;
    }
    let normal = &buf[..len];
    CONTAINED
        .iter()
        .any(|c| normal.windows(c.len()).any(|w| w == c.as_bytes()))
        || EXACT.iter().any(|e| e.as_bytes() == normal)
}

/// The URL with secret query values, userinfo passwords and JWTs masked. Parameter names, order
/// and everything else stay, so the URL still tells what was requested. A fragment written as
/// parameters (OAuth's implicit flow: `#access_token=...`) is masked like the query.
pub fn url(url: &str) -> Cow<'_, str> {
    url_reporting(url, &mut |_| {})
}

/// [`url()`], telling `found` each secret it masks (a value already masked is not told again).
pub fn url_reporting<'u>(url: &'u str, found: &mut dyn FnMut(Found<'_>)) -> Cow<'u, str> {
    let (before_fragment, fragment) = match url.find('#') {
        Some(i) => (&url[..i], Some(&url[i + 1..])),
        None => (url, None),
    };
    let (base, query) = match before_fragment.find('?') {
        Some(i) => (&before_fragment[..i], Some(&before_fragment[i + 1..])),
        None => (before_fragment, None),
    };
    let base = mask_userinfo(base, found);
    let mut changed = matches!(base, Cow::Owned(_));
    let mut out = String::with_capacity(url.len());
    out.push_str(&base);
    if let Some(query) = query {
        out.push('?');
        changed |= mask_pairs(query, &mut out, found);
    }
    if let Some(fragment) = fragment {
        out.push('#');
        // `#access_token=...` (OAuth's implicit flow), or a hash route's own query
        // (`#/callback?code=...`).
        let (route, pairs) = match fragment.find('?') {
            Some(q) => (&fragment[..=q], &fragment[q + 1..]),
            None if fragment.contains('=') => ("", fragment),
            None => (fragment, ""),
        };
        out.push_str(route);
        changed |= mask_pairs(pairs, &mut out, found);
    }
    let out = match mask_jwts(&out, found) {
        Cow::Owned(masked) => {
            changed = true;
            masked
        }
        Cow::Borrowed(_) => out,
    };
    if changed { Cow::Owned(out) } else { Cow::Borrowed(url) }
}

/// `name=value&...` into `out` with secret values masked; whether any was.
fn mask_pairs(pairs: &str, out: &mut String, found: &mut dyn FnMut(Found<'_>)) -> bool {
    let mut changed = false;
    for (i, pair) in pairs.split('&').enumerate() {
        if i > 0 {
            out.push('&');
        }
        match pair.split_once('=') {
            Some((name, value)) if !value.is_empty() && is_secret_param(name) => {
                out.push_str(name);
                out.push('=');
                out.push_str(MASK);
                if value != MASK {
                    found(Found::Param(name));
                }
                changed = true;
            }
            _ => out.push_str(pair),
        }
    }
    changed
}

/// JWTs in `s` masked, each told to `found`.
fn mask_jwts<'s>(s: &'s str, found: &mut dyn FnMut(Found<'_>)) -> Cow<'s, str> {
    if !s.contains("eyJ") {
        return Cow::Borrowed(s);
    }
    JWT.replace_all(s, |_: &regex::Captures<'_>| {
        found(Found::Jwt);
        MASK
    })
}

/// `https://user:pass@host/` → `https://user:REDACTED@host/`.
fn mask_userinfo<'b>(base: &'b str, found: &mut dyn FnMut(Found<'_>)) -> Cow<'b, str> {
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
            let mut userinfo = authority[..at].split(':');
            let user = userinfo.next().unwrap_or("");
            if userinfo.next() != Some(MASK) {
                found(Found::Password);
            }
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

/// Masks every URL-looking part (`http`, `https`, `ws`, `wss`) and JWT in free text (console
/// messages quote the URL).
///
/// Where a quoted URL ends cannot be known from the text: Chrome leaves `'` unencoded in paths
/// (`'https://b.s3.amazonaws.com/O'Brien.png?X-Amz-Signature=…'`), and Firefox quotes with
/// `‘…’`. So URLs are masked as far as they clearly go, then every `?name=value` / `&name=value`
/// left in the text is masked by its name, wherever the URL it belongs to started.
pub fn text(s: &str) -> Cow<'_, str> {
    text_reporting(s, &mut |_| {})
}

/// [`text`], telling `found` each secret it masks.
pub fn text_reporting<'s>(s: &'s str, found: &mut dyn FnMut(Found<'_>)) -> Cow<'s, str> {
    static URL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?:https?|wss?)://[^\s'"<>‘’]+"#).expect("valid regex"));
    static PARAM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"([?&])([^=&?#\s'"<>‘’]+)=([^&#\s'"<>‘’]+)"#).expect("valid regex"));
    let urls = if s.contains("://") {
        URL.replace_all(s, |c: &regex::Captures<'_>| url_reporting(&c[0], found).into_owned())
    } else {
        Cow::Borrowed(s)
    };
    let params = if urls.contains('=') {
        PARAM.replace_all(&urls, |c: &regex::Captures<'_>| {
            if &c[3] != MASK && is_secret_param(&c[2]) {
                found(Found::Param(&c[2]));
                format!("{}{}={MASK}", &c[1], &c[2])
            } else {
                c[0].to_owned()
            }
        })
    } else {
        Cow::Borrowed(&*urls)
    };
    let jwts = mask_jwts(&params, found);
    match (&urls, &params, &jwts) {
        (Cow::Borrowed(_), Cow::Borrowed(_), Cow::Borrowed(_)) => Cow::Borrowed(s),
        _ => Cow::Owned(jwts.into_owned()),
    }
}

/// An `Authorization` (or `Proxy-Authorization`) value with its credentials masked and its
/// scheme kept: a SigV4 signature keeps its algorithm and SignedHeaders (as [`header_value`]),
/// `Bearer abc` becomes `Bearer REDACTED`, anything else `REDACTED`.
pub fn authorization(value: &str) -> Cow<'_, str> {
    if value.is_empty() {
        return Cow::Borrowed(value);
    }
    let masked = if value.starts_with("AWS4-HMAC-SHA256") {
        header_value("authorization", value)
    } else {
        match value.split_once(' ') {
            Some((scheme, rest))
                if !scheme.is_empty()
                    && !rest.trim().is_empty()
                    && scheme
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
            {
                Cow::Owned(format!("{scheme} {MASK}"))
            }
            _ => Cow::Borrowed(MASK),
        }
    };
    if masked == value { Cow::Borrowed(value) } else { masked }
}

/// A `Cookie` value with every cookie's value masked and its name kept:
/// `sid=abc; theme=dark` → `sid=REDACTED; theme=REDACTED`. Empty values stay empty.
pub fn cookie(value: &str) -> Cow<'_, str> {
    let mut out = String::with_capacity(value.len());
    for (i, pair) in value.split(';').enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(&cookie_pair(pair));
    }
    if out == value {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(out)
    }
}

/// A `Set-Cookie` value (several, one a line, as Firefox and some proxies join them) with each
/// cookie's value masked, its name and attributes (`Path`, `SameSite`, `Secure`...) kept.
pub fn set_cookie(value: &str) -> Cow<'_, str> {
    let mut out = String::with_capacity(value.len());
    for (i, line) in value.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match line.split_once(';') {
            Some((first, attributes)) => {
                out.push_str(&cookie_pair(first));
                out.push(';');
                out.push_str(attributes);
            }
            None => out.push_str(&cookie_pair(line)),
        }
    }
    if out == value {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(out)
    }
}

/// ` name=value` → ` name=REDACTED` (spacing kept); a value without a name is masked whole.
fn cookie_pair(pair: &str) -> Cow<'_, str> {
    let (name, value) = match pair.split_once('=') {
        Some((n, v)) => (Some(n), v),
        None => (None, pair),
    };
    let trimmed = value.trim();
    if trimmed.is_empty() || trimmed == MASK {
        return Cow::Borrowed(pair);
    }
    let lead = &value[..value.len() - value.trim_start().len()];
    let trail = &value[value.trim_end().len()..];
    Cow::Owned(match name {
        Some(n) => format!("{n}={lead}{MASK}{trail}"),
        None => format!("{lead}{MASK}{trail}"),
    })
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

    #[test]
    fn parameter_names_are_matched_by_their_sense() {
        for secret in [
            "X-Goog-Signature",
            "X-Goog-Credential",
            "accessToken",
            "auth_token",
            "refreshToken",
            "client_secret",
        ] {
            assert!(is_secret_param(secret), "{secret}");
        }
        for plain in [
            "X-Amz-SignedHeaders",
            "X-Amz-Date",
            "x-id",
            "partNumber",
            "uploadId",
            "response-content-type",
        ] {
            assert!(!is_secret_param(plain), "{plain}");
        }
    }

    #[test]
    fn a_quote_inside_a_quoted_url_does_not_end_the_masking() {
        // Chrome does not percent-encode ' in a path.
        let line = "Access to fetch at 'https://b.s3.amazonaws.com/O'Brien%20scan.png?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=abc' from origin 'https://a' has been blocked";
        assert_eq!(
            text(line),
            "Access to fetch at 'https://b.s3.amazonaws.com/O'Brien%20scan.png?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED' from origin 'https://a' has been blocked"
        );
        // The shell quoting of a curl command splits the URL the same way.
        assert_eq!(
            text("curl -i 'https://b/O'\\''Brien?token=t1&x=1'"),
            "curl -i 'https://b/O'\\''Brien?token=REDACTED&x=1'"
        );
        // Firefox's closing ’ stays.
        assert_eq!(
            text("reading the remote resource at ‘https://b/k?refresh_token=r’. (Reason: x)"),
            "reading the remote resource at ‘https://b/k?refresh_token=REDACTED’. (Reason: x)"
        );
    }

    #[test]
    fn fragments_and_more_parameters() {
        assert_eq!(
            url("https://app.test/cb#access_token=abc&state=x&id_token=def"),
            "https://app.test/cb#access_token=REDACTED&state=x&id_token=REDACTED"
        );
        assert_eq!(
            url("https://app.test/#/callback?code=abc&view=1"),
            "https://app.test/#/callback?code=REDACTED&view=1"
        );
        assert!(matches!(url("https://app.test/#/tickets/4821"), Cow::Borrowed(_)));
        assert_eq!(
            url("https://storage.googleapis.com/b/o?X-Goog-Credential=c&X-Goog-Signature=s&x=1"),
            "https://storage.googleapis.com/b/o?X-Goog-Credential=REDACTED&X-Goog-Signature=REDACTED&x=1"
        );
        assert_eq!(url("/k?access%5Ftoken=abc"), "/k?access%5Ftoken=REDACTED");
        assert!(is_secret_header("X-Amz-Server-Side-Encryption-Customer-Key"));
        assert_eq!(
            text("connect wss://rt.test/socket?token=abc failed"),
            "connect wss://rt.test/socket?token=REDACTED failed"
        );
    }

    #[test]
    fn reporting_tells_each_secret_once() {
        let mut found = Vec::new();
        let masked = url_reporting(
            "https://u:pw@h/p?X-Amz-Signature=s&a=eyJhbGciOi.eyJzdWIiOiIx.sig_nature&token=REDACTED",
            &mut |f| found.push(format!("{f:?}")),
        );
        assert_eq!(
            masked,
            "https://u:REDACTED@h/p?X-Amz-Signature=REDACTED&a=REDACTED&token=REDACTED"
        );
        assert_eq!(found, ["Password", "Param(\"X-Amz-Signature\")", "Jwt"]);
        found.clear();
        let again = url_reporting(&masked, &mut |f| found.push(format!("{f:?}")));
        assert_eq!(again, masked);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn authorization_and_cookies_keep_their_shape() {
        assert_eq!(authorization("Bearer abc.def"), "Bearer REDACTED");
        assert_eq!(authorization("Basic dXNlcjpwdw=="), "Basic REDACTED");
        assert_eq!(authorization("abc"), MASK);
        assert_eq!(authorization(""), "");
        let sigv4 = "AWS4-HMAC-SHA256 Credential=AKIA/20261127/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc";
        let masked = authorization(sigv4);
        assert_eq!(
            masked,
            "AWS4-HMAC-SHA256 Credential=REDACTED, SignedHeaders=host;x-amz-date, Signature=REDACTED"
        );
        for done in [masked.as_ref(), "Bearer REDACTED", MASK] {
            assert!(matches!(authorization(done), Cow::Borrowed(_)), "{done}");
        }
        assert_eq!(
            cookie("sid=abc; theme=dark;empty="),
            "sid=REDACTED; theme=REDACTED;empty="
        );
        assert!(matches!(cookie("sid=REDACTED; theme=REDACTED"), Cow::Borrowed(_)));
        assert_eq!(
            set_cookie("sid=abc; Path=/; Secure; SameSite=None\nlang=en; Expires=Wed, 21 Oct 2026 07:28:00 GMT"),
            "sid=REDACTED; Path=/; Secure; SameSite=None\nlang=REDACTED; Expires=Wed, 21 Oct 2026 07:28:00 GMT"
        );
        assert_eq!(cookie("justavalue"), MASK);
    }

    #[test]
    fn secret_fields_by_name() {
        for name in [
            "password",
            "newPassword",
            "client_secret",
            "accessToken",
            "X-Amz-Security-Token",
            "AWSAccessKeyId",
            "secret_access_key",
            "Authorization",
            "api-key",
            "PIN",
        ] {
            assert!(is_secret_field(name), "{name}");
        }
        for name in ["user", "bucket", "key", "code", "region", "contentType", "pinned"] {
            assert!(!is_secret_field(name), "{name}");
        }
    }
}
