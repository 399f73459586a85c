variable "secret" {}

module "b" {
  source     = "../b"
  key_secret = var.secret
}
