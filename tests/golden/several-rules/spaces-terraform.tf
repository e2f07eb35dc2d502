# Rule IDs: "app" and "local-dev" are left out (the documented cors_rule arguments are
#   allowed_headers, allowed_methods, allowed_origins, expose_headers and max_age_seconds).
# Only one CORS configuration manages a Space: replace its cors_rule blocks (or those inline in
#   digitalocean_spaces_bucket) with these.
resource "digitalocean_spaces_bucket_cors_configuration" "acme_media_assets" {
  bucket = "acme-media.assets"
  region = "REGION"

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
