resource "aws_iam_access_key" "svc" {
  user = "svc"
}

resource "aws_lambda_function" "report" {
  function_name = "report"
  role          = "arn:aws:iam::123456789012:role/report"
  runtime       = "python3.12"
  handler       = "main.handler"
  filename      = "report.zip"

  environment {
    variables = {
      AWS_ACCESS_KEY_ID     = aws_iam_access_key.svc.id
      AWS_SECRET_ACCESS_KEY = aws_iam_access_key.svc.secret # want "access key \"aws_iam_access_key.svc\" reaches the environment of Lambda function \"aws_lambda_function.report\"; use the function's execution role"
      BUCKET                = "reports"
    }
  }
}

# Inside jsonencode([...]) of an ECS task definition.
resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{
    name  = "app"
    image = "app:latest"
    environment = [
      { name = "AWS_SECRET_ACCESS_KEY", value = aws_iam_access_key.svc.secret }, # want "reaches the container definitions of ECS task definition \"aws_ecs_task_definition.app\"; use the task role"
    ]
  }])
}

resource "aws_codebuild_project" "build" {
  name         = "build"
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
    environment_variable {
      name  = "DEPLOY_SECRET"
      value = aws_iam_access_key.svc.secret # want "reaches the environment of CodeBuild project \"aws_codebuild_project.build\""
    }
  }
}

resource "kubernetes_secret_v1" "aws" {
  metadata {
    name = "aws"
  }
  data = {
    secret = aws_iam_access_key.svc.secret # want "reaches Kubernetes secret \"kubernetes_secret_v1.aws\"; use EKS IRSA"
  }
}

# An entry named AWS_SECRET_ACCESS_KEY is key material whatever feeds it.
variable "token" {
  type = string
}

resource "aws_lambda_function" "named" {
  function_name = "named"
  role          = "arn:aws:iam::123456789012:role/named"
  runtime       = "python3.12"
  handler       = "main.handler"
  filename      = "named.zip"

  environment {
    variables = {
      AWS_SECRET_ACCESS_KEY = var.token # want "the AWS_SECRET_ACCESS_KEY entry reaches the environment of Lambda function \"aws_lambda_function.named\""
    }
  }
}

# Not findings: ordinary configuration, an empty entry.
resource "aws_lambda_function" "clean" {
  function_name = "clean"
  role          = "arn:aws:iam::123456789012:role/clean"
  runtime       = "python3.12"
  handler       = "main.handler"
  filename      = "clean.zip"

  environment {
    variables = {
      AWS_REGION_NAME       = "eu-west-1"
      AWS_SECRET_ACCESS_KEY = ""
      KEY_OWNER             = aws_iam_access_key.svc.user
    }
  }
}
