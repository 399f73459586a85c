from_tfvars = "t3.micro"
