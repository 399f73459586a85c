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
	return &ciJob{job: &model.Resource{Type: model.CIJobType, Body: body}, sys: ciSystems[lang]}
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
	}{
		{"branch matches", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:ref:refs/heads/main")), "", true},
		{"other branch", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:ref:refs/heads/release")), "", false},
		{"other repository", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringEquals", gh+":sub", "repo:acme/other:ref:refs/heads/main")), "", false},
		{"unknown repository matches any", job(model.GitHubActions, "", "", push("main")),
			trust(gh, cond("StringEquals", gh+":sub", "repo:acme/other:ref:refs/heads/main")), "", true},
		{"environment replaces the ref", job(model.GitHubActions, "acme/app", "prod", push("main")),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:ref:refs/heads/main")), "", false},
		{"environment matches", job(model.GitHubActions, "acme/app", "prod", push("main")),
			trust(gh, cond("StringEquals", gh+":sub", "repo:acme/app:environment:prod")), "", true},
		{"pull request", job(model.GitHubActions, "acme/app", "", trigger("pull_request", nil, nil)),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:pull_request")), "", true},
		{"pull request against a branch pattern", job(model.GitHubActions, "acme/app", "", trigger("pull_request", nil, nil)),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:ref:refs/heads/*")), "", false},
		{"tags", job(model.GitHubActions, "acme/app", "", trigger("push", []string{}, []string{"v*"})),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:ref:refs/tags/v1.*")), "", true},
		{"workflow_dispatch runs on any branch", job(model.GitHubActions, "acme/app", "", trigger("workflow_dispatch", nil, nil)),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:ref:refs/heads/main")), "", true},
		{"ID form is not judged", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringEquals", gh+":sub", "repo:acme@1234/app@5678:ref:refs/heads/main")), "", true},
		{"customized template is not judged", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringLike", gh+":sub", "job_workflow_ref:acme/wf/*")), "", true},
		{"one of several values", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringLike", gh+":sub", "repo:acme/app:pull_request", "repo:acme/app:ref:refs/heads/main")), "", true},
		{"audience", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringEquals", gh+":aud", "sts.amazonaws.com")), "sts.example.com", false},
		{"audience default", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringEquals", gh+":aud", "sts.amazonaws.com")), "", true},
		{"gitlab branch", job(model.GitLabCI, "group/app", "", push("main")),
			trust(gl, cond("StringLike", gl+":sub", "project_path:group/app:ref_type:branch:ref:main")), "", true},
		{"gitlab other branch", job(model.GitLabCI, "group/app", "", push("dev")),
			trust(gl, cond("StringLike", gl+":sub", "project_path:group/app:ref_type:branch:ref:main")), "", false},
		{"gitlab environment is not in the sub", job(model.GitLabCI, "group/app", "prod", push("main")),
			trust(gl, cond("StringLike", gl+":sub", "project_path:group/app:ref_type:branch:ref:main")), "", true},
		{"gitlab any ref", job(model.GitLabCI, "group/app", "", trigger("push", nil, nil)),
			trust(gl, cond("StringLike", gl+":sub", "project_path:group/app:ref_type:tag:ref:v*")), "", true},
		{"unknown condition", job(model.GitHubActions, "acme/app", "", push("main")),
			oidcTrust{s: &model.Statement{Conditions: []model.Condition{{Known: false}}}, issuer: gh}, "", true},
		{"other operators are not judged", job(model.GitHubActions, "acme/app", "", push("main")),
			trust(gh, cond("StringNotLike", gh+":sub", "repo:acme/app:*")), "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			aud := []string{tc.job.sys.audience}
			if tc.aud != "" {
				aud = []string{tc.aud}
			}
			ok, why := tc.trust.accepts(tc.job.sys, tc.job.subjects(Options{}), aud)
			if ok != tc.accept {
				t.Errorf("accepts = %v (%v), want %v; subjects %s", ok, why, tc.accept, strings.Join(tc.job.subjects(Options{}), " "))
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
