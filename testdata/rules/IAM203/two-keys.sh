#!/bin/sh
# IAM203 in a script: two keys for one user.
aws iam create-user --user-name ci
aws iam create-access-key --user-name ci
aws iam create-access-key --user-name ci # want "user \"aws iam create-user ci\" has 2 active access keys"

# Good: one key for another user.
aws iam create-access-key --user-name other
