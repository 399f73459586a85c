locals {
  deploy_key_id = "AKIA2OGYBAH6STMMNXNN" # want "access key ID \"AKIA2OGY[A-Z0-9]+\" is hard-coded; remove it, rotate the key"
  # The paired secret, a line away, counts too.
  deploy_secret = "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" # want "secret access key \"jX9m\\*{8}\" is hard-coded"

  # Temporary keys (ASIA) are keys too, and comments are scanned: ASIAZ5RZQ3KEXAMPLE7Q # want "access key ID \"ASIAZ5RZ[A-Z0-9]+\""
  docs_key = "AKIAIOSFODNN7EXAMPLE" # want "access key ID \"AKIAIOSF[A-Z0-9]+\" is hard-coded; it is AWS's documentation example"
}

resource "aws_instance" "app" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/sh
    export AWS_ACCESS_KEY_ID=AKIAZ7VQWERTY2345ABC # want "access key ID \"AKIAZ7VQ[A-Z0-9]+\""
    export AWS_SECRET_ACCESS_KEY=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 # want "secret access key \"Zq8v\\*{8}\""
  EOT
}

resource "aws_instance" "templated" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = templatefile("${path.module}/templates/boot.sh.tftpl", { region = "eu-west-1" })
}
