# The issuer is known only when applied (an EKS module's output): the
# condition key still ends in :sub, and the subject shows the provider.
variable "oidc_provider_arn" {
  type = string
}

variable "oidc_issuer_url" {
  type = string
}

resource "aws_iam_role" "any_pod" {
  name = "any-pod"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = var.oidc_provider_arn }
      Condition = {
        StringLike = {
          "${replace(var.oidc_issuer_url, "https://", "")}:sub" = "system:serviceaccount:*:*" # want "role \"aws_iam_role.any_pod\" trusts every EKS subject: \"\\*:sub system:serviceaccount:\\*:\\*\""
        }
      }
    }]
  })
}

data "aws_iam_policy_document" "any_repo" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringLike"
      variable = "${var.oidc_issuer_url}:sub"
      values   = ["repo:*"] # want "role \"aws_iam_role.any_repo\" trusts every GitHub Actions subject"
    }
  }
}

resource "aws_iam_role" "any_repo" {
  name               = "any-repo"
  assume_role_policy = data.aws_iam_policy_document.any_repo.json
}

# Not findings: one service account; StringEquals, where "*" is literal.
resource "aws_iam_role" "one_pod" {
  name = "one-pod"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = var.oidc_provider_arn }
      Condition = {
        StringEquals = {
          "${replace(var.oidc_issuer_url, "https://", "")}:sub" = "system:serviceaccount:kube-system:aws-load-balancer-controller"
          "${replace(var.oidc_issuer_url, "https://", "")}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role" "literal_star" {
  name = "literal-star"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = var.oidc_provider_arn }
      Condition = {
        StringEquals = { "${var.oidc_issuer_url}:sub" = "system:serviceaccount:*:*" }
      }
    }]
  })
}

# In a heredoc, an interpolation with quotes inside still leaves JSON that
# is read.
resource "aws_iam_role" "heredoc_any_pod" { # want+11 "role \"aws_iam_role.heredoc_any_pod\" trusts every EKS subject"
  name               = "heredoc-any-pod"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "Federated": "${var.oidc_provider_arn}" },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
          "StringLike": {
            "${replace(var.oidc_issuer_url, "https://", "")}:sub": "system:serviceaccount:*:*"
          }
        }
      }]
    }
  EOF
}
