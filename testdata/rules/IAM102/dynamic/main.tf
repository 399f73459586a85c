resource "aws_iam_access_key" "build" {
  user = "build"
}

locals {
  build_env = {
    AWS_ACCESS_KEY_ID     = aws_iam_access_key.build.id
    AWS_SECRET_ACCESS_KEY = aws_iam_access_key.build.secret
    REGION                = "eu-west-1"
  }
}

# A dynamic block: the content reads the for_each through its iterator.
resource "aws_codebuild_project" "dyn" {
  name         = "dyn"
  service_role = "arn:aws:iam::123456789012:role/build"
  artifacts {
    type = "NO_ARTIFACTS"
  }
  source {
    type = "NO_SOURCE"
  }
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
    dynamic "environment_variable" {
      for_each = local.build_env
      iterator = env
      content {
        name  = env.key
        value = env.value # want "access key \"aws_iam_access_key.build\" reaches the environment of CodeBuild project \"aws_codebuild_project.dyn\""
      }
    }
  }
}

# An iterator that names itself does not loop.
resource "aws_lambda_function" "odd" {
  function_name = "odd"
  role          = "arn:aws:iam::123456789012:role/odd"
  runtime       = "python3.12"
  handler       = "main.handler"
  filename      = "odd.zip"
  dynamic "environment" {
    for_each = environment.value
    content {
      variables = environment.value
    }
  }
}
