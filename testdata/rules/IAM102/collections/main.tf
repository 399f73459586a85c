# Key material in collection-shaped values: functions that hand on their
# arguments' elements, splats and for expressions over counted keys. The
# attributes of a key that are not key material stay clean in the same
# shapes.
resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "counted" {
  count = 1
  user  = aws_iam_user.ci.name
}

resource "aws_iam_access_key" "each" {
  for_each = toset(["blue", "green"])
  user     = aws_iam_user.ci.name
}

locals {
  by_name      = { for name, k in aws_iam_access_key.each : name => k.secret }
  fingerprints = { for name, k in aws_iam_access_key.each : name => k.key_fingerprint }
  described    = merge({ fingerprint = aws_iam_access_key.counted[0].key_fingerprint }, { secret = aws_iam_access_key.counted[0].secret })
}

resource "aws_lambda_function" "one" {
  function_name = "one"
  role          = "arn:aws:iam::123456789012:role/one"
  environment {
    variables = {
      SECRET = one(aws_iam_access_key.counted[*].secret) # want "access key \"aws_iam_access_key.counted\" reaches the environment of Lambda function \"aws_lambda_function.one\""
    }
  }
}

resource "aws_lambda_function" "values" {
  function_name = "values"
  role          = "arn:aws:iam::123456789012:role/values"
  environment {
    variables = {
      SECRET = values(aws_iam_access_key.each)[0].secret # want "access key \"aws_iam_access_key.each\" reaches the environment of Lambda function \"aws_lambda_function.values\""
    }
  }
}

resource "aws_lambda_function" "for_local" {
  function_name = "for_local"
  role          = "arn:aws:iam::123456789012:role/for_local"
  environment {
    variables = {
      SECRET = lookup(local.by_name, "blue", "") # want "access key \"aws_iam_access_key.each\" reaches the environment of Lambda function \"aws_lambda_function.for_local\""
    }
  }
}

resource "aws_lambda_function" "merged" {
  function_name = "merged"
  role          = "arn:aws:iam::123456789012:role/merged"
  environment {
    variables = {
      SECRET = local.described.secret # want "access key \"aws_iam_access_key.counted\" reaches the environment of Lambda function \"aws_lambda_function.merged\""
    }
  }
}

# Clean: fingerprints, dates, statuses and users of keys, in every shape.
resource "aws_lambda_function" "clean" {
  function_name = "clean"
  role          = "arn:aws:iam::123456789012:role/clean"
  environment {
    variables = {
      FINGERPRINTS = jsonencode(local.fingerprints)
      FINGERPRINT  = local.described.fingerprint
      CREATED      = join(",", aws_iam_access_key.counted[*].create_date)
      LEGACY       = join(",", aws_iam_access_key.counted.*.status)
      STATUSES     = jsonencode([for k in aws_iam_access_key.counted : k.status])
      USER         = values(aws_iam_access_key.each)[0].user
      FIRST        = one(aws_iam_access_key.counted[*].key_fingerprint)
      DATES        = jsonencode([for k in values(aws_iam_access_key.each) : k.create_date if k.status == "Active"])
      SMTP_SEALED  = jsonencode({ for name, k in aws_iam_access_key.each : name => k.encrypted_ses_smtp_password_v4 })
    }
  }
}

output "fingerprints" {
  value = { for name, k in aws_iam_access_key.each : name => k.key_fingerprint }
}
