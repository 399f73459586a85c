aws_access_key_id     = "AKIAWPZ4QLNB3XTE5H6M" # want "access key ID \"AKIAWPZ4[A-Z0-9]+\""
aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" # want "secret access key \"wJal\\*{8}\" is hard-coded; it is AWS's documentation example"
