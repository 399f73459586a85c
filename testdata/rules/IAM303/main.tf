resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

# Only aud: any repository on GitHub can assume it.
resource "aws_iam_role" "aud_only" {
  name = "aud-only"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn } # want "role \"aws_iam_role.aud_only\" trusts the GitHub Actions OIDC provider with no condition on \"token.actions.githubusercontent.com:sub\""
      Condition = { StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" } }
    }]
  })
}

# A sub pattern that matches any repository.
data "aws_iam_policy_document" "any_repo" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:*"] # want "role \"aws_iam_role.any_repo\" trusts every GitHub Actions subject"
    }
  }
}

resource "aws_iam_role" "any_repo" {
  name               = "any-repo"
  assume_role_policy = data.aws_iam_policy_document.any_repo.json
}

# EKS IRSA without a sub condition.
resource "aws_iam_role" "irsa" {
  name = "irsa"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE" } # want "trusts the EKS OIDC provider with no condition"
    }]
  })
}

# Not findings: scoped sub; StringEquals with a literal "*" matches nothing
# but "*"; another web identity provider; an unknown issuer.
resource "aws_iam_role" "scoped" {
  name = "scoped"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:acme/app:environment:prod" }
      }
    }]
  })
}

resource "aws_iam_role" "gitlab_scoped" {
  name = "gitlab"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/gitlab.com" }
      Condition = { StringEquals = { "gitlab.com:sub" = "project_path:acme/app:ref_type:branch:ref:main" } }
    }]
  })
}

resource "aws_iam_role" "cognito" {
  name = "cognito"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRoleWithWebIdentity", Principal = { Federated = "cognito-identity.amazonaws.com" } }]
  })
}

variable "provider_arn" {}

resource "aws_iam_role" "unknown_issuer" {
  name = "unknown"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRoleWithWebIdentity", Principal = { Federated = var.provider_arn } }]
  })
}
