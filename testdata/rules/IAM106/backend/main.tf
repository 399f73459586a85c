terraform {
  backend "s3" {
    bucket     = "state"
    key        = "app.tfstate"
    region     = "eu-west-1"
    access_key = "AKIAIOSFODNN7EXAMPLE" # want "the s3 backend sets access_key to a literal"
  }
}
