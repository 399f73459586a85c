resource "aws_iam_user" "app" {
  name = "app"
}

resource "aws_iam_access_key" "app" {
  user = aws_iam_user.app.name
}

# ID and secret in one heredoc: one finding, pointing at the secret.
resource "aws_instance" "direct" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/sh
    echo "AWS_ACCESS_KEY_ID=${aws_iam_access_key.app.id}" >> /etc/environment
    echo "AWS_SECRET_ACCESS_KEY=${aws_iam_access_key.app.secret}" >> /etc/environment # want "access key \"aws_iam_access_key.app\" reaches EC2 user data of \"aws_instance.direct\"; give the instance a role through an instance profile"
  EOT
}

# Through base64encode and a launch template.
resource "aws_launch_template" "workers" {
  name_prefix = "workers"
  user_data   = base64encode("export KEY=${aws_iam_access_key.app.secret}") # want "reaches the user data of launch template \"aws_launch_template.workers\""
}

# A counted key, read by index: still one key.
resource "aws_iam_access_key" "counted" {
  count = 2
  user  = aws_iam_user.app.name
}

resource "aws_launch_configuration" "legacy" {
  image_id      = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "KEY=${aws_iam_access_key.counted[0].secret}" # want "access key \"aws_iam_access_key.counted\" reaches the user data of launch configuration"
}

# A provisioner that runs on the instance.
resource "null_resource" "configure" {
  connection {
    host = aws_instance.direct.public_ip
  }

  provisioner "remote-exec" {
    inline = ["aws configure set aws_secret_access_key ${aws_iam_access_key.app.secret}"] # want "reaches a provisioner of \"null_resource.configure\" that runs on an instance"
  }

  # local-exec runs where Terraform runs, not on an instance.
  provisioner "local-exec" {
    command = "echo ${aws_iam_access_key.app.secret} > /dev/null"
  }
}

# A hard-coded key in user data is a source too.
resource "aws_instance" "literal" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "export AWS_ACCESS_KEY_ID=AKIA2OGYBAH6STMMNXNN" # want "hard-coded access key \"AKIA2OGY[A-Z0-9]+\" reaches EC2 user data of \"aws_instance.literal\""
}

# A root input named like a key, set outside the scan.
variable "aws_secret_access_key" {
  type      = string
  sensitive = true
}

resource "aws_instance" "from_var" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "export AWS_SECRET_ACCESS_KEY=${var.aws_secret_access_key}" # want "variable \"aws_secret_access_key\", an AWS key by its name, reaches EC2 user data"
}

# Not key material: the key's user, its creation date; the docs example key.
resource "aws_instance" "clean" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "user=${aws_iam_access_key.app.user} created=${aws_iam_access_key.app.create_date} example=AKIAIOSFODNN7EXAMPLE"
}

# Locals in a cycle: nothing flows, and nothing hangs.
locals {
  ping = "${local.pong}-x"
  pong = "${local.ping}-y"
}

resource "aws_instance" "cycle" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = local.ping
}

# SES SMTP credentials are not a role's job: no finding.
resource "aws_iam_access_key" "smtp" {
  user = "ses-smtp"
}

resource "aws_instance" "mailer" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "SMTP_USER=${aws_iam_access_key.smtp.id} SMTP_PASSWORD=${aws_iam_access_key.smtp.ses_smtp_password_v4}"
}
