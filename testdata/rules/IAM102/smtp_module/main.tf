module "mailer" {
  source = "./modules/mailer"
}

# The SMTP user name (the key ID) and password handed to a mail relay: SES
# SMTP credentials, which no role replaces, even though the key's secret
# is exported elsewhere.
resource "kubernetes_secret_v1" "relay" {
  metadata {
    name = "smtp-relay"
  }
  data = {
    username = module.mailer.access_key_id
    password = module.mailer.smtp_password
  }
}

# The secret itself is key material.
resource "kubernetes_secret_v1" "aws" {
  metadata {
    name = "aws"
  }
  data = {
    AWS_ACCESS_KEY_ID     = module.mailer.access_key_id
    AWS_SECRET_ACCESS_KEY = module.mailer.secret_access_key # want "access key \"aws_iam_access_key.mailer\" reaches Kubernetes secret \"kubernetes_secret_v1.aws\""
  }
}
