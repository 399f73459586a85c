variable "name" {
  type    = string
  default = "app"
}

variable "unused" {
  type    = string
  default = "x"
}

variable "token" {
  type = string
}
