# The key is stored in a module; the instance reads it back by the
# parameter's name, in another directory. (The want comment stays out of
# the block: its words would make the block a source by its text.)
module "secrets" {
  source = "./modules/secrets"
}

# want+4 "reaches EC2 user data of \"aws_instance.agent\""
resource "aws_instance" "agent" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "aws ssm get-parameter --with-decryption --name /agents/boot-token > /etc/agent/token"
}
