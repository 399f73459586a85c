# A key written to a store reaches the workloads that read the store back:
# by a reference to the store or by its name written out.
resource "aws_iam_user" "app" {
  name = "app"
}

resource "aws_iam_access_key" "app" {
  user = aws_iam_user.app.name
}

resource "aws_ssm_parameter" "secret" {
  name  = "/app/aws-secret-key"
  type  = "SecureString"
  value = aws_iam_access_key.app.secret
}

resource "aws_secretsmanager_secret" "creds" {
  name = "app/aws-credentials"
}

resource "aws_secretsmanager_secret_version" "creds" {
  secret_id     = aws_secretsmanager_secret.creds.id
  secret_string = jsonencode({ id = aws_iam_access_key.app.id, secret = aws_iam_access_key.app.secret })
}

resource "aws_ecs_task_definition" "by_reference" {
  family = "by_reference"
  container_definitions = jsonencode([{
    name    = "app"
    image   = "app:1"
    secrets = [{ name = "APP_SECRET", valueFrom = aws_ssm_parameter.secret.arn }] # want "access key \"aws_iam_access_key.app\" reaches the container definitions of ECS task definition \"aws_ecs_task_definition.by_reference\""
  }])
}

resource "aws_ecs_task_definition" "secret_json_key" {
  family = "secret_json_key"
  container_definitions = jsonencode([{
    name    = "app"
    image   = "app:1"
    secrets = [{ name = "APP_SECRET", valueFrom = "${aws_secretsmanager_secret.creds.arn}:secret::" }] # want "access key \"aws_iam_access_key.app\" reaches the container definitions of ECS task definition \"aws_ecs_task_definition.secret_json_key\""
  }])
}

resource "aws_codebuild_project" "by_name" {
  name         = "by_name"
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
      name  = "APP_SECRET"
      type  = "SECRETS_MANAGER"
      value = "app/aws-credentials:secret" # want "access key \"aws_iam_access_key.app\" reaches the environment of CodeBuild project \"aws_codebuild_project.by_name\""
    }
  }
}

# Read back when the configuration is applied: the key itself.
data "aws_ssm_parameter" "secret" {
  name = aws_ssm_parameter.secret.name
}

resource "aws_lambda_function" "read_back" {
  function_name = "read_back"
  role          = "arn:aws:iam::123456789012:role/read_back"
  environment {
    variables = {
      APP_SECRET = data.aws_ssm_parameter.secret.value # want "access key \"aws_iam_access_key.app\" reaches the environment of Lambda function \"aws_lambda_function.read_back\""
    }
  }
}

# Clean: a store that holds no key, a name that only starts like one.
resource "aws_ssm_parameter" "database" {
  name  = "/app/database-url"
  type  = "SecureString"
  value = "postgres://db.internal/app"
}

resource "aws_ecs_task_definition" "clean" {
  family = "clean"
  container_definitions = jsonencode([{
    name  = "app"
    image = "app:1"
    secrets = [
      { name = "DATABASE_URL", valueFrom = aws_ssm_parameter.database.arn },
      { name = "OTHER", valueFrom = "arn:aws:ssm:eu-west-1:111122223333:parameter/app/aws-secret-key-old" },
    ]
  }])
}
