//! Words for what is not a CORS message (the hints of [`NotRecognised`], the explanation's
//! notes) and the terminal rendering of an [`Explanation`].

use std::fmt::Write as _;

use super::parse::Sign;
use super::{Explanation, Mapping, Message, NotRecognised, NotRecognisedKind};
use crate::cors::reason::RequestKind;

const WHAT_TO_PASTE: &str = "Paste the browser's own console message: Chrome's 'Access to fetch at ... has been \
blocked by CORS policy: ...', Firefox's 'Cross-Origin Request Blocked: ...', or Safari's [Error] line before '... \
cannot load ... due to access control checks.'.";

fn network_error_meaning(code: &str) -> &'static str {
    let name = code.trim_start_matches("net::");
    match name {
        "ERR_NAME_NOT_RESOLVED" => {
            "the host name does not resolve: check the URL's host (for S3, the bucket name and region in it)"
        }
        "ERR_CONNECTION_REFUSED" => "nothing accepts connections at that host and port",
        "ERR_CONNECTION_RESET" | "ERR_CONNECTION_CLOSED" | "ERR_EMPTY_RESPONSE" => {
            "the connection was cut before an answer (a proxy, a firewall, the server)"
        }
        "ERR_CONNECTION_TIMED_OUT" | "ERR_TIMED_OUT" => "the server did not answer in time",
        "ERR_INTERNET_DISCONNECTED" | "ERR_NETWORK_CHANGED" => "the machine was offline or changed networks",
        "ERR_BLOCKED_BY_CLIENT" => "an extension (an ad or privacy blocker) blocked the request",
        "ERR_ABORTED" => "the page cancelled the request (a navigation, an AbortController)",
        "ERR_INVALID_REDIRECT" | "ERR_UNSAFE_REDIRECT" | "ERR_TOO_MANY_REDIRECTS" => {
            "a redirect the browser refused (a preflight is never redirected: for S3, call the bucket's regional endpoint)"
        }
        _ if name.starts_with("ERR_CERT_") || name.starts_with("ERR_SSL_") => {
            "TLS failed: the certificate does not fit the host (for S3, a bucket name with dots in a virtual-hosted \
             HTTPS URL: use path-style URLs)"
        }
        _ if name.starts_with("ERR_BLOCKED_BY_RESPONSE") => {
            "the response's Cross-Origin-Resource-Policy (or the page's Cross-Origin-Embedder-Policy) blocked it, \
             which is not CORS"
        }
        _ => "the request failed before any CORS check",
    }
}

fn sign_note(sign: &Sign) -> Option<String> {
    Some(match sign {
        Sign::NetworkError(code) => format!("A network error, not CORS: {code}: {}.", network_error_meaning(code)),
        Sign::SafariNetwork(text) => format!("A network error, not CORS: Safari says '{text}'"),
        Sign::HttpStatus(status) => format!(
            "A server answered {status}: an HTTP error the page could read, not a CORS block{}.",
            match status {
                403 => " (from S3: AccessDenied, SignatureDoesNotMatch, an expired presigned URL, a bucket policy)",
                404 => " (from S3: NoSuchKey or NoSuchBucket)",
                _ => "",
            }
        ),
        Sign::MixedContent => "Mixed content, not CORS: an https page cannot call an http:// URL. For S3, call the \
                               HTTPS REST endpoint (https://BUCKET.s3.REGION.amazonaws.com); website endpoints \
                               (s3-website) are HTTP only."
            .to_string(),
        Sign::ContentSecurityPolicy => "The page's Content Security Policy, not CORS: add the host to the policy's \
                                        connect-src (fetch, XHR) or the directive the message names."
            .to_string(),
        Sign::FirefoxWarning => "Firefox's 'Cross-Origin Request Warning' is a deprecation warning, not a block: the \
                                 request passed (a '*' in Access-Control-Allow-Headers will stop covering \
                                 Authorization)."
            .to_string(),
        Sign::Failed | Sign::ScriptError(_) | Sign::UnknownCors => return None,
    })
}

/// The explanation's notes: what the other lines say.
pub(super) fn notes(signs: &[Sign]) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    for note in signs.iter().filter_map(sign_note) {
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
    notes
}

