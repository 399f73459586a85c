resource "aws_iam_user" "deploy" {
  name = "deploy"
}

resource "aws_iam_access_key" "deploy" { # want "access key \"aws_iam_access_key.deploy\" of user \"aws_iam_user.deploy\" is a long-term credential; give the workload a role"
  user = aws_iam_user.deploy.name
}

# An explicit Active status is the same as none.
resource "aws_iam_access_key" "explicit" { # want "access key \"aws_iam_access_key.explicit\" of user \"legacy\" is a long-term"
  user   = "legacy"
  status = "Active"
}

# A status iamlint cannot know is treated as the default, Active.
resource "aws_iam_access_key" "unknown_status" { # want "is a long-term credential"
  user   = var.user
  status = var.key_status
}

resource "aws_iam_access_key" "counted" { # want "access key \"aws_iam_access_key.counted\" is a long-term"
  count = 3
}

# The secret of this one is read, so it is not an SMTP-only key.
resource "aws_iam_access_key" "smtp_and_api" { # want "is a long-term credential"
  user = aws_iam_user.deploy.name
}

locals {
  smtp_password = aws_iam_access_key.smtp_and_api.ses_smtp_password_v4
}

locals {
  api_secret = aws_iam_access_key.smtp_and_api.secret
}

variable "user" {}
variable "key_status" {}
