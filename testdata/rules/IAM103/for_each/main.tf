# One key per repository, handed to each by for_each over the keys: the
# secret is key material, the fingerprint is not.
resource "aws_iam_user" "deployer" {
  for_each = toset(["api", "web"])
  name     = "deploy-${each.key}"
}

resource "aws_iam_access_key" "deployer" {
  for_each = aws_iam_user.deployer
  user     = each.value.name
}

resource "github_actions_secret" "secret" {
  for_each        = aws_iam_access_key.deployer
  repository      = each.key
  secret_name     = "AWS_SECRET_ACCESS_KEY"
  plaintext_value = each.value.secret # want "access key \"aws_iam_access_key.deployer\" reaches GitHub secret \"github_actions_secret.secret\""
}

resource "github_actions_secret" "fingerprint" {
  for_each        = aws_iam_access_key.deployer
  repository      = each.key
  secret_name     = "KEY_FINGERPRINT"
  plaintext_value = each.value.key_fingerprint
}
