# Only one CORS configuration manages a Space: replace its cors_rule blocks (or those inline in
#   digitalocean_spaces_bucket) with these.
resource "digitalocean_spaces_bucket_cors_configuration" "public_data" {
  bucket = "public-data"
  region = "REGION"

  cors_rule {
    allowed_origins = ["*"]
    allowed_methods = ["GET"]
  }
}
