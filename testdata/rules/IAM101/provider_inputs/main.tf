# The provider's static credentials come from inputs with plain names;
# the same inputs are rendered into the instances' user data. What the
# provider takes as access_key and secret_key is key material, whatever
# the inputs are called.
variable "access" {}
variable "secret" {}
variable "region" {
  default = "eu-west-1"
}

provider "aws" {
  region     = var.region
  access_key = var.access
  secret_key = var.secret
}

data "template_file" "init" {
  template = "export AWS_ACCESS_KEY_ID=$${access}\nexport AWS_SECRET_ACCESS_KEY=$${secret}\n"
  vars = {
    access = var.access
    secret = var.secret
  }
}

resource "aws_launch_configuration" "app" {
  image_id      = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = data.template_file.init.rendered # want "variable \"access\", the AWS provider's credential, reaches the user data" "variable \"secret\", the AWS provider's credential, reaches the user data"
}

# Clean: the region input, which the provider also reads, is no key.
resource "aws_instance" "tools" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "echo ${var.region} > /etc/region"
}
