provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAZ7SQ3KXB4VNDPLRT" # want "\"provider.aws\" sets access_key to a literal; remove it and use assume_role"
  secret_key = var.aws_secret_key     # want "\"provider.aws\" sets secret_key from variable \"aws_secret_key\", set in .*terraform.tfvars"
}

provider "aws" {
  alias      = "east"
  region     = "us-east-1"
  access_key = var.east_access_key # want "\"provider.aws.east\" sets access_key from the default of variable \"east_access_key\""
  token      = var.session_token   # want "\"provider.aws.east\" takes token from variable \"session_token\", a long-term key"
}

# AWS's documentation example: a note, as in IAM107.
provider "aws" {
  alias      = "docs"
  region     = "us-east-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"                     # want "\"provider.aws.docs\" sets access_key to a literal [(]AWS's documentation example[)]"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" # want "\"provider.aws.docs\" sets secret_key to a literal [(]AWS's documentation example[)]"
}

# Not findings: credentials from a dynamic secret, issued per run.
data "vault_aws_access_credentials" "creds" {
  backend = "aws"
  role    = "terraform"
  type    = "sts"
}

locals {
  vault_creds = data.vault_aws_access_credentials.creds
}

provider "aws" {
  alias      = "vault"
  region     = "us-east-1"
  access_key = data.vault_aws_access_credentials.creds.access_key
  secret_key = data.vault_aws_access_credentials.creds.secret_key
  token      = local.vault_creds.security_token
}

# Not findings: an empty string, null, another provider, assume_role.
provider "aws" {
  alias      = "empty"
  access_key = ""
  secret_key = null
}

provider "google" {
  access_token = "not-aws"
}

provider "aws" {
  alias = "role"
  assume_role {
    role_arn = "arn:aws:iam::123456789012:role/terraform"
  }
}

variable "aws_secret_key" {
  type      = string
  sensitive = true
}

variable "east_access_key" {
  default = "AKIAZ7SQ3KXB4VNDPLRT"
}

variable "session_token" {
  type = string
}

data "terraform_remote_state" "network" {
  backend = "s3"
  config = {
    bucket     = "state"
    key        = "network.tfstate"
    access_key = var.east_access_key # want "remote state \"data.terraform_remote_state.network\" sets access_key from the default"
  }
}

data "terraform_remote_state" "local" {
  backend = "local"
  config = {
    access_key = "ignored by the local backend"
  }
}
