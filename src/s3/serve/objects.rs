//! Object operations: Put/Get/Head/DeleteObject (ETag = quoted MD5, Range → 206) and multipart
//! uploads (Create, UploadPart, Complete, Abort, ListParts).

use md5::{Digest, Md5};

use super::super::error_body::escape;
use super::super::sigv4::hex;
use super::super::xml;
use super::reply::{self, Failure, Response};
use super::{Bucket, Call, Object, Upload};

pub(super) fn dispatch(bucket: &mut Bucket, call: &Call<'_>) -> Result<Response, Failure> {
    let key = call.key.unwrap_or_default();
    let method = call.request.method;
    if let Some(upload_id) = call.param("uploadId") {
        call.authorize(bucket, false)?;
        return match method {
            "PUT" => upload_part(bucket, call, upload_id),
            "POST" => complete(bucket, call, key, upload_id),
            "DELETE" => upload_of(bucket, upload_id).map(|_| ()).map(|()| {
                bucket.uploads.remove(upload_id);
                Response::new(204)
            }),
            "GET" => list_parts(bucket, call, key, upload_id),
            _ => Err(reply::not_implemented()),
        };
    }
    match method {
        "POST" if call.has("uploads") => {
            call.authorize(bucket, false)?;
            Ok(create_upload(bucket, call, key))
        }
        "PUT" => {
            call.authorize(bucket, false)?;
            if call.header("x-amz-copy-source").is_some() {
                return Err(reply::not_implemented());
            }
            let mut object = new_object(call, call.body.to_vec(), etag(call.body));
            object.version_id = new_version(bucket, call);
            let mut response = Response::new(200).header("ETag", object.etag.as_str());
            if let Some(version) = &object.version_id {
                response = response.header("x-amz-version-id", version.as_str());
            }
            bucket.objects.insert(key.to_string(), object);
            Ok(response)
        }
        "GET" | "HEAD" => {
            call.authorize(bucket, true)?;
            if bucket.deny_read.iter().any(|prefix| key.starts_with(prefix.as_str())) {
                // An explicit Deny in the bucket policy wins over any Allow, signed or not.
                return Err(reply::access_denied());
            }
            let object = bucket.objects.get(key).ok_or_else(|| no_such_key(key))?;
            get(object, call)
        }
        "DELETE" => {
            call.authorize(bucket, false)?;
            bucket.objects.remove(key);
            Ok(Response::new(204))
        }
        _ => Err(reply::not_implemented()),
    }
}

fn no_such_key(key: &str) -> Failure {
    Failure::new(404, "NoSuchKey", "The specified key does not exist.").field("Key", key)
}

fn no_such_upload(upload_id: &str) -> Failure {
    Failure::new(
        404,
        "NoSuchUpload",
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
    )
    .field("UploadId", upload_id)
}

fn upload_of<'b>(bucket: &'b Bucket, upload_id: &str) -> Result<&'b Upload, Failure> {
    bucket.uploads.get(upload_id).ok_or_else(|| no_such_upload(upload_id))
}

/// On a versioned bucket, a new version id (32 characters, as S3's look); `None` otherwise.
pub(super) fn new_version(bucket: &Bucket, call: &Call<'_>) -> Option<String> {
    bucket.versioned.then(|| {
        let id = &call.new_upload_id;
        format!("{id}{}", id.to_ascii_lowercase()).replace('0', "_")
    })
}

pub(super) fn etag(body: &[u8]) -> String {
    format!("\"{}\"", hex(&Md5::digest(body)))
}

fn new_object(call: &Call<'_>, body: Vec<u8>, etag: String) -> Object {
    Object {
        body,
        etag,
        // S3's default when the PUT has no Content-Type.
        content_type: call.header("content-type").unwrap_or("binary/octet-stream").to_string(),
        last_modified: call.request.now,
        metadata: metadata(call),
        version_id: None,
    }
}

/// The request headers S3 keeps with the object as system metadata and sends back on GET/HEAD
/// (a `Cache-Control` set at upload is what makes browsers reuse the object from their cache).
const SYSTEM_METADATA: [&str; 5] = [
    "Cache-Control",
    "Content-Disposition",
    "Content-Encoding",
    "Content-Language",
    "Expires",
];

/// What PutObject / CreateMultipartUpload store besides Content-Type: `x-amz-meta-*` and
/// [`SYSTEM_METADATA`]. `aws-chunked` is the upload's framing, not the object's encoding.
fn metadata(call: &Call<'_>) -> Vec<(String, String)> {
    let mut stored = Vec::new();
    for name in SYSTEM_METADATA {
        let Some(value) = call.header(name) else {
            continue;
        };
        let value = if name == "Content-Encoding" {
            let codings: Vec<&str> = value
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty() && !c.eq_ignore_ascii_case("aws-chunked"))
                .collect();
            codings.join(",")
        } else {
            value.to_string()
        };
        if !value.is_empty() {
            stored.push((name.to_string(), value));
        }
    }
    stored.extend(
        call.request
            .headers
            .iter()
            .filter(|h| h.name.to_ascii_lowercase().starts_with("x-amz-meta-"))
            .map(|h| (h.name.to_ascii_lowercase(), h.value.to_string())),
    );
    stored
}

