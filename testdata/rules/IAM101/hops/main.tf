# Hop kinds beyond locals and modules: conditionals, for expressions,
# format/join, data "template_file", terraform_data and cloudinit_config.
resource "aws_iam_access_key" "k" {
  user = "hops"
}

variable "enabled" {
  type    = bool
  default = true
}

resource "aws_instance" "conditional" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = var.enabled ? aws_iam_access_key.k.secret : "" # want "access key \"aws_iam_access_key.k\" reaches EC2 user data of \"aws_instance.conditional\""
}

locals {
  env_lines = [for name, value in { KEY = aws_iam_access_key.k.secret } : "${name}=${value}"]
}

resource "aws_instance" "for_expr" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = join("\n", local.env_lines) # want "reaches EC2 user data of \"aws_instance.for_expr\""
}

data "template_file" "boot" {
  template = "export KEY=$${key}"
  vars = {
    key = aws_iam_access_key.k.secret
  }
}

resource "aws_instance" "template_file" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = data.template_file.boot.rendered # want "reaches EC2 user data of \"aws_instance.template_file\""
}

resource "terraform_data" "holder" {
  input = format("KEY=%s", aws_iam_access_key.k.secret)
}

resource "aws_instance" "terraform_data" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = terraform_data.holder.output # want "reaches EC2 user data of \"aws_instance.terraform_data\""
}

# cloud-init: the rendered user data is every part's content.
data "cloudinit_config" "boot" {
  part {
    content_type = "text/x-shellscript"
    content      = "#!/bin/sh\necho ready\n"
  }
  part {
    content_type = "text/x-shellscript"
    content      = "export AWS_SECRET_ACCESS_KEY=${aws_iam_access_key.k.secret}"
  }
}

resource "aws_instance" "cloudinit" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = data.cloudinit_config.boot.rendered # want "reaches EC2 user data of \"aws_instance.cloudinit\""
}

data "cloudinit_config" "plain" {
  part {
    content = "#!/bin/sh\necho ready\n"
  }
}

resource "aws_instance" "cloudinit_plain" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = data.cloudinit_config.plain.rendered
}
