variable "name" {
  type = string
}

variable "account_id" {
  type = string
}

variable "principal_arns" {
  type = list(string)
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.account_id}:root"] # want "role \"aws_iam_role.this\" trusts account 888877776666 \\(\"arn:aws:iam::888877776666:root\", passed by module.vendor\\)"
    }
  }
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = var.principal_arns # want "role \"aws_iam_role.this\" trusts account 888877776666 \\(\"arn:aws:iam::888877776666:role/auditor\", passed by module.vendor\\)"
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
