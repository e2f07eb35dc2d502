# Replace every cors_rule block inside your resource "aws_s3_bucket" for bucket "acme-media.assets"
#   with the blocks below, and keep its other arguments.
# Inline cors_rule blocks in resource "aws_s3_bucket" (deprecated since AWS provider v4) and a
#   separate aws_s3_bucket_cors_configuration must not both manage the bucket: each apply would undo
#   the other, and only one aws_s3_bucket_cors_configuration may exist per bucket.
# Inline cors_rule blocks have no id argument: "app" and "local-dev" are left out.
resource "aws_s3_bucket" "acme_media_assets" {
  bucket = "acme-media.assets"
  # ... the resource's other arguments stay as they are

  cors_rule {
    allowed_origins = ["https://app.example.com", "https://*.preview.example.com"]
    allowed_methods = ["GET", "PUT", "POST"]
    allowed_headers = ["content-type", "x-amz-*"]
    expose_headers  = ["ETag", "x-amz-version-id"]
    max_age_seconds = 3600
  }

  cors_rule {
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
