# Rule IDs: "browser-uploads" is left out (the documented cors_rule arguments are allowed_headers,
#   allowed_methods, allowed_origins, expose_headers and max_age_seconds).
# Only one CORS configuration manages a Space: replace its cors_rule blocks (or those inline in
#   digitalocean_spaces_bucket) with these.
resource "digitalocean_spaces_bucket_cors_configuration" "acme_telemetry_ingest" {
  bucket = "acme-telemetry-ingest"
  region = "REGION"

  cors_rule {
    allowed_origins = ["https://admin.acme.test"]
    allowed_methods = ["PUT", "GET", "HEAD"]
    allowed_headers = ["amz-sdk-invocation-id", "amz-sdk-request", "authorization", "content-type", "x-amz-*"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3000
  }
}
