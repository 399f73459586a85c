#!/usr/bin/env bash
# IAM301 in a script: trust documents given to create-role.
# want+3 "role \"aws iam create-role shared\" can be assumed by any principal"
aws iam create-role --role-name shared --assume-role-policy-document '{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"}}]
}'

# From a file the script writes.
# want+3 "role \"aws iam update-assume-role-policy open\" can be assumed by any principal"
cat > open-trust.json <<'JSON'
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": "*"}]}
JSON
aws iam update-assume-role-policy --role-name open --policy-document file://open-trust.json

# From a variable.
TRUST='{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"}}]}' # want "role \"aws iam create-role from-var\" can be assumed"
aws iam create-role --role-name from-var --assume-role-policy-document "$TRUST"

# Good: pinned to the organization.
aws iam create-role --role-name pinned --assume-role-policy-document '{
  "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"},
                 "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]
}'

# From $(cat FILE) of a file the script wrote.
# want+2 "role \"aws iam create-role from-cat\" can be assumed by any principal"
cat > any.json <<'JSON'
{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"}}]}
JSON
aws iam create-role --role-name from-cat --assume-role-policy-document "$(cat any.json)"
