variable "name" {
  default = "app"
}

variable "from_tfvars" {
  default = "overridden"
}

variable "unset" {}

locals {
  prefix   = "${var.name}-${local.env}"
  env      = "prod"
  tags     = merge({ Team = "platform" }, { Name = local.prefix })
  boot     = templatefile("${path.module}/boot.tftpl", { who = local.prefix })
  readme   = file("${path.module}/boot.tftpl")
  cycle_a  = local.cycle_b
  cycle_b  = local.cycle_a
  unknown  = "${var.unset}-x"
  encoded  = jsonencode({ a = [1, 2], b = local.env })
  escaped  = file("../../../../go.mod")
  impure   = timestamp()
}

resource "aws_instance" "web" {
  count         = 2
  ami           = "ami-${count.index}"
  instance_type = var.from_tfvars
  tags          = local.tags
  user_data     = local.boot

  dynamic "ebs_block_device" {
    for_each = [1, 2]
    content {
      device_name = "/dev/sd${ebs_block_device.value}"
      volume_size = 10
    }
  }

  provisioner "remote-exec" {
    inline = ["echo ${self.public_ip}"]
  }
}

resource "aws_iam_access_key" "k" {
  for_each = toset(["a", "b"])
  user     = aws_iam_user.u[each.key].name
}

output "ids" {
  value = aws_instance.web[*].id
}

output "key" {
  value     = aws_iam_access_key.k["a"].secret
  sensitive = true
}
