variable "key_secret" {}

module "c" {
  source = "../c"
  config = { secret = var.key_secret, name = "c" }
}
