# Media bucket, managed before AWS provider v4.
resource "aws_s3_bucket" "media" {
  bucket = "acme-media.assets"
  acl    = "private"

  tags = {
    Team = "media"
    Note = "cors_rule { } in a string is not a block"
  }

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

  versioning {
    enabled = true
  }

  /* A second rule for local development.
     cors_rule { allowed_origins = ["x"] } */
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"

  lifecycle_rule {
    enabled = true
    prefix  = "${var.prefix}/{raw}"
  }
}
