# Inline cors_rule blocks in resource "aws_s3_bucket" (deprecated since AWS provider v4) and a
#   separate aws_s3_bucket_cors_configuration must not both manage the bucket: each apply would undo
#   the other, and only one aws_s3_bucket_cors_configuration may exist per bucket. If your
#   aws_s3_bucket still has cors_rule blocks, use the terraform-inline form instead.
resource "aws_s3_bucket_cors_configuration" "acme_telemetry_ingest" {
  bucket = "acme-telemetry-ingest"

  cors_rule {
    id              = "browser-uploads"
    allowed_origins = ["https://admin.acme.test"]
    allowed_methods = ["PUT", "GET", "HEAD"]
    allowed_headers = ["amz-sdk-invocation-id", "amz-sdk-request", "authorization", "content-type", "x-amz-*"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3000
  }
}
