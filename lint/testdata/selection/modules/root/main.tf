# A key made here goes into a module that puts it in user data.
resource "aws_iam_access_key" "deploy" {
  user = "deploy"
}

module "server" {
  source = "../sink"
  creds  = aws_iam_access_key.deploy.secret
  name   = "web"
}

# A key made three modules down comes back out and into a Lambda.
module "chain" {
  count  = 1
  source = "../chain-a"
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  environment {
    variables = {
      SECRET = module.chain[0].secret
    }
  }
}

# A module whose input is named like a key, given something else: called,
# so not a root, so its variable is no source.
module "named" {
  source         = "../named"
  aws_secret_key = "not-a-key"
}

# A registry module's key-named output passed through a local module.
module "registry" {
  source = "example/keys/aws"
}

module "relay" {
  source = "../sink"
  creds  = module.registry.iam_access_key_secret
  name   = "relay"
}

resource "aws_s3_bucket" "unrelated" {
  bucket = "unrelated"
}
