variable "secret" {}

resource "aws_ssm_parameter" "secret" {
  name  = "/svc/secret"
  type  = "SecureString"
  value = var.secret # want "access key \"aws_iam_access_key.k\" reaches SSM parameter \"aws_ssm_parameter.secret\""
}
