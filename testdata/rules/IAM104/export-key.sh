#!/bin/sh
# IAM104 in a script: key material stored in SSM, Secrets Manager or a file.
CREDS=$(aws iam create-access-key --user-name partner)
aws ssm put-parameter --name /partner/key --type SecureString --value "$CREDS" # want "access key \"aws iam create-access-key partner\" reaches SSM parameter \"aws ssm put-parameter /partner/key\""
aws secretsmanager create-secret --name partner-key --secret-string "$(echo "$CREDS" | jq -r .AccessKey.SecretAccessKey)" # want "reaches Secrets Manager secret \"aws secretsmanager create-secret partner-key\""
aws iam create-access-key --user-name backup > backup-key.json # want "access key \"aws iam create-access-key backup\" reaches the file written by \"> backup-key.json\""
aws iam create-access-key --user-name audit | tee audit-key.json # want "reaches the file written by \"> audit-key.json\""

# Good: no key material.
aws ssm put-parameter --name /app/role-arn --type String --value arn:aws:iam::123456789012:role/app
echo "done" > status.txt

# Good: the job's own keys configure the AWS CLI in its credentials file,
# as aws configure set would; nothing is handed on.
mkdir -p ~/.aws
printf '[default]\naws_access_key_id=%s\naws_secret_access_key=%s\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" > ~/.aws/credentials
echo "aws_secret_access_key=$AWS_SECRET_ACCESS_KEY" >> "$HOME/.aws/credentials"
