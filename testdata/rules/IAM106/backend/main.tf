terraform {
  backend "s3" {
    bucket     = "state"
    key        = "app.tfstate"
    region     = "eu-west-1"
    access_key = "AKIAZ7SQ3KXB4VNDPLRT" # want "the s3 backend sets access_key to a literal"
  }
}
