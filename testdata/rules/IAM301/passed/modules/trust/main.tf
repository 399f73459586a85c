variable "principal" {
  type = string
}

resource "aws_iam_role" "this" {
  name = "trust"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = var.principal } }] # want "role \"aws_iam_role.this\" can be assumed by any principal \\(\"\\*\", passed by module.open\\)"
  })
}
