#!/bin/sh
# IAM202 in a script: a console password.
read -r PW < /dev/stdin
aws iam create-login-profile --user-name alice --password "$PW" --password-reset-required # want "\"aws iam create-login-profile alice\" gives user \"alice\" a console password; use federation"

# Good: a permission set assignment.
aws sso-admin create-account-assignment --instance-arn arn:aws:sso:::instance/ssoins-1 --principal-id alice-id
