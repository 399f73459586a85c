# The key's user has managed, inline and group permissions: the managed
# and inline ones move to the role, the group is listed for review, and
# the user stays (its group membership still names it).
resource "aws_iam_user" "worker" {
  name = "worker"
}

resource "aws_iam_user_policy_attachment" "read" {
  user       = aws_iam_user.worker.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}

resource "aws_iam_user_policy_attachment" "extra" {
  for_each   = toset(["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"])
  user       = aws_iam_user.worker.name
  policy_arn = each.value
}

resource "aws_iam_user_policy" "queue" {
  name = "queue"
  user = aws_iam_user.worker.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "*" }]
  })
}

resource "aws_iam_user_group_membership" "worker" {
  user   = aws_iam_user.worker.name
  groups = ["deployers"]
}

resource "aws_iam_access_key" "worker" {
  user = aws_iam_user.worker.name
}

resource "aws_launch_template" "worker" {
  name_prefix = "worker"
  user_data = base64encode(<<-EOT
    #!/bin/bash
    export AWS_ACCESS_KEY_ID=${aws_iam_access_key.worker.id}
    export AWS_SECRET_ACCESS_KEY=${aws_iam_access_key.worker.secret}
    /opt/worker/run
  EOT
  )
}
