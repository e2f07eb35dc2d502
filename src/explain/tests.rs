use super::*;

fn one(text: &str) -> Message {
    let mut e = explain(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(e.messages.len(), 1, "{e:#?}");
    e.messages.remove(0)
}

const FF: &str = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at";

/// The hand-written parameter table agrees with the renderer: an error whose Chrome text quotes
/// its parameter has a parameter kind.
#[test]
fn parameter_kinds_agree_with_the_texts() {
    for error in CorsError::ALL {
        let quoted = Failure::new(error, "\u{E000}")
            .chrome_text(RequestKind::Other)
            .contains('\u{E000}');
        if quoted {
            assert!(parameter_kind(error).is_some(), "{error}");
        }
    }
}

#[test]
fn safari_reason_after_its_cannot_load_line_joins_it() {
    let m = one(
        "[Error] Fetch API cannot load https://b.test/k due to access control checks.\n\
         [Error] Failed to load resource: Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is \
         true.",
    );
    assert_eq!(m.url.as_deref(), Some("https://b.test/k"));
    assert_eq!(m.cors_error, Some(CorsError::WildcardOriginNotAllowed));
    assert_eq!(m.mapping, Mapping::Ambiguous);
    assert_eq!(
        m.candidates,
        [
            CorsError::WildcardOriginNotAllowed,
            CorsError::PreflightWildcardOriginNotAllowed
        ]
    );
    // A "cannot load" line alone: Safari blocked it, the reason was not pasted.
    let alone = one("[Error] XMLHttpRequest cannot load https://b.test/k due to access control checks.");
    assert_eq!(alone.mapping, Mapping::None);
    assert_eq!(alone.request_kind, Some(RequestKind::XmlHttpRequest));
    assert!(alone.reason.contains("paste it too"));
    // Two different loads are two messages.
    let two = explain(
        "[Error] Method PUT is not allowed by Access-Control-Allow-Methods.\n\
         [Error] Fetch API cannot load https://b.test/1 due to access control checks.\n\
         [Error] Failed to load resource: Method PUT is not allowed by Access-Control-Allow-Methods.\n\
         [Error] Cannot load image https://b.test/2.png due to access control checks.",
    )
    .unwrap();
    assert_eq!(two.messages.len(), 2);
    assert_eq!(two.messages[0].method.as_deref(), Some("PUT"));
    assert_eq!(two.messages[1].request_kind, Some(RequestKind::Image));
}

#[test]
fn firefox_follow_up_is_merged_only_for_the_same_url() {
    let text = format!(
        "{FF} https://b.test/a. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.\n\
         {FF} https://b.test/b. (Reason: CORS request did not succeed). Status code: (null)."
    );
    let e = explain(&text).unwrap();
    assert_eq!(e.messages.len(), 2);
    assert_eq!(e.messages[0].cors_error, Some(CorsError::MissingAllowOriginHeader));
    assert_eq!(e.messages[0].mapping, Mapping::Ambiguous);
    assert!(e.messages[0].notes[0].contains("'CORS request did not succeed'"));
    let alone = &e.messages[1];
    assert_eq!(alone.cors_error, None);
    assert_eq!(alone.mapping, Mapping::None);
    assert_eq!(alone.firefox_reason, Some(FirefoxReason::CORSDidNotSucceed2));
    assert!(
        alone
            .reason
            .contains("'Status code: (null)' means there was no response at all")
    );
    assert_eq!(alone.possible_causes, [CauseCode::NetworkError]);
}

#[test]
fn firefox_value_decides_between_mismatch_invalid_and_several() {
    let read = |value: &str| {
        one(&format!(
            "{FF} https://b.test/a. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘{value}’)."
        ))
    };
    let mismatch = read("https://other.test");
    assert_eq!(mismatch.cors_error, Some(CorsError::AllowOriginMismatch));
    assert_eq!(mismatch.mapping, Mapping::Ambiguous);
    assert_eq!(mismatch.candidates.len(), 6);
    assert_eq!(read("*.acme.test").cors_error, Some(CorsError::InvalidAllowOriginValue));
    assert_eq!(read("a b").cors_error, Some(CorsError::MultipleAllowOriginValues));
    // With a comma Firefox says "Multiple ...", whose family has two members.
    let several = one(&format!(
        "{FF} https://b.test/a. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed)."
    ));
    assert_eq!(
        several.firefox_reason,
        Some(FirefoxReason::CORSMultipleAllowOriginNotAllowed)
    );
    assert_eq!(several.candidates.len(), 2);
}

#[test]
fn s3_endpoints_that_no_rule_can_serve() {
    let root = one(
        "Access to fetch at 'https://s3.us-east-1.amazonaws.com/' from origin 'https://a.test' has been blocked by \
         CORS policy: Response to preflight request doesn't pass access control check: No \
         'Access-Control-Allow-Origin' header is present on the requested resource.",
    );
    let fix = root.fix.unwrap();
    assert!(
        fix.summary
            .starts_with("Call ListBuckets or CreateBucket from a server")
    );
    assert!(!fix.cors_rule_change);
    let dotted = one(&format!(
        "{FF} https://my.bucket.s3.eu-west-1.amazonaws.com/k. (Reason: CORS request did not succeed). Status code: \
         (null)."
    ));
    assert!(dotted.notes.iter().any(|n| n.starts_with("The bucket name has dots")));
    let website = one(
        "Access to fetch at 'http://site.s3-website-us-east-1.amazonaws.com/k' from origin 'https://a.test' has been \
         blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    );
    assert!(
        website
            .notes
            .iter()
            .any(|n| n.starts_with("This is the bucket's website endpoint"))
    );
}

#[test]
fn redirect_status_and_region_notes() {
    let m = one(
        "Access to fetch at 'https://b.s3.us-west-2.amazonaws.com/k' from origin 'https://a.test' has been blocked \
         by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\n\
         GET https://b.s3.us-west-2.amazonaws.com/k net::ERR_FAILED 301 (Moved Permanently)",
    );
    assert_eq!(m.status, Some(301));
    assert!(m.possible_causes.contains(&CauseCode::S3WrongRegion));
    let redirected = one(
        "Access to fetch at 'https://cdn.test/k' (redirected from 'https://api.test/k') from origin 'https://a.test' \
         has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested \
         resource.",
    );
    assert_eq!(redirected.redirected_from.as_deref(), Some("https://api.test/k"));
    assert!(redirected.notes.iter().any(|n| n.contains("origin becomes 'null'")));
}

#[test]
fn rendering() {
    let e = explain(
        "Access to XMLHttpRequest at 'https://b.s3.eu-west-1.amazonaws.com/k' from origin 'https://a.test' has been \
         blocked by CORS policy: Request header field x-amz-date is not allowed by Access-Control-Allow-Headers in \
         preflight response.\n\
         GET https://x.test/ net::ERR_CONNECTION_REFUSED",
    )
    .unwrap();
    let text = e.render_text();
    assert!(
        text.starts_with("1. Chrome blocked an XMLHttpRequest at its preflight (line 1)\n"),
        "{text}"
    );
    assert!(text.contains("   Chrome error    HeaderDisallowedByPreflightResponse (exact)\n"));
    assert!(text.contains("       $ aws s3api get-bucket-cors --bucket 'b' --region 'eu-west-1'\n"));
    assert!(text.contains("   Fix: Add x-amz-date to AllowedHeaders of the rule for https://a.test.\n"));
    assert!(text.contains("Also in the text:\n  - A network error, not CORS: net::ERR_CONNECTION_REFUSED"));
}
