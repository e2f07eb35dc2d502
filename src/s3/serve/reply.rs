//! Building responses as S3 sends them: the headers every answer carries, XML error bodies, HTTP
//! dates.

use super::super::error_body;
use super::super::sigv4::{civil_from_days, iso8601};

/// One HTTP response: status, header lines in order, body. `Content-Length` is always among the
/// headers (a HEAD answer keeps the object's length with an empty body).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    pub fn xml(self, body: String) -> Self {
        let mut r = self.header("Content-Type", "application/xml");
        r.body = body.into_bytes();
        r
    }

    /// The first value of a header (names compare case-insensitively).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An S3 error before the request-wide fields are known: status, code, message and the fields of
/// this error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub fields: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
}

impl Failure {
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        Failure {
            status,
            code: code.to_string(),
            message: message.into(),
            fields: Vec::new(),
            headers: Vec::new(),
        }
    }

    pub fn field(mut self, name: &str, value: impl Into<String>) -> Self {
        self.fields.push((name.to_string(), value.into()));
        self
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// The response; HEAD answers carry no body, as S3's do.
    pub fn into_response(self, request_id: &str, host_id: &str, head: bool) -> Response {
        let fields: Vec<(&str, &str)> = self.fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let mut response = Response::new(self.status);
        response.headers = self.headers;
        if head {
            return response;
        }
        response.xml(error_body::render(
            &self.code,
            &self.message,
            &fields,
            request_id,
            host_id,
        ))
    }
}

pub fn no_such_bucket(bucket: &str) -> Failure {
    Failure::new(404, "NoSuchBucket", "The specified bucket does not exist").field("BucketName", bucket)
}

pub fn access_denied() -> Failure {
    Failure::new(403, "AccessDenied", "Access Denied")
}

pub fn not_implemented() -> Failure {
    Failure::new(
        501,
        "NotImplemented",
        "A header or query you provided implies functionality that is not implemented.",
    )
}

/// `Fri, 24 May 2013 00:00:00 GMT`.
pub fn http_date(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = unix.div_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let s = unix.rem_euclid(86_400);
    format!(
        "{}, {d:02} {} {y:04} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(m - 1) as usize],
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// `2013-05-24T00:00:00.000Z`, as S3 writes LastModified in listings.
pub fn iso8601_millis(unix: i64) -> String {
    iso8601(unix).replace('Z', ".000Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(1_369_353_600), "Fri, 24 May 2013 00:00:00 GMT");
        assert_eq!(iso8601_millis(1_369_353_600), "2013-05-24T00:00:00.000Z");
    }
}
