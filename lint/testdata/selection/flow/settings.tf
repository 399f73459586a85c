# Providers and backends of other types configure nothing a rule reads,
# even with attributes named like the AWS provider's (token).
provider "github" {
  owner = var.github_owner
  token = var.github_token
}

variable "github_owner" {
  type = string
}

variable "github_token" {
  type      = string
  sensitive = true
}

# Resource policies: no rule reads them, whatever principals they name.
resource "aws_sqs_queue_policy" "q" {
  queue_url = "https://sqs.eu-west-2.amazonaws.com/123456789012/q"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::210987654321:root" }
      Action    = "sqs:SendMessage"
      Resource  = "*"
    }]
  })
}
