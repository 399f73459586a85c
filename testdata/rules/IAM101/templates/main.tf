resource "aws_iam_access_key" "worker" {
  user = "worker"
}

resource "aws_iam_access_key" "unused" {
  user = "other"
}

# The variables object is a local; the template reads only some fields.
locals {
  boot_vars = {
    access_key_id     = aws_iam_access_key.worker.id
    secret_access_key = aws_iam_access_key.worker.secret
    not_in_template   = aws_iam_access_key.unused.secret
    region            = "eu-west-1"
  }
}

resource "aws_instance" "worker" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = templatefile("${path.module}/boot.sh.tftpl", local.boot_vars) # want "access key \"aws_iam_access_key.worker\" reaches EC2 user data of \"aws_instance.worker\""
}

# Variables written inline: the unused one carries nothing.
resource "aws_instance" "inline" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data = templatefile("${path.module}/boot.sh.tftpl", {
    access_key_id     = "none"
    secret_access_key = aws_iam_access_key.worker.secret # want "access key \"aws_iam_access_key.worker\" reaches EC2 user data of \"aws_instance.inline\""
    region            = aws_iam_access_key.unused.secret # region is in the template, so this one counts # want "access key \"aws_iam_access_key.unused\" reaches EC2 user data of \"aws_instance.inline\""
    ignored           = aws_iam_access_key.unused.id
  })
}
