data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

# The account is known only when applied; the users are written out.
resource "aws_iam_policy" "rotate_services" {
  name = "rotate-services"
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = "iam:CreateAccessKey" # want "policy \"aws_iam_policy.rotate_services\" allows iam:CreateAccessKey on \"arn:aws:iam::\\$\\{\\.\\.\\.\\}:user/svc-\\*\""
      Resource = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:user/svc-*"
    }]
  })
}

data "aws_iam_policy_document" "rotate_all" {
  statement {
    actions   = ["iam:CreateAccessKey"] # want "policy \"aws_iam_policy.rotate_all\" allows iam:CreateAccessKey on \"arn:\\$\\{\\.\\.\\.\\}:iam::\\$\\{\\.\\.\\.\\}:user/\\*\""
    resources = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:user/*"]
  }
}

resource "aws_iam_policy" "rotate_all" {
  name   = "rotate-all"
  policy = data.aws_iam_policy_document.rotate_all.json
}

# Not findings: the caller's own user behind an unknown account; an
# unknown service; a resource that is unknown after the account.
variable "user_name" {
  type = string
}

resource "aws_iam_policy" "own_key" {
  name = "own-key"
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = "iam:CreateAccessKey"
      Resource = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:user/$${aws:username}"
    }]
  })
}

resource "aws_iam_policy" "unknown_resource" {
  name = "unknown-resource"
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = "iam:CreateAccessKey"
      Resource = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:${var.user_name}"
    }]
  })
}
