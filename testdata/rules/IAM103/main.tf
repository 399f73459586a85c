resource "aws_iam_user" "ci" {
  name = "github-actions"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "github_actions_secret" "key_id" {
  repository      = "app"
  secret_name     = "AWS_ACCESS_KEY_ID"
  plaintext_value = aws_iam_access_key.ci.id # want "access key \"aws_iam_access_key.ci\" reaches GitHub secret \"github_actions_secret.key_id\"; use an OIDC provider"
}

resource "github_actions_environment_secret" "secret" {
  repository      = "app"
  environment     = "prod"
  secret_name     = "AWS_SECRET_ACCESS_KEY"
  plaintext_value = aws_iam_access_key.ci.secret # want "reaches GitHub secret \"github_actions_environment_secret.secret\""
}

resource "gitlab_project_variable" "secret" {
  project   = "42"
  key       = "AWS_SECRET_ACCESS_KEY"
  value     = aws_iam_access_key.ci.secret # want "reaches GitLab CI variable \"gitlab_project_variable.secret\""
  protected = true
}

resource "tfe_variable" "secret" {
  key          = "AWS_SECRET_ACCESS_KEY"
  value        = aws_iam_access_key.ci.secret # want "reaches Terraform Cloud variable \"tfe_variable.secret\""
  category     = "env"
  sensitive    = true
  workspace_id = "ws-123"
}

# Not findings: a role ARN for OIDC, the user name.
resource "github_actions_secret" "role" {
  repository      = "app"
  secret_name     = "AWS_ROLE_ARN"
  plaintext_value = "arn:aws:iam::123456789012:role/github-deploy"
}

resource "gitlab_project_variable" "user" {
  project = "42"
  key     = "AWS_USER"
  value   = aws_iam_user.ci.name
}

# for_each over the key's parts: each.value carries them.
resource "github_actions_secret" "each" {
  for_each = {
    AWS_ACCESS_KEY_ID     = aws_iam_access_key.ci.id
    AWS_SECRET_ACCESS_KEY = aws_iam_access_key.ci.secret
  }
  repository      = "app"
  secret_name     = each.key
  plaintext_value = each.value # want "access key \"aws_iam_access_key.ci\" reaches GitHub secret \"github_actions_secret.each\""
}

# A CI secret named like a key is key material whatever feeds it.
variable "deploy_secret" {
  type      = string
  sensitive = true
}

resource "github_actions_secret" "named" {
  repository      = "app"
  secret_name     = "AWS_SECRET_ACCESS_KEY"
  plaintext_value = var.deploy_secret # want "the AWS_SECRET_ACCESS_KEY entry reaches GitHub secret \"github_actions_secret.named\""
}

resource "gitlab_project_variable" "named" {
  project = "1"
  key     = "aws_access_key_id"
  value   = var.deploy_secret # want "the aws_access_key_id entry reaches GitLab CI variable \"gitlab_project_variable.named\""
}

# Clean: other names, an empty value.
resource "github_actions_secret" "other" {
  repository      = "app"
  secret_name     = "NPM_TOKEN"
  plaintext_value = var.deploy_secret
}

resource "github_actions_secret" "empty" {
  repository      = "app"
  secret_name     = "AWS_ACCESS_KEY_ID"
  plaintext_value = ""
}
