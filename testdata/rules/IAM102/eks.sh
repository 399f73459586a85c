#!/bin/bash
# IAM102 in a script: key material handed to a service that has a role of its own.
aws iam create-access-key --user-name s3user > /tmp/key.json
KEY_ID=$(jq -j .AccessKey.AccessKeyId /tmp/key.json | base64)
SECRET=$(jq -j .AccessKey.SecretAccessKey /tmp/key.json | base64)

# Bad: a Kubernetes secret applied from a here-document.
cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Secret
metadata:
  name: aws-secret
data:
  AWS_ACCESS_KEY_ID: $KEY_ID
  AWS_SECRET_ACCESS_KEY: $SECRET # want "access key \"aws iam create-access-key s3user\" reaches the Kubernetes objects applied by \"kubectl apply\"; use EKS IRSA or Pod Identity"
EOF

# Bad: a secret created from literals.
kubectl create secret generic aws --from-literal=AWS_SECRET_ACCESS_KEY="$SECRET" # want "reaches Kubernetes secret \"kubectl create secret aws\""

# Bad: a Lambda function's environment.
aws lambda update-function-configuration --function-name app --environment "Variables={AWS_SECRET_ACCESS_KEY=$SECRET}" # want "reaches the environment of Lambda function \"aws lambda update-function-configuration app\"; use the function's execution role"

# Good: a service account for IRSA, and an environment without keys.
kubectl create serviceaccount app
aws lambda update-function-configuration --function-name app --environment "Variables={BUCKET=data}"
