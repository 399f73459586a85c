# An entry named like a key is key material wherever it is written: here
# in a local of the caller, handed to a module's function.
variable "uploader_secret" {
  type      = string
  sensitive = true
}

locals {
  environment = {
    AWS_SECRET_ACCESS_KEY = var.uploader_secret
    STAGE                 = "prod"
  }
}

module "fn" {
  source      = "./modules/fn"
  environment = local.environment
}

# Clean: the same module with no key in its environment.
module "clean" {
  source      = "./modules/fn"
  environment = { STAGE = "prod", AWS_REGION = "eu-west-1" }
}
