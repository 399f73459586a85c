package rules

import (
	"slices"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// Whether a pattern for an OIDC token's sub claim names anyone: the part of
// the subject that says whose workload it is (a GitHub owner, a GitLab top
// group, a Kubernetes namespace, a Terraform Cloud organization) must be
// written out, or every user of the service matches. IAM303 reads it; a rule
// that compares trust with a CI job's claims can too.

// subjectShape says where, in one provider's sub claim, the owner is: the
// field after label (repo:<owner>/<repo>:..., system:serviceaccount:<ns>:<sa>),
// up to the first slash when the owner is the first step of a path.
type subjectShape struct {
	label      string // the literal start of every subject: "repo:"
	ownerSlash bool   // the owner is the field's first path step
}

// subjectShapes maps oidcProvider.name to the shape of its subjects.
// Providers without a row (CircleCI, Bitbucket, Spacelift: one issuer per
// organization, so the issuer already names the owner) are judged by
// subjectMatchesAny alone.
var subjectShapes = map[string]subjectShape{
	"GitHub Actions":  {label: "repo:", ownerSlash: true},
	"GitLab":          {label: "project_path:", ownerSlash: true},
	"EKS":             {label: "system:serviceaccount:"},
	"Terraform Cloud": {label: "organization:"},
	"Buildkite":       {label: "organization:"},
}

// subjectScopesNothing reports whether a StringLike pattern for provider's
// sub claim matches the subjects of anyone on the service: "*", "repo:*",
// "repo:*/*:ref:refs/heads/main", "system:serviceaccount:*:*",
// "project_path:*:ref_type:branch:ref:main". GitHub's subjects with IDs
// (repo:octo-org@123/octo-repo@456:...) name the owner as surely as
// without. holes are the offsets of "*" that stand for parts known only
// when applied (model.Element.Holes): those may name anyone, so they are
// never read as wildcards.
func subjectScopesNothing(provider, pattern string, holes []int) bool {
	w := wildcards{pattern, holes}
	if w.matchesAny() {
		return true
	}
	shape, ok := subjectShapes[provider]
	if !ok {
		return false
	}
	rest, ok := cutPrefixFold(pattern, shape.label)
	if !ok {
		// The subject does not start with the label: only a wildcard
		// where the label should be leaves it open ("*:ref:...").
		return len(pattern) > 0 && w.literal(0) && pattern[0] == '*'
	}
	from := len(pattern) - len(rest)
	owner, _, _ := strings.Cut(rest, ":")
	if shape.ownerSlash {
		owner, _, _ = strings.Cut(owner, "/")
		owner, _, _ = strings.Cut(owner, "@") // octo-org@123: the name and the ID
	}
	return w.onlyWildcards(from, from+len(owner))
}

// wildcards reads a sub pattern whose holes are not wildcards.
type wildcards struct {
	pattern string
	holes   []int
}

func (w wildcards) literal(i int) bool { return !slices.Contains(w.holes, i) }

// onlyWildcards reports whether pattern[from:to] matches any text: only
// IAM's written wildcards, at least one "*". An empty field matches only
// the empty owner, which no subject has.
func (w wildcards) onlyWildcards(from, to int) bool {
	star := false
	for i := from; i < to; i++ {
		switch {
		case !w.literal(i):
			return false
		case w.pattern[i] == '*':
			star = true
		case w.pattern[i] != '?':
			return false
		}
	}
	return star
}

// matchesAny reports whether the pattern leaves the whole subject open:
// "*", or a claim prefix followed only by written wildcards and separators
// ("repo:*", "repo:*/*", "project_path:*").
func (w wildcards) matchesAny() bool {
	from := strings.IndexByte(w.pattern, ':') + 1
	star := false
	for i := from; i < len(w.pattern); i++ {
		switch c := w.pattern[i]; {
		case !w.literal(i):
			return false
		case c == '*':
			star = true
		case c != '/' && c != ':':
			return false
		}
	}
	return star
}

// onlyWildcards reports whether a written field matches any text.
func onlyWildcards(field string) bool {
	return wildcards{pattern: field}.onlyWildcards(0, len(field))
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// providerOfSubject names the provider whose subjects look like pattern,
// for a trust whose issuer is not known: "" when the shape says nothing.
func providerOfSubject(pattern string) string {
	for _, shape := range []struct{ provider, label string }{
		{"EKS", "system:serviceaccount:"},
		{"GitHub Actions", "repo:"},
		{"GitLab", "project_path:"},
	} {
		if _, ok := cutPrefixFold(pattern, shape.label); ok {
			return shape.provider
		}
	}
	return ""
}

// ownerClaims are the token claims besides sub that name whose workload it
// is: a trust may leave sub open and pin one of these instead
// (gitlab.com:project_id, token.actions.githubusercontent.com:repository_owner).
var ownerClaims = map[string][]string{
	"GitHub Actions":  {"repository", "repository_id", "repository_owner", "repository_owner_id", "job_workflow_ref"},
	"GitLab":          {"project_id", "project_path", "namespace_id", "namespace_path"},
	"Terraform Cloud": {"terraform_organization_id", "terraform_organization_name", "terraform_workspace_id"},
	"Buildkite":       {"organization_slug", "pipeline_slug"},
}

// scopedByOtherClaim reports whether a statement pins one of provider's
// owner claims: a condition on <issuer>:<claim> with a value that is not
// only wildcards, or one that cannot be read (it may well pin it).
func scopedByOtherClaim(s *model.Statement, provider string) bool {
	for _, c := range s.Conditions {
		key := strings.ToLower(c.Key)
		if !c.Known {
			key = strings.ToLower(c.KeyPattern)
		}
		for _, claim := range ownerClaims[provider] {
			if !strings.HasSuffix(key, ":"+claim) {
				continue
			}
			for _, v := range c.Values {
				if !v.Known || !onlyWildcards(v.Value) && v.Value != "" {
					return true
				}
			}
		}
	}
	return false
}
