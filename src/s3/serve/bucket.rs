//! Bucket-level operations: the CORS configuration API (Put/Get/DeleteBucketCors, validated like
//! S3), bucket policies as far as `--deny` models them (Deny s3:GetObject on key prefixes),
//! HeadBucket, GetBucketLocation and ListObjects.

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
    if call.has("policy") {
        call.authorize(bucket, false)?;
        return match method {
            "GET" => get_policy(bucket, call.bucket_name),
            // Taking the policy away is how a user lifts its Deny (the loop's
            // sdk-get-access-denied remedy).
            "DELETE" => {
                bucket.deny_read.clear();
                Ok(Response::new(204))
            }
            "PUT" => put_policy(bucket, call),
            _ => Err(reply::not_implemented().field("Subresource", "policy")),
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

/// The policy `--deny NAME/PREFIX` stands for, as GetBucketPolicy returns it (S3 answers the JSON
/// document as stored); none: 404 NoSuchBucketPolicy.
fn get_policy(bucket: &Bucket, name: &str) -> Result<Response, Failure> {
    if bucket.deny_read.is_empty() {
        return Err(
            Failure::new(404, "NoSuchBucketPolicy", "The bucket policy does not exist").field("BucketName", name),
        );
    }
    let resources: Vec<String> = bucket
        .deny_read
        .iter()
        .map(|prefix| format!("arn:aws:s3:::{name}/{prefix}*"))
        .collect();
    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "DenyGetObject",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": resources,
        }],
    });
    let mut response = Response::new(200).header("Content-Type", "application/json");
    response.body = policy.to_string().into_bytes();
    Ok(response)
}

/// PutBucketPolicy for what the endpoint models: statements denying s3:GetObject on
/// `arn:aws:s3:::NAME/PREFIX*`, which become `--deny` prefixes. Anything else a policy can say is
/// refused as not implemented rather than silently ignored.
fn put_policy(bucket: &mut Bucket, call: &Call<'_>) -> Result<Response, Failure> {
    let malformed = || {
        Failure::new(
            400,
            "MalformedPolicy",
            "Policies must be valid JSON and the first byte must be '{'",
        )
    };
    let document: serde_json::Value = serde_json::from_slice(call.body).map_err(|_| malformed())?;
    let statements = match &document["Statement"] {
        serde_json::Value::Array(list) => list.clone(),
        one @ serde_json::Value::Object(_) => vec![one.clone()],
        _ => return Err(malformed()),
    };
    let as_list = |v: &serde_json::Value| -> Vec<String> {
        match v {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect(),
            _ => Vec::new(),
        }
    };
    let resource_prefix = format!("arn:aws:s3:::{}/", call.bucket_name);
    let unmodelled = || {
        reply::not_implemented().field(
            "Detail",
            "corshar s3 serve models only Deny statements on s3:GetObject for arn:aws:s3:::BUCKET/PREFIX*",
        )
    };
    let mut prefixes = Vec::new();
    for statement in &statements {
        if statement["Effect"] != "Deny" || as_list(&statement["Action"]) != ["s3:GetObject"] {
            return Err(unmodelled());
        }
        let resources = as_list(&statement["Resource"]);
        if resources.is_empty() {
            return Err(unmodelled());
        }
        for resource in resources {
            let prefix = resource
                .strip_prefix(&resource_prefix)
                .and_then(|r| r.strip_suffix('*'))
                .filter(|p| !p.contains('*'))
                .ok_or_else(unmodelled)?;
            prefixes.push(prefix.to_owned());
        }
    }
    bucket.deny_read = prefixes;
    Ok(Response::new(204))
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
