package rules

import (
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// The facts of each CI system that IAM501 and IAM502 need, as data keyed by
// the pipeline's language: the OIDC issuer and audience AWS is told about,
// the sub claim a job presents, how a job asks for a token and assumes a
// role. A CI system the table lacks offers no OIDC to AWS, so neither rule
// reports on it.

// ciSystem is one CI system's OIDC facts.
type ciSystem struct {
	name     string
	provider string // the oidcProviders entry of its issuer
	issuer   string // host and path of the issuer, as in the provider's url and the condition keys
	audience string // the default aud
	// subjects are the sub claim formats, by what the job runs for:
	// {repo}, {branch}, {tag}, {environment} are filled in from the job
	// ("*" when unknown). An empty format: the system has no such form.
	subBranch, subTag, subEnvironment, subPullRequest string
	// subPrefix starts every default-format subject; a trust whose sub
	// patterns all start otherwise uses a customized format the scan cannot
	// know, and IAM502 does not judge it.
	subPrefix string
	// repoPlaceholder stands for the repository in a subject the fix
	// suggests when the scan cannot tell it (no git remote, no
	// ci.repository): never "*", which would scope nothing (IAM303).
	repoPlaceholder string
	// idForm says the repository may be written with IDs in the sub
	// (GitHub's owner@ID/repo@ID), which the scan knows only from
	// ci.owner-id and ci.repository-id.
	idForm bool
	// customClaims says the sub may be a customized template of claims
	// (GitHub's include_claim_keys), which ci.subject-claims declares.
	customClaims bool
	// requestToken and assumeRole say how the job asks for a token and
	// uses it, for the fix.
	requestToken, assumeRole string
	// roleInputs are the inputs of an action, orb or pipe that name the
	// role a job assumes with its OIDC token, and roleEnv the environment
	// entries that do.
	roleInputs, roleEnv []string
	// audienceInputs are the inputs that change the audience requested.
	audienceInputs []string
	// implicitKeys are the orb commands and pipes that read the keys from
	// the environment when no role is given (CircleCI's aws-cli/setup
	// with neither keys nor role_arn takes AWS_ACCESS_KEY_ID from the
	// project or context).
	implicitKeys []string
	// tokenOnRequest: a job gets a token only when it asks in the pipeline
	// (model.CIIDToken), so a job that does not cannot assume a role.
	tokenOnRequest bool
}

var ciSystems = map[model.Language]ciSystem{
	model.GitHubActions: {
		name: "GitHub Actions", provider: "GitHub Actions", issuer: "token.actions.githubusercontent.com", audience: "sts.amazonaws.com",
		subBranch: "repo:{repo}:ref:refs/heads/{branch}", subTag: "repo:{repo}:ref:refs/tags/{tag}",
		subEnvironment: "repo:{repo}:environment:{environment}", subPullRequest: "repo:{repo}:pull_request",
		subPrefix: "repo:", repoPlaceholder: "<owner>/<repo>", idForm: true, customClaims: true,
		requestToken:   "permissions: id-token: write",
		assumeRole:     "aws-actions/configure-aws-credentials with role-to-assume (and no keys)",
		roleInputs:     []string{"role-to-assume"},
		audienceInputs: []string{"audience"},
		tokenOnRequest: true,
	},
	model.GitLabCI: {
		name: "GitLab CI", provider: "GitLab", issuer: "gitlab.com", audience: "sts.amazonaws.com",
		subBranch: "project_path:{repo}:ref_type:branch:ref:{branch}", subTag: "project_path:{repo}:ref_type:tag:ref:{tag}",
		subPrefix:       "project_path:",
		repoPlaceholder: "<group>/<project>",
		requestToken:    "id_tokens: {AWS_TOKEN: {aud: sts.amazonaws.com}}",
		assumeRole:      "aws sts assume-role-with-web-identity --role-arn $ROLE_ARN --web-identity-token $AWS_TOKEN",
		roleEnv:         []string{"ROLE_ARN", "AWS_ROLE_ARN"},
		// A job without id_tokens gets no token.
		tokenOnRequest: true,
	},
	model.CircleCI: {
		name: "CircleCI", provider: "CircleCI", issuer: "oidc.circleci.com/org/<organization-id>", audience: "<organization-id>",
		subBranch: "org/*/project/*/user/*", subTag: "org/*/project/*/user/*", subPrefix: "org/",
		requestToken: "a context on the job (CircleCI issues $CIRCLE_OIDC_TOKEN)",
		assumeRole:   "the aws-cli orb's setup with role_arn",
		roleInputs:   []string{"role_arn", "role-arn"},
		implicitKeys: []string{"aws-cli/setup"},
	},
	model.Bitbucket: {
		name: "Bitbucket Pipelines", provider: "Bitbucket Pipelines", issuer: "api.bitbucket.org/2.0/workspaces/<workspace>/pipelines-config/identity/oidc", audience: "ari:cloud:bitbucket::workspace/<workspace-uuid>",
		subBranch: "*", subTag: "*",
		requestToken:   "oidc: true on the step",
		assumeRole:     "the AWS pipe's AWS_OIDC_ROLE_ARN variable",
		roleInputs:     []string{"AWS_OIDC_ROLE_ARN"},
		tokenOnRequest: true,
	},
	model.Buildkite: {
		name: "Buildkite", provider: "Buildkite", issuer: "agent.buildkite.com", audience: "sts.amazonaws.com",
		subBranch: "organization:*:pipeline:*:ref:refs/heads/{branch}:commit:*:step:*", subTag: "organization:*:pipeline:*:ref:refs/tags/{tag}:commit:*:step:*",
		subPrefix:    "organization:",
		requestToken: "buildkite-agent oidc request-token --audience sts.amazonaws.com",
		assumeRole:   "the aws-assume-role-with-web-identity plugin with role-arn",
		roleInputs:   []string{"role-arn"},
	},
}

// ciLanguages are the CI pipelines IAM501 and IAM502 read.
var ciLanguages = []model.Language{model.GitHubActions, model.GitLabCI, model.CircleCI, model.Bitbucket, model.Buildkite}

// separators are dropped from names before they are compared: built once,
// a Replacer is costly to build.
var separators = strings.NewReplacer("_", "", "-", "")

// keyEntryName reports which part of a key an environment entry or
// action input holds by its name: aws-access-key-id, AWS_SECRET_ACCESS_KEY,
// aws_secret_access_key ("" when neither).
func keyEntryName(name string) string {
	n := separators.Replace(strings.ToLower(name))
	switch n {
	case "awsaccesskeyid", "accesskeyid", "awsaccesskey":
		return "id"
	case "awssecretaccesskey", "secretaccesskey", "awssecretkey":
		return "secret"
	}
	return ""
}

// ciSecretStore is a resource type that stores a secret or variable a
// pipeline reads by name: how a key made in Terraform reaches a job.
type ciSecretStore struct {
	nameAttr, repoAttr string
	what               string // "GitHub secret"
	provider           string // the CI system whose jobs read it (ciSystem.provider)
	// injected: every job of the project gets the variable in its
	// environment without naming it (GitLab and Bitbucket variables,
	// CircleCI project variables).
	injected bool
}

// ciSecretStores are keyed by resource type.
var ciSecretStores = map[string]ciSecretStore{
	"github_actions_secret":                 {nameAttr: "secret_name", repoAttr: "repository", provider: "GitHub Actions", what: "GitHub Actions secret"},
	"github_actions_environment_secret":     {nameAttr: "secret_name", repoAttr: "repository", provider: "GitHub Actions", what: "GitHub Actions environment secret"},
	"github_actions_organization_secret":    {nameAttr: "secret_name", provider: "GitHub Actions", what: "GitHub Actions organization secret"},
	"gitlab_project_variable":               {nameAttr: "key", repoAttr: "project", provider: "GitLab", what: "GitLab project variable", injected: true},
	"gitlab_group_variable":                 {nameAttr: "key", provider: "GitLab", what: "GitLab group variable", injected: true},
	"circleci_environment_variable":         {nameAttr: "name", repoAttr: "project", provider: "CircleCI", what: "CircleCI project variable", injected: true},
	"circleci_context_environment_variable": {nameAttr: "variable", provider: "CircleCI", what: "CircleCI context variable"},
	"bitbucket_repository_variable":         {nameAttr: "key", repoAttr: "repository", provider: "Bitbucket Pipelines", what: "Bitbucket repository variable", injected: true},
	"bitbucket_deployment_variable":         {nameAttr: "key", provider: "Bitbucket Pipelines", what: "Bitbucket deployment variable"},
	"bitbucket_workspace_variable":          {nameAttr: "key", provider: "Bitbucket Pipelines", what: "Bitbucket workspace variable", injected: true},
}

func ciSecretStoreTypes() []string {
	var out []string
	for t := range ciSecretStores {
		out = append(out, t)
	}
	return out
}

// roleTypes are the resource types of roles whose trust a job must meet,
// and the attribute that names each.
var roleTypes = map[string]string{"aws_iam_role": "name", "AWS::IAM::Role": "RoleName"}
