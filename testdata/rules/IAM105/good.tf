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

# A key whose secret reaches a sink is reported by IAM101-IAM104, not here.
resource "aws_iam_access_key" "exported" {
  user = "partner"
}

output "exported_secret" {
  value     = aws_iam_access_key.exported.secret
  sensitive = true
}

# count = 0 switches a resource off: there is no key.
resource "aws_iam_access_key" "off" {
  count = 0
  user  = "nobody"
}
