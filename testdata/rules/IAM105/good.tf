# Roles, not keys: nothing for IAM105 here.
resource "aws_iam_role" "worker" {
  name = "worker"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

# A data source or a key in another provider is not a key iamlint creates.
data "aws_iam_access_keys" "existing" {
  user = "deploy"
}

resource "aws_iam_access_key_rotation" "not_a_key" {
  name = "similar type name"
}
