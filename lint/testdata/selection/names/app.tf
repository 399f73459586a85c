resource "aws_instance" "app" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = var.deployAwsAccessKeyId
}

resource "aws_instance" "other" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = var.aws-secret-access-key
}
