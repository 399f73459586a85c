variable "repository" {
  type = string
}

variable "secrets" {
  type      = map(string)
  sensitive = true
}

resource "github_actions_secret" "this" {
  for_each        = var.secrets
  repository      = var.repository
  secret_name     = each.key
  plaintext_value = each.value
}
