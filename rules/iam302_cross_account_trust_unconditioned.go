package rules

import (
	"fmt"

	"github.com/iamlint/iamlint/parsers/model"
)

var crossAccountTrustUnconditioned = &Rule{
	ID:        "IAM302",
	Name:      "cross-account-trust-unconditioned",
	Level:     model.Warning,
	Short:     "Another account may assume a role with no condition",
	Precision: "high",
	Tags:      []string{"iam", "trust"},
	Doc: Doc{
		Why: "Trusting another account's root (or any of its principals) hands the decision of who assumes your role to " +
			"that account's administrators. A third party should prove who it acts for with sts:ExternalId (the " +
			"confused deputy problem); accounts of your organization should be pinned with aws:PrincipalOrgID; people " +
			"should need MFA. iamlint reports a literal account that is not the code's own: own accounts are the " +
			"provider's allowed_account_ids and assumed roles, the accounts of resources the scanned policies grant on, " +
			"${AWS::AccountId} and data.aws_caller_identity, and the trusted-accounts of the configuration; all but the last " +
			"are inferred per deployment (a Terraform root with the modules it calls, templates linked by nested stacks " +
			"and exports), never lent from an unrelated root of the same scan. Accounts are read from ARNs, bare " +
			"12-digit IDs, and partly known strings (arn:${AWS::Partition}:iam::111122223333:root, CDK's Fn::Join " +
			"with AWS::Partition). A condition that protects nothing (an empty sts:ExternalId, aws:MultiFactorAuthPresent " +
			"false) counts as none; aws:PrincipalOrgPaths pins like aws:PrincipalOrgID. " +
			"Any of sts:ExternalId, aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:MultiFactorAuthPresent, aws:PrincipalArn or " +
			"aws:SourceIdentity silences it.",
		Fix: "Add an sts:ExternalId condition for a third party, aws:PrincipalOrgID for accounts of your organization, " +
			"or aws:MultiFactorAuthPresent for people; or list the account under trusted-accounts if it is yours.",
		Examples: []Example{
			{Language: model.Terraform, Bad: true, Code: `resource "aws_iam_role" "vendor" {
  name = "vendor-audit"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::210987654321:root" } }]
  })
}
`},
			{Language: model.Terraform, Code: `resource "aws_iam_role" "vendor" {
  name = "vendor-audit"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::210987654321:root" }
      Condition = { StringEquals = { "sts:ExternalId" = "vendor-7f3a9c" } }
    }]
  })
}
`},
			{Language: model.CloudFormation, Bad: true, Code: `Resources:
  Vendor:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Principal: {AWS: "arn:aws:iam::210987654321:root"}
`},
			{Language: model.CloudFormation, Code: `Resources:
  Vendor:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}
          - Effect: Allow
            Action: sts:AssumeRole
            Principal: {AWS: "arn:aws:iam::210987654321:root"}
            Condition: {StringEquals: {"sts:ExternalId": vendor-7f3a9c}}
`},
			{Language: model.Shell, Bad: true, Code: `aws iam create-role --role-name vendor --assume-role-policy-document '{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}}]
}'
`},
			{Language: model.Shell, Code: `aws iam create-role --role-name vendor --assume-role-policy-document '{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRole",
    "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
    "Condition": {"StringEquals": {"sts:ExternalId": "vendor-4f2a"}}
  }]
}'
`},
		},
	},
	Languages: iacAndShell,
	Reads: Reads{
		Policies: []model.PolicyKind{model.TrustPolicy, model.IdentityPolicy}, // identity policies: the accounts of own resources
		Settings: []Setting{{Mode: model.Provider, Type: "aws", Attrs: []string{"allowed_account_ids", "assume_role"}}},
	},
	Check: checkCrossAccountTrust,
}

// crossAccountGuards are the conditions that make cross-account trust safe
// enough for this rule.
var crossAccountGuards = []string{"sts:ExternalId", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:MultiFactorAuthPresent", "aws:PrincipalArn", "aws:SourceIdentity"}

func checkCrossAccountTrust(p *Pass) {
	own := ownAccounts(p, p.Options.TrustedAccounts)
	callers := moduleCallers(p.Project)
	for ap, s := range p.unguardedTrust(assumeActions, crossAccountGuards...) {
		for _, written := range s.Principals {
			if written.Type != "AWS" {
				continue
			}
			for _, pr := range principalsOf(callers, ap.mod, written) {
				account, ok := elementAccount(pr.Element)
				if !ok || own.has(ap.mod, account) {
					continue
				}
				text := pr.Value
				if !pr.Known {
					text = showHoles(pr.Pattern, pr.Holes)
				}
				passed := ""
				if pr.via != "" {
					passed = ", passed by " + pr.via
				}
				p.Report(Finding{
					Range:   pr.Range,
					Address: ap.owner.Address,
					Key:     text,
					Message: fmt.Sprintf("role %s trusts account %s (%s%s) with no sts:ExternalId, aws:PrincipalOrgID or MFA condition; add sts:ExternalId for a third party, aws:PrincipalOrgID inside your organization", quote(ap.owner.Address), account, quote(text), passed),
				})
			}
		}
	}
}