/// The `response-*` query parameters of GetObject and the headers they set.
const RESPONSE_OVERRIDES: [(&str, &str); 6] = [
    ("response-cache-control", "Cache-Control"),
    ("response-content-disposition", "Content-Disposition"),
    ("response-content-encoding", "Content-Encoding"),
    ("response-content-language", "Content-Language"),
    ("response-content-type", "Content-Type"),
    ("response-expires", "Expires"),
];

/// GetObject/HeadObject, with a single `bytes=` range (206, or 416 InvalidRange).
fn get(object: &Object, call: &Call<'_>) -> Result<Response, Failure> {
    let total = object.body.len();
    let range = match call.header("range") {
        Some(value) => parse_range(value, total).ok_or_else(|| {
            Failure::new(416, "InvalidRange", "The requested range is not satisfiable")
                .field("RangeRequested", value)
                .field("ActualObjectSize", total.to_string())
        })?,
        None => None,
    };
    let (status, slice) = match range {
        Some((first, last)) => (206, &object.body[first..=last]),
        None => (200, &object.body[..]),
    };
    let mut response = Response::new(status)
        .header("Last-Modified", reply::http_date(object.last_modified))
        .header("ETag", object.etag.as_str())
        .header("Accept-Ranges", "bytes")
        .header("Content-Type", object.content_type.as_str());
    if let Some((first, last)) = range {
        response = response.header("Content-Range", format!("bytes {first}-{last}/{total}"));
    }
    for (name, value) in &object.metadata {
        response = response.header(name, value.as_str());
    }
    if let Some(version) = &object.version_id {
        response = response.header("x-amz-version-id", version.as_str());
    }
    // A signed GET may override response headers (presigned downloads set
    // response-content-disposition); S3 refuses the overrides on anonymous requests.
    for (param, header) in RESPONSE_OVERRIDES {
        if let Some(value) = call.param(param) {
            if !call.signed {
                return Err(Failure::new(
                    400,
                    "InvalidRequest",
                    "Request specific response headers cannot be used for anonymous GET requests.",
                ));
            }
            response.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(header));
            response = response.header(header, value);
        }
    }
    response = response.header("Content-Length", slice.len().to_string());
    if call.request.method != "HEAD" {
        response.body = slice.to_vec();
    }
    Ok(response)
}

/// `bytes=a-b`, `bytes=a-`, `bytes=-n` → `Some(Some(inclusive range))`; `Some(None)` for a header
/// S3 ignores and answers with the whole object (another unit, several ranges, a malformed
/// spec); `None` when the range is well-formed but unsatisfiable (416).
fn parse_range(value: &str, total: usize) -> Option<Option<(usize, usize)>> {
    let ignored = Some(None);
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return ignored;
    };
    let Some((a, b)) = spec.split_once('-') else {
        return ignored;
    };
    let number = |s: &str| s.trim().parse::<usize>().ok();
    let (a, b) = (a.trim(), b.trim());
    let range = match (a.is_empty(), number(a), b.is_empty(), number(b)) {
        // bytes=-n: the last n bytes.
        (true, _, false, Some(n)) => {
            if n == 0 || total == 0 {
                return None;
            }
            (total.saturating_sub(n), total - 1)
        }
        (false, Some(first), true, _) => (first, total.checked_sub(1)?),
        (false, Some(first), false, Some(last)) if last >= first => (first, last.min(total.checked_sub(1)?)),
        _ => return ignored,
    };
    if range.0 >= total {
        return None;
    }
    Some(Some(range))
}

fn create_upload(bucket: &mut Bucket, call: &Call<'_>, key: &str) -> Response {
    let upload_id = call.new_upload_id.clone();
    bucket.uploads.insert(
        upload_id.clone(),
        Upload {
            key: key.to_string(),
            content_type: call.header("content-type").map(str::to_string),
            metadata: metadata(call),
            parts: Default::default(),
        },
    );
    Response::new(200).xml(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>{}</Bucket><Key>{}</Key><UploadId>{upload_id}</UploadId></InitiateMultipartUploadResult>",
        escape(call.bucket_name),
        escape(key)
    ))
}

fn upload_part(bucket: &mut Bucket, call: &Call<'_>, upload_id: &str) -> Result<Response, Failure> {
    let number = call
        .param("partNumber")
        .and_then(|n| n.parse::<u32>().ok())
        .filter(|n| (1..=10_000).contains(n))
        .ok_or_else(|| {
            Failure::new(
                400,
                "InvalidArgument",
                "Part number must be an integer between 1 and 10000, inclusive",
            )
            .field("ArgumentName", "partNumber")
        })?;
    let upload = bucket
        .uploads
        .get_mut(upload_id)
        .ok_or_else(|| no_such_upload(upload_id))?;
    let tag = etag(call.body);
    upload.parts.insert(number, (call.body.to_vec(), tag.clone()));
    Ok(Response::new(200).header("ETag", tag))
}

