package githubactions

import (
	"sort"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/iamlint/iamlint/parsers/internal/pipeline"
	"github.com/iamlint/iamlint/parsers/internal/suppression"
	"github.com/iamlint/iamlint/parsers/model"
)

// builder builds one workflow.
type builder struct {
	*pipeline.Pipeline
}

// loadWorkflow parses a workflow with actionlint and builds it. A file
// that is not YAML is an error, placed where the problem is. A workflow
// that breaks GitHub's schema in part (a job without steps, an unknown key)
// is read as far as it goes without a word: checking the schema is
// actionlint's and GitHub's job, and a half-written workflow can still hand
// a job its keys.
func loadWorkflow(path string, src []byte, root string) (*model.Module, *model.File, []model.Diagnostic) {
	b := builder{pipeline.New(model.GitHubActions, path, src, root)}
	wf, errs := actionlint.Parse(src)
	if wf == nil {
		if _, diag := b.Parse(); diag != nil {
			return nil, b.File, []model.Diagnostic{*diag}
		}
		// yaml.v3 reads what actionlint's YAML parser does not.
		var diags []model.Diagnostic
		for _, e := range errs {
			off := b.Offset(e.Line, e.Column)
			diags = append(diags, model.Diagnostic{
				Severity: model.Error,
				Summary:  "invalid workflow: " + e.Message,
				Detail:   "The workflow could not be read, so none of it was checked.",
				Range:    b.Range(off, b.lineEnd(off)),
			})
		}
		return nil, b.File, diags
	}
	b.workflow(wf)
	if suppression.Mentioned(src) { // a second parse, for comments, only when there is a directive
		if root, _ := b.Parse(); root != nil {
			b.File.Suppressions = b.Suppressions(root)
		}
	}
	b.File.Literals = pipeline.Literals(b.Source)
	return b.Finish()
}

func (b builder) lineEnd(off int) int {
	for off < len(b.Src) && b.Src[off] != '\n' {
		off++
	}
	return off
}

// str is the value of an actionlint string, with its exact range.
func (b builder) str(s *actionlint.String) *model.Value {
	if s == nil || s.Pos == nil {
		return nil
	}
	start, end := b.ScalarSpan(s.Pos.Line, s.Pos.Col)
	return b.ExprValue(s.Value, start, end)
}

// at is the range of the scalar at pos.
func (b builder) at(pos *actionlint.Pos) model.Range {
	if pos == nil {
		return model.Range{File: b.Path}
	}
	return b.Range(b.ScalarSpan(pos.Line, pos.Col))
}

func (b builder) workflow(wf *actionlint.Workflow) {
	triggers := b.triggers(wf.On)
	jobs := make([]*actionlint.Job, 0, len(wf.Jobs))
	for _, j := range wf.Jobs {
		if j != nil && j.ID != nil && j.ID.Pos != nil {
			jobs = append(jobs, j)
		}
	}
	sort.Slice(jobs, func(i, k int) bool { return jobs[i].ID.Pos.Line < jobs[k].ID.Pos.Line })
	for i, j := range jobs {
		header := b.at(j.ID.Pos)
		end := len(b.Src)
		if i+1 < len(jobs) {
			end = b.Lines[jobs[i+1].ID.Pos.Line-1]
		}
		extent := b.Range(header.Start.Byte, trimEnd(b.Src, header.Start.Byte, end))
		job := b.Job("jobs."+j.ID.Value, j.ID.Value, header, extent)
		body := job.Body
		env := pipeline.Object(extent)
		b.env(env, wf.Env)
		b.env(env, j.Env)
		pipeline.Set(body, model.CIEnv, env, header)
		perms := j.Permissions
		if perms == nil {
			perms = wf.Permissions
		}
		// A reusable workflow that sets no permissions has its caller's:
		// whether its jobs can have a token is not known here.
		if perms != nil || !called(wf.On) {
			idToken, rng := b.idToken(perms, header)
			pipeline.Set(body, model.CIIDToken, pipeline.Bool(idToken, rng), rng)
		}
		if j.Environment != nil && j.Environment.Name != nil {
			v := b.str(j.Environment.Name)
			pipeline.Set(body, model.CIEnvironment, v, v.Range)
		}
		pipeline.Set(body, model.CITriggers, pipeline.List(header, triggers...), header)
		if call := j.WorkflowCall; call != nil {
			b.call(job, call)
		}
		shell := defaultShell(wf.Defaults)
		if sh := defaultShell(j.Defaults); sh != "" {
			shell = sh
		} else if shell == "" && onWindows(j.RunsOn) {
			shell = "pwsh" // the default shell of Windows runners
		}
		for k, s := range j.Steps {
			b.step(job, k, s, shell)
		}
	}
}

