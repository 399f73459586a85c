# A root and the module it calls are one deployment: the provider's
# account is the module's own too.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["555566667777"]
}

module "role" {
  source = "./modules/role"
}
