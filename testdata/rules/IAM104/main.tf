resource "aws_iam_access_key" "partner" {
  user = "partner"
}

output "partner_secret" {
  value     = aws_iam_access_key.partner.secret # want "access key \"aws_iam_access_key.partner\" reaches root module output \"output.partner_secret\"; for another account use a cross-account role"
  sensitive = true
}

output "partner_user" {
  value = aws_iam_access_key.partner.user
}

resource "aws_ssm_parameter" "key" {
  name  = "/partner/key"
  type  = "SecureString"
  value = jsonencode({ id = aws_iam_access_key.partner.id, secret = aws_iam_access_key.partner.secret }) # want "reaches SSM parameter \"aws_ssm_parameter.key\""
}

resource "aws_secretsmanager_secret_version" "key" {
  secret_id     = "partner"
  secret_string = aws_iam_access_key.partner.secret # want "reaches Secrets Manager secret version \"aws_secretsmanager_secret_version.key\""
}

resource "local_sensitive_file" "key" {
  filename = "partner.key"
  content  = aws_iam_access_key.partner.secret # want "reaches local file \"local_sensitive_file.key\""
}

resource "aws_iam_access_key" "handed_over" {
  user    = "contractor"
  pgp_key = "keybase:contractor" # want "access key \"aws_iam_access_key.handed_over\" is encrypted with pgp_key to be handed over"
}