fn invalid_part() -> Failure {
    Failure::new(
        400,
        "InvalidPart",
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    )
}

/// CompleteMultipartUpload: the listed parts, in ascending order, each with its ETag; the object's
/// ETag is the MD5 of the parts' binary MD5s, then `-N` (S3's multipart ETag).
fn complete(bucket: &mut Bucket, call: &Call<'_>, key: &str, upload_id: &str) -> Result<Response, Failure> {
    let upload = upload_of(bucket, upload_id)?;
    let malformed = || {
        Failure::new(
            400,
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published schema",
        )
    };
    let text = std::str::from_utf8(call.body).map_err(|_| malformed())?;
    let root = xml::parse(text).map_err(|_| malformed())?;
    if root.name != "CompleteMultipartUpload" {
        return Err(malformed());
    }
    let mut listed = Vec::new();
    for part in root.children.iter().filter(|c| c.name == "Part") {
        let number = part
            .child("PartNumber")
            .and_then(|n| n.text.trim().parse::<u32>().ok())
            .ok_or_else(malformed)?;
        let tag = part
            .child("ETag")
            .map(|e| e.text.trim().to_string())
            .ok_or_else(malformed)?;
        listed.push((number, tag));
    }
    if listed.is_empty() {
        return Err(malformed());
    }
    if listed.windows(2).any(|w| w[0].0 >= w[1].0) {
        return Err(Failure::new(
            400,
            "InvalidPartOrder",
            "The list of parts was not in ascending order. Parts must be ordered by part number.",
        ));
    }
    let mut body = Vec::new();
    let mut digests = Vec::new();
    for (number, tag) in &listed {
        let (bytes, stored) = upload.parts.get(number).ok_or_else(invalid_part)?;
        if stored.trim_matches('"') != tag.trim_matches('"') {
            return Err(invalid_part());
        }
        body.extend_from_slice(bytes);
        digests.extend_from_slice(&Md5::digest(bytes));
    }
    let tag = format!("\"{}-{}\"", hex(&Md5::digest(&digests)), listed.len());
    let mut object = new_object(call, body, tag.clone());
    object.content_type = upload
        .content_type
        .clone()
        .unwrap_or_else(|| "binary/octet-stream".to_string());
    object.metadata.clone_from(&upload.metadata);
    object.version_id = new_version(bucket, call);
    let version = object.version_id.clone();
    bucket.uploads.remove(upload_id);
    bucket.objects.insert(key.to_string(), object);
    let host = call.request.host;
    let mut response = Response::new(200);
    if let Some(version) = version {
        response = response.header("x-amz-version-id", version);
    }
    Ok(response.xml(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Location>{}</Location><Bucket>{}</Bucket><Key>{}</Key><ETag>{}</ETag></CompleteMultipartUploadResult>",
        escape(&format!("https://{host}{}", call.request.target.split('?').next().unwrap_or(""))),
        escape(call.bucket_name),
        escape(key),
        escape(&tag)
    )))
}

fn list_parts(bucket: &Bucket, call: &Call<'_>, key: &str, upload_id: &str) -> Result<Response, Failure> {
    let upload = upload_of(bucket, upload_id)?;
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListPartsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>{}</Bucket><Key>{}</Key><UploadId>{}</UploadId><IsTruncated>false</IsTruncated>",
        escape(call.bucket_name),
        escape(key),
        escape(upload_id)
    );
    for (number, (bytes, tag)) in &upload.parts {
        xml.push_str(&format!(
            "<Part><PartNumber>{number}</PartNumber><ETag>{}</ETag><Size>{}</Size></Part>",
            escape(tag),
            bytes.len()
        ));
    }
    xml.push_str("</ListPartsResult>");
    Ok(Response::new(200).xml(xml))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_as_s3_reads_them() {
        assert_eq!(parse_range("bytes=0-9", 100), Some(Some((0, 9))));
        assert_eq!(parse_range("bytes=90-", 100), Some(Some((90, 99))));
        assert_eq!(parse_range("bytes=-10", 100), Some(Some((90, 99))));
        assert_eq!(parse_range("bytes=95-200", 100), Some(Some((95, 99))));
        assert_eq!(parse_range("bytes=100-", 100), None);
        assert_eq!(parse_range("bytes=5-1", 100), Some(None));
        assert_eq!(parse_range("items=0-1", 100), Some(None));
        assert_eq!(parse_range("bytes=x-1", 100), Some(None));
        assert_eq!(parse_range("bytes=0-1,5-6", 100), Some(None));
        assert_eq!(parse_range("bytes=0-", 0), None);
    }

    #[test]
    fn etag_is_quoted_md5() {
        assert_eq!(etag(b""), "\"d41d8cd98f00b204e9800998ecf8427e\"");
    }
}
