variable "aws-secret-access-key" {
  type      = string
  sensitive = true
}

variable "deployAwsAccessKeyId" {
  type = string
}
