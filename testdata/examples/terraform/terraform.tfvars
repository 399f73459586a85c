# Copied from the console "just for now".
aws_access_key_id     = "AKIA4RBNMJ7Q2XWZT5LP"
aws_secret_access_key = "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"
