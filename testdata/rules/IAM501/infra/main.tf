resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "github_actions_secret" "key_id" {
  repository      = "app"
  secret_name     = "AWS_ACCESS_KEY_ID"
  plaintext_value = aws_iam_access_key.ci.id
}

resource "github_actions_secret" "secret" {
  repository      = "app"
  secret_name     = "AWS_SECRET_ACCESS_KEY"
  plaintext_value = aws_iam_access_key.ci.secret
}

resource "gitlab_project_variable" "secret" {
  project = "acme/app"
  key     = "DEPLOY_SECRET"
  value   = aws_iam_access_key.ci.secret
}

resource "circleci_context" "aws" {
  name = "aws-keys"
}

resource "circleci_context_environment_variable" "secret" {
  variable   = "AWS_SECRET_ACCESS_KEY"
  value      = aws_iam_access_key.ci.secret
  context_id = circleci_context.aws.id
}

resource "gitlab_project_variable" "aws_secret" {
  project = "acme/app"
  key     = "AWS_SECRET_ACCESS_KEY"
  value   = aws_iam_access_key.ci.secret
}