// called reports whether the workflow is a reusable one: other workflows
// call it, and its jobs run with the caller's token and claims.
func called(events []actionlint.Event) bool {
	for _, e := range events {
		if _, ok := e.(*actionlint.WorkflowCallEvent); ok {
			return true
		}
	}
	return false
}

func trimEnd(src []byte, start, end int) int {
	for end > start && (src[end-1] == '\n' || src[end-1] == ' ' || src[end-1] == '\r' || src[end-1] == '\t') {
		end--
	}
	return end
}

// env adds the entries of an env: mapping, in source order.
func (b builder) env(obj *model.Value, env *actionlint.Env) {
	if env == nil || env.Vars == nil {
		return
	}
	vars := make([]*actionlint.EnvVar, 0, len(env.Vars))
	for _, v := range env.Vars {
		if v != nil && v.Name != nil && v.Name.Pos != nil {
			vars = append(vars, v)
		}
	}
	sort.Slice(vars, func(i, k int) bool { return posLess(vars[i].Name.Pos, vars[k].Name.Pos) })
	for _, v := range vars {
		val := b.str(v.Value)
		if val == nil {
			val = &model.Value{Kind: model.Null, Range: b.at(v.Name.Pos)}
		}
		pipeline.Set(obj, v.Name.Value, val, b.at(v.Name.Pos))
	}
}

func posLess(a, c *actionlint.Pos) bool {
	if a.Line != c.Line {
		return a.Line < c.Line
	}
	return a.Col < c.Col
}

// idToken says whether a job with these permissions can request an OIDC
// token: permissions id-token: write, or write-all. Without a
// permissions key the token has GitHub's default scopes, which never
// include id-token (docs.github.com, "GITHUB_TOKEN reference": id-token is
// none in both the permissive and the restricted default).
func (b builder) idToken(perms *actionlint.Permissions, header model.Range) (bool, model.Range) {
	if perms == nil {
		return false, header
	}
	if perms.All != nil {
		return perms.All.Value == "write-all", b.at(perms.All.Pos)
	}
	if s, ok := perms.Scopes["id-token"]; ok && s != nil && s.Value != nil {
		return s.Value.Value == "write", b.Range(b.Offset(s.Name.Pos.Line, s.Name.Pos.Col), b.at(s.Value.Pos).End.Byte)
	}
	return false, b.at(perms.Pos)
}

// triggers lists the workflow's events with their branch and tag filters.
// A pull request's filters name the base branch, not the ref the job runs
// on, so they are not kept as the job's branches.
func (b builder) triggers(events []actionlint.Event) []*model.Value {
	var out []*model.Value
	for _, e := range events {
		var rng model.Range
		var branches, tags []*model.Value
		switch ev := e.(type) {
		case *actionlint.WebhookEvent:
			rng = b.at(ev.Hook.Pos)
			if ev.Hook.Value == "push" {
				branches = b.filter(ev.Branches)
				tags = b.filter(ev.Tags)
				if ev.Tags != nil && ev.Branches == nil {
					branches = []*model.Value{} // tags only: no branch starts it
				}
				if ev.Branches != nil && ev.Tags == nil {
					tags = []*model.Value{}
				}
			}
		case *actionlint.WorkflowDispatchEvent:
			rng = b.at(ev.Pos)
		case *actionlint.ScheduledEvent:
			rng = b.at(ev.Pos)
		case *actionlint.RepositoryDispatchEvent:
			rng = b.at(ev.Pos)
		case *actionlint.WorkflowCallEvent:
			rng = b.at(ev.Pos)
		default:
			rng = model.Range{File: b.Path}
		}
		out = append(out, pipeline.Trigger(e.EventName(), rng, branches, tags))
	}
	return out
}

func (b builder) filter(f *actionlint.WebhookEventFilter) []*model.Value {
	if f == nil {
		return nil
	}
	out := []*model.Value{}
	for _, v := range f.Values {
		if s := b.str(v); s != nil {
			out = append(out, s)
		}
	}
	return out
}

