package rules

import "github.com/iamlint/iamlint/parsers/model"

var accessKeyInCI = &Rule{
	ID:        "IAM103",
	Name:      "access-key-in-ci",
	Level:     model.Error,
	Short:     "Long-term key material is stored as a CI/CD secret",
	Precision: "high",
	Tags:      []string{"iam", "credentials", "ci"},
	Doc: Doc{
		Why: "A key copied into a GitHub Actions secret, a GitLab or CircleCI variable, a Bitbucket, Terraform Cloud, " +
			"Spacelift or Azure DevOps variable (by the provider's resources, or by a script's gh secret set or glab " +
			"variable set) is one more place it can leak from, for as long as the key lives. " +
			"Every one of these CI systems can get short-lived AWS credentials through OIDC instead.",
		Fix: "Create an OIDC identity provider for the CI system (aws_iam_openid_connect_provider, " +
			"AWS::IAM::OIDCProvider, aws iam create-open-id-connect-provider) and a role whose trust policy is scoped by " +
			"the token's sub claim to the repository and branch or environment, let the pipeline assume it, and " +
			"delete the key.",
		Examples: []Example{
			{Language: model.Terraform, Bad: true, Code: `resource "aws_iam_access_key" "ci" {
  user = "github-actions"
}

resource "github_actions_secret" "aws_secret" {
  repository      = "app"
  secret_name     = "AWS_SECRET_ACCESS_KEY"
  plaintext_value = aws_iam_access_key.ci.secret
}
`},
			{Language: model.Terraform, Code: `resource "github_actions_variable" "role" {
  repository    = "app"
  variable_name = "AWS_ROLE_ARN"
  value         = "arn:aws:iam::123456789012:role/github-deploy"
}
`},
			{Language: model.Shell, Bad: true, Code: `SECRET=$(aws iam create-access-key --user-name github-actions \
  --query AccessKey.SecretAccessKey --output text)
gh secret set AWS_SECRET_ACCESS_KEY --repo org/app --body "$SECRET"
`},
			{Language: model.Shell, Code: `gh variable set AWS_ROLE_ARN --repo org/app \
  --body arn:aws:iam::123456789012:role/github-deploy
`},
		},
	},
	Languages: iacAndShell, // configured sinks may be CloudFormation types
	Reads:     Reads{Flow: true},
	Check:     reportFlows,
}
