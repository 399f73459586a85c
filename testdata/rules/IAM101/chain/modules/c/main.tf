variable "config" {}

resource "aws_instance" "leaf" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "SECRET=${var.config.secret}" # want "access key \"aws_iam_access_key.deep\" reaches EC2 user data of \"aws_instance.leaf\""
}

resource "aws_instance" "name_only" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "NAME=${var.config.name}"
}
