# An Elastic Beanstalk environment with the key in its environment and no
# instance profile: the fix creates one and sets it as an option.
resource "aws_iam_user" "eb" {
  name = "eb"
}

resource "aws_iam_user_policy_attachment" "eb" {
  user       = aws_iam_user.eb.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}

resource "aws_iam_access_key" "eb" {
  user = aws_iam_user.eb.name
}

resource "aws_elastic_beanstalk_environment" "web" {
  name                = "web"
  application         = "web"
  solution_stack_name = "64bit Amazon Linux 2023 v4.3.0 running Python 3.11"

  setting {
    namespace = "aws:elasticbeanstalk:application:environment"
    name      = "AWS_ACCESS_KEY_ID"
    value     = aws_iam_access_key.eb.id
  }

  setting {
    namespace = "aws:elasticbeanstalk:application:environment"
    name      = "AWS_SECRET_ACCESS_KEY"
    value     = aws_iam_access_key.eb.secret
  }

  setting {
    namespace = "aws:elasticbeanstalk:application:environment"
    name      = "BUCKET"
    value     = "assets"
  }
}