// call models a job that calls a reusable workflow as a step that uses
// it, with the secrets it passes as inputs: handing keys to another
// workflow is handing them to an action.
func (b builder) call(job *model.Resource, call *actionlint.WorkflowCall) {
	if call.Uses == nil {
		return
	}
	uses := b.str(call.Uses)
	step := b.Step(job, 0, uses.Range, uses.Range)
	pipeline.Set(step.Body, model.CIUses, uses, uses.Range)
	with := pipeline.Object(uses.Range)
	secrets := make([]*actionlint.WorkflowCallSecret, 0, len(call.Secrets))
	for _, s := range call.Secrets {
		if s != nil && s.Name != nil && s.Name.Pos != nil {
			secrets = append(secrets, s)
		}
	}
	sort.Slice(secrets, func(i, k int) bool { return posLess(secrets[i].Name.Pos, secrets[k].Name.Pos) })
	for _, s := range secrets {
		if v := b.str(s.Value); v != nil {
			pipeline.Set(with, s.Name.Value, v, b.at(s.Name.Pos))
		}
	}
	pipeline.Set(step.Body, model.CIWith, with, uses.Range)
}

// defaultShell is the shell a defaults: run: block names, "" for none.
func defaultShell(d *actionlint.Defaults) string {
	if d == nil || d.Run == nil || d.Run.Shell == nil {
		return ""
	}
	return d.Run.Shell.Value
}

// onWindows reports whether a job runs on a Windows runner, by a label
// such as windows-latest, windows-2022 or self-hosted, windows.
func onWindows(r *actionlint.Runner) bool {
	if r == nil {
		return false
	}
	for _, l := range r.Labels {
		if l != nil && strings.HasPrefix(strings.ToLower(l.Value), "windows") {
			return true
		}
	}
	return false
}

// isShell reports whether a run: step's shell is a POSIX shell the shell
// lowering reads: the default (bash on Linux and macOS runners), bash or
// sh, with or without options; not pwsh, python or cmd.
func isShell(shell string) bool {
	name, _, _ := strings.Cut(strings.TrimSpace(shell), " ")
	return name == "" || name == "bash" || name == "sh" || strings.HasSuffix(name, "/bash") || strings.HasSuffix(name, "/sh")
}

func (b builder) step(job *model.Resource, index int, s *actionlint.Step, shell string) {
	if s == nil || s.Pos == nil {
		return
	}
	start := b.Offset(s.Pos.Line, s.Pos.Col)
	header := b.Range(start, b.lineEnd(start))
	step := b.Step(job, index, header, header)
	body := step.Body
	if s.Env != nil {
		env := pipeline.Object(header)
		b.env(env, s.Env)
		pipeline.Set(body, model.CIStepEnv, env, header)
	}
	switch ex := s.Exec.(type) {
	case *actionlint.ExecAction:
		if uses := b.str(ex.Uses); uses != nil {
			pipeline.Set(body, model.CIUses, uses, uses.Range)
		}
		with := pipeline.Object(header)
		inputs := make([]*actionlint.Input, 0, len(ex.Inputs))
		for _, in := range ex.Inputs {
			if in != nil && in.Name != nil && in.Name.Pos != nil {
				inputs = append(inputs, in)
			}
		}
		sort.Slice(inputs, func(i, k int) bool { return posLess(inputs[i].Name.Pos, inputs[k].Name.Pos) })
		for _, in := range inputs {
			v := b.str(in.Value)
			if v == nil {
				v = &model.Value{Kind: model.Null, Range: b.at(in.Name.Pos)}
			}
			pipeline.Set(with, in.Name.Value, v, b.at(in.Name.Pos))
		}
		pipeline.Set(body, model.CIWith, with, header)
	case *actionlint.ExecRun:
		if ex.Shell != nil {
			shell = ex.Shell.Value
		}
		if run := b.str(ex.Run); run != nil {
			pipeline.Set(body, model.CIRun, run, run.Range)
			if !isShell(shell) {
				break // pwsh, python, cmd: not shell
			}
			b.Scripts = append(b.Scripts, pipeline.Script{
				Text:   ex.Run.Value,
				Offset: pipeline.BlockOffsets(b.Src, run.Range.Start.Byte, run.Range.End.Byte),
				Job:    job,
				Step:   step,
			})
		}
	}
}
