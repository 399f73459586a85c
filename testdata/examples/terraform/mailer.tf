# SES SMTP credentials: the one place a key has no role-based alternative.
resource "aws_iam_user" "smtp" {
  name = "ses-smtp"
}

resource "aws_iam_access_key" "smtp" {
  user = aws_iam_user.smtp.name
}

resource "aws_ssm_parameter" "smtp_credentials" {
  name  = "/mail/smtp"
  type  = "SecureString"
  value = "${aws_iam_access_key.smtp.id}:${aws_iam_access_key.smtp.ses_smtp_password_v4}"
}
