# Sub patterns whose owner part is a wildcard scope nothing.
resource "aws_iam_role" "eks_any_namespace" {
  name = "eks-any-namespace"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE" }
      Condition = {
        StringLike = {
          "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub" = "system:serviceaccount:*:*" # want "role \"aws_iam_role.eks_any_namespace\" trusts every EKS subject"
        }
      }
    }]
  })
}

resource "aws_iam_role" "gitlab_any_project" {
  name = "gitlab-any-project"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/gitlab.com" }
      Condition = { StringLike = { "gitlab.com:sub" = "project_path:*:ref_type:branch:ref:main" } } # want "role \"aws_iam_role.gitlab_any_project\" trusts every GitLab subject"
    }]
  })
}

data "aws_iam_policy_document" "github_any_owner" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:*/deploy:ref:refs/heads/main"] # want "role \"aws_iam_role.github_any_owner\" trusts every GitHub Actions subject"
    }
  }
}

resource "aws_iam_role" "github_any_owner" {
  name               = "github-any-owner"
  assume_role_policy = data.aws_iam_policy_document.github_any_owner.json
}

# Not findings: GitHub's subject with owner and repository IDs; a
# namespace with any service account; a GitLab group.
resource "aws_iam_role" "github_ids" {
  name = "github-ids"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:octo-org@123/octo-repo@456:ref:refs/heads/*" }
      }
    }]
  })
}

resource "aws_iam_role" "eks_namespace" {
  name = "eks-namespace"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE" }
      Condition = {
        StringLike = { "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub" = "system:serviceaccount:payments:*" }
      }
    }]
  })
}

resource "aws_iam_role" "gitlab_group" {
  name = "gitlab-group"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/gitlab.com" }
      Condition = { StringLike = { "gitlab.com:sub" = "project_path:acme/*:ref_type:branch:ref:main" } }
    }]
  })
}

# An open sub with the project pinned by its ID claim instead.
resource "aws_iam_role" "gitlab_project_id" {
  name = "gitlab-project-id"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/gitlab.com" }
      Condition = {
        StringLike   = { "gitlab.com:sub" = "project_path:*:ref_type:branch:ref:main" }
        StringEquals = { "gitlab.com:project_id" = "4242" }
      }
    }]
  })
}

resource "aws_iam_role" "github_owner_id" {
  name = "github-owner-id"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
      Condition = {
        StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:*" }
        StringEquals = { "token.actions.githubusercontent.com:repository_owner_id" = "1234567" }
      }
    }]
  })
}

# A self-hosted GitLab: the issuer is no listed provider's, the subject is
# GitLab's.
resource "aws_iam_role" "self_hosted_gitlab" {
  name = "self-hosted-gitlab"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com" }
      Condition = { StringLike = { "gitlab.example.com:sub" = "project_path:*:ref_type:branch:ref:*" } } # want "role \"aws_iam_role.self_hosted_gitlab\" trusts every GitLab subject"
    }]
  })
}

# The owner is a written wildcard, the repository is known only when
# applied: any owner's repository of that name matches. An owner known only
# when applied is no wildcard.
variable "repo_name" {
  type = string
}

variable "github_org" {
  type = string
}

resource "aws_iam_role" "any_owner_named_repo" {
  name = "any-owner-named-repo"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
      Condition = { StringLike = { "token.actions.githubusercontent.com:sub" = "repo:*/${var.repo_name}:*" } } # want "role \"aws_iam_role.any_owner_named_repo\" trusts every GitHub Actions subject: \"token.actions.githubusercontent.com:sub repo:\\*/\\$\\{\\.\\.\\.\\}:\\*\""
    }]
  })
}

resource "aws_iam_role" "org_from_variable" {
  name = "org-from-variable"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
      Condition = { StringLike = { "token.actions.githubusercontent.com:sub" = "repo:${var.github_org}/*:*" } }
    }]
  })
}
