variable "aws_secret_key" {
  type = string
}

resource "aws_instance" "named" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = var.aws_secret_key
}
