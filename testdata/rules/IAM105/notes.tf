resource "aws_iam_access_key" "old" { # want "inactive access key \"aws_iam_access_key.old\" of user \"aws_iam_user.deploy\" is still a long-term credential; delete it"
  user   = aws_iam_user.deploy.name
  status = "Inactive"
}

resource "aws_iam_user" "mailer" {
  name = "mailer"
}

# SES SMTP: only the SMTP password and the key ID (the SMTP user name) are read.
resource "aws_iam_access_key" "smtp" { # want "access key \"aws_iam_access_key.smtp\" of user \"aws_iam_user.mailer\" is used only as SES SMTP credentials"
  user = aws_iam_user.mailer.name
}

resource "aws_ssm_parameter" "smtp" {
  name  = "/mail/smtp"
  type  = "SecureString"
  value = "${aws_iam_access_key.smtp.id}:${aws_iam_access_key.smtp.ses_smtp_password_v4}"
}
