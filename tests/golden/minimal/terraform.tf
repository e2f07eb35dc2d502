# Inline cors_rule blocks in resource "aws_s3_bucket" (deprecated since AWS provider v4) and a
#   separate aws_s3_bucket_cors_configuration must not both manage the bucket: each apply would undo
#   the other, and only one aws_s3_bucket_cors_configuration may exist per bucket. If your
#   aws_s3_bucket still has cors_rule blocks, use the terraform-inline form instead.
resource "aws_s3_bucket_cors_configuration" "public_data" {
  bucket = "public-data"

  cors_rule {
    allowed_origins = ["*"]
    allowed_methods = ["GET"]
  }
}
