package rules

import (
	"fmt"

	"github.com/iamlint/iamlint/parsers/model"
)

var trustAnyPrincipal = &Rule{
	ID:        "IAM301",
	Name:      "trust-any-principal",
	Level:     model.Error,
	Short:     "A role can be assumed by any principal",
	Precision: "very-high",
	Tags:      []string{"iam", "trust"},
	Doc: Doc{
		Why: "A trust policy that allows \"*\" (or {\"AWS\": \"*\"}) to assume a role lets every AWS account in the world " +
			"try, unless a condition pins the caller to your organization, an ARN or an account " +
			"(aws:PrincipalOrgID, aws:PrincipalArn, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn). " +
			"iamlint reports it only when the principal is certainly \"*\" and no such condition can be present.",
		Fix: "Name the principals that may assume the role (accounts, roles, services), or add a condition on " +
			"aws:PrincipalOrgID or aws:PrincipalArn.",
		Examples: []Example{
			{Language: model.Terraform, Bad: true, Code: `resource "aws_iam_role" "shared" {
  name = "shared"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } }]
  })
}
`},
			{Language: model.Terraform, Code: `resource "aws_iam_role" "shared" {
  name = "shared"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }]
  })
}
`},
			{Language: model.CloudFormation, Bad: true, Code: `Resources:
  Shared:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Principal: {AWS: "*"}
`},
			{Language: model.CloudFormation, Code: `Resources:
  Shared:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Principal: {AWS: "*"}
            Condition: {StringEquals: {"aws:PrincipalOrgID": o-a1b2c3d4e5}}
`},
			{Language: model.Shell, Bad: true, Code: `aws iam create-role --role-name shared --assume-role-policy-document '{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"}}]
}'
`},
			{Language: model.Shell, Code: `aws iam create-role --role-name shared --assume-role-policy-document '{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRole",
    "Principal": {"AWS": "*"},
    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
  }]
}'
`},
		},
	},
	Languages: iacAndShell,
	Reads:     Reads{Policies: []model.PolicyKind{model.TrustPolicy}},
	Check:     checkTrustAnyPrincipal,
}

// pinningKeys are condition keys that restrict who the caller can be.
var pinningKeys = []string{"aws:PrincipalOrgID", "aws:PrincipalArn", "aws:PrincipalAccount", "aws:SourceAccount", "aws:SourceArn"}

func checkTrustAnyPrincipal(p *Pass) {
	for ap, s := range p.unguardedTrust(assumeActions, pinningKeys...) {
		for _, pr := range s.Principals {
			if pr.Known && pr.Value == "*" && (pr.Type == "*" || pr.Type == "AWS") {
				p.Report(Finding{
					Range:   pr.Range,
					Address: ap.owner.Address,
					Key:     "principal *",
					Message: fmt.Sprintf("role %s can be assumed by any principal (\"*\") with no condition that pins the caller; name the trusted principals", quote(ap.owner.Address)),
				})
			}
		}
	}
}
