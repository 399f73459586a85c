variable "name" {
  type = string
}

resource "aws_iam_user" "ci" {
  name = var.name
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "aws_iam_user_policy_attachment" "ci_admin" {
  user       = aws_iam_user.ci.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

output "access_key_id" {
  value = aws_iam_access_key.ci.id
}

output "secret_access_key" {
  value     = aws_iam_access_key.ci.secret
  sensitive = true
}
