package lint

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/rules"
)

// ciTree is a repository whose Terraform makes a key, stores it as the
// secret a workflow reads, and a git remote that names it.
func ciTree(t *testing.T, secretRepository string) string {
	root := t.TempDir()
	write(t, root, map[string]string{
		".git/config": "[remote \"origin\"]\n\turl = git@github.com:acme/app.git\n",
		"infra/main.tf": `resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

locals {
  secret = aws_iam_access_key.ci.secret
}

resource "github_actions_secret" "secret" {
  repository      = "` + secretRepository + `"
  secret_name     = "AWS_SECRET_ACCESS_KEY"
  plaintext_value = local.secret
}
`,
		".github/workflows/deploy.yml": `on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
          aws-region: eu-west-1
`,
	})
	return root
}

// TestCrossLanguageFlow: the key made in Terraform, stored as a GitHub
// secret and read by a workflow's step is one flow, from the key through
// the local and the secret to the job, the step and the expression that
// reads it, across files and languages; the sub claim comes from the git
// remote.
func TestCrossLanguageFlow(t *testing.T) {
	root := ciTree(t, "app")
	res, err := New(Options{Go: GoOff, Rules: []*rules.Rule{rules.Lookup("IAM501")}}).Lint(context.Background(), []string{root})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 {
		t.Fatalf("findings: %v, diagnostics %v", res.Findings, res.Diagnostics)
	}
	f := res.Findings[0]
	var hops []string
	for _, h := range f.Flow {
		rel, _ := filepath.Rel(root, h.Range.File)
		hops = append(hops, fmt.Sprintf("%s:%d:%d %s", filepath.ToSlash(rel), h.Range.Start.Line, h.Range.Start.Column, h.Message))
	}
	want := []string{
		`infra/main.tf:5:1 access key "aws_iam_access_key.ci"`,
		`infra/main.tf:10:12 aws_iam_access_key.ci.secret`,
		`infra/main.tf:10:3 local.secret`,
		`infra/main.tf:13:1 GitHub Actions secret "AWS_SECRET_ACCESS_KEY"`,
		`.github/workflows/deploy.yml:5:3 job "deploy"`,
		`.github/workflows/deploy.yml:8:9 step "jobs.deploy.steps[0]"`,
		`.github/workflows/deploy.yml:11:38 reads secrets.AWS_SECRET_ACCESS_KEY`,
	}
	if strings.Join(hops, "\n") != strings.Join(want, "\n") {
		t.Errorf("flow:\n%s\nwant:\n%s", strings.Join(hops, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(f.Message, `sub "repo:acme/app:ref:refs/heads/main"`) || strings.Contains(f.Message, "stored for repository") {
		t.Errorf("message: %s", f.Message)
	}
	if got := fmt.Sprintf("%d:%d-%d:%d", f.Range.Start.Line, f.Range.Start.Column, f.Range.End.Line, f.Range.End.Column); got != "11:34-11:70" {
		t.Errorf("range %s", got)
	}
}

// TestSecretOfAnotherRepository: a secret stored for another repository
// is linked by its name, and the finding says which repository; the
// configured repository wins over the git remote.
func TestSecretOfAnotherRepository(t *testing.T) {
	root := ciTree(t, "infra-tools")
	opts := Options{Go: GoOff, Rules: []*rules.Rule{rules.Lookup("IAM501")}}
	opts.RuleOptions.Repository = "acme/site"
	res, err := New(opts).Lint(context.Background(), []string{root})
	if err != nil || len(res.Findings) != 1 {
		t.Fatalf("%v %v", res, err)
	}
	msg := res.Findings[0].Message
	if !strings.Contains(msg, `(stored for repository "infra-tools", not "acme/site")`) || !strings.Contains(msg, `"repo:acme/site:ref:refs/heads/main"`) {
		t.Errorf("message: %s", msg)
	}
}

// TestBrokenPipelines: a pipeline that is not YAML is an error at the
// offending character, in every CI system, and hides nothing else.
func TestBrokenPipelines(t *testing.T) {
	root := t.TempDir()
	broken := "jobs:\n  deploy: [unclosed\n"
	write(t, root, map[string]string{
		".github/workflows/a.yml": broken,
		".gitlab-ci.yml":          broken,
		".circleci/config.yml":    broken,
		"bitbucket-pipelines.yml": broken,
		".buildkite/pipeline.yml": broken,
		"main.tf":                 "resource \"aws_iam_access_key\" \"k\" {\n  user = \"u\"\n}\n",
	})
	res, err := New(Options{Go: GoOff}).Lint(context.Background(), []string{root})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Diagnostics {
		rel, _ := filepath.Rel(root, d.Range.File)
		got = append(got, fmt.Sprintf("%s:%d:%d %s %s", filepath.ToSlash(rel), d.Range.Start.Line, d.Range.Start.Column, d.Severity, d.Summary))
	}
	want := []string{
		".buildkite/pipeline.yml:2:11 error invalid YAML: did not find expected ',' or ']'",
		".circleci/config.yml:2:11 error invalid YAML: did not find expected ',' or ']'",
		".github/workflows/a.yml:2:11 error invalid YAML: did not find expected ',' or ']'",
		".gitlab-ci.yml:2:11 error invalid YAML: did not find expected ',' or ']'",
		"bitbucket-pipelines.yml:2:11 error invalid YAML: did not find expected ',' or ']'",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(res.Findings) != 1 || res.Findings[0].Rule.ID != "IAM105" {
		t.Errorf("findings %v", res.Findings)
	}
}

// TestPipelineSuppression: "# iamlint:ignore" on the line before a step or
// at the end of an entry's line silences the findings inside it.
func TestPipelineSuppression(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		".github/workflows/deploy.yml": `on: push
jobs:
  legacy:
    runs-on: ubuntu-latest
    steps:
      # iamlint:ignore IAM501 the vendor's runner has no OIDC (SEC-7)
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
  other:
    runs-on: ubuntu-latest
    env:
      AWS_SECRET_ACCESS_KEY: ${{ secrets.OTHER }}
`,
		".gitlab-ci.yml": `deploy:
  variables:
    AWS_SECRET_ACCESS_KEY: $SECRET # iamlint:ignore IAM501 migrating in Q3
  script: [make]
`,
	})
	res, err := New(Options{Go: GoOff}).Lint(context.Background(), []string{root})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s %d", filepath.Base(f.Range.File), f.Range.Start.Line))
	}
	for _, s := range res.Suppressed {
		got = append(got, fmt.Sprintf("%s %d suppressed: %s", filepath.Base(s.Range.File), s.Range.Start.Line, s.Justification))
	}
	want := "deploy.yml 14|deploy.yml 10 suppressed: the vendor's runner has no OIDC (SEC-7)|.gitlab-ci.yml 3 suppressed: migrating in Q3"
	if strings.Join(got, "|") != want {
		t.Errorf("got %s\nwant %s", strings.Join(got, "|"), want)
	}
}
