# The key is made in a module and comes back through its outputs.
module "keys" {
  source = "./modules/keys"
}

module "keys_again" {
  source = "./modules/keys"
}

resource "aws_instance" "consumer" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "S=${module.keys.secret}" # want "access key \"aws_iam_access_key.this\" reaches EC2 user data of \"aws_instance.consumer\""
}

resource "aws_instance" "name_consumer" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "U=${module.keys_again.user}"
}
