# The module's output is not a sink (it only feeds this caller); the root
# output that re-exports it is.
module "keys" {
  source = "./modules/keys"
}

output "forwarded" {
  value     = module.keys.secret # want "access key \"aws_iam_access_key.this\" reaches root module output \"output.forwarded\""
  sensitive = true
}
