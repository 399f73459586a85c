# No role here: the document only serves a queue policy, and the accounts
# it names judge no trust.
data "aws_iam_policy_document" "queue" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["arn:aws:sqs:eu-west-2:111111111111:jobs"]
    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }
  }
}

resource "aws_sqs_queue_policy" "jobs" {
  queue_url = "https://sqs.eu-west-2.amazonaws.com/111111111111/jobs"
  policy    = data.aws_iam_policy_document.queue.json
}
