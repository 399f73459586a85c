# Another root module of the same scan: the accounts main.tf works in
# (its allowed_account_ids, the queue its policy grants on) are not this
# root's own.
resource "aws_iam_role" "from_other_root" {
  name = "from-other-root"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::777788889999:role/ci" } }] # want "role \"aws_iam_role.from_other_root\" trusts account 777788889999"
  })
}
