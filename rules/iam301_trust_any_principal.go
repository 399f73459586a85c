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
			"(aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalArn, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn, " +
			"also in their ForAnyValue: and IfExists forms). Allow with NotPrincipal lets in everyone but the principals it " +
			"names, so it counts as any principal. A condition that admits every value (a Like pattern of \"*\") pins nothing. " +
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
var pinningKeys = []string{"aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalArn", "aws:PrincipalAccount", "aws:SourceAccount", "aws:SourceArn"}

func checkTrustAnyPrincipal(p *Pass) {
	callers := moduleCallers(p.Project)
	for ap, s := range p.unguardedTrust(assumeActions, pinningKeys...) {
		if first, ok := allowsAllBut(s); ok {
			p.Report(Finding{
				Range:   first.Range,
				Address: ap.owner.Address,
				Key:     "notprincipal",
				Message: fmt.Sprintf("role %s can be assumed by any principal but those NotPrincipal names (Allow with NotPrincipal) and no condition pins the caller; name the trusted principals in Principal", quote(ap.owner.Address)),
			})
		}
		for _, written := range s.Principals {
			for _, pr := range principalsOf(callers, ap.mod, written) {
				if pr.Known && pr.Value == "*" && (pr.Type == "*" || pr.Type == "AWS") {
					passed := ""
					if pr.via != "" {
						passed = ", passed by " + pr.via
					}
					p.Report(Finding{
						Range:   pr.Range,
						Address: ap.owner.Address,
						Key:     "principal *",
						Message: fmt.Sprintf("role %s can be assumed by any principal (\"*\"%s) with no condition that pins the caller; name the trusted principals", quote(ap.owner.Address), passed),
					})
				}
			}
		}
	}
}

// allowsAllBut reports whether an Allow statement names its principals by
// NotPrincipal: every principal in the world but those may assume the
// role. A NotPrincipal of "*" excludes everyone, and one that cannot be
// read might, so both are no finding.
func allowsAllBut(s *model.Statement) (model.Principal, bool) {
	if len(s.NotPrincipals) == 0 || len(s.Principals) > 0 {
		return model.Principal{}, false
	}
	for _, pr := range s.NotPrincipals {
		if pr.Known && pr.Value == "*" || pr.Type == "*" {
			return model.Principal{}, false
		}
	}
	return s.NotPrincipals[0], true
}
