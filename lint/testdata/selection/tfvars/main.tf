variable "deploy_key_id" {
  type = string
}

resource "aws_instance" "app" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "KEY=${var.deploy_key_id}"
}
