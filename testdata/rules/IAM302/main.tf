provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}

resource "aws_iam_role" "vendor" {
  name = "vendor"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = ["arn:aws:iam::210987654321:root", "111122223333"] } # want "role \"aws_iam_role.vendor\" trusts account 210987654321 \\(\"arn:aws:iam::210987654321:root\"\\) with no sts:ExternalId"
    }]
  })
}

data "aws_iam_policy_document" "partner" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["444455556666"] # want "trusts account 444455556666"
    }
  }
}

resource "aws_iam_role" "partner" {
  name               = "partner"
  assume_role_policy = data.aws_iam_policy_document.partner.json
}

# Not findings: an ExternalId, MFA, the own account, the caller's account,
# an account the scanned policies grant on (it is ours).
resource "aws_iam_role" "with_external_id" {
  name = "with-external-id"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::210987654321:root" }
      Condition = { StringEquals = { "sts:ExternalId" = "abc" } }
    }]
  })
}

data "aws_iam_policy_document" "people" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::210987654321:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

resource "aws_iam_role" "people" {
  name               = "people"
  assume_role_policy = data.aws_iam_policy_document.people.json
}

data "aws_caller_identity" "current" {}

resource "aws_iam_role" "self" {
  name = "self"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" } }]
  })
}

resource "aws_iam_role" "ours" {
  name = "ours"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::777788889999:role/ci" } }]
  })
}

resource "aws_iam_policy" "grants_on_ours" {
  name = "grants"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "arn:aws:sqs:eu-west-1:777788889999:jobs" }]
  })
}
