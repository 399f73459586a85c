terraform {
  backend "s3" {
    bucket     = "state"
    key        = "app.tfstate"
    region     = "eu-west-2"
    access_key = var.state_access_key
  }
}

variable "state_access_key" {
  type = string
}
