data "aws_iam_policy_document" "trust" {
  for_each = toset(["a"])
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"] # want "can be assumed by any principal"
    }
  }
}

resource "aws_iam_role" "r" {
  for_each           = toset(["a"])
  name               = each.key
  assume_role_policy = data.aws_iam_policy_document.trust[each.key].json
}

data "aws_iam_policy_document" "c" {
  count = 1
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"] # want "can be assumed by any principal"
    }
  }
}

resource "aws_iam_role" "counted" {
  name               = "c"
  assume_role_policy = data.aws_iam_policy_document.c[0].json
}
