# A response headers policy is one CORS answer for a whole cache behaviour: it has no rules, so it
#   cannot allow a method or header for one origin and not another, as S3's rules can.
# AccessControlAllowCredentials is true because S3 sends Access-Control-Allow-Credentials: true with
#   every origin it echoes; set it to false if the page never sends cookies or HTTP authentication.
# OriginOverride is true: CloudFront's CORS headers replace S3's, so the bucket's rules no longer
#   decide. With false, S3's headers win whenever S3 sends any, including a cached answer made for
#   another origin.
# Attach the policy to the cache behaviour that serves the bucket; its allowed methods must include
#   OPTIONS (GET, HEAD, OPTIONS, or all seven for PUT, POST or DELETE).
resource "aws_cloudfront_response_headers_policy" "oreilly_shop_cors" {
  name    = "oreilly-shop-cors"
  comment = "CORS of S3 bucket oreilly-shop"

  cors_config {
    access_control_allow_credentials = true
    origin_override                  = true
    access_control_max_age_sec       = 100000

    access_control_allow_origins {
      items = ["https://shop.o'reilly.test", "https://$${env}.example.com"]
    }

    access_control_allow_methods {
      items = ["GET", "PUT", "OPTIONS"]
    }

    access_control_allow_headers {
      items = ["x-amz-meta-author's-note", "x-custom\\path", "100%%{x}"]
    }

    access_control_expose_headers {
      items = ["x-amz-meta-\"title\""]
    }
  }
}
