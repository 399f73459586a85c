package rules

import (
	"slices"
	"strings"
)

// Options adapt a run to the user's configuration (.iamlint.yml). The zero
// value runs the catalog as documented.
type Options struct {
	// Sinks are places key material must not reach beyond the built-in
	// table, for IAM101-IAM104: an in-house CI provider's secret, a
	// platform module's environment.
	Sinks []SinkSpec
	// TrustedAccounts are 12-digit AWS account IDs that the role-trust
	// rules (IAM302) treat as the configuration's own.
	TrustedAccounts []string
	// Repository is the repository or project the scanned pipelines belong
	// to (owner/name, group/project): ci.repository in .iamlint.yml. It
	// overrides the git remote of the checkout, for IAM501's fix and the
	// sub claims IAM502 matches.
	Repository string
	// OwnerID and RepositoryID are the numeric IDs of the repository's
	// owner and of the repository (ci.owner-id, ci.repository-id), for
	// GitHub's sub in the ID form (repo:owner@ID/name@ID:...).
	OwnerID, RepositoryID string
	// SubjectClaims is the repository's customized OIDC subject template
	// (ci.subject-claims: GitHub's include_claim_keys, in order), when it
	// has one.
	SubjectClaims []string
}

// SinkSpec is an extra sink: the attribute at Path of resources of Types.
type SinkSpec struct {
	Rule  string   // one of SinkRules
	Types []string // resource types: acme_ci_secret, Custom::Secret
	// Path walks the body: attribute and block names; "*" matches any one
	// member, "**" any depth.
	Path []string
}

// SinkRules are the rules a SinkSpec may name: the credential flow rules.
func SinkRules() []string { return []string{"IAM101", "IAM102", "IAM103", "IAM104"} }

// sinkFixes are what a configured sink's message recommends, by rule.
var sinkFixes = map[string]string{
	"IAM101": fixInstanceProfile,
	"IAM102": "give the service a role and let it use the role's credentials",
	"IAM103": fixOIDC,
	"IAM104": fixExport,
}

// sinkTable is the built-in sinks followed by the configured ones.
func (o Options) sinkTable() []sink {
	if len(o.Sinks) == 0 {
		return sinks
	}
	table := slices.Clip(sinks)
	for _, s := range o.Sinks {
		table = append(table, sink{
			rule:  s.Rule,
			types: s.Types,
			path:  s.Path,
			what:  sinkWhat(s.Path),
			fix:   sinkFixes[s.Rule],
		})
	}
	return table
}

// sinkTable is the table the analysis matches resources against.
func (f *flows) sinkTable() []sink {
	if f.sinks == nil {
		return sinks
	}
	return f.sinks
}

// sinkWhat names a configured sink in messages by its path up to the first
// wildcard: "environment.variables of %s", "env of %s".
func sinkWhat(path []string) string {
	var named []string
	for _, p := range path {
		if p == "*" || p == "**" {
			break
		}
		named = append(named, p)
	}
	if len(named) == 0 {
		return "an attribute of %s"
	}
	return strings.Join(named, ".") + " of %s"
}

// SinkTypes lists the resource types the credential flow reads as sinks,
// built in and configured, for a front-end that skips what cannot matter.
// all is true when a sink matches a resource of any type by its body;
// provisioner sinks (on any resource) are left to the front-end's own
// test for provisioner blocks, and cfn-init sinks are CloudFormation's.
func (o Options) SinkTypes() (types []string, all bool) {
	for _, s := range o.sinkTable() {
		for _, t := range s.types {
			switch {
			case t != "*":
				types = append(types, t)
			case s.meta || (len(s.path) > 0 && s.path[0] == "provisioner"):
			default:
				all = true
			}
		}
	}
	return types, all
}
