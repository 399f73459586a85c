locals {
  deploy_id = "AKIAQ3EGRCV5ZJIX7N4P"
  region    = "eu-west-2"
}
