provider "aws" {
  region = "eu-west-2"
  token  = var.token
}

provider "github" {
  owner = "example"
}

