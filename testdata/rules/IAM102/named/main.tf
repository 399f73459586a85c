# Key material known by the name of the entry that holds it, whatever
# feeds it, in any case and with any separator.
variable "deploy_secret" {
  type      = string
  sensitive = true
}

resource "aws_ecs_task_definition" "secrets" {
  family = "secrets"
  container_definitions = jsonencode([{ # want "the AWS_SECRET_ACCESS_KEY entry reaches the container definitions of ECS task definition \"aws_ecs_task_definition.secrets\""
    name  = "app"
    image = "app:1"
    secrets = [
      { name = "AWS_SECRET_ACCESS_KEY", valueFrom = "arn:aws:ssm:eu-west-1:111122223333:parameter/app/secret" },
    ]
  }])
}

resource "aws_ecs_task_definition" "lower_case" {
  family = "lower_case"
  container_definitions = jsonencode([{ # want "the aws-secret-access-key entry reaches the container definitions of ECS task definition \"aws_ecs_task_definition.lower_case\""
    name        = "app"
    image       = "app:1"
    environment = [{ name = "aws-secret-access-key", value = var.deploy_secret }]
  }])
}

resource "aws_ecs_task_definition" "heredoc" {
  family                = "heredoc" # want+1 "the AWS_ACCESS_KEY_ID entry reaches the container definitions of ECS task definition \"aws_ecs_task_definition.heredoc\""
  container_definitions = <<-JSON
    [{"name": "app", "image": "app:1",
      "environment": [{"name": "AWS_ACCESS_KEY_ID", "value": "${var.deploy_secret}"}]}]
  JSON
}

resource "aws_codebuild_project" "mixed_case" {
  name         = "mixed_case"
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
      name  = "Aws_Secret_Access_Key"
      value = var.deploy_secret # want "the Aws_Secret_Access_Key entry reaches the environment of CodeBuild project \"aws_codebuild_project.mixed_case\""
    }
  }
}

# Clean: AWS's documentation example keys, an empty entry, other names.
resource "aws_lambda_function" "example_keys" {
  function_name = "example_keys"
  role          = "arn:aws:iam::123456789012:role/example"
  environment {
    variables = {
      AWS_ACCESS_KEY_ID     = "AKIAIOSFODNN7EXAMPLE"
      AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
      AWS_SESSION_TOKEN     = ""
      AWS_REGION            = "eu-west-1"
    }
  }
}

resource "aws_ecs_task_definition" "clean" {
  family = "clean"
  container_definitions = jsonencode([{
    name        = "app"
    image       = "app:1"
    environment = [{ name = "AWS_ACCESS_KEY_ID", value = "" }, { name = "AWS_REGION", value = var.deploy_secret }]
  }])
}

resource "helm_release" "uploader" {
  name  = "uploader"
  chart = "uploader"
  set_sensitive {
    name  = "aws.secretAccessKey"
    value = var.deploy_secret # want "the aws.secretAccessKey entry reaches the values of Helm release \"helm_release.uploader\""
  }
  set {
    name  = "aws.region"
    value = var.deploy_secret
  }
}

# An input empty by default takes the key when the configuration is applied.
variable "legacy_secret" {
  type    = string
  default = ""
}

resource "aws_lambda_function" "legacy" {
  function_name = "legacy"
  role          = "arn:aws:iam::123456789012:role/legacy"
  environment {
    variables = {
      AWS_SECRET_ACCESS_KEY = var.legacy_secret # want "the AWS_SECRET_ACCESS_KEY entry reaches the environment of Lambda function \"aws_lambda_function.legacy\""
    }
  }
}
