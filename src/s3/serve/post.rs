//! POST Object: a browser form upload (`multipart/form-data` to the bucket's root) authorized by
//! a presigned POST policy: the base64 policy document, signed with SigV4's signing key
//! (`x-amz-signature` = HMAC-SHA256 over the base64 text), its expiration and conditions checked
//! against the form's fields. Answers 204 unless `success_action_status` asks for 200 or 201 (201
//! with S3's `PostResponse` XML). [AWS-doc RESTObjectPOST, sigv4-HTTPPOSTConstructPolicy]

use serde_json::Value;

use super::super::error_body::escape;
use super::super::sigv4::{self, hex, parse_amz_date, uri_encode};
use super::objects::{etag, new_version};
use super::reply::{self, Failure, Response};
use super::{Bucket, Call, Object};

/// One form field: its name (as sent), value bytes, and for the file its file name.
struct Field {
    name: String,
    value: Vec<u8>,
    filename: Option<String>,
}

/// Whether the request is a form upload (S3 also takes `multipart/form-data` only).
pub(super) fn is_form(call: &Call<'_>) -> bool {
    call.header("content-type")
        .is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"))
}

fn invalid_argument(message: &str, name: &str, value: &str) -> Failure {
    Failure::new(400, "InvalidArgument", message)
        .field("ArgumentName", name)
        .field("ArgumentValue", value)
}

fn policy_failure(why: &str) -> Failure {
    Failure::new(403, "AccessDenied", format!("Invalid according to Policy: {why}"))
}

fn malformed_post() -> Failure {
    Failure::new(
        400,
        "MalformedPOSTRequest",
        "The body of your POST request is not well-formed multipart/form-data.",
    )
}

/// The `boundary` parameter of a multipart Content-Type.
fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (name, value) = p.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_string())
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    (from..=haystack.len() - needle.len()).find(|&i| &haystack[i..i + needle.len()] == needle)
}

