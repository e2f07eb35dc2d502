//! Origins per the URL standard: the `scheme://host[:port]` serialization browsers send in
//! `Origin` (lower-case, default port omitted, no trailing slash), `null` for opaque origins.

/// The serialized origin of `url`; `None` when `url` does not parse. Opaque origins (`data:`,
/// `file:` ...) serialize as `null`, as browsers send them.
pub fn of_url(url: &str) -> Option<String> {
    url::Url::parse(url).ok().map(|u| u.origin().ascii_serialization())
}

/// Whether `value` is a well-formed serialized origin (what a browser could have sent), so that
/// `of_url(value) == value`. `null` counts.
pub fn is_serialized_origin(value: &str) -> bool {
    value == "null" || of_url(value).is_some_and(|o| o == value)
}

/// True when a request from `origin` to `url` is cross-origin. An unparseable URL is treated as
/// cross-origin: it cannot be shown to be same-origin.
pub fn is_cross_origin(origin: &str, url: &str) -> bool {
    of_url(url).is_none_or(|target| target != origin || origin == "null")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialization_matches_browsers() {
        assert_eq!(
            of_url("https://App.Example.com:443/x?y#z").as_deref(),
            Some("https://app.example.com")
        );
        assert_eq!(
            of_url("http://localhost:5173/").as_deref(),
            Some("http://localhost:5173")
        );
        assert_eq!(of_url("file:///home/u/a.html").as_deref(), Some("null"));
        assert_eq!(of_url("not a url"), None);
        assert!(is_serialized_origin("https://portal.acme.test"));
        assert!(!is_serialized_origin("https://portal.acme.test/"));
        assert!(!is_serialized_origin("https://portal.acme.test:443"));
        assert!(is_cross_origin("https://acme.test", "https://b.s3.amazonaws.com/k"));
        assert!(!is_cross_origin("https://acme.test", "https://acme.test:443/api"));
        assert!(is_cross_origin("http://acme.test", "https://acme.test/api"));
    }
}
