variable "environment" {
  type = map(string)
}

resource "aws_lambda_function" "this" {
  function_name = "named-module"
  role          = "arn:aws:iam::123456789012:role/named-module"
  environment {
    variables = var.environment # want "the AWS_SECRET_ACCESS_KEY entry reaches the environment of Lambda function \"aws_lambda_function.this\""
  }
}
