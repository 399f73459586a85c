resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" { # want "\"aws_iam_user_login_profile.alice\" gives user \"aws_iam_user.alice\" a console password; use federation through IAM Identity Center"
  user                    = aws_iam_user.alice.name
  password_reset_required = true
}

resource "aws_iam_user_login_profile" "people" { # want "gives an IAM user a console password"
  for_each = toset(["bob", "carol"])
  user     = each.value
}

# Not a finding: a user without a password, and an account password policy.
resource "aws_iam_user" "svc" {
  name = "svc"
}

resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length = 14
}
