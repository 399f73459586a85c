# One active key per user is not a finding.
resource "aws_iam_user" "deploy" {
  name = "deploy"
}

resource "aws_iam_access_key" "deploy" {
  user = aws_iam_user.deploy.name
}

# An inactive key does not count.
resource "aws_iam_access_key" "deploy_old" {
  user   = aws_iam_user.deploy.name
  status = "Inactive"
}

# Nor does one whose status is unknown.
resource "aws_iam_access_key" "deploy_maybe" {
  user   = aws_iam_user.deploy.name
  status = var.maybe
}

variable "maybe" {}

# Different users, different counted instances: one key each.
resource "aws_iam_user" "many" {
  count = 2
  name  = "many-${count.index}"
}

resource "aws_iam_access_key" "many0" {
  user = aws_iam_user.many[0].name
}

resource "aws_iam_access_key" "many1" {
  user = aws_iam_user.many[1].name
}

# for_each over users: one key per user, count unknown.
resource "aws_iam_access_key" "each" {
  for_each = toset(["x", "y"])
  user     = each.value
}
