//! S3's XML error bodies (`<Error><Code>..</Code><Message>..</Message>...</Error>`), for the
//! producers that keep response bodies. Chrome keeps none for a preflight.

use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    /// `<Method>` of CORS errors.
    pub method: Option<String>,
    /// `<ResourceType>` of CORS errors (`OBJECT`, `BUCKET`).
    pub resource_type: Option<String>,
    /// `<Endpoint>` of a 301 PermanentRedirect.
    pub endpoint: Option<String>,
    /// `<Region>` of an AuthorizationHeaderMalformed, or the expected region named in its message.
    pub region: Option<String>,
    /// `<Bucket>` when present.
    pub bucket: Option<String>,
}

/// Parses an S3 `<Error>` document; `None` when the text is not one (HTML from the website
/// endpoint or CloudFront, JSON, an empty body, XML of another shape).
pub fn parse(xml: &str) -> Option<ErrorBody> {
    let text = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    if !text.trim_start().starts_with('<') {
        return None;
    }
    let root = super::xml::parse(text).ok()?;
    if root.name != "Error" {
        return None;
    }
    let field = |name: &str| root.child(name).map(|e| e.text.trim().to_string());
    // Code is what makes it S3's; a bare <Error> without one is somebody else's.
    let code = field("Code").filter(|c| !c.is_empty())?;
    let message = field("Message").unwrap_or_default();
    let region = field("Region").or_else(|| expected_region(&message));
    Some(ErrorBody {
        code,
        message,
        method: field("Method"),
        resource_type: field("ResourceType"),
        endpoint: field("Endpoint"),
        region,
        bucket: field("BucketName").or_else(|| field("Bucket")),
    })
}

/// The region S3 names in an `AuthorizationHeaderMalformed` message: "the region 'us-east-1' is
/// wrong; expecting 'eu-west-1'" (s3-cors.md §7 #4).
pub fn expected_region(message: &str) -> Option<String> {
    let (_, after) = message.split_once("expecting '")?;
    let (region, _) = after.split_once('\'')?;
    (!region.is_empty()).then(|| region.to_string())
}

/// Writes an S3 `<Error>` document as S3 sends it: the XML declaration, `Code`, `Message`, the
/// operation's own fields in order, then `RequestId` and `HostId`. Text is escaped.
pub fn render(code: &str, message: &str, fields: &[(&str, &str)], request_id: &str, host_id: &str) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>");
    let mut element = |name: &str, value: &str| {
        xml.push_str(&format!("<{name}>{}</{name}>", escape(value)));
    };
    element("Code", code);
    element("Message", message);
    for (name, value) in fields {
        element(name, value);
    }
    element("RequestId", request_id);
    element("HostId", host_id);
    xml.push_str("</Error>");
    xml
}

/// XML escaping for element content: `&`, `<`, `>`, and `"` as S3 writes it in ETags
/// (`&quot;…&quot;`); an apostrophe stays, as in S3's CORS message ("resource's").
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_cors_rejection() {
        let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessForbidden</Code><Message>CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.</Message><Method>PUT</Method><ResourceType>OBJECT</ResourceType><RequestId>0GXHF</RequestId><HostId>x/y=</HostId></Error>"#;
        let e = parse(body).expect("an S3 error");
        assert_eq!(e.code, "AccessForbidden");
        assert!(e.message.contains("evalution"));
        assert_eq!(e.method.as_deref(), Some("PUT"));
        assert_eq!(e.resource_type.as_deref(), Some("OBJECT"));
        assert_eq!(e.region, None);
    }

    #[test]
    fn reads_redirects_and_region_errors() {
        let moved = "\n  <Error>\n    <Code>PermanentRedirect</Code>\n    <Message>The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.</Message>\n    <Endpoint>b.s3.eu-west-1.amazonaws.com</Endpoint>\n    <Bucket>b</Bucket>\n  </Error>\n";
        let e = parse(moved).expect("an S3 error");
        assert_eq!(e.endpoint.as_deref(), Some("b.s3.eu-west-1.amazonaws.com"));
        assert_eq!(e.bucket.as_deref(), Some("b"));
        let auth = "<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message><RequestId>1</RequestId></Error>";
        assert_eq!(parse(auth).and_then(|e| e.region).as_deref(), Some("eu-west-1"));
        let with_region =
            "<Error><Code>AuthorizationHeaderMalformed</Code><Message>m</Message><Region>ap-south-1</Region></Error>";
        assert_eq!(parse(with_region).and_then(|e| e.region).as_deref(), Some("ap-south-1"));
    }

    #[test]
    fn rendered_errors_read_back() {
        let xml = render(
            "AccessForbidden",
            "a <b> & 'c'",
            &[("Method", "PUT"), ("ResourceType", "OBJECT")],
            "R1",
            "H/1=",
        );
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessForbidden</Code>"));
        let e = parse(&xml).expect("an S3 error");
        assert_eq!((e.message.as_str(), e.method.as_deref()), ("a <b> & 'c'", Some("PUT")));
    }

    #[test]
    fn other_text_is_not_an_s3_error() {
        for text in [
            "",
            "   ",
            "<html><body>403 Forbidden</body></html>",
            "{\"Code\":\"AccessDenied\"}",
            "<Error><Message>no code</Message></Error>",
            "<Error><Code>Bad",
            "<ListBucketResult></ListBucketResult>",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
        assert_eq!(expected_region("the region 'us-east-1' is wrong; expecting '"), None);
    }
}
