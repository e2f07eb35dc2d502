//! The shapes of S3 patterns (one `*`, anchored), for the stores and policies whose own
//! patterns are narrower, and for `lint`.

/// What an AllowedOrigin pattern looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OriginShape {
    /// `*`: every origin.
    Any,
    /// No `*`: one origin.
    Exact,
    /// `https://*.example.com`: the `*` is the whole leftmost label of the host.
    LeftmostLabel,
    /// `http://localhost:*`: the `*` is the whole port.
    AnyPort,
    /// Any other place, or more than one `*`.
    Other,
}

pub(crate) fn origin_shape(pattern: &str) -> OriginShape {
    match pattern.matches('*').count() {
        0 => return OriginShape::Exact,
        1 => {}
        _ => return OriginShape::Other,
    }
    if pattern == "*" {
        return OriginShape::Any;
    }
    let Some((_, host)) = pattern.split_once("://") else {
        return OriginShape::Other;
    };
    if let Some(rest) = host.strip_prefix("*.")
        && !rest.is_empty()
        && !rest.starts_with('.')
        && !rest.starts_with(':')
    {
        return OriginShape::LeftmostLabel;
    }
    if let Some(name) = host.strip_suffix(":*")
        && !name.is_empty()
        && !name.contains(['/', ':'])
    {
        return OriginShape::AnyPort;
    }
    OriginShape::Other
}

/// What an AllowedHeader pattern looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HeaderShape {
    Any,
    Exact,
    /// `x-amz-meta-*`: a `*` at the end only.
    Prefix,
    Other,
}

pub(crate) fn header_shape(pattern: &str) -> HeaderShape {
    match pattern.matches('*').count() {
        0 => HeaderShape::Exact,
        1 if pattern == "*" => HeaderShape::Any,
        1 if pattern.ends_with('*') => HeaderShape::Prefix,
        _ => HeaderShape::Other,
    }
}

/// Whether every value `inner` matches is matched by `outer` (both S3 patterns: one `*` that
/// may match the empty string, anchored; a pattern with more `*` is read as S3's matcher reads
/// it, split at the first). Exact for one-`*` patterns.
pub(crate) fn pattern_covers(outer: &str, inner: &str) -> bool {
    match (outer.split_once('*'), inner.split_once('*')) {
        (None, None) => outer == inner,
        // A literal never covers a pattern that matches more than one value.
        (None, Some(_)) => false,
        (Some(_), None) => crate::s3::config::glob_match(outer, inner),
        // Every `ip + x + is` must start with `op` and end with `os`, for every x.
        (Some((op, os)), Some((ip, is))) => ip.starts_with(op) && is.ends_with(os),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_shapes() {
        assert_eq!(origin_shape("*"), OriginShape::Any);
        assert_eq!(origin_shape("https://a.test"), OriginShape::Exact);
        assert_eq!(origin_shape("https://*.a.test"), OriginShape::LeftmostLabel);
        assert_eq!(origin_shape("http://localhost:*"), OriginShape::AnyPort);
        assert_eq!(origin_shape("https://app-*.a.test"), OriginShape::Other);
        assert_eq!(origin_shape("https://*a.test"), OriginShape::Other);
        assert_eq!(origin_shape("https://*.*.a.test"), OriginShape::Other);
        assert_eq!(origin_shape("*.a.test"), OriginShape::Other);
        assert_eq!(origin_shape("https://*."), OriginShape::Other);
        assert_eq!(origin_shape("http*://a.test"), OriginShape::Other);
    }

    #[test]
    fn header_shapes() {
        assert_eq!(header_shape("*"), HeaderShape::Any);
        assert_eq!(header_shape("x-amz-*"), HeaderShape::Prefix);
        assert_eq!(header_shape("content-type"), HeaderShape::Exact);
        assert_eq!(header_shape("*-id"), HeaderShape::Other);
        assert_eq!(header_shape("x-*-*"), HeaderShape::Other);
    }

    #[test]
    fn coverage_is_containment() {
        assert!(pattern_covers("*", "https://a.test"));
        assert!(pattern_covers("*", "https://*.a.test"));
        assert!(pattern_covers("https://*.a.test", "https://*.b.a.test"));
        assert!(pattern_covers("https://*.a.test", "https://x.a.test"));
        assert!(!pattern_covers("https://*.b.a.test", "https://*.a.test"));
        assert!(!pattern_covers("https://x.a.test", "https://*.a.test"));
        assert!(pattern_covers("x-*", "x-amz-*"));
        assert!(!pattern_covers("x-amz-*", "x-*"));
        assert!(pattern_covers("a", "a"));
        assert!(!pattern_covers("https://*.a.test", "*"));
        // "ab*" vs "a*b": "a" + "" + "b" = "ab" is matched, but "a" + "x" + "b" is not.
        assert!(!pattern_covers("ab*", "a*b"));
    }
}
