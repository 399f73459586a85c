variable "user" {
  type = string
}

resource "aws_iam_access_key" "this" {
  user = var.user
}

output "secret" {
  value = aws_iam_access_key.this.secret
}
