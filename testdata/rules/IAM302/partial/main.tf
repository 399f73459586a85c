data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

# The partition is known only when applied; the account is written out.
resource "aws_iam_role" "partition" {
  name = "partition"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::210987654321:root" } # want "role \"aws_iam_role.partition\" trusts account 210987654321"
    }]
  })
}

# Principals from a dynamic statement's iterator.
locals {
  partners = {
    audit = "arn:aws:iam::444455556666:root"
  }
}

data "aws_iam_policy_document" "partners" {
  dynamic "statement" {
    for_each = local.partners
    content {
      sid     = statement.key
      actions = ["sts:AssumeRole"]
      principals {
        type        = "AWS"
        identifiers = [statement.value] # want "role \"aws_iam_role.partners\" trusts account 444455556666"
      }
    }
  }
}

resource "aws_iam_role" "partners" {
  name               = "partners"
  assume_role_policy = data.aws_iam_policy_document.partners.json
}

# Conditions that protect nothing count as none.
data "aws_iam_policy_document" "mfa_false" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::210987654321:root"] # want "role \"aws_iam_role.mfa_false\" trusts account 210987654321"
    }
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

resource "aws_iam_role" "mfa_false" {
  name               = "mfa-false"
  assume_role_policy = data.aws_iam_policy_document.mfa_false.json
}

resource "aws_iam_role" "empty_external_id" {
  name = "empty-external-id"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::210987654321:root" } # want "role \"aws_iam_role.empty_external_id\" trusts account 210987654321"
      Condition = { StringEquals = { "sts:ExternalId" = "" } }
    }]
  })
}

# Not findings: the caller's own account behind a partition; an
# organization path (in its ForAnyValue form); an MFA condition whose
# IfExists form still requires MFA.
resource "aws_iam_role" "own_partition" {
  name = "own-partition"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
    }]
  })
}

resource "aws_iam_role" "org_paths" {
  name = "org-paths"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::210987654321:root" }
      Condition = { "ForAnyValue:StringLike" = { "aws:PrincipalOrgPaths" = ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"] } }
    }]
  })
}

resource "aws_iam_role" "mfa_if_exists" {
  name = "mfa-if-exists"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::210987654321:root" }
      Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = true } }
    }]
  })
}

# A heredoc keeps the known parts of an interpolated principal.
resource "aws_iam_role" "heredoc_partition" { # want+8 "role \"aws_iam_role.heredoc_partition\" trusts account 210987654321"
  name               = "heredoc-partition"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Action": "sts:AssumeRole",
        "Principal": { "AWS": "arn:${data.aws_partition.current.partition}:iam::210987654321:root" }
      }]
    }
  EOF
}
