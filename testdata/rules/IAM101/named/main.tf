# An export of a variable named like a key in user data: the key is on
# the instance, whatever feeds it.
variable "secret" {
  type      = string
  sensitive = true
}

resource "aws_instance" "exported" {
  ami           = "ami-12345678"
  instance_type = "t3.micro" # want+1 "the AWS_SECRET_ACCESS_KEY entry reaches EC2 user data of \"aws_instance.exported\""
  user_data     = <<-EOT
    #!/bin/sh
    export AWS_SECRET_ACCESS_KEY=${var.secret}
  EOT
}

resource "aws_instance" "ini" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = base64encode("[default]\naws_secret_access_key = ${var.secret}\n") # want "the aws_secret_access_key entry reaches EC2 user data of \"aws_instance.ini\""
}

# Clean: a shell expansion at boot, a region, an empty export, the
# documentation example.
resource "aws_instance" "clean" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/sh
    export AWS_SECRET_ACCESS_KEY=$(cat /run/secrets/aws)
    export AWS_ACCESS_KEY_ID=
    export AWS_REGION=${var.secret}
    export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
  EOT
}

resource "null_resource" "configure" {
  provisioner "remote-exec" {
    inline = [
      "aws configure set aws_secret_access_key ${var.secret}", # want "the aws_secret_access_key entry reaches a provisioner of \"null_resource.configure\" that runs on an instance"
      "aws configure set region eu-west-1",
    ]
  }
}
