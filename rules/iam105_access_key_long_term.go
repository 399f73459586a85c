package rules

import (
	"fmt"
	"slices"

	"github.com/iamlint/iamlint/parsers/model"
)

var accessKeyLongTerm = &Rule{
	ID:        "IAM105",
	Name:      "access-key-long-term",
	Level:     model.Warning,
	Short:     "A long-term IAM access key is created where a role would do",
	Precision: "very-high",
	Tags:      []string{"iam", "credentials"},
	Doc: Doc{
		Why: "An aws_iam_access_key (AWS::IAM::AccessKey, a script's aws iam create-access-key) is a long-term " +
			"credential: it does not expire, " +
			"it works from anywhere, and once copied it is out of your hands. Workloads on AWS can use a role " +
			"(instance profile, execution or task role), CI can use OIDC, and other accounts can assume a role. " +
			"A key whose material reaches a sink is reported there instead (IAM101-IAM104, whether or not those rules are " +
			"enabled); this rule reports the keys that remain. " +
			"A key whose status is Inactive is reported as a note; an omitted status means Active. " +
			"A key used only for SES SMTP (its ses_smtp_password_v4 read, its secret never) is a note too, " +
			"since SMTP has no role-based alternative.",
		Fix: "Give the workload a role instead of a key; if a key is truly unavoidable, " +
			"say why in a suppression: # iamlint:ignore IAM105 <reason>.",
		Examples: []Example{
			{Language: model.Terraform, Bad: true, Code: `resource "aws_iam_user" "deploy" {
  name = "deploy"
}

resource "aws_iam_access_key" "deploy" {
  user = aws_iam_user.deploy.name
}
`},
			{Language: model.Terraform, Code: `resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}
`},
			{Language: model.CloudFormation, Bad: true, Code: `Resources:
  DeployUser:
    Type: AWS::IAM::User
  DeployKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref DeployUser
`},
			{Language: model.CloudFormation, Code: `Resources:
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: ec2.amazonaws.com
            Action: sts:AssumeRole
`},
			{Language: model.Shell, Bad: true, Code: `aws iam create-user --user-name deploy
aws iam create-access-key --user-name deploy
`},
			{Language: model.Shell, Code: `aws iam create-role --role-name deploy --assume-role-policy-document '{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}}]
}'
`},
		},
	},
	Languages: iacAndShell,
	Reads:     Reads{Types: slices.Concat(accessKeyTypes, userTypes), Flow: true},
	Check:     checkAccessKeyLongTerm,
}

func checkAccessKeyLongTerm(p *Pass) {
	flows := p.flows()
	for m, key := range p.ResourcesOf(accessKeyTypes...) {
		if flows.covered[key] {
			continue // IAM101-IAM104 already say where it goes and what replaces it
		}
		owner := ""
		if u, ok := p.userOf(m, keyUser(key)); ok {
			owner = fmt.Sprintf(" of user %s", quote(u.display))
		}
		switch {
		case keyInactive(key):
			p.Report(Finding{
				Level:   model.Note,
				Range:   key.Range,
				Address: key.Address,
				Message: fmt.Sprintf("inactive access key %s%s is still a long-term credential; delete it once rotation is done", quote(key.Address), owner),
			})
		case flows.smtpKeys[key]:
			p.Report(Finding{
				Level:   model.Note,
				Range:   key.Range,
				Address: key.Address,
				Message: fmt.Sprintf("access key %s%s is used only as SES SMTP credentials, which no role can replace; keep it scoped to ses:SendRawEmail", quote(key.Address), owner),
			})
		default:
			p.Report(Finding{
				Range:   key.Range,
				Address: key.Address,
				Message: fmt.Sprintf("access key %s%s is a long-term credential; give the workload a role instead, or say in a suppression why a key is unavoidable", quote(key.Address), owner),
			})
		}
	}
}
