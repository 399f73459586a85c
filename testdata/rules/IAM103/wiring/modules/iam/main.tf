variable "enabled" {
  type    = bool
  default = true
}

resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  count = var.enabled ? 1 : 0
  user  = aws_iam_user.ci.name
}

output "access_key_id" {
  value = try(aws_iam_access_key.ci[0].id, "")
}

output "secret_access_key" {
  value     = try(aws_iam_access_key.ci[0].secret, "")
  sensitive = true
}

output "key_fingerprint" {
  value = join("", aws_iam_access_key.ci[*].key_fingerprint)
}
