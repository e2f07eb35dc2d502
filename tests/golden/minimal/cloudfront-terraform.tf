# A response headers policy is one CORS answer for a whole cache behaviour: it has no rules, so it
#   cannot allow a method or header for one origin and not another, as S3's rules can.
# OriginOverride is true: CloudFront's CORS headers replace S3's, so the bucket's rules no longer
#   decide. With false, S3's headers win whenever S3 sends any, including a cached answer made for
#   another origin.
# Attach the policy to the cache behaviour that serves the bucket; its allowed methods must include
#   OPTIONS (GET, HEAD, OPTIONS, or all seven for PUT, POST or DELETE).
resource "aws_cloudfront_response_headers_policy" "public_data_cors" {
  name    = "public-data-cors"
  comment = "CORS of S3 bucket public-data"

  cors_config {
    access_control_allow_credentials = false
    origin_override                  = true

    access_control_allow_origins {
      items = ["*"]
    }

    access_control_allow_methods {
      items = ["GET", "OPTIONS"]
    }

    access_control_allow_headers {
      items = []
    }
  }
}
