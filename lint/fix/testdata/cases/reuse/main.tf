# The instance already has an instance profile and the function an
# execution role: the user's permissions go to those roles, nothing new
# is created, and the user and key are deleted.
resource "aws_iam_user" "app" {
  name = "app"
}

resource "aws_iam_user_policy_attachment" "app" {
  user       = aws_iam_user.app.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess"
}

resource "aws_iam_access_key" "app" {
  user = aws_iam_user.app.name
}

resource "aws_iam_role" "web" {
  name = "web"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_instance_profile" "web" {
  role = aws_iam_role.web.name
}

resource "aws_instance" "web" {
  ami                  = "ami-12345678"
  instance_type        = "t3.micro"
  iam_instance_profile = aws_iam_instance_profile.web.name
  user_data            = <<-EOT
    #!/bin/sh
    aws configure set aws_access_key_id ${aws_iam_access_key.app.id}
    aws configure set aws_secret_access_key ${aws_iam_access_key.app.secret}
    systemctl start web
  EOT
}

resource "aws_iam_role" "fn" {
  name = "fn"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.12"
  handler       = "main.handler"
  filename      = "fn.zip"

  environment {
    variables = {
      TABLE                 = "orders"
      AWS_ACCESS_KEY_ID     = aws_iam_access_key.app.id
      AWS_SECRET_ACCESS_KEY = aws_iam_access_key.app.secret
    }
  }
}
