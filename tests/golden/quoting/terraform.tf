# Inline cors_rule blocks in resource "aws_s3_bucket" (deprecated since AWS provider v4) and a
#   separate aws_s3_bucket_cors_configuration must not both manage the bucket: each apply would undo
#   the other, and only one aws_s3_bucket_cors_configuration may exist per bucket. If your
#   aws_s3_bucket still has cors_rule blocks, use the terraform-inline form instead.
resource "aws_s3_bucket_cors_configuration" "oreilly_shop" {
  bucket = "oreilly-shop"

  cors_rule {
    id              = "o'reilly \"legacy\"--shop"
    allowed_origins = ["https://shop.o'reilly.test", "https://$${env}.example.com"]
    allowed_methods = ["GET", "PUT"]
    allowed_headers = ["x-amz-meta-author's-note", "x-custom\\path", "100%%{x}"]
    expose_headers  = ["x-amz-meta-\"title\""]
    max_age_seconds = 100000
  }
}
