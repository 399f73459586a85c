# The CI user's key, handed to GitHub Actions as repository secrets: the
# workflow in .github/workflows/deploy.yml reads them.
resource "github_actions_secret" "aws_access_key_id" {
  repository      = "app"
  secret_name     = "AWS_ACCESS_KEY_ID"
  plaintext_value = module.ci.access_key_id
}

resource "github_actions_secret" "aws_secret_access_key" {
  repository      = "app"
  secret_name     = "AWS_SECRET_ACCESS_KEY"
  plaintext_value = module.ci.secret_access_key
}
