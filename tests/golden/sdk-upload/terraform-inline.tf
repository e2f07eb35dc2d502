# Replace every cors_rule block inside your resource "aws_s3_bucket" for bucket
#   "acme-telemetry-ingest" with the blocks below, and keep its other arguments.
# Inline cors_rule blocks in resource "aws_s3_bucket" (deprecated since AWS provider v4) and a
#   separate aws_s3_bucket_cors_configuration must not both manage the bucket: each apply would undo
#   the other, and only one aws_s3_bucket_cors_configuration may exist per bucket.
# Inline cors_rule blocks have no id argument: "browser-uploads" is left out.
resource "aws_s3_bucket" "acme_telemetry_ingest" {
  bucket = "acme-telemetry-ingest"
  # ... the resource's other arguments stay as they are

  cors_rule {
    allowed_origins = ["https://admin.acme.test"]
    allowed_methods = ["PUT", "GET", "HEAD"]
    allowed_headers = ["amz-sdk-invocation-id", "amz-sdk-request", "authorization", "content-type", "x-amz-*"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3000
  }
}
