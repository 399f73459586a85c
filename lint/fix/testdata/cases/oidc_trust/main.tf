# Web identity trusts without a sub condition, in the shapes people write:
# a Condition object over several lines, a statement with commas, and a
# policy document; and a cross-account trust in a policy document.
resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17",
    Statement = [
      {
        Effect = "Allow",
        Principal = {
          Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
        },
        Action = "sts:AssumeRoleWithWebIdentity",
        Condition = {
          StringEquals = {
            "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          }
        }
      }
    ]
  })
}

resource "aws_iam_role" "gitlab" {
  name = "gitlab"
  assume_role_policy = jsonencode({
    Version = "2012-10-17",
    Statement = [
      {
        Effect    = "Allow",
        Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/gitlab.com" },
        Action    = "sts:AssumeRoleWithWebIdentity"
      }
    ]
  })
}

data "aws_iam_policy_document" "pods" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789"]
    }
  }

  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:root"]
    }
  }
}

resource "aws_iam_role" "pods" {
  name               = "pods"
  assume_role_policy = data.aws_iam_policy_document.pods.json
}
