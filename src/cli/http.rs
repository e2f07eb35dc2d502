//! Just enough HTTP/1.1 for `corshar s3 serve`: one request at a time from a buffered stream
//! (request line, headers, a Content-Length or chunked body), one response written back. Anything
//! malformed is an error the caller answers with 400 and a closed connection; nothing here panics
//! on input.

use std::io::{self, BufRead, Read, Write};

/// Limits that keep a hostile or broken client from costing much.
const MAX_LINE: usize = 16 * 1024;
const MAX_HEADERS: usize = 200;
/// Objects live in memory: a generous cap for trying uploads in a browser.
pub const MAX_BODY: usize = 256 * 1024 * 1024;

#[derive(Debug)]
pub struct Request {
    pub method: String,
    pub target: String,
    /// `HTTP/1.0` or `HTTP/1.1`.
    pub version: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the client wants the connection kept after this exchange.
    pub fn keep_alive(&self) -> bool {
        let connection = self.header("connection").unwrap_or("").to_ascii_lowercase();
        if self.version == "HTTP/1.0" {
            connection.contains("keep-alive")
        } else {
            !connection.contains("close")
        }
    }
}

#[derive(Debug)]
pub enum ReadError {
    /// The peer closed the connection before a request started: not an error.
    Closed,
    /// The stream failed or timed out: nothing to answer.
    Io,
    /// Not HTTP, or HTTP this server does not take; the text says what.
    Bad(String),
    /// The body is larger than [`MAX_BODY`].
    TooLarge,
}

impl From<io::Error> for ReadError {
    fn from(_: io::Error) -> Self {
        ReadError::Io
    }
}

fn bad(message: impl Into<String>) -> ReadError {
    ReadError::Bad(message.into())
}

/// One line without its CRLF (a bare LF is accepted, as most servers do); `None` at end of stream.
fn read_line(reader: &mut impl BufRead) -> Result<Option<String>, ReadError> {
    let mut line = Vec::new();
    let n = reader.take(MAX_LINE as u64 + 1).read_until(b'\n', &mut line)?;
    if n == 0 {
        return Ok(None);
    }
    if line.len() > MAX_LINE {
        return Err(bad("line too long"));
    }
    if line.last() != Some(&b'\n') {
        return Err(bad("connection closed in the middle of a line"));
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    String::from_utf8(line)
        .map(Some)
        .map_err(|_| bad("header bytes that are not UTF-8"))
}

/// Reads the next request from the stream. `on_continue` is called before the body of a request
/// that sent `Expect: 100-continue` (SDKs do for uploads), to send the interim response.
pub fn read_request(
    reader: &mut impl BufRead,
    on_continue: &mut dyn FnMut() -> io::Result<()>,
) -> Result<Request, ReadError> {
    // Empty lines before a request are allowed (RFC 9112 §2.2).
    let start = loop {
        match read_line(reader)? {
            None => return Err(ReadError::Closed),
            Some(line) if line.is_empty() => continue,
            Some(line) => break line,
        }
    };
    let mut parts = start.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("malformed request line"));
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(bad("malformed method"));
    }
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(bad("unsupported HTTP version"));
    }
    if target.is_empty() || target.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(bad("malformed request target"));
    }
    let mut headers = Vec::new();
    loop {
        let Some(line) = read_line(reader)? else {
            return Err(bad("connection closed in the headers"));
        };
        if line.is_empty() {
            break;
        }
        if headers.len() == MAX_HEADERS {
            return Err(bad("too many headers"));
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(bad("header line without a colon"));
        };
        if name.is_empty() || name.bytes().any(|b| b <= b' ' || b >= 0x7f) {
            return Err(bad("malformed header name"));
        }
        headers.push((name.to_string(), value.trim_matches([' ', '\t']).to_string()));
    }
    let mut request = Request {
        method: method.to_string(),
        target: target.to_string(),
        version: version.to_string(),
        headers,
        body: Vec::new(),
    };
    let expects_continue = request
        .header("expect")
        .is_some_and(|e| e.eq_ignore_ascii_case("100-continue"));
    let chunked = request
        .header("transfer-encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
    if expects_continue && version == "HTTP/1.1" {
        on_continue()?;
    }
    if chunked {
        request.body = read_chunked(reader)?;
    } else if let Some(length) = request.header("content-length") {
        let length: usize = length.parse().map_err(|_| bad("malformed Content-Length"))?;
        if length > MAX_BODY {
            return Err(ReadError::TooLarge);
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        request.body = body;
    }
    Ok(request)
}

fn read_chunked(reader: &mut impl BufRead) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    loop {
        let line = read_line(reader)?.ok_or_else(|| bad("connection closed in a chunk size"))?;
        let size = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size, 16).map_err(|_| bad("malformed chunk size"))?;
        if size == 0 {
            // Trailers, up to the empty line.
            while let Some(line) = read_line(reader)? {
                if line.is_empty() {
                    return Ok(body);
                }
            }
            return Err(bad("connection closed in the trailers"));
        }
        if body.len().saturating_add(size) > MAX_BODY {
            return Err(ReadError::TooLarge);
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        let mut crlf = [0u8; 2];
        reader.read_exact(&mut crlf)?;
        if &crlf != b"\r\n" {
            return Err(bad("chunk not followed by CRLF"));
        }
    }
}

pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        416 => "Requested Range Not Satisfiable",
        501 => "Not Implemented",
        _ => "",
    }
}

/// Writes a response; headers as given (Content-Length among them), the body unless `head`.
pub fn write_response(
    out: &mut impl Write,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    close: bool,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        if name.eq_ignore_ascii_case("connection") {
            continue;
        }
        // Values come from our own code or echo request headers, which were read line by line;
        // a CR or LF cannot be in them, but a response must never be split by one.
        let value: String = value.chars().filter(|c| *c != '\r' && *c != '\n').collect();
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    out.write_all(body)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &[u8]) -> Result<Request, ReadError> {
        read_request(&mut io::BufReader::new(text), &mut || Ok(()))
    }

    #[test]
    fn reads_lengths_and_chunks() {
        let r = read(b"PUT /b/k HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc").unwrap();
        assert_eq!(
            (r.method.as_str(), r.target.as_str(), r.body.as_slice()),
            ("PUT", "/b/k", &b"abc"[..])
        );
        let r =
            read(b"PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n2\r\nde\r\n0\r\nT: v\r\n\r\n")
                .unwrap();
        assert_eq!(r.body, b"abcde");
        assert!(r.keep_alive());
    }

    #[test]
    fn refuses_garbage() {
        for text in [
            &b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"[..],
            b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
            b"GET / HTTP/2.0\r\n\r\n",
            b"GET /\r\n\r\n",
            b"PUT / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
            b"PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        ] {
            assert!(matches!(read(text), Err(ReadError::Bad(_) | ReadError::Io)), "{text:?}");
        }
        assert!(matches!(read(b""), Err(ReadError::Closed)));
        let huge = read(b"PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n");
        assert!(matches!(huge, Err(ReadError::TooLarge)));
    }

    /// Random bytes and mutated requests never panic the reader (a deterministic xorshift, so a
    /// failure reproduces).
    #[test]
    fn never_panics_on_noise() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let base = b"PUT /b/k?uploadId=1 HTTP/1.1\r\nHost: b.s3.amazonaws.com\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        for _ in 0..20_000 {
            let mut bytes = base.to_vec();
            for _ in 0..(next() % 6) {
                let at = (next() as usize) % bytes.len();
                match next() % 3 {
                    0 => bytes[at] = next() as u8,
                    1 => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, b"\r\n:-0F "[(next() % 7) as usize]),
                }
            }
            let _ = read(&bytes);
        }
    }
}
