module "b" {
  source = "../chain-b"
}

output "secret" {
  value = module.b.inner
}

output "topic" {
  value = "arn:aws:sns:eu-west-2:123456789012:a"
}
