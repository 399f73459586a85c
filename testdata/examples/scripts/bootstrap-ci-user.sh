#!/usr/bin/env bash
# Creates the CI user for the app repository and hands its key to GitHub
# Actions: the way it was done before the workflow assumed a role.
set -euo pipefail

REPO=example-org/app
USER_NAME=github-actions-app

aws iam create-user --user-name "$USER_NAME"
aws iam attach-user-policy --user-name "$USER_NAME" \
  --policy-arn arn:aws:iam::aws:policy/PowerUserAccess

CREDS=$(aws iam create-access-key --user-name "$USER_NAME")
KEY_ID=$(echo "$CREDS" | jq -r .AccessKey.AccessKeyId)
SECRET=$(echo "$CREDS" | jq -r .AccessKey.SecretAccessKey)

gh secret set AWS_ACCESS_KEY_ID --repo "$REPO" --body "$KEY_ID"
gh secret set AWS_SECRET_ACCESS_KEY --repo "$REPO" --body "$SECRET"
