variable "ssm_enabled" {
  type    = bool
  default = false
}

resource "aws_iam_user" "deploy" {
  name = "deploy"
}

resource "aws_iam_access_key" "deploy" {
  for_each = toset(["a", "b"])
  user     = aws_iam_user.deploy.name
}

# A conditional output still exports the secret when the condition is false.
output "secrets" {
  value = var.ssm_enabled ? null : { for name, k in aws_iam_access_key.deploy : name => k.secret } # want "access key \"aws_iam_access_key.deploy\" reaches root module output \"output.secrets\""
}

# Clean: what describes the keys is not key material.
output "fingerprints" {
  value = { for name, k in aws_iam_access_key.deploy : name => k.key_fingerprint }
}

output "created" {
  value = values(aws_iam_access_key.deploy)[*].create_date
}

output "statuses" {
  value = [for k in values(aws_iam_access_key.deploy) : k.status]
}
