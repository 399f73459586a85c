package rules

import (
	"fmt"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

var oidcTrustUnscoped = &Rule{
	ID:        "IAM303",
	Name:      "oidc-trust-unscoped",
	Level:     model.Error,
	Short:     "A role trusts an OIDC provider without scoping the sub claim",
	Precision: "high",
	Tags:      []string{"iam", "trust", "oidc", "ci"},
	Doc: Doc{
		Why: "A role that trusts GitHub's (or GitLab's, Terraform Cloud's, CircleCI's, Bitbucket's, Buildkite's, " +
			"Spacelift's, an EKS cluster's) OIDC provider for sts:AssumeRoleWithWebIdentity without a condition on the " +
			"token's sub claim can be assumed by every repository or project on that service, not only yours. A " +
			"StringLike pattern whose owner part is a wildcard is no better: \"*\", \"repo:*\", \"repo:*/*:ref:refs/heads/main\", " +
			"GitLab's \"project_path:*\", EKS's \"system:serviceaccount:*:*\". GitHub's subjects with IDs " +
			"(repo:octo-org@123/octo-repo@456:...) are scoped like the plain ones. iamlint knows the provider from the Federated " +
			"principal: a literal ARN, a reference to an aws_iam_openid_connect_provider, a !Sub, or an ARN with a shell variable for the account; when the issuer is known " +
			"only when applied (module.eks.oidc_provider_arn, with the key \"${module.eks.oidc_provider}:sub\"), from the " +
			"shape of the subject (system:serviceaccount:, repo:, project_path:).",
		Fix: "Add a condition on <provider>:sub naming the repository and branch or environment " +
			"(StringEquals or StringLike, e.g. repo:my-org/my-repo:ref:refs/heads/main), plus <provider>:aud.",
		Examples: []Example{
			{Language: model.Terraform, Bad: true, Code: `resource "aws_iam_role" "deploy" {
  name = "github-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
      Condition = { StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" } }
    }]
  })
}
`},
			{Language: model.Terraform, Code: `resource "aws_iam_role" "deploy" {
  name = "github-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:my-org/my-repo:ref:refs/heads/main" }
      }
    }]
  })
}
`},
			{Language: model.CloudFormation, Bad: true, Code: `Resources:
  Deploy:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRoleWithWebIdentity
            Principal:
              Federated: !Sub arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com
            Condition:
              StringLike:
                token.actions.githubusercontent.com:sub: "repo:*"
`},
			{Language: model.CloudFormation, Code: `Resources:
  Deploy:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRoleWithWebIdentity
            Principal:
              Federated: !Sub arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com
            Condition:
              StringEquals:
                token.actions.githubusercontent.com:aud: sts.amazonaws.com
              StringLike:
                token.actions.githubusercontent.com:sub: "repo:acme/app:ref:refs/heads/main"
`},
			{Language: model.Shell, Bad: true, Code: `aws iam create-role --role-name github-deploy --assume-role-policy-document '{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
    "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}
  }]
}'
`},
			{Language: model.Shell, Code: `aws iam create-role --role-name github-deploy --assume-role-policy-document '{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
    "Condition": {
      "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
      "StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/app:ref:refs/heads/main"}
    }
  }]
}'
`},
		},
	},
	Languages: iacAndShell,
	Reads:     Reads{Types: oidcProviderTypes, Policies: []model.PolicyKind{model.TrustPolicy}},
	Check:     checkOIDCTrust,
}

// oidcProvider recognises a CI or cluster OIDC issuer by its host and path.
// oidcProviderTypes are the resource types a Federated principal may name
// the issuer through.
var oidcProviderTypes = []string{"aws_iam_openid_connect_provider"}

type oidcProvider struct {
	name                  string
	exact, prefix, suffix string
	containsAfterPrefix   string
}

// oidcProviders is data: add an issuer here, not code.
var oidcProviders = []oidcProvider{
	{name: "GitHub Actions", exact: "token.actions.githubusercontent.com"},
	{name: "GitLab", exact: "gitlab.com"},
	{name: "Terraform Cloud", exact: "app.terraform.io"},
	{name: "CircleCI", prefix: "oidc.circleci.com/org/"},
	{name: "Bitbucket Pipelines", prefix: "api.bitbucket.org/2.0/workspaces/"},
	{name: "Buildkite", exact: "agent.buildkite.com"},
	{name: "Spacelift", suffix: ".app.spacelift.io"},
	{name: "EKS", prefix: "oidc.eks.", containsAfterPrefix: ".amazonaws.com/id/"},
}

func (o oidcProvider) matches(issuer string) bool {
	switch {
	case o.exact != "":
		return issuer == o.exact
	case o.suffix != "":
		return strings.HasSuffix(issuer, o.suffix)
	case o.containsAfterPrefix != "":
		return strings.HasPrefix(issuer, o.prefix) && strings.Contains(issuer[len(o.prefix):], o.containsAfterPrefix)
	}
	return strings.HasPrefix(issuer, o.prefix)
}

func checkOIDCTrust(p *Pass) {
	// No guard key: which condition scopes the token depends on the issuer.
	for ap, s := range p.unguardedTrust([]string{"sts:AssumeRoleWithWebIdentity"}) {
		unknownIssuer := false
		for _, pr := range s.Principals {
			if pr.Type != "Federated" {
				continue
			}
			if issuer, provider := p.federatedIssuer(ap.mod, pr.Element); provider != nil {
				checkSubClaim(p, ap, s, pr, issuer, provider)
			} else {
				// Known only when applied, or an issuer of no
				// listed provider (self-hosted GitLab, GitHub
				// Enterprise's token.actions.githubusercontent.com/<slug>).
				unknownIssuer = true
			}
		}
		if unknownIssuer {
			checkInferredSubjects(p, ap, s)
		}
	}
}

// checkInferredSubjects judges the sub conditions of a statement whose
// issuer is known only when applied, or is no listed provider's: most EKS roles trust
// module.eks.oidc_provider_arn and name the key
// "${module.eks.oidc_provider}:sub". The key still ends in :sub, and the
// subject says whose it is (system:serviceaccount:, repo:,
// project_path:); a pattern that scopes nothing for that provider is
// reported as if the issuer were written out.
func checkInferredSubjects(p *Pass, ap attachedPolicy, s *model.Statement) {
	for _, c := range s.Conditions {
		key := c.Key
		if !c.Known {
			key = c.KeyPattern
		}
		if !strings.HasSuffix(strings.ToLower(key), ":sub") || !strings.Contains(strings.ToLower(c.Operator), "like") {
			continue
		}
		for _, v := range c.Values {
			text, holes, ok := subjectText(v)
			if !ok {
				continue
			}
			provider := providerOfSubject(text)
			if provider == "" || !subjectScopesNothing(provider, text, holes) || scopedByOtherClaim(s, provider) {
				continue
			}
			p.Report(Finding{
				Range:   v.Range,
				Address: ap.owner.Address,
				Key:     "sub " + text,
				Message: fmt.Sprintf("role %s trusts every %s subject: %s matches %s", quote(ap.owner.Address), provider, quote(key+" "+showHoles(text, holes)), anySubjectAdvice(provider)),
			})
		}
	}
}

func checkSubClaim(p *Pass, ap attachedPolicy, s *model.Statement, pr model.Principal, issuer string, provider *oidcProvider) {
	if scopedByOtherClaim(s, provider.name) {
		return // sub is left open, a project or owner ID is pinned instead
	}
	subKey := issuer + ":sub"
	found := false
	for _, c := range s.Conditions {
		if !c.Known {
			return // an unknown condition could be the one that scopes it
		}
		if !strings.EqualFold(c.Key, subKey) {
			continue
		}
		found = true
		like := strings.Contains(strings.ToLower(c.Operator), "like")
		for _, v := range c.Values {
			text, holes, ok := subjectText(v)
			if ok && like && subjectScopesNothing(provider.name, text, holes) {
				p.Report(Finding{
					Range:   v.Range,
					Address: ap.owner.Address,
					Key:     "sub " + text,
					Message: fmt.Sprintf("role %s trusts every %s subject: %s matches %s", quote(ap.owner.Address), provider.name, quote(subKey+" "+showHoles(text, holes)), anySubjectAdvice(provider.name)),
				})
			}
		}
	}
	if found || s.ConditionsUnknown {
		return
	}
	p.Report(Finding{
		Range:   pr.Range,
		Address: ap.owner.Address,
		Key:     "no sub " + issuer,
		Message: fmt.Sprintf("role %s trusts the %s OIDC provider with no condition on %s, so any repository or project on it can assume the role; add one naming yours", quote(ap.owner.Address), provider.name, quote(subKey)),
	})
}

// federatedIssuer finds the OIDC issuer a Federated principal names: a
// literal provider ARN or issuer, or a reference to an
// aws_iam_openid_connect_provider of the module whose url is known.
func (p *Pass) federatedIssuer(m *model.Module, e model.Element) (string, *oidcProvider) {
	var issuer string
	switch {
	case e.Known:
		issuer = e.Value
		if i := strings.Index(issuer, ":oidc-provider/"); i >= 0 {
			issuer = issuer[i+len(":oidc-provider/"):]
		}
	case strings.Contains(e.Pattern, ":oidc-provider/"):
		// arn:aws:iam::${AWS::AccountId}:oidc-provider/<issuer>: the
		// account is unknown, the issuer is written out.
		issuer = e.Pattern[strings.Index(e.Pattern, ":oidc-provider/")+len(":oidc-provider/"):]
		if strings.Contains(issuer, "*") {
			issuer = ""
		}
	default:
		for _, ref := range e.Refs {
			if ref.Kind != model.RefResource {
				continue
			}
			p.firstIn(m, oidcProviderTypes, func(r *model.Resource) bool {
				if r.Address == ref.Name {
					issuer, _ = r.Attr("url").AsString()
				}
				return false // the last of that address, as ever
			})
		}
	}
	issuer = strings.TrimPrefix(strings.TrimPrefix(issuer, "https://"), "http://")
	for i := range oidcProviders {
		if issuer != "" && oidcProviders[i].matches(issuer) {
			return issuer, &oidcProviders[i]
		}
	}
	return "", nil
}

// anySubjectAdvice says what an open sub pattern lets in, and what to
// name instead.
func anySubjectAdvice(provider string) string {
	if provider == "EKS" {
		return "every service account of every namespace; name the namespace and service account (system:serviceaccount:<namespace>:<name>)"
	}
	return "any repository or project; name the repository and branch or environment"
}

// subjectText is a sub condition value as far as it is known: the value,
// or the pattern of one built from a template ("repo:*/${var.repo}:*")
// with its holes.
func subjectText(v model.Element) (string, []int, bool) {
	if v.Known {
		return v.Value, nil, true
	}
	return v.Pattern, v.Holes, v.Pattern != ""
}
