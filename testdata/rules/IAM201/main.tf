resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_user_policy" "ci" { # want "\"aws_iam_user_policy.ci\" attaches permissions to user \"aws_iam_user.ci\" directly; attach them to a group"
  name = "ci"
  user = aws_iam_user.ci.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}

resource "aws_iam_user_policy_attachment" "ci" { # want "\"aws_iam_user_policy_attachment.ci\" attaches permissions to user \"aws_iam_user.ci\""
  user       = aws_iam_user.ci.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy_attachment" "mixed" { # want "\"aws_iam_policy_attachment.mixed\" attaches permissions to user \"bob\""
  name       = "mixed"
  users      = ["bob"]
  roles      = [aws_iam_role.app.name]
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy_attachment" "var_users" { # want "attaches permissions to user \"var.users\""
  name       = "var-users"
  users      = var.users
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

variable "users" {
  type = list(string)
}

# Not findings: roles and groups, and a policy attachment with no users.
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = "{}"
}

resource "aws_iam_policy_attachment" "roles_only" {
  name       = "roles-only"
  roles      = [aws_iam_role.app.name]
  users      = []
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_group_policy_attachment" "g" {
  group      = "readers"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role_policy_attachment" "r" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
