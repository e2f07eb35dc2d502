# Rule IDs: "o'reilly \"legacy\"--shop" is left out (the documented cors_rule arguments are
#   allowed_headers, allowed_methods, allowed_origins, expose_headers and max_age_seconds).
# Only one CORS configuration manages a Space: replace its cors_rule blocks (or those inline in
#   digitalocean_spaces_bucket) with these.
resource "digitalocean_spaces_bucket_cors_configuration" "oreilly_shop" {
  bucket = "oreilly-shop"
  region = "REGION"

  cors_rule {
    allowed_origins = ["https://shop.o'reilly.test", "https://$${env}.example.com"]
    allowed_methods = ["GET", "PUT"]
    allowed_headers = ["x-amz-meta-author's-note", "x-custom\\path", "100%%{x}"]
    expose_headers  = ["x-amz-meta-\"title\""]
    max_age_seconds = 100000
  }
}
