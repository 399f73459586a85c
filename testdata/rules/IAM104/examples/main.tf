# AWS's documentation example keys are nobody's: IAM107 notes them, and
# they reach no sink as key material, in any position.
variable "aws_access_key_id" {
  default = "AKIAIOSFODNN7EXAMPLE"
}

variable "aws_secret_access_key" {
  default = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

output "example_id" {
  value = var.aws_access_key_id
}

output "example_credentials" {
  value = "[default]\naws_access_key_id = ${var.aws_access_key_id}\naws_secret_access_key = ${var.aws_secret_access_key}\n"
}

resource "aws_ssm_parameter" "example" {
  name  = "/docs/example-secret"
  type  = "SecureString"
  value = "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

# A key-named input without a value is still key material.
variable "aws_secret_key" {
  type      = string
  sensitive = true
}

output "secret_key" {
  value     = var.aws_secret_key # want "variable \"aws_secret_key\", an AWS key by its name, reaches root module output \"output.secret_key\""
  sensitive = true
}
