#!/bin/sh
# IAM302 in a script: another account trusted without a condition.
# want+3 "444455556666"
aws iam create-role --role-name vendor --assume-role-policy-document '{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}}]
}'

# Good: an external ID.
aws iam create-role --role-name vendor-ok --assume-role-policy-document '{
  "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                 "Condition": {"StringEquals": {"sts:ExternalId": "vendor-4f2a"}}}]
}'
