output "secret" {
  value     = aws_iam_access_key.app.secret
  sensitive = true
}

output "bucket" {
  value = aws_s3_bucket.logs.id
}
