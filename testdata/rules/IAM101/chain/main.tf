# A key passed down three levels of modules to the instance that uses it.
resource "aws_iam_access_key" "deep" {
  user = "deep"
}

module "a" {
  source = "./modules/a"
  secret = aws_iam_access_key.deep.secret
}
