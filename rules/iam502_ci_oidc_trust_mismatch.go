package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

var ciOIDCTrustMismatch = &Rule{
	ID:        "IAM502",
	Name:      "ci-oidc-trust-mismatch",
	Level:     model.Error,
	Short:     "A CI job assumes a role whose trust can never accept the job's OIDC token",
	Precision: "high",
	Tags:      []string{"iam", "trust", "ci", "oidc"},
	Doc: Doc{
		Why: "A job that assumes a role with its OIDC token fails at run time with \"Not authorized to perform " +
			"sts:AssumeRoleWithWebIdentity\" when the role's trust cannot accept the token: the sub pattern names another " +
			"repository, branch or environment than the job runs for, the aud is not the one requested, or the job cannot " +
			"request a token at all (GitHub: no permissions: id-token: write). iamlint derives the claims the job presents " +
			"from the pipeline (repository from the git remote or ci.repository in .iamlint.yml; triggers, branch filters " +
			"and environment from the job) and matches them against the StringEquals and StringLike conditions of the role " +
			"the job names, when that role is in the scan. A GitHub subject in the ID form (repo:owner@ID/repo@ID:...) or from " +
			"a customized template (include_claim_keys) is judged only when .iamlint.yml declares the IDs (ci.owner-id, " +
			"ci.repository-id) or the template (ci.subject-claims); otherwise it is never reported, since a file cannot show " +
			"them. A composite action or a reusable workflow takes its caller's token and claims, so it is not judged either.",
		Fix: "Make the trust and the job agree: widen or correct the sub pattern (GitHub: repo:OWNER/REPO:ref:refs/heads/BRANCH, " +
			"repo:OWNER/REPO:environment:NAME, repo:OWNER/REPO:pull_request; GitLab: project_path:GROUP/PROJECT:ref_type:branch:ref:BRANCH), " +
			"request the audience the trust names, or give the job permissions: id-token: write.",
		Examples: []Example{
			{Language: model.GitHubActions, Bad: true, Code: `on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/github-deploy
          aws-region: eu-west-1
`},
			{Language: model.GitHubActions, Code: `on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions:
      id-token: write
      contents: read
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/github-deploy
          aws-region: eu-west-1
`},
		},
	},
	Languages: append(slices.Clone(ciLanguages), iacAndShell...),
	Reads: Reads{
		Types:    []string{model.CIJobType, model.CIStepType, scriptCredentialsType, "aws_iam_openid_connect_provider", "aws_iam_role", "AWS::IAM::Role"},
		Policies: []model.PolicyKind{model.TrustPolicy},
	},
	Check: checkCIOIDCTrust,
}

// roleUse is a job naming a role to assume with its OIDC token.
type roleUse struct {
	role      *model.Value
	audiences []string
	// explicit: the system asks for a token only when the job says so
	// (GitHub's permissions), so a job without it certainly fails.
	explicit bool
}

func checkCIOIDCTrust(p *Pass) {
	var trusts []oidcTrust
	trustsRead := false
	for _, j := range p.ciJobs() {
		for _, use := range j.roleUses() {
			if ok, rng, known := j.idToken(); known && !ok && use.explicit {
				where := "the job's token permissions are set here, without id-token: write"
				if rng == j.job.Range {
					where = "the job (and its workflow) set no permissions, so the token has no id-token scope"
				}
				p.Report(Finding{
					Range:   use.role.Range,
					Address: j.job.Address,
					Key:     "no id-token",
					Message: fmt.Sprintf("job %s assumes a role with its OIDC token but cannot request one; add %s", quote(j.job.Name), j.sys.requestToken),
					Related: []Related{{Range: rng, Message: where}},
				})
				continue
			}
			arn, ok := use.role.AsString()
			if !ok {
				// arn:aws:iam::${{ secrets.ACCOUNT }}:role/deploy names its
				// role all the same; ${{ vars.ROLE_ARN }} does not.
				arn = use.role.Pattern
				if i := strings.Index(arn, ":role/"); i < 0 || strings.Contains(arn[i:], "*") {
					continue
				}
			}
			roles := p.rolesByARN(arn)
			if len(roles) == 0 {
				continue
			}
			if !trustsRead {
				trusts, trustsRead = p.oidcTrusts(), true
			}
			checkRoleTrust(p, j, use, roles, trusts)
		}
	}
}

// roleUses finds the roles the job assumes with OIDC: an action, orb or
// pipe input that names a role (role-to-assume) on a step that is not also
// given keys, or an environment entry that does (GitLab's ROLE_ARN) in a
// job that requests a token.
func (j *ciJob) roleUses() []roleUse {
	var out []roleUse
	// Credentials the job already holds (keys in its environment, an
	// earlier step that configured keys) make a role input role chaining,
	// not OIDC.
	chained := hasKeyEntries(j.job.Attr(model.CIEnv))
	for _, s := range j.steps {
		with := s.Attr(model.CIWith)
		keys := hasKeyEntries(with) || hasKeyEntries(s.Attr(model.CIStepEnv))
		if with == nil || keys || chained || with.Get("web-identity-token-file") != nil || with.Get("role-chaining") != nil {
			chained = chained || keys
			continue // role chaining from keys, or a token of another issuer
		}
		for _, name := range j.sys.roleInputs {
			if v := with.Get(name); v != nil && !emptyValue(v) {
				aud := []string{placeholderGlob(j.sys.audience)}
				for _, in := range j.sys.audienceInputs {
					if a, ok := with.Get(in).AsString(); ok {
						aud = []string{a}
					}
				}
				out = append(out, roleUse{role: v, audiences: aud, explicit: j.sys.tokenOnRequest})
			}
		}
	}
	if ok, _, _ := j.idToken(); ok {
		env := j.job.Attr(model.CIEnv)
		for _, name := range j.sys.roleEnv {
			if v := env.Get(name); v != nil && !emptyValue(v) {
				out = append(out, roleUse{role: v, audiences: j.audiences()})
			}
		}
	}
	return out
}

