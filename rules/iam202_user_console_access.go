package rules

import (
	"fmt"
	"maps"
	"slices"

	"github.com/iamlint/iamlint/parsers/model"
)

var userConsoleAccess = &Rule{
	ID:        "IAM202",
	Name:      "user-console-access",
	Level:     model.Warning,
	Short:     "An IAM user is given a console password",
	Precision: "very-high",
	Tags:      []string{"iam"},
	Doc: Doc{
		Why: "A console password on an IAM user (aws_iam_user_login_profile, the LoginProfile of an AWS::IAM::User, " +
			"or a script's aws iam create-login-profile) " +
			"is one more long-term credential " +
			"per person, with its own rotation and MFA to manage in every account. People should sign in once, " +
			"through your identity provider, and reach accounts through roles.",
		Fix: "Use federation through IAM Identity Center (or your IdP with SAML) and give people roles, not users.",
		Examples: []Example{
			{Language: model.Terraform, Bad: true, Code: `resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}
`},
			{Language: model.Terraform, Code: `resource "aws_ssoadmin_account_assignment" "alice" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef"
  principal_id       = "alice-id"
  principal_type     = "USER"
  target_id          = "123456789012"
  target_type        = "AWS_ACCOUNT"
}
`},
			{Language: model.CloudFormation, Bad: true, Code: `Resources:
  Alice:
    Type: AWS::IAM::User
    Properties:
      LoginProfile:
        Password: "{{resolve:secretsmanager:alice-initial-password}}"
        PasswordResetRequired: true
`},
			{Language: model.CloudFormation, Code: `Resources:
  AliceAdmin:
    Type: AWS::SSO::Assignment
    Properties:
      InstanceArn: arn:aws:sso:::instance/ssoins-1234567890abcdef
      PermissionSetArn: arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef
      PrincipalId: alice-id
      PrincipalType: USER
      TargetId: "123456789012"
      TargetType: AWS_ACCOUNT
`},
			{Language: model.Shell, Bad: true, Code: `aws iam create-user --user-name alice
aws iam create-login-profile --user-name alice \
  --password "$INITIAL_PASSWORD" --password-reset-required
`},
			{Language: model.Shell, Code: `aws sso-admin create-account-assignment \
  --instance-arn arn:aws:sso:::instance/ssoins-1234567890abcdef \
  --permission-set-arn arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef \
  --principal-id alice-id --principal-type USER \
  --target-id 123456789012 --target-type AWS_ACCOUNT
`},
		},
	},
	Languages: iacAndShell,
	Reads:     Reads{Types: slices.Concat(slices.Sorted(maps.Keys(loginProfiles)), userTypes)},
	Check:     checkUserConsoleAccess,
}

// loginProfiles are the resources that give a user a console password,
// and the attribute that names the user.
var loginProfiles = map[string]string{
	"aws_iam_user_login_profile":   "user",
	"aws iam create-login-profile": "user-name",
}

func checkUserConsoleAccess(p *Pass) {
	for m, r := range p.ResourcesOf(slices.Sorted(maps.Keys(loginProfiles))...) {
		who := "an IAM user"
		if u, ok := p.userOf(m, r.Attr(loginProfiles[r.Type])); ok {
			who = fmt.Sprintf("user %s", quote(u.display))
		}
		p.Report(Finding{
			Range:   r.Range,
			Address: r.Address,
			Message: fmt.Sprintf("%s gives %s a console password; use federation through IAM Identity Center instead", quote(r.Address), who),
		})
	}
	for _, r := range p.ResourcesOf("AWS::IAM::User") {
		// A LoginProfile under a condition iamlint cannot decide is unknown:
		// only one known to be there counts.
		a := r.Body.GetAttr("LoginProfile")
		if a == nil || a.Value.Kind != model.Object {
			continue
		}
		p.Report(Finding{
			Range:   a.NameRange,
			Address: r.Address,
			Key:     "LoginProfile",
			Message: fmt.Sprintf("user %s has a console password (LoginProfile); use federation through IAM Identity Center instead", quote(r.Address)),
		})
	}
}
