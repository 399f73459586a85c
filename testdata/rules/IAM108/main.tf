resource "aws_iam_policy" "helpdesk" {
  name = "helpdesk"
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:ListUsers", "iam:CreateAccessKey"] # want "policy \"aws_iam_policy.helpdesk\" allows iam:CreateAccessKey on \"\\*\""
      Resource = "*"
    }]
  })
}

data "aws_iam_policy_document" "wildcard" {
  statement {
    actions   = ["iam:Create*"] # want "allows iam:CreateAccessKey \\(\"iam:Create\\*\"\\) on \"arn:aws:iam::123456789012:user/\\*\""
    resources = ["arn:aws:iam::123456789012:user/*"]
  }
}

resource "aws_iam_role_policy" "ops" {
  name   = "ops"
  role   = "ops"
  policy = data.aws_iam_policy_document.wildcard.json
}

resource "aws_iam_user_policy" "heredoc" { # want+6 "allows iam:CreateAccessKey \\(\"IAM:createaccesskey\"\\) on \"\\*\""
  name   = "heredoc"
  user   = "ops"
  policy = <<EOF
{
  "Statement": [
    {"Effect": "Allow", "Action": "IAM:createaccesskey", "Resource": "*"}
  ]
}
EOF
}

# Not findings: the caller's own user, bare * and iam:* (broad, other
# checks), a Deny, an unknown resource.
resource "aws_iam_policy" "self" {
  name = "self"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "iam:CreateAccessKey", Resource = "arn:aws:iam::*:user/$${aws:username}" }]
  })
}

resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["*", "iam:*"], Resource = "*" }]
  })
}

resource "aws_iam_policy" "deny" {
  name = "deny"
  policy = jsonencode({
    Statement = [{ Effect = "Deny", Action = "iam:CreateAccessKey", Resource = "*" }]
  })
}

variable "user_arn" {}

resource "aws_iam_policy" "unknown" {
  name = "unknown"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "iam:CreateAccessKey", Resource = var.user_arn }]
  })
}

# A rotation function allowed to mint keys for one named user of the
# configuration: a user other than the caller, as a literal ARN would be.
resource "aws_iam_user" "mail" {
  name = "mail"
}

data "aws_iam_policy_document" "rotate_mail" {
  statement {
    actions   = ["iam:CreateAccessKey", "iam:DeleteAccessKey"] # want "allows iam:CreateAccessKey on \"aws_iam_user.mail.arn\""
    resources = [aws_iam_user.mail.arn]
  }
}

resource "aws_iam_policy" "rotate_mail" {
  name   = "rotate-mail"
  policy = data.aws_iam_policy_document.rotate_mail.json
}
