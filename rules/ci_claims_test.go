package rules

import (
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/model"
)

func TestGlobIntersects(t *testing.T) {
	for _, tc := range []struct {
		a       string
		literal bool
		b       string
		want    bool
	}{
		{"repo:acme/app:ref:refs/heads/main", true, "repo:*:ref:refs/heads/main", true},
		{"repo:acme/app:ref:refs/heads/main", true, "repo:*:ref:refs/heads/dev", false},
		{"repo:acme/*", false, "repo:acme/app:environment:prod", true},
		{"repo:acme/*", true, "repo:acme/app:environment:prod", false}, // StringEquals: * is a character
		{"repo:acme/app:ref:refs/heads/release/*", false, "repo:*:ref:refs/heads/release/*", true},
		{"repo:acme/app:ref:refs/heads/release/*", false, "repo:*:pull_request", false},
		{"repo:acme/ap?:*", false, "repo:acme/app:pull_request", true},
		{"*", false, "", true},
		{"a*b*c", false, "*x*", true},
		{"repo:acme/app:ref:refs/heads/main", true, "repo:*:ref:refs/heads/*", true},
		{"repo:acme/app:ref:refs/heads/main", true, "repo:*", false}, // an unknown repository is one segment
		{"repo:acme/app:*", false, "repo:*:environment:prod", true},
		{"abc", true, "abd", false},
	} {
		if got := (glob{text: tc.a, literal: tc.literal}).intersects(claimGlob(tc.b)); got != tc.want {
			t.Errorf("%q (literal %v) ∩ %q = %v, want %v", tc.a, tc.literal, tc.b, got, tc.want)
		}
	}
}

// job builds a CI job of lang as a front-end would.
func job(lang model.Language, repo, environment string, triggers ...*model.Value) *ciJob {
	body := &model.Value{Kind: model.Object}
	set := func(name string, v *model.Value) { body.Attrs = append(body.Attrs, &model.Attr{Name: name, Value: v}) }
	if repo != "" {
		set(model.CIRepository, &model.Value{Kind: model.String, Str: repo})
	}
	if environment != "" {
		set(model.CIEnvironment, &model.Value{Kind: model.String, Str: environment})
	}
	set(model.CITriggers, &model.Value{Kind: model.List, Elems: triggers})
	return &ciJob{mod: &model.Module{File: "repo/.github/workflows/deploy.yml", Language: lang}, job: &model.Resource{Type: model.CIJobType, Body: body}, sys: ciSystems[lang]}
}

func trigger(event string, branches, tags []string) *model.Value {
	t := &model.Value{Kind: model.Object}
	t.Attrs = append(t.Attrs, &model.Attr{Name: "event", Value: &model.Value{Kind: model.String, Str: event}})
	list := func(name string, xs []string) {
		if xs == nil {
			return
		}
		l := &model.Value{Kind: model.List}
		for _, x := range xs {
			l.Elems = append(l.Elems, &model.Value{Kind: model.String, Str: x})
		}
		t.Attrs = append(t.Attrs, &model.Attr{Name: name, Value: l})
	}
	list("branches", branches)
	list("tags", tags)
	return t
}

func trust(issuer string, conds ...model.Condition) oidcTrust {
	return oidcTrust{s: &model.Statement{Conditions: conds}, issuer: issuer}
}

func cond(op, key string, values ...string) model.Condition {
	c := model.Condition{Operator: op, Key: key, Known: true}
	for _, v := range values {
		c.Values = append(c.Values, model.Element{Value: v, Known: true})
	}
	return c
}

