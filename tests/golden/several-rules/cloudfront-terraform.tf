# A response headers policy is one CORS answer for a whole cache behaviour: it has no rules, so it
#   cannot allow a method or header for one origin and not another, as S3's rules can.
# The 3 rules are merged: every origin in the policy gets every method and header that any rule
#   allows, which is wider than the bucket's rules.
# CloudFront takes an origin, `*`, or a `*` as the whole leftmost label (https://*.example.com):
#   "http://localhost:*" is left out.
# Access-Control-Allow-Headers has no partial wildcard: "x-amz-*" is left out; list the header names
#   the page sends.
# AccessControlAllowCredentials is false because the policy allows every origin (*); S3 answered
#   credentialed requests from the rules' explicit origins, which one policy cannot do beside *.
# The rules' MaxAgeSeconds differ (3600, 600): the policy uses the smallest.
# OriginOverride is true: CloudFront's CORS headers replace S3's, so the bucket's rules no longer
#   decide. With false, S3's headers win whenever S3 sends any, including a cached answer made for
#   another origin.
# Attach the policy to the cache behaviour that serves the bucket; its allowed methods must include
#   OPTIONS (GET, HEAD, OPTIONS, or all seven for PUT, POST or DELETE).
resource "aws_cloudfront_response_headers_policy" "acme_media_assets_cors" {
  name    = "acme-media-assets-cors"
  comment = "CORS of S3 bucket acme-media.assets"

  cors_config {
    access_control_allow_credentials = false
    origin_override                  = true
    access_control_max_age_sec       = 600

    access_control_allow_origins {
      items = ["*"]
    }

    access_control_allow_methods {
      items = ["GET", "HEAD", "PUT", "POST", "OPTIONS"]
    }

    access_control_allow_headers {
      items = ["*"]
    }

    access_control_expose_headers {
      items = ["ETag", "x-amz-version-id", "Content-Range", "Accept-Ranges"]
    }
  }
}
