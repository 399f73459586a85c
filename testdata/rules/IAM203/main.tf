resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

# Linked through the reference.
resource "aws_iam_access_key" "ci_new" { # want "user \"aws_iam_user.ci\" has 3 active access keys; keep one at most during rotation"
  user   = aws_iam_user.ci.id
  status = "Active"
}

# Linked through the literal name of the same user.
resource "aws_iam_access_key" "ci_by_name" { # want "user \"aws_iam_user.ci\" has 3 active access keys"
  user = "ci"
}

# count = 2 is two keys for one user.
resource "aws_iam_access_key" "pair" { # want "user \"pair-user\" has 2 active access keys"
  count = 2
  user  = "pair-user"
}

# Two keys for the same variable are two keys for one user.
resource "aws_iam_access_key" "a" {
  user = var.service_user
}

resource "aws_iam_access_key" "b" { # want "user \"var.service_user\" has 2 active access keys"
  user = var.service_user
}

variable "service_user" {}
