package rules

import "github.com/iamlint/iamlint/parsers/model"

var accessKeyExported = &Rule{
	ID:        "IAM104",
	Name:      "access-key-exported",
	Level:     model.Warning,
	Short:     "Long-term key material leaves the configuration",
	Precision: "high",
	Tags:      []string{"iam", "credentials"},
	Doc: Doc{
		Why: "A key in a root module output, a Secrets Manager secret, an SSM parameter, an S3 object or a local file " +
			"(in a script: aws ssm put-parameter, aws secretsmanager create-secret, > file, tee), " +
			"or encrypted with pgp_key, is being handed to someone or something outside this configuration: usually " +
			"another account or a person. It is readable from the state too, and it never expires. A module called " +
			"by another scanned module is not a root: its outputs only feed its caller, and iamlint follows them there.",
		Fix: "For another AWS account, create a cross-account role it may assume, with an sts:ExternalId condition for " +
			"a third party; for people, use IAM Identity Center. Then delete the key.",
		Examples: []Example{
			{Language: model.Terraform, Bad: true, Code: `resource "aws_iam_access_key" "partner" {
  user = "partner"
}

output "partner_secret" {
  value     = aws_iam_access_key.partner.secret
  sensitive = true
}
`},
			{Language: model.Terraform, Code: `resource "aws_iam_role" "partner" {
  name = "partner"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::210987654321:root" }
      Condition = { StringEquals = { "sts:ExternalId" = "partner-7f3a" } }
    }]
  })
}

output "partner_role_arn" {
  value = aws_iam_role.partner.arn
}
`},
			{Language: model.CloudFormation, Bad: true, Code: `Resources:
  PartnerKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: partner
Outputs:
  PartnerSecret:
    Value: !GetAtt PartnerKey.SecretAccessKey
    Export:
      Name: partner-secret
`},
			{Language: model.CloudFormation, Code: `Resources:
  PartnerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Principal: {AWS: "arn:aws:iam::210987654321:root"}
            Condition: {StringEquals: {"sts:ExternalId": partner-7f3a}}
Outputs:
  PartnerRoleArn:
    Value: !GetAtt PartnerRole.Arn
`},
			{Language: model.Shell, Bad: true, Code: `SECRET=$(aws iam create-access-key --user-name partner | jq -r .AccessKey.SecretAccessKey)
aws ssm put-parameter --name /partner/secret --type SecureString --value "$SECRET"
`},
			{Language: model.Shell, Code: `aws iam create-role --role-name partner-access --assume-role-policy-document '{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRole",
    "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
    "Condition": {"StringEquals": {"sts:ExternalId": "partner-7d1c"}}
  }]
}'
`},
		},
	},
	Languages: iacAndShell,
	Reads:     Reads{Flow: true},
	Check:     reportFlows,
}
