# Nothing here is a key.
locals {
  # A commit SHA and a SHA-1 digest: 40 characters, but hex, and no key ID near.
  commit = "9fceb02d0ae598e95dc970b74767f19372d61af8"
  # An ID-shaped word inside a longer word is not a key ID.
  arn_fragment = "XAKIA2OGYBAH6STMMNXNNX"
  # Lowercase akia is not a key ID either.
  lower = "akia2ogybah6stmmnxnn"
  # Too short.
  short = "AKIA2OGYBAH6STM"
}

# A 40-character base64 run far from any key ID is not a secret.
resource "aws_ssm_parameter" "token" {
  name  = "/app/token"
  type  = "SecureString"
  value = "Zq8vN3m+Tr5wX2cB7yL1kP9sD4fG6hJ0aQ3eR5tU"
}
