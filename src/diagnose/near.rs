//! Near misses: when no rule allows the page's origin, the allowed origin closest to it and how
//! they differ. S3 compares origins byte for byte, so the difference is usually small and invisible
//! at a glance: the scheme, a `www.`, a port, a trailing slash, case, or a wildcard that does not
//! cover the apex.

/// An origin split as S3 users write them: `scheme://host[:port]` plus whatever follows.
struct Parts<'a> {
    scheme: &'a str,
    host: &'a str,
    port: Option<&'a str>,
    rest: &'a str,
}

fn split(s: &str) -> Option<Parts<'_>> {
    let (scheme, after) = s.split_once("://")?;
    let end = after.find('/').unwrap_or(after.len());
    let (authority, rest) = after.split_at(end);
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => (h, Some(p)),
        _ => (authority, None),
    };
    Some(Parts {
        scheme,
        host,
        port,
        rest,
    })
}

fn default_port(scheme: &str) -> Option<&'static str> {
    match scheme {
        "https" => Some("443"),
        "http" => Some("80"),
        _ => None,
    }
}

/// The closest allowed origin pattern to `origin` and, in a sentence, how it differs.
pub fn near_miss(origin: &str, patterns: &[&str]) -> Option<(String, String)> {
    let o = split(origin)?;
    let mut best: Option<(u8, String, String)> = None;
    for &p in patterns {
        let Some(why) = difference(&o, origin, p) else { continue };
        let rank = why.0;
        if best.as_ref().is_none_or(|(r, _, _)| rank < *r) {
            best = Some((rank, p.to_owned(), why.1));
        }
    }
    best.map(|(_, p, why)| (p, why))
}

/// How `pattern` differs from `origin`, ranked (lower: closer); `None` when unrelated.
fn difference(o: &Parts<'_>, origin: &str, pattern: &str) -> Option<(u8, String)> {
    if pattern.eq_ignore_ascii_case(origin) && pattern != origin {
        return Some((
            0,
            "differs only in letter case: S3 compares origins case-sensitively, and browsers send them in lower case"
                .to_owned(),
        ));
    }
    if let Some(stripped) = pattern.strip_suffix('/')
        && stripped == origin
    {
        return Some((
            0,
            "has a trailing slash: a browser's Origin never ends with '/', and S3 compares byte for byte".to_owned(),
        ));
    }
    let p = split(pattern)?;
    if !p.rest.is_empty()
        && format!(
            "{}://{}{}",
            p.scheme,
            p.host,
            p.port.map(|x| format!(":{x}")).unwrap_or_default()
        ) == origin
    {
        return Some((
            0,
            format!("has a path ('{}'): an Origin is only scheme, host and port", p.rest),
        ));
    }
    let same_host = p.host.eq_ignore_ascii_case(o.host);
    let same_port = p.port == o.port
        || (p.port.is_none() && o.port == default_port(o.scheme))
        || (o.port.is_none() && p.port == default_port(p.scheme));
    if same_host && same_port && p.scheme != o.scheme {
        return Some((
            1,
            format!(
                "differs in scheme: the rule allows {}://, the page is served over {}://",
                p.scheme, o.scheme
            ),
        ));
    }
    if same_host && p.scheme == o.scheme && !same_port {
        let describe = |port: Option<&str>, scheme: &str| {
            port.map(|x| format!("port {x}"))
                .unwrap_or_else(|| format!("the default port ({})", default_port(scheme).unwrap_or("?")))
        };
        return Some((
            1,
            format!(
                "differs in port: the rule allows {}, the page uses {}",
                describe(p.port, p.scheme),
                describe(o.port, o.scheme)
            ),
        ));
    }
    if same_port && p.scheme == o.scheme {
        if p.host.strip_prefix("www.") == Some(o.host) || o.host.strip_prefix("www.") == Some(p.host) {
            return Some((1, "differs by 'www.': those are two origins".to_owned()));
        }
        if let Some(domain) = p.host.strip_prefix("*.")
            && o.host == domain
        {
            return Some((
                1,
                format!(
                    "covers the subdomains of {domain} but not {domain} itself: '*.' needs at least the dot; add the apex origin too"
                ),
            ));
        }
        if p.host.contains('*') && !crate::s3::config::glob_match(pattern, origin) {
            return Some((2, "has a wildcard that does not cover this host".to_owned()));
        }
        let (ph, oh) = (
            p.host.rsplit('.').take(2).collect::<Vec<_>>(),
            o.host.rsplit('.').take(2).collect::<Vec<_>>(),
        );
        if ph == oh {
            return Some((
                3,
                format!("is another host of the same site ({} rather than {})", p.host, o.host),
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::near_miss;

    fn why(origin: &str, patterns: &[&str]) -> String {
        near_miss(origin, patterns)
            .map(|(p, w)| format!("{p}: {w}"))
            .unwrap_or_default()
    }

    #[test]
    fn the_usual_near_misses() {
        assert!(why("http://portal.acme.test", &["https://portal.acme.test"]).contains("differs in scheme"));
        assert!(why("https://acme.test", &["https://*.acme.test"]).contains("not acme.test itself"));
        assert!(
            why(
                "http://localhost:5173",
                &["http://localhost:3000", "https://portal.acme.test"]
            )
            .starts_with("http://localhost:3000: differs in port")
        );
        assert!(why("https://www.acme.test", &["https://acme.test"]).contains("'www.'"));
        assert!(why("https://acme.test", &["https://acme.test/"]).contains("trailing slash"));
        assert!(why("https://acme.test", &["https://ACME.test"]).contains("letter case"));
        assert!(why("https://app.acme.test", &["https://app.acme.test/upload"]).contains("has a path"));
        assert!(
            why("https://admin.acme.test", &["https://portal.acme.test"]).contains("another host of the same site")
        );
        assert_eq!(why("https://evil.example", &["https://portal.acme.test"]), "");
        // The closest wins.
        assert!(
            why(
                "http://portal.acme.test",
                &["https://other.acme.test", "https://portal.acme.test"]
            )
            .starts_with("https://portal.acme.test")
        );
    }
}
