resource "aws_instance" "app" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "ID=${local.deploy_id}"
}

resource "aws_sqs_queue" "q" {
  name = "q-${local.region}"
}
