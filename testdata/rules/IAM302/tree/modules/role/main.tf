# Not a finding: the account is the calling root's own.
resource "aws_iam_role" "from_root_account" {
  name = "from-root-account"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::555566667777:role/ci" } }]
  })
}
