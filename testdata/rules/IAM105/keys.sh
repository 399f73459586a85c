#!/bin/sh
# IAM105 in a script: a key the AWS CLI creates.
aws iam create-user --user-name deploy
aws iam create-access-key --user-name deploy # want "access key \"aws iam create-access-key deploy\" of user \"aws iam create-user deploy\" is a long-term credential"
KEY=$(aws iam create-access-key --query AccessKey.AccessKeyId --output text) # want "access key \"aws iam create-access-key\" is a long-term credential"
echo "created $KEY"

# A key that reaches a secret store is reported there (IAM103), not here.
SECRET=$(aws iam create-access-key --user-name ci --query AccessKey.SecretAccessKey --output text)
gh secret set AWS_SECRET_ACCESS_KEY --body "$SECRET"

# Good: a role.
aws iam create-role --role-name deploy --assume-role-policy-document file://trust.json
