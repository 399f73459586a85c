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

# A call of a module from outside the scan: the flow cannot follow what it
# passes, so what only its arguments read is not needed; its count is.
variable "enabled" {
  type    = bool
  default = true
}

variable "tags" {
  type    = map(string)
  default = {}
}
