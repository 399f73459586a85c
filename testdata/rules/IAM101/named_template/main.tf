variable "deploy_key" {
  type      = string
  sensitive = true
}

# The template exports a variable named like a key; what feeds it comes
# from the caller.
resource "aws_launch_template" "workers" {
  name      = "workers"
  user_data = base64encode(templatefile("${path.module}/boot.sh.tftpl", { key = var.deploy_key, region = "eu-west-1" })) # want "the AWS_SECRET_ACCESS_KEY entry reaches the user data of launch template \"aws_launch_template.workers\""
}

# Clean: the same template with the key left empty.
resource "aws_launch_template" "clean" {
  name      = "clean"
  user_data = base64encode(templatefile("${path.module}/boot.sh.tftpl", { key = "", region = var.deploy_key }))
}
