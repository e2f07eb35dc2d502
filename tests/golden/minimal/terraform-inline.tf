# Replace every cors_rule block inside your resource "aws_s3_bucket" for bucket "public-data" with
#   the blocks below, and keep its other arguments.
# Inline cors_rule blocks in resource "aws_s3_bucket" (deprecated since AWS provider v4) and a
#   separate aws_s3_bucket_cors_configuration must not both manage the bucket: each apply would undo
#   the other, and only one aws_s3_bucket_cors_configuration may exist per bucket.
resource "aws_s3_bucket" "public_data" {
  bucket = "public-data"
  # ... the resource's other arguments stay as they are

  cors_rule {
    allowed_origins = ["*"]
    allowed_methods = ["GET"]
  }
}
