variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "aws_access_key_id" {
  type = string
}

variable "aws_secret_access_key" {
  type      = string
  sensitive = true
}

variable "worker_ami" {
  type    = string
  default = "ami-0a1b2c3d4e5f67890"
}
