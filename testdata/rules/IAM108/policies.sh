#!/bin/sh
# IAM108 in a script: policies that let someone mint keys for other users.
# want+3 "allows iam:CreateAccessKey"
aws iam put-user-policy --user-name helpdesk --policy-name keys --policy-document '{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"}]
}'
POLICY='{"Statement": [{"Effect": "Allow", "Action": ["iam:Create*"], "Resource": "arn:aws:iam::123456789012:user/*"}]}' # want "allows iam:CreateAccessKey"
aws iam create-policy --policy-name wildcard --policy-document "$POLICY"

# Good: only the caller's own user.
aws iam create-policy --policy-name self --policy-document '{"Statement": [{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::123456789012:user/${aws:username}"}]}'
