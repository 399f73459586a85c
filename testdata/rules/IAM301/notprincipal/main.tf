# Allow with NotPrincipal: everyone but the named principals may assume.
resource "aws_iam_role" "not_principal" {
  name = "not-principal"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect       = "Allow"
      Action       = "sts:AssumeRole"
      NotPrincipal = { AWS = "arn:aws:iam::111122223333:role/blocked" } # want "role \"aws_iam_role.not_principal\" can be assumed by any principal but those NotPrincipal names"
    }]
  })
}

data "aws_iam_policy_document" "not_principals" {
  statement {
    actions = ["sts:AssumeRole"]
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"] # want "role \"aws_iam_role.not_principals\" can be assumed by any principal but those NotPrincipal names"
    }
  }
}

resource "aws_iam_role" "not_principals" {
  name               = "not-principals"
  assume_role_policy = data.aws_iam_policy_document.not_principals.json
}

# A pattern that pins nothing is no pin.
resource "aws_iam_role" "any_arn" {
  name = "any-arn"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" } # want "role \"aws_iam_role.any_arn\" can be assumed by any principal"
      Condition = { StringLike = { "aws:PrincipalArn" = "*" } }
    }]
  })
}

# Not findings: organization paths and the org and account keys in their
# ForAnyValue and IfExists forms pin the caller; a Deny with NotPrincipal
# is the usual guard, not a grant.
resource "aws_iam_role" "org_paths" {
  name = "org-paths"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" }
      Condition = { "ForAnyValue:StringLike" = { "aws:PrincipalOrgPaths" = ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"] } }
    }]
  })
}

resource "aws_iam_role" "org_if_exists" {
  name = "org-if-exists"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" }
      Condition = { StringEqualsIfExists = { "aws:PrincipalAccount" = "111122223333" } }
    }]
  })
}

resource "aws_iam_role" "deny_not_principal" {
  name = "deny-not-principal"
  assume_role_policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111122223333:root" } },
      { Effect = "Deny", Action = "sts:AssumeRole", NotPrincipal = { AWS = "arn:aws:iam::111122223333:role/admin" } },
    ]
  })
}
