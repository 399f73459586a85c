# A module call with count: module.keys[0].secret reads output secret of
# the first instance.
module "keys" {
  count  = 1
  source = "./modules/keys"
}

resource "aws_instance" "consumer" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "S=${module.keys[0].secret}" # want "access key \"aws_iam_access_key.this\" reaches EC2 user data of \"aws_instance.consumer\""
}