// placeholder is a part of a claim the table cannot know: <workspace-uuid>.
var placeholder = regexp.MustCompile(`<[^>]*>`)

// placeholderGlob makes a claim of the table a glob: each unknown part is
// "*".
func placeholderGlob(s string) string { return placeholder.ReplaceAllString(s, "*") }

// hasKeyEntries reports whether an environment or inputs give a key.
func hasKeyEntries(obj *model.Value) bool {
	if obj == nil {
		return false
	}
	for _, a := range obj.Attrs {
		if keyEntryName(a.Name) != "" && !emptyValue(a.Value) {
			return true
		}
	}
	return false
}

// audiences are the audiences the job requests tokens for: those its
// pipeline names, else the system's default.
func (j *ciJob) audiences() []string {
	var out []string
	var listed []*model.Value
	if v := j.job.Attr(model.CIAudiences); v != nil {
		listed = v.Elems
	}
	for _, a := range listed {
		if s, ok := a.AsString(); ok {
			out = append(out, s)
		} else {
			out = append(out, "*")
		}
	}
	if len(out) == 0 {
		out = []string{placeholderGlob(j.sys.audience)}
	}
	return out
}

// checkRoleTrust reports a role whose trust has no statement that accepts
// the job's tokens; when several roles of the scan have the name, none may
// accept. A role that does not trust the system's provider at all is
// reported only when its trust was read whole.
func checkRoleTrust(p *Pass, j *ciJob, use roleUse, roles []*model.Resource, trusts []oidcTrust) {
	subjects := j.subjects(p.Options)
	if subjects == nil {
		return // another job's claims
	}
	role := roles[0]
	var refusal *model.Condition
	var refusing *oidcTrust
	for i, t := range trusts {
		if !slices.Contains(roles, t.ap.owner) || t.provider.name != j.sys.provider {
			continue
		}
		ok, why := t.accepts(j.subPrefix(p.Options), subjects, use.audiences)
		if ok {
			return
		}
		if refusal == nil {
			refusal, refusing, role = why, &trusts[i], t.ap.owner
		}
	}
	if refusal == nil && len(roles) > 1 {
		return // which of them the ARN's account holds is not known
	}
	quoted := make([]string, 0, len(subjects))
	for _, s := range shortSubjects(j, p.Options) {
		quoted = append(quoted, quote(s))
	}
	f := Finding{Range: use.role.Range, Address: j.job.Address, Key: "trust " + role.Address}
	if refusal == nil {
		for _, ap := range role.Policies {
			if ap.Kind != model.TrustPolicy || ap.Policy == nil {
				continue
			}
			for _, s := range ap.Policy.Statements {
				if s.Unknown || !s.Effect.Known || federatedUnresolved(p, role, s) {
					return
				}
			}
			f.Message = fmt.Sprintf("job %s assumes role %s with its %s OIDC token, but the role's trust does not allow sts:AssumeRoleWithWebIdentity from %s; add a statement for the provider with sub %s",
				quote(j.job.Name), quote(role.Address), j.sys.name, j.sys.issuer, strings.Join(quoted, " or "))
			f.Related = []Related{{Range: role.Range, Message: "the role is defined here"}}
			p.Report(f)
			return
		}
		return
	}
	presented := strings.Join(quoted, " or ")
	if strings.HasSuffix(strings.ToLower(refusal.Key), ":aud") {
		presented = quote(strings.Join(use.audiences, ", "))
	}
	f.Message = fmt.Sprintf("job %s can never assume role %s: its trust requires %s, and the job presents %s; change the condition or the job so that they match",
		quote(j.job.Name), quote(role.Address), describeCondition(refusal), presented)
	f.Related = []Related{{Range: refusal.Range, Message: "the trust condition that refuses the job"}, {Range: refusing.ap.owner.Range, Message: "the role"}}
	p.Report(f)
}

// federatedUnresolved reports whether s allows sts:AssumeRoleWithWebIdentity
// to a federated principal the scan cannot name a provider for (a local
// that picks a resource or a data source, a module output): that may be
// the job's own provider, so the trust is not judged.
func federatedUnresolved(p *Pass, role *model.Resource, s *model.Statement) bool {
	if _, ok := allowsAction(s, "sts:AssumeRoleWithWebIdentity"); !ok {
		return false
	}
	var mod *model.Module
	for ap := range p.Policies(model.TrustPolicy) {
		if ap.owner == role {
			mod = ap.mod
			break
		}
	}
	if mod == nil {
		return true
	}
	for _, pr := range s.Principals {
		if pr.Type != "Federated" {
			continue
		}
		if _, prov := p.federatedIssuer(mod, pr.Element); prov == nil {
			return true
		}
	}
	return false
}
