module "keys" {
  source = "../../../modules/keys"
  user   = "deploy"
}

resource "aws_instance" "app" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = module.keys.secret
}
