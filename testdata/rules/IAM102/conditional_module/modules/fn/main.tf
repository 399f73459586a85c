variable "creds" {}
variable "tags" {}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.12"
  handler       = "main.handler"
  filename      = "fn.zip"

  environment {
    variables = {
      AWS_ACCESS_KEY = var.creds.secret # want "access key \"aws_iam_access_key.fn\" reaches the environment of Lambda function \"aws_lambda_function.fn\""
      TEAM           = var.tags.team
    }
  }
}
