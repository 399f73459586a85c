aws_secret_key = "not-a-real-secret-value"
