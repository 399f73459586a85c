package rules

import (
	"fmt"

	"github.com/iamlint/iamlint/parsers/model"
)

var userAttachedPolicy = &Rule{
	ID:        "IAM201",
	Name:      "user-attached-policy",
	Level:     Warning,
	Short:     "Permissions are attached to an IAM user directly",
	Precision: "very-high",
	Tags:      []string{"iam", "cis"},
	Doc: Doc{
		Why: "Policies attached to individual users are hard to review and tend to outlive the reason they were " +
			"granted (CIS AWS Foundations 1.15). The resources that do it are aws_iam_user_policy, " +
			"aws_iam_user_policy_attachment, and aws_iam_policy_attachment with users.",
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
		},
	},
	Check: checkUserAttachedPolicy,
}

func checkUserAttachedPolicy(p *Pass) {
	for m, r := range p.Resources("aws_iam_user_policy", "aws_iam_user_policy_attachment") {
		reportUserPolicy(p, r, r.Attr("user"), m)
	}
	for m, r := range p.Resources("aws_iam_policy_attachment") {
		users := r.Attr("users")
		// An absent or known-empty list attaches to no user.
		if users.IsNull() || (users.Kind == model.List && len(users.Elems) == 0) {
			continue
		}
		first := users
		if len(users.Elems) > 0 {
			first = users.Elems[0]
		}
		reportUserPolicy(p, r, first, m)
	}
}

func reportUserPolicy(p *Pass, r *model.Resource, user *model.Value, m *model.Module) {
	to := "a user"
	if u, ok := userOf(m, user); ok {
		to = fmt.Sprintf("user %s", quote(u.display))
	}
	p.Report(Finding{
		Range:   r.Range,
		Address: r.Address,
		Message: fmt.Sprintf("%s attaches permissions to %s directly; attach them to a group, or better, to a role", quote(r.Address), to),
	})
}
