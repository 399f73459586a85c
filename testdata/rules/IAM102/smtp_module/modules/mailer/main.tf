# A mail user whose key is exported whole and as SES SMTP credentials.
resource "aws_iam_user" "mailer" {
  name = "mailer"
}

resource "aws_iam_access_key" "mailer" {
  count = 1
  user  = aws_iam_user.mailer.name
}

output "access_key_id" {
  value = join("", aws_iam_access_key.mailer[*].id)
}

output "secret_access_key" {
  value = join("", aws_iam_access_key.mailer[*].secret)
}

output "smtp_password" {
  value = one(aws_iam_access_key.mailer[*].ses_smtp_password_v4)
}
