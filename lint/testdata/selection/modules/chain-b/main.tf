module "c" {
  source = "../chain-c"
}

output "inner" {
  value = module.c.key["secret"]
}
