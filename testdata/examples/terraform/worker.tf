resource "aws_instance" "worker" {
  ami           = var.worker_ami
  instance_type = "t3.small"

  user_data = templatefile("${path.module}/templates/worker-boot.sh.tftpl", {
    access_key_id     = aws_iam_access_key.deploy.id
    secret_access_key = aws_iam_access_key.deploy.secret
    region            = var.region
  })

  tags = {
    Name = "worker"
  }
}
