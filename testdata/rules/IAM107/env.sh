#!/bin/sh
# IAM107 in a script: keys written in it.
export AWS_ACCESS_KEY_ID=AKIA2OGYBAH6STMMNXNN # want "access key ID \"AKIA2OGYBAH6STMM.*\" is hard-coded; remove it, rotate the key"
export AWS_SECRET_ACCESS_KEY=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 # want "secret access key \"jX9m[*]{8}\" is hard-coded"
aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE --profile docs # want "documentation example"

# Good: a profile that assumes a role.
export AWS_PROFILE=deploy
