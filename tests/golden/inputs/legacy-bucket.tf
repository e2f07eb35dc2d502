# Media bucket, managed before AWS provider v4.
resource "aws_s3_bucket" "media" {
  bucket = "acme-media.assets"
  acl    = "private"

  tags = {
    Team = "media"
    Note = "cors_rule { } in a string is not a block"
  }

  cors_rule {
    allowed_headers = ["*"]
    allowed_methods = ["GET"]
    allowed_origins = ["https://app.example.com"]
    max_age_seconds = 3000
  }

  versioning {
    enabled = true
  }

  /* A second rule for local development.
     cors_rule { allowed_origins = ["x"] } */
  cors_rule {
    allowed_methods = ["GET", "PUT"]
    allowed_origins = ["http://localhost:3000"]
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"

  lifecycle_rule {
    enabled = true
    prefix  = "${var.prefix}/{raw}"
  }
}
