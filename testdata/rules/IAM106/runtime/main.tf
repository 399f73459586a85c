# Keys passed at run time through variables whose default is null or "":
# nothing is committed, but the provider still takes a long-term key.
variable "access_key" {
  type    = string
  default = null
}

variable "secret_key" {
  type      = string
  default   = ""
  sensitive = true
}

provider "aws" {
  region     = "eu-west-1"
  access_key = var.access_key # want "\"provider.aws\" takes access_key from variable \"access_key\", a long-term key"
  secret_key = var.secret_key # want "\"provider.aws\" takes secret_key from variable \"secret_key\", a long-term key"
}
