# Inline cors_rule blocks in resource "aws_s3_bucket" (deprecated since AWS provider v4) and a
#   separate aws_s3_bucket_cors_configuration must not both manage the bucket: each apply would undo
#   the other, and only one aws_s3_bucket_cors_configuration may exist per bucket. If your
#   aws_s3_bucket still has cors_rule blocks, use the terraform-inline form instead.
resource "aws_s3_bucket_cors_configuration" "acme_media_assets" {
  bucket = "acme-media.assets"

  cors_rule {
    id              = "app"
    allowed_origins = ["https://app.example.com", "https://*.preview.example.com"]
    allowed_methods = ["GET", "PUT", "POST"]
    allowed_headers = ["content-type", "x-amz-*"]
    expose_headers  = ["ETag", "x-amz-version-id"]
    max_age_seconds = 3600
  }

  cors_rule {
    id              = "local-dev"
    allowed_origins = ["http://localhost:*", "http://127.0.0.1:5173"]
    allowed_methods = ["GET", "PUT"]
    allowed_headers = ["*"]
    expose_headers  = ["ETag"]
    max_age_seconds = 600
  }

  cors_rule {
    allowed_origins = ["*"]
    allowed_methods = ["GET", "HEAD"]
    expose_headers  = ["Content-Range", "Accept-Ranges"]
  }
}
