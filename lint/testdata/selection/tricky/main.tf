# Text the block splitter must read as HCL does: braces in strings,
# heredocs, comments and templates, and a key that crosses them.
/* a block comment with { and } */
resource "aws_iam_access_key" "k" {
  user = "ci"
}

locals {
  script = <<-EOT
    #!/bin/sh
    echo "}" ; echo '{'
    export AWS_SECRET=${aws_iam_access_key.k.secret}
  EOT
  unrelated = { a = "}}", b = [1, 2, { c = "%{if true}x%{endif}" }] }
  escaped   = "$${literal} and \" quote {"
}

resource "aws_launch_template" "lt" {
  name      = "lt" // trailing comment {
  user_data = base64encode(local.script)
}

resource "aws_instance" "plain" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = local.unrelated["a"]
}
