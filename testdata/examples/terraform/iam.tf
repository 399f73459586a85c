# A deploy user whose key the worker uses to reach S3 and SQS.
resource "aws_iam_user" "deploy" {
  name = "deploy"
  path = "/automation/"
}

resource "aws_iam_access_key" "deploy" {
  user = aws_iam_user.deploy.name
}

# The rotation that never finished.
resource "aws_iam_access_key" "deploy_2023" {
  user = aws_iam_user.deploy.name
}

resource "aws_iam_user_policy_attachment" "deploy_s3" {
  user       = aws_iam_user.deploy.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}

resource "aws_iam_user_policy" "deploy_sqs" {
  name = "sqs"
  user = aws_iam_user.deploy.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"]
      Resource = "arn:aws:sqs:eu-west-1:111122223333:jobs"
    }]
  })
}

# A person with a password in this account instead of SSO.
resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user                    = aws_iam_user.alice.name
  password_reset_required = true
}

module "ci" {
  source = "./modules/ci-user"
  name   = "github-actions"
}
