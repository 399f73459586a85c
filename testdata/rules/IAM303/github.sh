#!/bin/sh
# IAM303 in a script: a GitHub OIDC trust without a sub condition.
# want+7 "role \"aws iam create-role github-deploy\" trusts the GitHub Actions OIDC provider with no condition on \"token.actions.githubusercontent.com:sub\""
cat > trust.json <<EOF2
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Principal": {"Federated": "arn:aws:iam::${ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com"},
    "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}
  }]
}
EOF2
aws iam create-role --role-name github-deploy --assume-role-policy-document file://trust.json

# Good: scoped to a repository and branch.
aws iam create-role --role-name github-ok --assume-role-policy-document '{
  "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
    "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
    "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                                   "token.actions.githubusercontent.com:sub": "repo:org/app:ref:refs/heads/main"}}}]
}'
