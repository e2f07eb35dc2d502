//! The `aws-chunked` content encoding SDKs use for streaming uploads (`x-amz-content-sha256:
//! STREAMING-…`, `Content-Encoding: aws-chunked`): the object is the chunks' data, without the
//! framing. Chunk signatures are not verified (see `sigv4::verify`); trailers (a checksum) are
//! dropped.

/// Whether the body is framed as aws-chunked.
pub(super) fn is_aws_chunked(payload_hash: Option<&str>, content_encoding: Option<&str>) -> bool {
    payload_hash.is_some_and(|h| h.starts_with("STREAMING-"))
        || content_encoding.is_some_and(|e| e.split(',').any(|t| t.trim().eq_ignore_ascii_case("aws-chunked")))
}

/// The data of `hex-size[;chunk-signature=…]\r\n data \r\n` chunks up to the zero-size one;
/// `None` when the framing is broken.
pub(super) fn decode(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let line = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(line.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(out); // trailers follow; they are not part of the object
        }
        if rest.len() < size.checked_add(2)? || &rest[size..size + 2] != b"\r\n" {
            return None;
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_signed_and_unsigned_framing() {
        let signed =
            b"5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=0\r\n\r\n";
        assert_eq!(decode(signed).as_deref(), Some(&b"hello world"[..]));
        let trailer = b"3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n";
        assert_eq!(decode(trailer).as_deref(), Some(&b"abc"[..]));
        assert_eq!(decode(b"5\r\nab\r\n"), None);
        assert_eq!(decode(b"zz\r\n"), None);
        assert_eq!(decode(b"FFFFFFFFFFFFFFFF\r\n"), None);
        assert!(is_aws_chunked(Some("STREAMING-UNSIGNED-PAYLOAD-TRAILER"), None));
        assert!(is_aws_chunked(None, Some("gzip, aws-chunked")));
        assert!(!is_aws_chunked(Some("UNSIGNED-PAYLOAD"), Some("gzip")));
    }
}
