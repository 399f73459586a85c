resource "aws_iam_access_key" "this" {
  user = "svc"
}

output "secret" {
  value     = aws_iam_access_key.this.secret
  sensitive = true
}
