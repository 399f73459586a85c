variable "creds" {
  type = string
}

variable "name" {
  type = string
}

resource "aws_instance" "this" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "#!/bin/sh\nexport AWS_SECRET_ACCESS_KEY=${var.creds}\n"
  tags = {
    Name = var.name
  }
}

resource "aws_sns_topic" "unrelated" {
  name = var.name
}
