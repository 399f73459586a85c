# Settings generated from a list: each setting reads only its own
# element's fields, so the instance profile setting (the fix) and the
# namespaces are clean, and only the setting that takes the secret is a
# finding.
resource "aws_iam_access_key" "app" {
  user = "app"
}

resource "aws_iam_instance_profile" "app" {
  name = "app"
  role = "app"
}

locals {
  settings = [
    { namespace = "aws:autoscaling:launchconfiguration", name = "IamInstanceProfile", value = aws_iam_instance_profile.app.name },
    { namespace = "aws:elasticbeanstalk:application:environment", name = "APP_SECRET", value = aws_iam_access_key.app.secret },
  ]
}

resource "aws_elastic_beanstalk_environment" "with_key" {
  name        = "with_key"
  application = "app"
  dynamic "setting" {
    for_each = local.settings
    content {
      namespace = setting.value.namespace
      name      = setting.value.name
      value     = setting.value.value # want "access key \"aws_iam_access_key.app\" reaches the option settings of Elastic Beanstalk environment \"aws_elastic_beanstalk_environment.with_key\""
    }
  }
}

# Clean: the instance profile setting alone.
resource "aws_elastic_beanstalk_environment" "with_role" {
  name        = "with_role"
  application = "app"
  dynamic "setting" {
    for_each = [local.settings[0]]
    content {
      namespace = setting.value["namespace"]
      name      = setting.value.name
      value     = setting.value.value
    }
  }
}
