#!/usr/bin/env bash
# IAM103 in a script: key material handed to a CI system's secret store.
set -euo pipefail

# Bad: the secret captured with --query, stored as a GitHub secret.
SECRET=$(aws iam create-access-key --user-name github-ci --query AccessKey.SecretAccessKey --output text)
gh secret set AWS_SECRET_ACCESS_KEY --repo org/app --body "$SECRET" # want "access key \"aws iam create-access-key github-ci\" reaches GitHub secret \"gh secret set AWS_SECRET_ACCESS_KEY org/app\"; let the workflow assume a role through GitHub's OIDC provider"

# Bad: the response piped through jq into gh, which reads the value on stdin.
aws iam create-access-key --user-name github-ci-2 | jq -r .AccessKey.AccessKeyId | gh secret set AWS_ACCESS_KEY_ID # want "access key \"aws iam create-access-key github-ci-2\" reaches GitHub secret"

# Bad: GitLab, the value as an argument.
KEY_ID=$(aws iam create-access-key --user-name gitlab-ci --query 'AccessKey.AccessKeyId' --output text)
glab variable set AWS_ACCESS_KEY_ID "$KEY_ID" --masked # want "reaches GitLab CI variable \"glab variable set AWS_ACCESS_KEY_ID\"; let the pipeline assume a role with its OIDC ID token"

# Bad: the caller's own key copied into a repository secret.
gh secret set AWS_SECRET_ACCESS_KEY --repo org/other -b "$AWS_SECRET_ACCESS_KEY" # want "variable \"AWS_SECRET_ACCESS_KEY\", an AWS key by its name, reaches GitHub secret"

# Good: a role ARN is not a key.
gh variable set AWS_ROLE_ARN --body arn:aws:iam::123456789012:role/github-deploy

# Good: the key's user name is not key material.
OWNER=$(aws iam create-access-key --user-name other --query AccessKey.UserName --output text)
gh variable set KEY_OWNER --body "$OWNER"

# Good: a value that has nothing to do with AWS.
gh secret set NPM_TOKEN --body "$NPM_TOKEN"

# Bad: through a function's arguments.
store_secret() {
  gh secret set "$1" --repo org/infra --body "$2" # want "access key \"aws iam create-access-key deployer\" reaches GitHub secret \"gh secret set [$]1 org/infra\""
}
DEPLOY_SECRET=$(aws iam create-access-key --user-name deployer --query AccessKey.SecretAccessKey --output text)
store_secret AWS_SECRET_ACCESS_KEY "$DEPLOY_SECRET"
store_secret SENTRY_DSN "$SENTRY_DSN"

# Bad: an env file the script writes, read with -f.
printf 'AWS_SECRET_ACCESS_KEY=%s\n' "$DEPLOY_SECRET" > ci.env # want "reaches GitHub secret \"gh secret set org/env\""
gh secret set --repo org/env -f ci.env

# Bad: the value attached to -b.
gh secret set AWS_SECRET_ACCESS_KEY --repo org/attached -b"$DEPLOY_SECRET" # want "reaches GitHub secret \"gh secret set AWS_SECRET_ACCESS_KEY org/attached\""