// TestSubjectMatching: the claims a job presents against the sub and aud
// patterns of a trust, for GitHub's and GitLab's formats.
func TestSubjectMatching(t *testing.T) {
	const gh, gl = "token.actions.githubusercontent.com", "gitlab.com"
	push := func(branches ...string) *model.Value { return trigger("push", branches, []string{}) }
	for _, tc := range []struct {
		name   string
		job    *ciJob
		trust  oidcTrust
		aud    string
		accept bool
		opts   Options
	}{
		{"branch matches", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:ref:refs/heads/main")), "", true, Options{}},
		{"other branch", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:ref:refs/heads/release")), "", false, Options{}},
		{"other repository", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringEquals", gh+":sub", "repo:acme/other:ref:refs/heads/main")), "", false, Options{}},
		{"unknown repository matches any", job(model.GitHubActions, "", "", push("main")),
			trust(gh, cond("StringEquals", gh+":sub", "repo:acme/other:ref:refs/heads/main")), "", true, Options{}},
		{"environment replaces the ref", job(model.GitHubActions, "acme/app", "prod", push("main")),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:ref:refs/heads/main")), "", false, Options{}},
		{"environment matches", job(model.GitHubActions, "acme/app", "prod", push("main")),
			trust(gh, cond("StringEquals", gh+":sub", "repo:acme/app:environment:prod")), "", true, Options{}},
		{"pull request", job(model.GitHubActions, "acme/app", "", trigger("pull_request", nil, nil)),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:pull_request")), "", true, Options{}},
		{"pull request against a branch pattern", job(model.GitHubActions, "acme/app", "", trigger("pull_request", nil, nil)),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:ref:refs/heads/*")), "", false, Options{}},
		{"tags", job(model.GitHubActions, "acme/app", "", trigger("push", []string{}, []string{"v*"})),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:ref:refs/tags/v1.*")), "", true, Options{}},
		{"workflow_dispatch runs on any branch", job(model.GitHubActions, "acme/app", "", trigger("workflow_dispatch", nil, nil)),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:ref:refs/heads/main")), "", true, Options{}},
		{"ID form is not judged", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringEquals", gh+":sub", "repo:acme@1234/app@5678:ref:refs/heads/main")), "", true, Options{}},
		{"customized template is not judged", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringLike", gh+":sub", "job_workflow_ref:acme/wf/*")), "", true, Options{}},
		{"one of several values", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:pull_request", "repo:acme/app:ref:refs/heads/main")), "", true, Options{}},
		{"audience", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringEquals", gh+":aud", "sts.amazonaws.com")), "sts.example.com", false, Options{}},
		{"audience default", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringEquals", gh+":aud", "sts.amazonaws.com")), "", true, Options{}},
		{"gitlab branch", job(model.GitLabCI, "group/app", "", push("main")),
			trust(gl, cond("StringLike", gl+":sub", "project_path:group/app:ref_type:branch:ref:main")), "", true, Options{}},
		{"gitlab other branch", job(model.GitLabCI, "group/app", "", push("dev")),
			trust(gl, cond("StringLike", gl+":sub", "project_path:group/app:ref_type:branch:ref:main")), "", false, Options{}},
		{"gitlab environment is not in the sub", job(model.GitLabCI, "group/app", "prod", push("main")),
			trust(gl, cond("StringLike", gl+":sub", "project_path:group/app:ref_type:branch:ref:main")), "", true, Options{}},
		{"gitlab any ref", job(model.GitLabCI, "group/app", "", trigger("push", nil, nil)),
			trust(gl, cond("StringLike", gl+":sub", "project_path:group/app:ref_type:tag:ref:v*")), "", true, Options{}},
		{"unknown condition", job(model.GitHubActions, "acme/app", "", push("main")),
			oidcTrust{s: &model.Statement{Conditions: []model.Condition{{Known: false}}}, issuer: gh}, "", true, Options{}},
		{"other operators are not judged", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringNotLike", gh+":sub", "repo:acme/app:*")), "", true, Options{}},
		{"ID form with configured IDs", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringEquals", gh+":sub", "repo:acme@1234/app@5678:ref:refs/heads/main")), "", true,
			Options{OwnerID: "1234", RepositoryID: "5678"}},
		{"ID form with other IDs", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringEquals", gh+":sub", "repo:acme@1234/app@9999:ref:refs/heads/main")), "", false,
			Options{OwnerID: "1234", RepositoryID: "5678"}},
		{"custom template matches", job(model.GitHubActions, "acme/app", "prod", push("main")),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:environment:prod:job_workflow_ref:acme/app/.github/workflows/*")), "", true,
			Options{SubjectClaims: []string{"repo", "context", "job_workflow_ref"}}},
		{"custom template, other environment", job(model.GitHubActions, "acme/app", "staging", push("main")),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:environment:prod:job_workflow_ref:*")), "", false,
			Options{SubjectClaims: []string{"repo", "context", "job_workflow_ref"}}},
		{"custom template of owner and workflow", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringEquals", gh+":sub", "repository_owner:acme:job_workflow_ref:acme/app/.github/workflows/deploy.yml@refs/heads/main")), "", true,
			Options{SubjectClaims: []string{"repository_owner", "job_workflow_ref"}}},
		{"custom template of owner, other workflow", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringEquals", gh+":sub", "repository_owner:acme:job_workflow_ref:acme/app/.github/workflows/release.yml@refs/heads/main")), "", false,
			Options{SubjectClaims: []string{"repository_owner", "job_workflow_ref"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			aud := []string{tc.job.sys.audience}
			if tc.aud != "" {
				aud = []string{tc.aud}
			}
			ok, why := tc.trust.accepts(tc.job.subPrefix(tc.opts), tc.job.subjects(tc.opts), aud)
			if ok != tc.accept {
				t.Errorf("accepts = %v (%v), want %v; subjects %s", ok, why, tc.accept, strings.Join(tc.job.subjects(tc.opts), " "))
			}
			if !ok && why == nil {
				t.Error("refused without naming the condition")
			}
		})
	}
}

// TestConfiguredRepository: ci.repository wins over the git remote.
func TestConfiguredRepository(t *testing.T) {
	j := job(model.GitHubActions, "mirror/app", "", trigger("push", []string{"main"}, []string{}))
	if got := j.subjects(Options{Repository: "acme/app"}); got[0] != "repo:acme/app:ref:refs/heads/main" {
		t.Errorf("subjects %v", got)
	}
}
