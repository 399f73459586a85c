# Clean: the provider is picked by a conditional local (created here or
# read from the account); the scan cannot name it, so the trust is not
# judged for whose tokens it takes.
variable "create_provider" {
  type    = bool
  default = true
}

resource "aws_iam_openid_connect_provider" "gitlab" {
  count          = var.create_provider ? 1 : 0
  url            = "https://gitlab.com"
  client_id_list = ["https://gitlab.com"]
}

data "aws_iam_openid_connect_provider" "gitlab" {
  count = var.create_provider ? 0 : 1
  url   = "https://gitlab.com"
}

locals {
  oidc_provider = var.create_provider ? aws_iam_openid_connect_provider.gitlab[0] : data.aws_iam_openid_connect_provider.gitlab[0]
}

variable "url" {
  type    = string
  default = "gitlab.com"
}

data "aws_iam_policy_document" "picked" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    condition {
      test     = "StringLike"
      variable = format("%s:sub", var.url)
      values   = ["project_path:acme/app:ref_type:branch:ref:main"]
    }
    principals {
      type        = "Federated"
      identifiers = [local.oidc_provider.arn]
    }
  }
}

resource "aws_iam_role" "picked" {
  name               = "gitlab-picked"
  assume_role_policy = data.aws_iam_policy_document.picked.json
}