/// Why nothing was recognised, from the most telling sign.
pub(super) fn not_recognised(text: &str, signs: &[Sign]) -> NotRecognised {
    let hint = |kind, hint: String| NotRecognised { kind, hint };
    if text.trim().is_empty() {
        return hint(NotRecognisedKind::Empty, format!("The text is empty. {WHAT_TO_PASTE}"));
    }
    let find = |f: fn(&Sign) -> bool| signs.iter().find(|s| f(s));
    if let Some(sign) = find(|s| matches!(s, Sign::MixedContent)) {
        return hint(NotRecognisedKind::MixedContent, sign_note(sign).unwrap_or_default());
    }
    if let Some(sign) = find(|s| matches!(s, Sign::ContentSecurityPolicy)) {
        return hint(
            NotRecognisedKind::ContentSecurityPolicy,
            sign_note(sign).unwrap_or_default(),
        );
    }
    if let Some(Sign::NetworkError(code)) = find(|s| matches!(s, Sign::NetworkError(_))) {
        return hint(
            NotRecognisedKind::NetworkError,
            format!(
                "This is a network error, not CORS: {code}: {}.",
                network_error_meaning(code)
            ),
        );
    }
    if let Some(Sign::SafariNetwork(text)) = find(|s| matches!(s, Sign::SafariNetwork(_))) {
        return hint(
            NotRecognisedKind::NetworkError,
            format!("This is a network error, not CORS: Safari says '{text}'"),
        );
    }
    if find(|s| matches!(s, Sign::UnknownCors)).is_some() {
        return hint(
            NotRecognisedKind::UnknownWording,
            format!(
                "The text mentions CORS, but in no message corshar reads (a browser in another language, or an \
                 edited or cut message?). {WHAT_TO_PASTE}"
            ),
        );
    }
    if let Some(sign) = find(|s| matches!(s, Sign::HttpStatus(_))) {
        return hint(NotRecognisedKind::HttpError, sign_note(sign).unwrap_or_default());
    }
    if let Some(sign) = find(|s| matches!(s, Sign::FirefoxWarning)) {
        return hint(NotRecognisedKind::Warning, sign_note(sign).unwrap_or_default());
    }
    if let Some(sign) = find(|s| matches!(s, Sign::ScriptError(_) | Sign::Failed)) {
        let what = match sign {
            Sign::ScriptError(text) => format!("'{text}' is the error your script saw"),
            _ => "net::ERR_FAILED is Chrome's generic failure".to_string(),
        };
        return hint(
            NotRecognisedKind::ScriptErrorOnly,
            format!(
                "{what}; it never says why. When CORS blocks a request the browser prints the reason on another \
                 console line. {WHAT_TO_PASTE}"
            ),
        );
    }
    hint(
        NotRecognisedKind::NoCorsMessage,
        format!("No CORS message found. {WHAT_TO_PASTE}"),
    )
}

fn mapping_word(mapping: Mapping) -> &'static str {
    match mapping {
        Mapping::Exact => "exact",
        Mapping::Inferred => "inferred",
        Mapping::Ambiguous => "likeliest",
        Mapping::None => "none",
    }
}

fn render_message(out: &mut String, index: usize, m: &Message) {
    let kind = match m.request_kind {
        Some(RequestKind::Fetch) => "a fetch()".to_string(),
        Some(RequestKind::XmlHttpRequest) => "an XMLHttpRequest".to_string(),
        Some(RequestKind::Image) => "an image".to_string(),
        Some(RequestKind::Other) | None => match m.request_kind_word.as_deref() {
            Some(word) if word != "resource" => format!("a request ({word})"),
            _ => "a request".to_string(),
        },
        Some(kind) => format!("a {}", kind.chrome_word()),
    };
    let stage = match m.preflight {
        Some(true) => " at its preflight",
        Some(false) => " at the response",
        None => "",
    };
    let count = if m.occurrences > 1 {
        format!(" (×{})", m.occurrences)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{index}. {} blocked {kind}{stage} (line {}){count}",
        m.browser.name(),
        m.line
    );
    let field = |out: &mut String, name: &str, value: &str| {
        let _ = writeln!(out, "   {name:<15} {value}");
    };
    if let Some(url) = &m.url {
        field(out, "URL", url);
    }
    if let Some(from) = &m.redirected_from {
        field(out, "Redirected from", from);
    }
    if let Some(origin) = &m.origin {
        field(out, "Origin", origin);
    }
    if let Some(method) = &m.method {
        field(out, "Method", method);
    }
    if let Some(status) = m.status {
        field(out, "Status", &status.to_string());
    }
    match m.cors_error {
        Some(error) => {
            let mut value = format!("{error} ({})", mapping_word(m.mapping));
            if m.mapping != Mapping::Exact && m.candidates.len() > 1 {
                let others: Vec<&str> = m.candidates.iter().filter(|c| **c != error).map(|c| c.name()).collect();
                let _ = write!(value, "; or {}", others.join(", "));
            }
            field(out, "Chrome error", &value);
        }
        None => field(out, "Chrome error", "none"),
    }
    if let Some(key) = m.firefox_reason {
        field(out, "Firefox reason", &format!("{key:?}"));
    }
    if let Some(p) = &m.failed_parameter {
        field(out, "Parameter", p);
    }
    if let Some(s3) = &m.s3 {
        let bucket = s3.bucket.as_deref().unwrap_or("(none: the service endpoint)");
        let region = s3.region.as_deref().map_or(String::new(), |r| format!(", region {r}"));
        field(out, "S3", &format!("bucket {bucket}{region}"));
    }
    let _ = writeln!(out, "   Why: {}", m.reason);
    if !m.checks.is_empty() {
        let _ = writeln!(out, "   Check:");
        for c in &m.checks {
            let _ = writeln!(out, "     - {}", c.what);
            if let Some(command) = &c.command {
                let _ = writeln!(out, "       $ {command}");
            }
        }
    }
    if let Some(fix) = &m.fix {
        let _ = writeln!(out, "   Fix: {}", fix.summary);
        if let Some(rule) = &fix.example_rule {
            let json = crate::report::json::to_string_pretty(rule);
            let _ = writeln!(out, "     A rule that allows it:");
            for line in json.lines() {
                let _ = writeln!(out, "       {line}");
            }
        }
    }
    for note in &m.notes {
        let _ = writeln!(out, "   Note: {note}");
    }
}

pub(super) fn render(explanation: &Explanation) -> String {
    let mut out = String::new();
    for (i, m) in explanation.messages.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        render_message(&mut out, i + 1, m);
    }
    if !explanation.notes.is_empty() {
        out.push_str("\nAlso in the text:\n");
        for note in &explanation.notes {
            let _ = writeln!(out, "  - {note}");
        }
    }
    out
}