/// The form's fields up to and including `file` (S3 ignores what follows it).
fn parse_form(content_type: &str, body: &[u8]) -> Result<Vec<Field>, Failure> {
    let boundary = boundary(content_type)
        .filter(|b| !b.is_empty())
        .ok_or_else(malformed_post)?;
    let delimiter = format!("--{boundary}");
    let mut at = find(body, delimiter.as_bytes(), 0).ok_or_else(malformed_post)? + delimiter.len();
    let mut fields = Vec::new();
    loop {
        if body[at..].starts_with(b"--") {
            return Ok(fields);
        }
        let start = at + if body[at..].starts_with(b"\r\n") { 2 } else { 0 };
        let head_end = find(body, b"\r\n\r\n", start).ok_or_else(malformed_post)?;
        let head = String::from_utf8_lossy(&body[start..head_end]);
        let next = find(body, format!("\r\n{delimiter}").as_bytes(), head_end + 4).ok_or_else(malformed_post)?;
        let value = body[head_end + 4..next].to_vec();
        let mut name = None;
        let mut filename = None;
        for line in head.split("\r\n") {
            let Some((header, rest)) = line.split_once(':') else {
                continue;
            };
            if !header.trim().eq_ignore_ascii_case("content-disposition") {
                continue;
            }
            for param in rest.split(';').skip(1) {
                if let Some((k, v)) = param.split_once('=') {
                    let v = v.trim().trim_matches('"').to_string();
                    match k.trim().to_ascii_lowercase().as_str() {
                        "name" => name = Some(v),
                        "filename" => filename = Some(v),
                        _ => {}
                    }
                }
            }
        }
        let name = name.ok_or_else(malformed_post)?;
        let is_file = name.eq_ignore_ascii_case("file");
        fields.push(Field { name, value, filename });
        if is_file {
            return Ok(fields);
        }
        at = next + 2 + delimiter.len();
    }
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// `2026-11-27T15:14:42.000Z` → Unix seconds.
fn parse_expiration(text: &str) -> Option<i64> {
    let compact: String = text.chars().filter(|c| *c != '-' && *c != ':').collect();
    let compact = match compact.split_once('.') {
        Some((whole, _)) => format!("{whole}Z"),
        None => compact,
    };
    parse_amz_date(&compact)
}

/// The POST Object operation on `bucket`.
pub(super) fn post_object(
    bucket: &mut Bucket,
    call: &Call<'_>,
    state_credentials: &sigv4::Credentials,
) -> Result<Response, Failure> {
    let fields = parse_form(call.header("content-type").unwrap_or(""), call.body)?;
    let get = |name: &str| {
        fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name) && !f.name.eq_ignore_ascii_case("file"))
            .map(|f| String::from_utf8_lossy(&f.value).into_owned())
    };
    let file = fields
        .iter()
        .find(|f| f.name.eq_ignore_ascii_case("file"))
        .ok_or_else(|| invalid_argument("POST requires exactly one file upload per request.", "file", "0"))?;
    let key_template = get("key").ok_or_else(|| {
        invalid_argument(
            "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
            "key",
            "",
        )
    })?;
    let key = key_template.replace("${filename}", file.filename.as_deref().unwrap_or(""));
    if get("success_action_redirect").or_else(|| get("redirect")).is_some() {
        return Err(reply::not_implemented().field("Field", "success_action_redirect"));
    }
    match get("policy") {
        Some(policy) => check_policy(call, &policy, &fields, file.value.len(), state_credentials)?,
        // No policy: an anonymous upload, which needs a public-write bucket.
        None => return Err(reply::access_denied()),
    }
    let mut object = Object {
        body: file.value.clone(),
        etag: etag(&file.value),
        content_type: get("content-type").unwrap_or_else(|| "binary/octet-stream".to_string()),
        last_modified: call.request.now,
        metadata: Vec::new(),
        version_id: None,
    };
    for f in &fields {
        let lower = f.name.to_ascii_lowercase();
        let system = ["Cache-Control", "Content-Disposition", "Content-Encoding", "Expires"]
            .into_iter()
            .find(|s| s.eq_ignore_ascii_case(&lower));
        if let Some(name) = system {
            object
                .metadata
                .push((name.to_string(), String::from_utf8_lossy(&f.value).into_owned()));
        } else if lower.starts_with("x-amz-meta-") {
            object
                .metadata
                .push((lower, String::from_utf8_lossy(&f.value).into_owned()));
        }
    }
    object.version_id = new_version(bucket, call);
    let tag = object.etag.clone();
    let version = object.version_id.clone();
    bucket.objects.insert(key.clone(), object);
    let host = call.request.host;
    let bucket_in_host = host.to_ascii_lowercase().starts_with(&format!("{}.", call.bucket_name));
    let path = if bucket_in_host {
        format!("/{}", uri_encode(key.as_bytes(), true))
    } else {
        format!("/{}/{}", call.bucket_name, uri_encode(key.as_bytes(), true))
    };
    let location = format!("https://{host}{path}");
    let status = match get("success_action_status").as_deref().map(str::trim) {
        Some("200") => 200,
        Some("201") => 201,
        _ => 204,
    };
    let mut response = Response::new(status)
        .header("ETag", tag.as_str())
        .header("Location", location.as_str());
    if let Some(version) = version {
        response = response.header("x-amz-version-id", version);
    }
    if status == 201 {
        response = response.xml(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PostResponse><Location>{}</Location><Bucket>{}</Bucket><Key>{}</Key><ETag>{}</ETag></PostResponse>",
            escape(&location),
            escape(call.bucket_name),
            escape(&key),
            escape(&tag)
        ));
    }
    Ok(response)
}

