#!/bin/sh
# IAM201 in a script: permissions attached to users.
aws iam create-user --user-name ci
aws iam attach-user-policy --user-name ci --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess # want "\"aws iam attach-user-policy ci arn:aws:iam::aws:policy/ReadOnlyAccess\" attaches permissions to user \"aws iam create-user ci\" directly; attach them to a group"
# want+1 "\"aws iam put-user-policy [$]1 inline\" attaches permissions to user \"[$]1\" directly"
aws iam put-user-policy --user-name "$1" --policy-name inline \
  --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'

# Good: groups and roles.
aws iam attach-group-policy --group-name readers --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess
aws iam attach-role-policy --role-name app --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess
