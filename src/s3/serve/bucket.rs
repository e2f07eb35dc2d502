//! Bucket-level operations: the CORS configuration API (Put/Get/DeleteBucketCors, validated like
//! S3), HeadBucket, GetBucketLocation and ListObjects.

use super::super::config;
use super::super::emit::{self, Form};
use super::super::error_body::escape;
use super::reply::{self, Failure, Response};
use super::{Bucket, Call};

pub(super) fn dispatch(bucket: &mut Bucket, call: &Call<'_>) -> Result<Response, Failure> {
    let method = call.request.method;
    if call.has("cors") {
        call.authorize(bucket, false)?;
        return match method {
            "PUT" => put_cors(bucket, call),
            "GET" => get_cors(bucket, call),
            "DELETE" => {
                bucket.cors = None;
                Ok(Response::new(204))
            }
            _ => Err(method_not_allowed(method)),
        };
    }
    match method {
        "POST" if super::post::is_form(call) => super::post::post_object(bucket, call, call.credentials),
        "GET" if call.has("location") => {
            call.authorize(bucket, false)?;
            // us-east-1 is the empty constraint, for historical reasons [AWS-doc GetBucketLocation].
            let region = if bucket.region == "us-east-1" {
                ""
            } else {
                bucket.region.as_str()
            };
            Ok(Response::new(200).xml(format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">{}</LocationConstraint>",
                escape(region)
            )))
        }
        "GET" => {
            call.authorize(bucket, true)?;
            Ok(list(bucket, call))
        }
        "HEAD" => {
            call.authorize(bucket, true)?;
            Ok(Response::new(200).header("x-amz-bucket-region", bucket.region.as_str()))
        }
        _ => Err(reply::not_implemented()),
    }
}

fn method_not_allowed(method: &str) -> Failure {
    Failure::new(
        405,
        "MethodNotAllowed",
        "The specified method is not allowed against this resource.",
    )
    .field("Method", method)
    .field("ResourceType", "CORSCONFIGURATION")
}

/// PutBucketCors: S3 takes XML only; an unreadable body is `MalformedXML`, a readable one is
/// checked as [`config::validate`] does (§1.2).
fn put_cors(bucket: &mut Bucket, call: &Call<'_>) -> Result<Response, Failure> {
    let malformed = || {
        Failure::new(
            400,
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published schema",
        )
    };
    let text = std::str::from_utf8(call.body).map_err(|_| malformed())?;
    if !text.trim_start().starts_with('<') {
        return Err(malformed());
    }
    let configuration = config::parse(text).map_err(|_| malformed())?;
    config::validate(&configuration).map_err(|e| Failure::new(400, &e.code, e.message))?;
    bucket.cors = Some(configuration);
    Ok(Response::new(200))
}

fn get_cors(bucket: &Bucket, call: &Call<'_>) -> Result<Response, Failure> {
    match &bucket.cors {
        Some(configuration) => Ok(Response::new(200).xml(emit::render(Form::Xml, call.bucket_name, configuration))),
        None => Err(
            Failure::new(404, "NoSuchCORSConfiguration", "The CORS configuration does not exist")
                .field("BucketName", call.bucket_name),
        ),
    }
}

/// ListObjects (V1 and V2 answer in the V2 shape): `prefix` honoured, everything in one page.
fn list(bucket: &Bucket, call: &Call<'_>) -> Response {
    let prefix = call.param("prefix").unwrap_or("");
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">",
    );
    let matching: Vec<_> = bucket.objects.iter().filter(|(k, _)| k.starts_with(prefix)).collect();
    xml.push_str(&format!(
        "<Name>{}</Name><Prefix>{}</Prefix><KeyCount>{}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>",
        escape(call.bucket_name),
        escape(prefix),
        matching.len()
    ));
    for (key, object) in matching {
        xml.push_str(&format!(
            "<Contents><Key>{}</Key><LastModified>{}</LastModified><ETag>{}</ETag><Size>{}</Size><StorageClass>STANDARD</StorageClass></Contents>",
            escape(key),
            reply::iso8601_millis(object.last_modified),
            escape(&object.etag),
            object.body.len()
        ));
    }
    xml.push_str("</ListBucketResult>");
    Response::new(200).xml(xml)
}
