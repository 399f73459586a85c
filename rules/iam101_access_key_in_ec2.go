package rules

import "github.com/iamlint/iamlint/parsers/model"

var accessKeyInEC2 = &Rule{
	ID:        "IAM101",
	Name:      "access-key-in-ec2",
	Level:     model.Error,
	Short:     "Long-term key material reaches an EC2 instance",
	Precision: "high",
	Tags:      []string{"iam", "credentials", "ec2"},
	Doc: Doc{
		Why: "An access key written into user data, a launch template or a remote-exec provisioner is readable " +
			"by anyone who can read the instance's user data or disk, lives as long as the key, and is copied to " +
			"every instance. EC2 hands instances short-lived credentials of a role through the instance profile, " +
			"rotated for you. iamlint follows the key's ID and secret through locals, variables, module inputs " +
			"and outputs, templatefile() variables and functions to the user data (in a script: through variables, " +
			"$(...), jq and the files it writes, to aws ec2 run-instances --user-data), and points at the expression " +
			"that carries them.",
		Fix: "Create an IAM role trusted by ec2.amazonaws.com with the permissions the instance needs, give it to the " +
			"instance through an instance profile (Terraform: aws_iam_instance_profile and iam_instance_profile on the " +
			"instance or launch template; CloudFormation: AWS::IAM::InstanceProfile and IamInstanceProfile; the AWS CLI: " +
			"--iam-instance-profile), and delete the key.",
		Examples: []Example{
			{Language: model.Terraform, Bad: true, Code: `resource "aws_iam_user" "app" {
  name = "app"
}

resource "aws_iam_access_key" "app" {
  user = aws_iam_user.app.name
}

resource "aws_instance" "app" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/sh
    echo "AWS_ACCESS_KEY_ID=${aws_iam_access_key.app.id}" >> /etc/environment
    echo "AWS_SECRET_ACCESS_KEY=${aws_iam_access_key.app.secret}" >> /etc/environment
  EOT
}
`},
			{Language: model.Terraform, Code: `resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_instance_profile" "app" {
  role = aws_iam_role.app.name
}

resource "aws_instance" "app" {
  ami                  = "ami-12345678"
  instance_type        = "t3.micro"
  iam_instance_profile = aws_iam_instance_profile.app.name
}
`},
			{Language: model.CloudFormation, Bad: true, Code: `Resources:
  AppKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: app
  App:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      UserData:
        Fn::Base64: !Sub |
          #!/bin/sh
          echo "AWS_SECRET_ACCESS_KEY=${AppKey.SecretAccessKey}" >> /etc/environment
`},
			{Language: model.CloudFormation, Code: `Resources:
  AppProfile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [app]
  App:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      IamInstanceProfile: !Ref AppProfile
`},
			{Language: model.Shell, Bad: true, Code: `SECRET=$(aws iam create-access-key --user-name app \
  --query AccessKey.SecretAccessKey --output text)
aws ec2 run-instances --image-id ami-12345678 --instance-type t3.micro \
  --user-data "export AWS_SECRET_ACCESS_KEY=$SECRET"
`},
			{Language: model.Shell, Code: `aws ec2 run-instances --image-id ami-12345678 --instance-type t3.micro \
  --iam-instance-profile Name=app
`},
		},
	},
	Languages: iacAndShell,
	Reads:     Reads{Flow: true},
	Check:     reportFlows,
}