/// The policy's signature, expiration and conditions, and that every field is covered.
fn check_policy(
    call: &Call<'_>,
    policy: &str,
    fields: &[Field],
    size: usize,
    credentials: &sigv4::Credentials,
) -> Result<(), Failure> {
    let get = |name: &str| {
        fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
            .map(|f| String::from_utf8_lossy(&f.value).into_owned())
    };
    let algorithm = get("x-amz-algorithm").unwrap_or_default();
    if algorithm != "AWS4-HMAC-SHA256" {
        return Err(invalid_argument(
            "Unsupported algorithm; POST with a policy needs x-amz-algorithm AWS4-HMAC-SHA256 here.",
            "x-amz-algorithm",
            &algorithm,
        ));
    }
    let credential = get("x-amz-credential").unwrap_or_default();
    let parts: Vec<&str> = credential.split('/').collect();
    let [access_key, day, region, "s3", "aws4_request"] = parts[..] else {
        return Err(invalid_argument("Invalid credential", "x-amz-credential", &credential));
    };
    if access_key != credentials.access_key {
        return Err(Failure::new(
            403,
            "InvalidAccessKeyId",
            "The AWS Access Key Id you provided does not exist in our records.",
        )
        .field("AWSAccessKeyId", access_key));
    }
    let key = sigv4::signing_key(&credentials.secret_key, day, region);
    let expected = hex(&super::super::sigv4::hmac_sha256(&key, policy.as_bytes()));
    let given = get("x-amz-signature").unwrap_or_default();
    if !given.eq_ignore_ascii_case(&expected) {
        return Err(Failure::new(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
        )
        .field("AWSAccessKeyId", access_key)
        .field("StringToSign", policy)
        .field("SignatureProvided", given));
    }
    let document: Value = base64_decode(policy)
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| invalid_argument("Invalid Policy: Invalid JSON.", "Policy", policy))?;
    let expiration = document
        .get("expiration")
        .and_then(Value::as_str)
        .and_then(parse_expiration)
        .ok_or_else(|| invalid_argument("Invalid Policy: Policy missing expiration.", "Policy", policy))?;
    if call.request.now > expiration {
        return Err(policy_failure("Policy expired."));
    }
    let value_of = |name: &str| -> String {
        let name = name.trim_start_matches('$');
        if name.eq_ignore_ascii_case("bucket") {
            return call.bucket_name.to_string();
        }
        get(name).unwrap_or_default()
    };
    let mut covered: Vec<String> = Vec::new();
    let conditions = document
        .get("conditions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for condition in &conditions {
        let text = condition.to_string();
        let failed = || policy_failure(&format!("Policy Condition failed: {text}"));
        match condition {
            Value::Object(map) => {
                for (name, want) in map {
                    covered.push(name.to_ascii_lowercase());
                    if value_of(name) != want.as_str().unwrap_or_default() {
                        return Err(failed());
                    }
                }
            }
            Value::Array(items) => {
                let op = items
                    .first()
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if op == "content-length-range" {
                    let bound = |i: usize| items.get(i).and_then(Value::as_u64).unwrap_or(0) as usize;
                    if size < bound(1) {
                        return Err(Failure::new(
                            400,
                            "EntityTooSmall",
                            "Your proposed upload is smaller than the minimum allowed size",
                        ));
                    }
                    if size > bound(2) {
                        return Err(Failure::new(
                            400,
                            "EntityTooLarge",
                            "Your proposed upload exceeds the maximum allowed size",
                        ));
                    }
                    continue;
                }
                let name = items.get(1).and_then(Value::as_str).unwrap_or_default();
                let want = items.get(2).and_then(Value::as_str).unwrap_or_default();
                covered.push(name.trim_start_matches('$').to_ascii_lowercase());
                let have = value_of(name);
                let ok = match op.as_str() {
                    "eq" => have == want,
                    "starts-with" => have.starts_with(want),
                    _ => false,
                };
                if !ok {
                    return Err(failed());
                }
            }
            _ => return Err(failed()),
        }
    }
    // Every field but these must be named by a condition.
    for f in fields {
        let name = f.name.to_ascii_lowercase();
        let exempt = ["policy", "x-amz-signature", "file"].contains(&name.as_str()) || name.starts_with("x-ignore-");
        if !exempt && !covered.contains(&name) {
            return Err(policy_failure(&format!("Extra input fields: {}", f.name)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_up_to_the_file() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\na/${filename}\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XyZ\r\nContent-Disposition: form-data; name=\"after\"\r\n\r\nx\r\n--XyZ--\r\n";
        let fields = parse_form("multipart/form-data; boundary=XyZ", body).unwrap();
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].value, b"a/${filename}");
        assert_eq!(
            (fields[1].value.as_slice(), fields[1].filename.as_deref()),
            (&b"hello"[..], Some("f.txt"))
        );
        assert!(parse_form("multipart/form-data", body).is_err());
    }

    #[test]
    fn base64_and_expiration() {
        assert_eq!(base64_decode("eyJhIjoxfQ==").unwrap(), b"{\"a\":1}");
        assert_eq!(parse_expiration("2013-05-24T00:00:00.000Z"), Some(1_369_353_600));
    }
}
