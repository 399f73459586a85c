resource "aws_iam_user" "u" {
  name = "chain"
}

resource "aws_iam_access_key" "k" {
  user = aws_iam_user.u.name
}

output "key" {
  value = {
    id     = aws_iam_access_key.k.id
    secret = aws_iam_access_key.k.secret
  }
}
