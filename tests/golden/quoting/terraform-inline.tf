# Replace every cors_rule block inside your resource "aws_s3_bucket" for bucket "oreilly-shop" with
#   the blocks below, and keep its other arguments.
# Inline cors_rule blocks in resource "aws_s3_bucket" (deprecated since AWS provider v4) and a
#   separate aws_s3_bucket_cors_configuration must not both manage the bucket: each apply would undo
#   the other, and only one aws_s3_bucket_cors_configuration may exist per bucket.
# Inline cors_rule blocks have no id argument: "o'reilly \"legacy\"--shop" is left out.
resource "aws_s3_bucket" "oreilly_shop" {
  bucket = "oreilly-shop"
  # ... the resource's other arguments stay as they are

  cors_rule {
    allowed_origins = ["https://shop.o'reilly.test", "https://$${env}.example.com"]
    allowed_methods = ["GET", "PUT"]
    allowed_headers = ["x-amz-meta-author's-note", "x-custom\\path", "100%%{x}"]
    expose_headers  = ["x-amz-meta-\"title\""]
    max_age_seconds = 100000
  }
}
