//! The published AWS examples, and the ways verification refuses.

use super::*;

const AK: &str = "AKIAIOSFODNN7EXAMPLE";
const SK: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

fn creds() -> Credentials {
    Credentials {
        access_key: AK.into(),
        secret_key: SK.into(),
    }
}

fn h(pairs: &[(&'static str, &'static str)]) -> Vec<Header<'static>> {
    pairs.iter().map(|(n, v)| Header::new(*n, *v)).collect()
}

/// S3 API reference, "Example: GET Object" (header form, a signed Range).
#[test]
fn aws_example_get_object() {
    let headers = h(&[
        ("Host", "examplebucket.s3.amazonaws.com"),
        ("Range", "bytes=0-9"),
        ("x-amz-content-sha256", EMPTY),
        ("x-amz-date", "20130524T000000Z"),
    ]);
    let signed = Signed {
        method: "GET",
        raw_path: "/test.txt",
        raw_query: "",
        headers: &headers,
        signed_headers: &["host", "range", "x-amz-content-sha256", "x-amz-date"],
        payload_hash: EMPTY,
        presigned: false,
    };
    let auth = authorization(&creds(), "us-east-1", "20130524T000000Z", &signed);
    assert!(
        auth.ends_with("Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
        "{auth}"
    );
}

/// "Example: PUT Object": the `$` in the key is encoded in the canonical URI, the Date header
/// and a storage class are signed, and the payload hash is the body's.
#[test]
fn aws_example_put_object_encodes_the_key() {
    let body = b"Welcome to Amazon S3.";
    let hash = sha256_hex(body);
    assert_eq!(hash, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
    let headers = vec![
        Header::new("Host", "examplebucket.s3.amazonaws.com"),
        Header::new("Date", "Fri, 24 May 2013 00:00:00 GMT"),
        Header::new("x-amz-date", "20130524T000000Z"),
        Header::new("x-amz-storage-class", "REDUCED_REDUNDANCY"),
        Header::new("x-amz-content-sha256", hash.clone()),
    ];
    let signed = Signed {
        method: "PUT",
        raw_path: "/test$file.text",
        raw_query: "",
        headers: &headers,
        signed_headers: &[
            "date",
            "host",
            "x-amz-content-sha256",
            "x-amz-date",
            "x-amz-storage-class",
        ],
        payload_hash: &hash,
        presigned: false,
    };
    assert!(canonical_request(&signed).starts_with("PUT\n/test%24file.text\n\n"));
    let auth = authorization(&creds(), "us-east-1", "20130524T000000Z", &signed);
    assert!(
        auth.ends_with("Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"),
        "{auth}"
    );
}

/// "Example: GET Bucket (List Objects)": the query is sorted and `J` stays, `max-keys` first.
#[test]
fn aws_example_list_objects_sorts_the_query() {
    let headers = h(&[
        ("Host", "examplebucket.s3.amazonaws.com"),
        ("x-amz-date", "20130524T000000Z"),
        ("x-amz-content-sha256", EMPTY),
    ]);
    let signed = Signed {
        method: "GET",
        raw_path: "/",
        raw_query: "prefix=J&max-keys=2",
        headers: &headers,
        signed_headers: &["host", "x-amz-content-sha256", "x-amz-date"],
        payload_hash: EMPTY,
        presigned: false,
    };
    assert!(canonical_request(&signed).starts_with("GET\n/\nmax-keys=2&prefix=J\n"));
    let auth = authorization(&creds(), "us-east-1", "20130524T000000Z", &signed);
    assert!(
        auth.ends_with("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"),
        "{auth}"
    );
}

/// "Authenticating Requests: Using Query Parameters", the presigned GET example.
#[test]
fn aws_example_presigned_get_and_its_verification() {
    let query = presign_query(
        &creds(),
        "us-east-1",
        &Presign {
            method: "GET",
            host: "examplebucket.s3.amazonaws.com",
            raw_path: "/test.txt",
            extra_query: "",
            amz_date: "20130524T000000Z",
            expires: 86400,
        },
    );
    assert!(
        query.ends_with("X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"),
        "{query}"
    );
    let headers = h(&[("Host", "examplebucket.s3.amazonaws.com")]);
    let at = parse_amz_date("20130524T000000Z").unwrap();
    let incoming = |query: &'static str, now| Incoming {
        method: "GET",
        raw_path: "/test.txt",
        raw_query: query,
        headers: &headers,
        body: b"",
        now,
    };
    let query: &'static str = Box::leak(query.into_boxed_str());
    assert_eq!(
        verify(&incoming(query, at + 10), &creds(), "us-east-1"),
        Ok(Principal::Signed(AK.into()))
    );
    let expired = verify(&incoming(query, at + 86401), &creds(), "us-east-1").unwrap_err();
    assert_eq!(
        (expired.error.code.as_str(), expired.error.message.as_str()),
        ("AccessDenied", "Request has expired")
    );
    let added: &'static str = Box::leak(format!("{query}&cb=1").into_boxed_str());
    let tampered = verify(&incoming(added, at + 10), &creds(), "us-east-1").unwrap_err();
    assert_eq!(tampered.error.code, "SignatureDoesNotMatch");
    let cr = &tampered
        .fields
        .iter()
        .find(|(n, _)| *n == "CanonicalRequest")
        .unwrap()
        .1;
    assert!(cr.contains("X-Amz-SignedHeaders=host&cb=1\n"), "{cr}");
    let region = verify(&incoming(query, at + 10), &creds(), "eu-west-1").unwrap_err();
    assert_eq!(region.error.code, "AuthorizationQueryParametersError");
    assert!(
        region
            .error
            .message
            .ends_with("the region 'us-east-1' is wrong; expecting 'eu-west-1'")
    );
}

#[test]
fn header_form_checks_key_skew_and_payload() {
    let now = parse_amz_date("20130524T000000Z").unwrap();
    let body = b"hello";
    let hash = sha256_hex(body);
    let mut headers = vec![
        Header::new("Host", "b.s3.amazonaws.com"),
        Header::new("x-amz-date", "20130524T000000Z"),
        Header::new("x-amz-content-sha256", hash.clone()),
    ];
    let names = ["host", "x-amz-content-sha256", "x-amz-date"];
    let signed = Signed {
        method: "PUT",
        raw_path: "/a%20b",
        raw_query: "",
        headers: &headers,
        signed_headers: &names,
        payload_hash: &hash,
        presigned: false,
    };
    let auth = authorization(&creds(), "us-east-1", "20130524T000000Z", &signed);
    headers.push(Header::new("Authorization", auth));
    let incoming = |body: &'static [u8], now| Incoming {
        method: "PUT",
        raw_path: "/a%20b",
        raw_query: "",
        headers: &headers,
        body,
        now,
    };
    assert!(verify(&incoming(body, now), &creds(), "us-east-1").is_ok());
    let code = |r: Result<Principal, AuthError>| r.unwrap_err().error.code;
    assert_eq!(
        code(verify(&incoming(b"other", now), &creds(), "us-east-1")),
        "XAmzContentSHA256Mismatch"
    );
    assert_eq!(
        code(verify(&incoming(body, now + 901), &creds(), "us-east-1")),
        "RequestTimeTooSkewed"
    );
    let other = Credentials {
        access_key: "AKIAOTHER".into(),
        secret_key: SK.into(),
    };
    assert_eq!(
        code(verify(&incoming(body, now), &other, "us-east-1")),
        "InvalidAccessKeyId"
    );
    let wrong_secret = Credentials {
        access_key: AK.into(),
        secret_key: "x".into(),
    };
    assert_eq!(
        code(verify(&incoming(body, now), &wrong_secret, "us-east-1")),
        "SignatureDoesNotMatch"
    );
    let e = verify(&incoming(body, now), &creds(), "eu-west-1").unwrap_err();
    assert_eq!(e.error.code, "AuthorizationHeaderMalformed");
    assert_eq!(e.fields, vec![("Region", "eu-west-1".to_string())]);
}

#[test]
fn dates_round_trip() {
    let t = parse_amz_date("20261127T232146Z").unwrap();
    assert_eq!(amz_date(t), "20261127T232146Z");
    assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
    assert_eq!(parse_amz_date("2026-11-27"), None);
    assert_eq!(parse_amz_date("20261327T000000Z"), None);
}
