# The principal is what the caller passes: "*".
module "open" {
  source    = "./modules/trust"
  principal = "*"
}

# Not a finding: a named account.
module "named" {
  source    = "./modules/trust"
  principal = "arn:aws:iam::111122223333:root"
}
