resource "aws_iam_access_key" "deploy" {
  user = "deploy"
}

resource "aws_ssm_parameter" "deploy_secret" {
  name  = "/deploy/aws-secret"
  type  = "SecureString"
  value = aws_iam_access_key.deploy.secret
}

# The instance fetches the key from the parameter when it boots.
resource "aws_instance" "fetches" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "aws ssm get-parameter --with-decryption --name ${aws_ssm_parameter.deploy_secret.name}" # want "access key \"aws_iam_access_key.deploy\" reaches EC2 user data of \"aws_instance.fetches\""
}

resource "aws_launch_template" "fetches_by_name" {
  name      = "fetches_by_name"
  user_data = base64encode("aws ssm get-parameter --with-decryption --name /deploy/aws-secret --query Parameter.Value") # want "access key \"aws_iam_access_key.deploy\" reaches the user data of launch template \"aws_launch_template.fetches_by_name\""
}

# Clean: another parameter.
resource "aws_instance" "clean" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "aws ssm get-parameter --name /deploy/aws-secret-rotation-date"
}
