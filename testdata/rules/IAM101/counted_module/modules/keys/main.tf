resource "aws_iam_access_key" "this" {
  user = "counted"
}

output "secret" {
  value = aws_iam_access_key.this.secret
}
