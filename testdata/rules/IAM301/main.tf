# jsonencode: the finding points at the "*".
resource "aws_iam_role" "open" {
  name = "open"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" } # want "role \"aws_iam_role.open\" can be assumed by any principal \\(\"\\*\"\\) with no condition that pins the caller"
    }]
  })
}

# A heredoc: positions inside the JSON.
resource "aws_iam_role" "heredoc" { # want+9 "role \"aws_iam_role.heredoc\" can be assumed by any principal"
  name               = "heredoc"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": "sts:AssumeRole",
          "Principal": "*"
        }
      ]
    }
  EOF
}

# A file(): positions in the JSON file.
resource "aws_iam_role" "from_file" {
  name               = "from-file"
  assume_role_policy = file("${path.module}/policies/open-trust.json")
}

# data aws_iam_policy_document, used by reference.
data "aws_iam_policy_document" "open" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"] # want "role \"aws_iam_role.from_doc\" can be assumed by any principal"
    }
  }
}

resource "aws_iam_role" "from_doc" {
  name               = "from-doc"
  assume_role_policy = data.aws_iam_policy_document.open.json
}

# Not findings: a pinning condition, a Deny, a service principal, an
# unknown condition block, a named account.
resource "aws_iam_role" "org_only" {
  name = "org-only"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" }
      Condition = { StringEquals = { "aws:principalorgid" = "o-a1b2c3d4e5" } }
    }]
  })
}

resource "aws_iam_role" "deny" {
  name = "deny"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Deny", Action = "sts:AssumeRole", Principal = "*" }]
  })
}

resource "aws_iam_role" "service" {
  name = "service"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

variable "conditions" {}

resource "aws_iam_role" "unknown_condition" {
  name = "unknown-condition"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" }, Condition = var.conditions }]
  })
}
