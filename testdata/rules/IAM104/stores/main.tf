resource "aws_iam_access_key" "partner" {
  user = "partner"
}

resource "aws_ssm_parameter" "partner" {
  name  = "/partner/aws-secret"
  type  = "SecureString"
  value = aws_iam_access_key.partner.secret # want "reaches SSM parameter \"aws_ssm_parameter.partner\""
}

data "aws_ssm_parameter" "partner" {
  name = "/partner/aws-secret"
}

# Read back, the key itself leaves the configuration.
output "partner_secret" {
  value     = data.aws_ssm_parameter.partner.value # want "access key \"aws_iam_access_key.partner\" reaches root module output \"output.partner_secret\""
  sensitive = true
}

# Clean: the parameter's name and ARN are not the key.
output "parameter_arn" {
  value = aws_ssm_parameter.partner.arn
}

output "parameter_name" {
  value = aws_ssm_parameter.partner.name
}
