resource "aws_iam_user" "app" {
  name = var.name
}

resource "aws_iam_access_key" "app" {
  user = aws_iam_user.app.name
}

resource "aws_instance" "app" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "export CREDS=${local.creds}"
}

module "registry" {
  source  = "example/users/aws"
  version = "1.0.0"
  count   = var.enabled ? 1 : 0
  name    = var.name
  tags    = var.tags
}

resource "kubernetes_secret" "from_module" {
  metadata {
    name = "users"
  }
  data = {
    id = module.registry.iam_access_key_id
  }
}

resource "kubernetes_secret" "other" {
  metadata {
    name = "bucket"
  }
  data = {
    arn = module.registry.bucket_arn
  }
}
