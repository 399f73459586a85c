package rules

import (
	"fmt"
	"slices"

	"github.com/iamlint/iamlint/parsers/model"
)

var userMultipleAccessKeys = &Rule{
	ID:        "IAM203",
	Name:      "user-multiple-access-keys",
	Level:     model.Warning,
	Short:     "An IAM user has more than one active access key",
	Precision: "high",
	Tags:      []string{"iam", "cis", "credentials"},
	Doc: Doc{
		Why: "Two active keys for one user double what can leak and usually mean a rotation that was never " +
			"finished (CIS AWS Foundations 1.13). Keys are matched to their user through the reference " +
			"(user = aws_iam_user.x.name, UserName: !Ref User), the literal name (--user-name of a script's " +
			"aws iam create-access-key), or the same variable; a key counts when its status " +
			"is omitted or Active, and a known count of 2 or more is that many keys. Keys with an unknown status " +
			"or an unknown user are not counted.",
		Fix: "Keep one key at most, and only during a rotation; better, none: use a role.",
		Examples: []Example{
			{Language: model.Terraform, Bad: true, Code: `resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "aws_iam_access_key" "ci_new" {
  user = aws_iam_user.ci.name
}
`},
			{Language: model.Terraform, Code: `resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci_old" {
  user   = aws_iam_user.ci.name
  status = "Inactive"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}
`},
			{Language: model.CloudFormation, Bad: true, Code: `Resources:
  CIUser:
    Type: AWS::IAM::User
  CIKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref CIUser
  CIKeyNew:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref CIUser
`},
			{Language: model.CloudFormation, Code: `Resources:
  CIUser:
    Type: AWS::IAM::User
  CIKeyOld:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref CIUser
      Status: Inactive
  CIKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref CIUser
`},
			{Language: model.Shell, Bad: true, Code: `aws iam create-user --user-name ci
aws iam create-access-key --user-name ci
aws iam create-access-key --user-name ci
`},
			{Language: model.Shell, Code: `aws iam create-access-key --user-name ci
aws iam delete-access-key --user-name ci --access-key-id "$OLD_KEY_ID"
`},
		},
	},
	Languages: iacAndShell,
	Reads:     Reads{Types: slices.Concat(accessKeyTypes, userTypes)},
	Check:     checkUserMultipleAccessKeys,
}

func checkUserMultipleAccessKeys(p *Pass) {
	type keys struct {
		user  userRef
		list  []*model.Resource
		count int
	}
	var order []string
	byUser := map[string]*keys{}
	for m, key := range p.ResourcesOf(accessKeyTypes...) {
		if !keyActive(key) || key.Instances < 1 {
			continue
		}
		userAttr := keyUser(key)
		u, ok := p.userOf(m, userAttr)
		if !ok || perInstance(userAttr) {
			continue
		}
		k := byUser[u.id]
		if k == nil {
			k = &keys{user: u}
			byUser[u.id] = k
			order = append(order, u.id)
		}
		k.list = append(k.list, key)
		k.count += key.Instances
	}
	for _, id := range order {
		k := byUser[id]
		if k.count < 2 {
			continue
		}
		// Report every key after the first, pointing back at the others:
		// with count = 2, the one resource stands for both.
		reportFrom := 1
		if len(k.list) == 1 {
			reportFrom = 0
		}
		for i := reportFrom; i < len(k.list); i++ {
			key := k.list[i]
			f := Finding{
				Range:   key.Range,
				Address: key.Address,
				Message: fmt.Sprintf("user %s has %d active access keys; keep one at most during rotation, better none", quote(k.user.display), k.count),
			}
			for j, other := range k.list {
				if j != i {
					f.Related = append(f.Related, Related{Range: other.Range, Message: fmt.Sprintf("another active key: %s", quote(other.Address))})
				}
			}
			p.Report(f)
		}
	}
}

// perInstance reports whether a value differs between the copies count or
// for_each make (it reads count.index, each.key or each.value), so that the
// copies cannot be said to share a user.
func perInstance(v *model.Value) bool {
	for _, ref := range v.AllRefs() {
		if ref.Iterates() {
			return true
		}
	}
	return false
}
