locals {
  tags = {
    team = "platform"
    # a brace in a comment: }
    note = "a } in a string and ${"nested"} templates"
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs-${var.unused}"
  tags   = local.tags
}

resource "aws_sqs_queue" "q" {
  name   = "q"
  policy = <<-EOT
    {"a": "}"}
  EOT
}
