# A root wires the key of one module into another: every hop is shown.
module "iam" {
  source = "./modules/iam"
}

module "github_secrets" {
  source     = "./modules/github_secrets"
  repository = "deploy"
  secrets = {
    AWS_ACCESS_KEY_ID     = module.iam.access_key_id
    AWS_SECRET_ACCESS_KEY = module.iam.secret_access_key
  }
}

# Clean: a fingerprint handed on is not key material.
module "fingerprint_only" {
  source     = "./modules/audit_secrets"
  repository = "audit"
  secrets = {
    KEY_FINGERPRINT = module.iam.key_fingerprint
  }
}
