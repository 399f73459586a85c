package rules

import (
	"fmt"
	"maps"
	"slices"

	"github.com/iamlint/iamlint/parsers/model"
)

var userAttachedPolicy = &Rule{
	ID:        "IAM201",
	Name:      "user-attached-policy",
	Level:     model.Warning,
	Short:     "Permissions are attached to an IAM user directly",
	Precision: "very-high",
	Tags:      []string{"iam", "cis"},
	Doc: Doc{
		Why: "Policies attached to individual users are hard to review and tend to outlive the reason they were " +
			"granted (CIS AWS Foundations 1.15). The resources that do it are aws_iam_user_policy, " +
			"aws_iam_user_policy_attachment, and aws_iam_policy_attachment with users; in CloudFormation, " +
			"AWS::IAM::User with Policies or ManagedPolicyArns, AWS::IAM::Policy and AWS::IAM::ManagedPolicy " +
			"with Users, and AWS::IAM::UserPolicy; in a script, aws iam attach-user-policy and put-user-policy.",
		Fix: "Attach the policy to a group the user belongs to, or better, to a role the user or workload assumes.",
		Examples: []Example{
			{Language: model.Terraform, Bad: true, Code: `resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_user_policy_attachment" "ci" {
  user       = aws_iam_user.ci.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
`},
			{Language: model.Terraform, Code: `resource "aws_iam_group" "readers" {
  name = "readers"
}

resource "aws_iam_group_policy_attachment" "readers" {
  group      = aws_iam_group.readers.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
`},
			{Language: model.CloudFormation, Bad: true, Code: `Resources:
  CIUser:
    Type: AWS::IAM::User
    Properties:
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
`},
			{Language: model.CloudFormation, Code: `Resources:
  Readers:
    Type: AWS::IAM::Group
    Properties:
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
  CIUser:
    Type: AWS::IAM::User
    Properties:
      Groups: [!Ref Readers]
`},
			{Language: model.Shell, Bad: true, Code: `aws iam create-user --user-name ci
aws iam attach-user-policy --user-name ci \
  --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess
`},
			{Language: model.Shell, Code: `aws iam create-group --group-name readers
aws iam attach-group-policy --group-name readers \
  --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess
aws iam add-user-to-group --group-name readers --user-name ci
`},
		},
	},
	Languages: iacAndShell,
	Reads:     Reads{Types: slices.Concat(slices.Sorted(maps.Keys(userAttachments)), slices.Sorted(maps.Keys(userPolicyAttrs)), userTypes)},
	Check:     checkUserAttachedPolicy,
}

// userAttachments are the resources that attach a policy to users, and the
// attribute that names the user, or the list of users.
var userAttachments = map[string]struct {
	attr string
	list bool
}{
	"aws_iam_user_policy":            {attr: "user"},
	"aws_iam_user_policy_attachment": {attr: "user"},
	"aws_iam_policy_attachment":      {attr: "users", list: true},
	"AWS::IAM::UserPolicy":           {attr: "UserName"},
	"AWS::IAM::Policy":               {attr: "Users", list: true},
	"AWS::IAM::ManagedPolicy":        {attr: "Users", list: true},
	// Shell scripts: the AWS CLI calls that attach to a user.
	"aws iam attach-user-policy": {attr: "user-name"},
	"aws iam put-user-policy":    {attr: "user-name"},
}

// userPolicyAttrs are the attributes of a user resource that give it
// policies of its own.
var userPolicyAttrs = map[string][]string{"AWS::IAM::User": {"Policies", "ManagedPolicyArns"}}

func checkUserAttachedPolicy(p *Pass) {
	for m, r := range p.ResourcesOf(slices.Sorted(maps.Keys(userAttachments))...) {
		a := userAttachments[r.Type]
		user := r.Attr(a.attr)
		if a.list {
			// An absent or known-empty list attaches to no user.
			if user.IsNull() || (user.Kind == model.List && len(user.Elems) == 0) {
				continue
			}
			if len(user.Elems) > 0 {
				user = user.Elems[0]
			}
		}
		reportUserPolicy(p, r, user, m)
	}
	for _, r := range p.ResourcesOf(slices.Sorted(maps.Keys(userPolicyAttrs))...) {
		for _, name := range userPolicyAttrs[r.Type] {
			// Only a list known to hold a policy counts: an unknown value
			// may well be empty.
			a := r.Body.GetAttr(name)
			if a == nil || a.Value.Kind != model.List || len(a.Value.Elems) == 0 {
				continue
			}
			p.Report(Finding{
				Range:   a.NameRange,
				Address: r.Address,
				Key:     name,
				Message: fmt.Sprintf("user %s has permissions attached directly (%s); attach them to a group, or better, to a role", quote(r.Address), name),
			})
		}
	}
}

func reportUserPolicy(p *Pass, r *model.Resource, user *model.Value, m *model.Module) {
	to := "a user"
	if u, ok := p.userOf(m, user); ok {
		to = fmt.Sprintf("user %s", quote(u.display))
	}
	p.Report(Finding{
		Range:   r.Range,
		Address: r.Address,
		Message: fmt.Sprintf("%s attaches permissions to %s directly; attach them to a group, or better, to a role", quote(r.Address), to),
	})
}
