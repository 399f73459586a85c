resource "aws_iam_access_key" "k" {
  user = "svc"
}

# A module called with for_each: its input is each.value.
module "store" {
  source   = "./modules/store"
  for_each = { main = aws_iam_access_key.k.secret }
  secret   = each.value
}

# SES SMTP credentials stored as user and password: no finding.
resource "aws_iam_access_key" "smtp" {
  user = "ses-smtp"
}

resource "aws_ssm_parameter" "smtp_user" {
  name  = "/mail/user"
  type  = "String"
  value = aws_iam_access_key.smtp.id
}

resource "aws_ssm_parameter" "smtp_password" {
  name  = "/mail/password"
  type  = "SecureString"
  value = aws_iam_access_key.smtp.ses_smtp_password_v4
}
