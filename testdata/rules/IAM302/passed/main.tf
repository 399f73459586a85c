# A reusable trust module: the accounts are what the root passes.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["101010101010"]
}

module "vendor" {
  source         = "./modules/trust"
  name           = "vendor"
  account_id     = "888877776666"
  principal_arns = ["arn:aws:iam::888877776666:role/auditor"]
}

# Not findings: the root's own account, however it is passed.
module "self" {
  source         = "./modules/trust"
  name           = "self"
  account_id     = "101010101010"
  principal_arns = ["arn:aws:iam::101010101010:role/ci"]
}
