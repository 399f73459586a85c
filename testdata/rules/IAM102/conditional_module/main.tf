# A key handed to a module inside a conditional object, read there as
# var.creds.secret: the evaluated object's parts lose their references,
# so the whole conditional is followed.
variable "enabled" {
  default = true
}

resource "aws_iam_access_key" "fn" {
  user = "fn"
}

module "fn" {
  source = "./modules/fn"
  creds  = var.enabled ? { id = aws_iam_access_key.fn.id, secret = aws_iam_access_key.fn.secret } : null
  tags   = var.enabled ? { team = "payments" } : {}
}
