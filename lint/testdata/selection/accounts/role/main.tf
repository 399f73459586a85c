# The queue's document names this deployment's own account, so the role
# trusting it needs no ExternalId (IAM302 stays silent): the document is
# read though only a queue policy uses it.
data "aws_iam_policy_document" "queue" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["arn:aws:sqs:eu-west-2:222222222222:jobs"]
    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }
  }
}

resource "aws_sqs_queue_policy" "jobs" {
  queue_url = "https://sqs.eu-west-2.amazonaws.com/222222222222/jobs"
  policy    = data.aws_iam_policy_document.queue.json
}

resource "aws_iam_role" "ops" {
  name = "ops"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
    }]
  })
}
