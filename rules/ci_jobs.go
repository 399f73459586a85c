package rules

import (
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// ciJob is a job of a pipeline with its steps, as IAM501 and IAM502 read
// it (model.CIJobType, model.CIStepType).
type ciJob struct {
	mod   *model.Module
	job   *model.Resource
	steps []*model.Resource
	sys   ciSystem
	// credentials are what the job's scripts configure for the AWS CLI
	// (aws configure set, export AWS_ACCESS_KEY_ID=...), lowered by the
	// shell lowering: one resource per statement.
	credentials []*model.Resource
}

// scriptCredentialsType is the type the shell lowering gives the
// credentials a script configures (shellscript.CredentialsType).
const scriptCredentialsType = "aws credentials"

// ciJobs collects the jobs of every pipeline of a CI system that offers
// OIDC to AWS, in source order.
func (p *Pass) ciJobs() []*ciJob {
	var out []*ciJob
	byAddr := map[*model.Module]map[string]*ciJob{}
	for m, r := range p.ResourcesOf(model.CIJobType) {
		sys, ok := ciSystems[m.Language]
		if !ok {
			continue
		}
		j := &ciJob{mod: m, job: r, sys: sys}
		if byAddr[m] == nil {
			byAddr[m] = map[string]*ciJob{}
		}
		byAddr[m][r.Address] = j
		out = append(out, j)
	}
	for m, r := range p.ResourcesOf(model.CIStepType) {
		addr, _ := r.Attr(model.CIJob).AsString()
		if j := byAddr[m][addr]; j != nil {
			j.steps = append(j.steps, r)
		}
	}
	for m, r := range p.ResourcesOf(scriptCredentialsType) {
		addr, _ := r.Attr(model.CIJob).AsString()
		if j := byAddr[m][addr]; j != nil {
			j.credentials = append(j.credentials, r)
		}
	}
	return out
}

// resolve is a value of the job's scripts with its references to script
// variables followed (a few levels): $KEY assigned from
// ${{ secrets.X }} reads the secret; an input of the script reads what
// the step's or job's environment gives it.
func (j *ciJob) resolve(v *model.Value, depth int) *model.Value {
	if v == nil || depth > 4 || len(v.Refs) == 0 {
		return v
	}
	out := *v
	out.Refs = nil
	for _, r := range v.Refs {
		var next *model.Value
		switch r.Kind {
		case model.RefLocal:
			for _, l := range j.mod.Locals {
				if l.Name == r.Name {
					next = l.Value
				}
			}
		case model.RefVariable:
			for _, vr := range j.mod.Variables {
				if vr.Name == r.Name {
					next = vr.Set
				}
			}
		}
		if next == nil {
			out.Refs = append(out.Refs, r)
			continue
		}
		next = j.resolve(next, depth+1)
		next.Walk(func(x *model.Value) bool {
			out.Refs = append(out.Refs, x.Refs...)
			return true
		})
		if s, ok := next.AsString(); ok && out.Kind == model.Unknown && len(v.Refs) == 1 {
			out.Kind, out.Str = model.String, s // a literal assigned once
		}
	}
	return &out
}

// repository is the repository the job belongs to: the configured one,
// else the checkout's remote; "" when unknown.
func (j *ciJob) repository(opts Options) string {
	if opts.Repository != "" {
		return opts.Repository
	}
	s, _ := j.job.Attr(model.CIRepository).AsString()
	return s
}

// subjects are the sub claims the job can present, as glob patterns ("*"
// for what the pipeline leaves open): by its environment when it has one
// and the system names it in the sub, else by the events, branches and
// tags that start it. Nil when they are another job's: a composite
// action's or a reusable workflow's. With ci.subject-claims configured
// (GitHub's customized subject template), the claims are those, in order.
func (j *ciJob) subjects(opts Options) []string {
	ctxs, known := j.contexts()
	if !known {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, c := range ctxs {
		for _, s := range j.render(c, opts) {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// subjectContext is what a job runs for: an environment, a branch, a tag
// or a pull request.
type subjectContext struct {
	environment, branch, tag string
	pullRequest              bool
}

// contexts lists what the job can run for; known is false for a composite
// action or a reusable workflow, whose caller decides.
func (j *ciJob) contexts() (out []subjectContext, known bool) {
	if env := j.job.Attr(model.CIEnvironment); env != nil && j.sys.subEnvironment != "" {
		name, ok := env.AsString()
		if !ok {
			name = "*"
		}
		return []subjectContext{{environment: name}}, true
	}
	triggers := j.job.Attr(model.CITriggers)
	if triggers == nil {
		return nil, false // a composite action: the calling job's claims
	}
	if len(triggers.Elems) == 0 {
		return []subjectContext{{branch: "*"}, {tag: "*"}}, true
	}
	for _, t := range triggers.Elems {
		event, _ := t.Get("event").AsString()
		if event == "workflow_call" {
			return nil, false // a reusable workflow: the caller's claims
		}
		if (event == "pull_request" || event == "pull_request_target") && j.sys.subPullRequest != "" {
			out = append(out, subjectContext{pullRequest: true})
			continue
		}
		for _, b := range refPatterns(t.Get("branches")) {
			out = append(out, subjectContext{branch: b})
		}
		for _, tag := range refPatterns(t.Get("tags")) {
			out = append(out, subjectContext{tag: tag})
		}
	}
	return out, true
}

// render writes the sub claims of one context: the system's default
// format, and GitHub's ID form (owner@ID/repo@ID) beside it; or the
// configured claims.
func (j *ciJob) render(c subjectContext, opts Options) []string {
	repo := j.repository(opts)
	if repo == "" {
		repo = "*"
	}
	format := j.sys.subBranch
	switch {
	case c.environment != "":
		format = j.sys.subEnvironment
	case c.pullRequest:
		format = j.sys.subPullRequest
	case c.tag != "":
		format = j.sys.subTag
	}
	fill := func(repo string) string {
		return strings.NewReplacer("{repo}", repo, "{environment}", c.environment, "{branch}", c.branch, "{tag}", c.tag).Replace(format)
	}
	if len(opts.SubjectClaims) > 0 && j.sys.customClaims {
		return []string{j.customSubject(c, opts, repo, fill)}
	}
	if format == "" {
		return nil
	}
	out := []string{fill(repo)}
	if j.sys.idForm && strings.Contains(format, "{repo}") && repo != "*" {
		out = append(out, fill(idRepo(repo, opts)))
	}
	return out
}

// customSubject is a sub of GitHub's customized template: each claim
// "key:value", in the configured order, except context, which is written
// as the default sub writes it after the repository (environment:prod,
// ref:refs/heads/main, pull_request). A claim the pipeline cannot tell is
// "*".
func (j *ciJob) customSubject(c subjectContext, opts Options, repo string, fill func(string) string) string {
	owner, _, _ := strings.Cut(repo, "/")
	ref := "*"
	switch {
	case c.branch != "":
		ref = "refs/heads/" + c.branch
	case c.tag != "":
		ref = "refs/tags/" + c.tag
	case c.pullRequest:
		ref = "refs/pull/*/merge"
	}
	var parts []string
	for _, claim := range opts.SubjectClaims {
		value := "*"
		switch claim {
		case "context":
			// The default sub without its "repo:OWNER/NAME:" prefix.
			context := fill(repo)
			if i := strings.Index(context, repo+":"); i >= 0 {
				context = context[i+len(repo)+1:]
			}
			parts = append(parts, context)
			continue
		case "repo", "repository":
			value = repo
		case "repository_owner":
			value = owner
		case "repository_id":
			value = orStar(opts.RepositoryID)
		case "repository_owner_id":
			value = orStar(opts.OwnerID)
		case "ref":
			value = ref
		case "ref_type":
			switch {
			case c.branch != "":
				value = "branch"
			case c.tag != "":
				value = "tag"
			}
		case "environment":
			if c.environment != "" {
				value = c.environment
			}
		case "job_workflow_ref":
			value = repo + "/" + j.workflowPath() + "@" + ref
		}
		parts = append(parts, claim+":"+value)
	}
	return strings.Join(parts, ":")
}

func orStar(s string) string {
	if s == "" {
		return "*"
	}
	return s
}

// workflowPath is the workflow's path in its repository
// (.github/workflows/deploy.yml), "*" when the file is elsewhere.
func (j *ciJob) workflowPath() string {
	path := strings.ReplaceAll(j.mod.File, "\\", "/")
	if i := strings.Index(path, ".github/workflows/"); i >= 0 {
		return path[i:]
	}
	return "*"
}

// subPrefix is what every sub of the job's format starts with: the first
// configured claim, or the system's.
func (j *ciJob) subPrefix(opts Options) string {
	if len(opts.SubjectClaims) > 0 && j.sys.customClaims {
		if opts.SubjectClaims[0] == "context" {
			return ""
		}
		return opts.SubjectClaims[0] + ":"
	}
	return j.sys.subPrefix
}

// idRepo writes owner/name in the ID form, with the configured IDs or
// unknown ones.
func idRepo(repo string, opts Options) string {
	owner, name, ok := strings.Cut(repo, "/")
	if !ok {
		return "*"
	}
	return owner + "@" + orStar(opts.OwnerID) + "/" + name + "@" + orStar(opts.RepositoryID)
}

// refPatterns are the globs of a branch or tag filter: nil (absent) is any
// ("*"); an empty list none. A negated pattern (!x) excludes, which the
// patterns cannot express, so it is left out.
func refPatterns(v *model.Value) []string {
	if v == nil {
		return []string{"*"}
	}
	var out []string
	for _, e := range v.Elems {
		s, ok := e.AsString()
		if !ok {
			s = "*"
		}
		if strings.HasPrefix(s, "!") {
			continue
		}
		out = append(out, strings.ReplaceAll(s, "**", "*"))
	}
	return out
}

// idToken reports whether the job can request an OIDC token, and where
// that is decided; known is false when the pipeline cannot say (a
// composite action, a reusable workflow: the calling job decides).
func (j *ciJob) idToken() (ok bool, rng model.Range, known bool) {
	v := j.job.Attr(model.CIIDToken)
	if v == nil || v.Kind != model.Bool {
		return false, j.job.Range, false
	}
	return v.Bool, v.Range, true
}

// glob is a pattern of IAM's StringLike: "*" any run of characters, "?"
// any one; or, for StringEquals, a literal (every character itself). A
// claim a job presents may also hold segmentWildcard: any run of
// characters without a colon, for a part of the claim the scan cannot know
// (a repository, a branch: neither can hold a colon), so that an unknown
// repository never stands for "app:ref:refs/heads/x".
type glob struct {
	text    string
	literal bool
}

// segmentWildcard is the unknown part of a claim, in a glob's text.
const segmentWildcard = '\x00'

// claimGlob is a presented claim as a glob: its "*" are unknown parts.
func claimGlob(claim string) glob {
	return glob{text: strings.ReplaceAll(claim, "*", string(segmentWildcard))}
}

// intersects reports whether some string matches both patterns.
func (a glob) intersects(b glob) bool {
	memo := map[[2]int]bool{}
	seen := map[[2]int]bool{}
	star := func(g glob, i int) bool { return !g.literal && g.text[i] == '*' }
	one := func(g glob, i int) bool { return !g.literal && g.text[i] == '?' }
	seg := func(g glob, i int) bool { return g.text[i] == segmentWildcard }
	var rec func(i, k int) bool
	rec = func(i, k int) bool {
		key := [2]int{i, k}
		if seen[key] {
			return memo[key]
		}
		seen[key] = true
		r := false
		switch {
		case i == len(a.text) && k == len(b.text):
			r = true
		case i < len(a.text) && star(a, i) && (rec(i+1, k) || k < len(b.text) && rec(i, k+1)):
			r = true
		case k < len(b.text) && star(b, k) && (rec(i, k+1) || i < len(a.text) && rec(i+1, k)):
			r = true
		case i < len(a.text) && seg(a, i) && (rec(i+1, k) || k < len(b.text) && b.text[k] != ':' && rec(i, k+1)):
			r = true
		case k < len(b.text) && seg(b, k) && (rec(i, k+1) || i < len(a.text) && a.text[i] != ':' && rec(i+1, k)):
			r = true
		case i < len(a.text) && k < len(b.text) && !star(a, i) && !star(b, k) && !seg(a, i) && !seg(b, k) &&
			(a.text[i] == b.text[k] || one(a, i) && b.text[k] != ':' || one(b, k) && a.text[i] != ':' || one(a, i) && one(b, k)):
			r = rec(i+1, k+1)
		}
		memo[key] = r
		return r
	}
	return rec(0, 0)
}
