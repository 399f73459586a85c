# A dynamic statement over a known, non-empty list exists for certain.
data "aws_iam_policy_document" "open" {
  dynamic "statement" {
    for_each = ["one"]
    content {
      actions = ["sts:AssumeRole"]
      principals {
        type        = "AWS"
        identifiers = ["*"] # want "role \"aws_iam_role.open\" can be assumed by any principal"
      }
    }
  }
}

resource "aws_iam_role" "open" {
  name               = "open"
  assume_role_policy = data.aws_iam_policy_document.open.json
}

# Over an empty list it generates nothing; over an unknown one, maybe
# nothing: no finding either way.
variable "extra_trust" {
  type = list(string)
}

data "aws_iam_policy_document" "maybe" {
  dynamic "statement" {
    for_each = []
    content {
      actions = ["sts:AssumeRole"]
      principals {
        type        = "AWS"
        identifiers = ["*"]
      }
    }
  }
  dynamic "statement" {
    for_each = var.extra_trust
    content {
      actions = ["sts:AssumeRole"]
      principals {
        type        = "AWS"
        identifiers = ["*"]
      }
      condition {
        test     = "StringEquals"
        variable = "aws:PrincipalOrgID"
        values   = [statement.value]
      }
    }
  }
}

resource "aws_iam_role" "maybe" {
  name               = "maybe"
  assume_role_policy = data.aws_iam_policy_document.maybe.json
}
