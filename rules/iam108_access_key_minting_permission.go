package rules

import (
	"fmt"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

var accessKeyMintingPermission = &Rule{
	ID:        "IAM108",
	Name:      "access-key-minting-permission",
	Level:     model.Warning,
	Short:     "A policy allows creating access keys for other users",
	Precision: "high",
	Tags:      []string{"iam", "credentials", "privilege-escalation"},
	Doc: Doc{
		Why: "iam:CreateAccessKey on users other than the caller lets whoever holds the policy mint long-term keys for " +
			"any user, including administrators: a classic privilege escalation. iamlint reports an Allow statement " +
			"whose actions name iam:CreateAccessKey or match it with a wildcard narrower than * or iam:* (those are " +
			"plainly broad and left to other checks), on \"*\" or user ARNs that are not ${aws:username}. Resources it " +
			"cannot read are not reported.",
		Fix: "Scope the statement to the caller's own user (arn:aws:iam::*:user/${aws:username}) for self-service " +
			"rotation, or better, use roles and no keys at all.",
		Examples: []Example{
			{Language: model.Terraform, Bad: true, Code: `resource "aws_iam_policy" "helpdesk" {
  name = "helpdesk"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:CreateAccessKey", "iam:ListUsers"], Resource = "*" }]
  })
}
`},
			{Language: model.Terraform, Code: `resource "aws_iam_policy" "self_service" {
  name = "self-service-keys"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:CreateAccessKey", Resource = "arn:aws:iam::*:user/$${aws:username}" }]
  })
}
`},
			{Language: model.CloudFormation, Bad: true, Code: `Resources:
  Helpdesk:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [iam:CreateAccessKey, iam:ListUsers]
            Resource: "*"
`},
			{Language: model.CloudFormation, Code: `Resources:
  SelfService:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: iam:CreateAccessKey
            Resource: !Sub "arn:aws:iam::${AWS::AccountId}:user/${!aws:username}"
`},
			{Language: model.Shell, Bad: true, Code: `aws iam create-policy --policy-name helpdesk --policy-document '{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::123456789012:user/*"}]
}'
`},
			{Language: model.Shell, Code: `aws iam create-policy --policy-name self-service --policy-document '{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::123456789012:user/${aws:username}"}]
}'
`},
		},
	},
	Languages: iacAndShell,
	Reads:     Reads{Policies: []model.PolicyKind{model.IdentityPolicy}},
	Check:     checkAccessKeyMinting,
}

func checkAccessKeyMinting(p *Pass) {
	for ap := range p.Policies(model.IdentityPolicy) {
		for _, s := range ap.attached.Policy.Statements {
			action, ok := allowsAction(s, "iam:CreateAccessKey")
			if !ok || action.Value == "*" || strings.EqualFold(action.Value, "iam:*") || action.Value == "NotAction" {
				continue
			}
			if target, ok := otherUsers(s); ok {
				// The pattern as written, when it is not the action itself
				// (iam:Create*, IAM:createaccesskey).
				written := ""
				if action.Value != "iam:CreateAccessKey" {
					written = " (" + quote(action.Value) + ")"
				}
				p.Report(Finding{
					Range:   action.Range,
					Address: ap.owner.Address,
					Key:     action.Value + " " + target,
					Message: fmt.Sprintf("policy %s allows iam:CreateAccessKey%s on %s, not only the caller's own user; scope it to arn:aws:iam::*:user/${aws:username}, or use roles", quote(ap.owner.Address), written, quote(target)),
				})
			}
		}
	}
}

// otherUsers returns a resource of the statement that certainly covers
// users other than the caller: "*" or a user ARN without ${aws:username}.
// A statement with NotResource or an unknown resource is not certain.
func otherUsers(s *model.Statement) (string, bool) {
	if len(s.NotResources) > 0 {
		return "", false
	}
	for _, r := range s.Resources {
		if !r.Known && !userPattern(r.Pattern) && userARNRef(r) == "" {
			return "", false
		}
	}
	for _, r := range s.Resources {
		if ref := userARNRef(r); ref != "" {
			return ref, true // one user of the configuration, not the caller's own
		}
		if !r.Known {
			if !strings.Contains(r.Pattern, "${aws:username}") {
				return showHoles(r.Pattern, r.Holes), true
			}
			continue
		}
		v := r.Value
		if v == "*" || (strings.Contains(v, ":user/") || strings.HasSuffix(v, ":*")) && !strings.Contains(v, "${aws:username}") {
			if strings.HasPrefix(v, "arn:") && !strings.Contains(v, ":iam:") {
				continue // not an IAM resource
			}
			return v, true
		}
	}
	return "", false
}

// userARNRef returns the reference when the element is exactly the ARN of
// a user the configuration declares (aws_iam_user.mail.arn): a user named
// in the policy, which a literal user ARN is reported as too. "" for
// anything else.
func userARNRef(e model.Element) string {
	if e.Known || len(e.Refs) != 1 || e.Pattern != "" && e.Pattern != "*" {
		return ""
	}
	r := e.Refs[0]
	if r.Kind == model.RefResource && strings.HasPrefix(r.Name, "aws_iam_user.") && r.Attr == "arn" {
		return r.Subject + ".arn"
	}
	return ""
}

// userPattern reports whether a partly known resource is certainly an IAM
// user ARN: only the partition, region or account are unknown
// (arn:${AWS::Partition}:iam::${AWS::AccountId}:user/svc-*, CDK's Fn::Join,
// a Terraform template with data.aws_caller_identity), and the resource
// part starts with user/. A user name read from a variable still names
// another user than the caller, as a literal one would.
func userPattern(pattern string) bool {
	fields := strings.SplitN(pattern, ":", 6)
	return len(fields) == 6 && fields[0] == "arn" && fields[2] == "iam" && strings.HasPrefix(fields[5], "user/")
}
