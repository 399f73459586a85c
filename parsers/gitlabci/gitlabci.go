// Package gitlabci is the GitLab CI front-end: .gitlab-ci.yml (and the
// pipeline files under .gitlab/ci/ that it includes) become pipeline
// modules of the model's CI vocabulary (docs/architecture.md "CI
// pipelines"). Read with yaml.v3 through parsers/internal/pipeline.
package gitlabci

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/internal/pipeline"
	"github.com/iamlint/iamlint/parsers/model"
)

// FrontEnd is the GitLab CI front-end.
type FrontEnd struct{}

// Meta describes GitLab CI for the generated documentation.
func (FrontEnd) Meta() frontend.Meta {
	return frontend.Meta{
		Language: model.GitLabCI,
		Title:    "GitLab CI",
		Fence:    "yaml",
		Suppression: &frontend.SuppressionDoc{
			Where:   "a comment on the line before the job or entry (or at the end of its line) in a GitLab CI pipeline",
			Inline:  "`# iamlint:ignore %[1]s <reason>` on the line before the pipeline entry",
			Example: "# iamlint:ignore %[1]s <why this is acceptable>\ndeploy:\n",
		},
		Fixtures: []string{".gitlab-ci.yml", "*.gitlab-ci.yml"},
	}
}

// Match claims .gitlab-ci.yml, *.gitlab-ci.yml and the YAML files under a
// .gitlab/ci directory, where projects keep the files they include.
func (FrontEnd) Match(path string, _ bool) bool {
	base := filepath.Base(path)
	if base == ".gitlab-ci.yml" || base == ".gitlab-ci.yaml" || strings.HasSuffix(base, ".gitlab-ci.yml") {
		return true
	}
	ext := filepath.Ext(path)
	dir := filepath.ToSlash(filepath.Dir(path))
	return (ext == ".yml" || ext == ".yaml") && (dir == ".gitlab/ci" || strings.HasSuffix(dir, "/.gitlab/ci") || strings.Contains(dir, "/.gitlab/ci/"))
}

// Load builds each pipeline file, and the files a .gitlab-ci.yml includes
// locally (include: local, or a bare path) that the walk did not offer:
// each is a pipeline file of its own, whose jobs see its own global
// variables (not the including file's).
func (FrontEnd) Load(_ context.Context, inputs []frontend.Input, opts frontend.Options) *frontend.Result {
	all := append(slices.Clone(inputs), localIncludes(inputs, opts)...)
	res := pipeline.Load(model.GitLabCI, all, opts, build)
	res.Found = res.Found[:len(inputs)]
	return res
}

// localIncludes lists the files the inputs include locally, relative to
// the including file's directory (the repository root, where
// .gitlab-ci.yml lives), that are not inputs already; globs are expanded.
// Includes of other projects, remote URLs and templates are not files of
// the scan.
func localIncludes(inputs []frontend.Input, opts frontend.Options) []frontend.Input {
	seen := map[string]bool{}
	for _, in := range inputs {
		seen[filepath.Clean(in.Path)] = true
	}
	var out []frontend.Input
	for _, in := range inputs {
		if !strings.HasSuffix(filepath.Base(in.Path), ".gitlab-ci.yml") && filepath.Base(in.Path) != ".gitlab-ci.yaml" {
			continue
		}
		src, err := frontend.ReadFile(in.Path, opts.MaxFileSize)
		if err != nil || !bytes.Contains(src, []byte("include")) {
			continue
		}
		root, _ := pipeline.NewSource(in.Path, src).Parse()
		_, include := pipeline.Get(root, "include")
		for _, pattern := range includePaths(include) {
			matches, _ := filepath.Glob(filepath.Join(filepath.Dir(in.Path), filepath.FromSlash(strings.TrimPrefix(pattern, "/"))))
			for _, m := range matches {
				if m = filepath.Clean(m); !seen[m] && !frontend.Excluded(opts.Exclude, m, m) {
					seen[m] = true
					out = append(out, frontend.Input{Path: m, Root: in.Root, Arg: in.Arg})
				}
			}
		}
	}
	return out
}

// includePaths reads include: a path, a list of paths and {local: path}
// mappings.
func includePaths(n *yaml.Node) []string {
	var out []string
	add := func(e *yaml.Node) {
		if s, ok := pipeline.Str(e); ok && !strings.Contains(s, "://") {
			out = append(out, s)
			return
		}
		if s, ok := pipeline.Str(second(pipeline.Get(e, "local"))); ok {
			out = append(out, s)
		}
	}
	if d := pipeline.Deref(n); d != nil && d.Kind == yaml.SequenceNode {
		for _, e := range d.Content {
			add(e)
		}
	} else if n != nil {
		add(n)
	}
	return out
}

func second(_, v *yaml.Node) *yaml.Node { return v }

// reserved are the top-level keys that are not jobs.
var reserved = map[string]bool{
	"default": true, "include": true, "stages": true, "variables": true, "workflow": true, "image": true,
	"services": true, "cache": true, "before_script": true, "after_script": true, "spec": true,
}

func build(p *pipeline.Pipeline, root *yaml.Node) bool {
	if root.Kind != yaml.MappingNode {
		return false
	}
	_, globalVars := pipeline.Get(root, "variables")
	_, def := pipeline.Get(root, "default")
	jobs := map[string]*yaml.Node{}
	for _, kv := range pipeline.Pairs(root) {
		jobs[kv.Key.Value] = kv.Value
	}
	for _, kv := range pipeline.Pairs(root) {
		name := kv.Key.Value
		if reserved[name] || strings.HasPrefix(name, ".") {
			continue
		}
		job := pipeline.Deref(kv.Value)
		if job == nil || job.Kind != yaml.MappingNode {
			continue
		}
		layers := extended(job, jobs, 0)
		header := p.NodeRange(kv.Key)
		r := p.Job(name, name, header, p.EntryRange(kv.Key, kv.Value))
		var varNodes []*yaml.Node
		varNodes = append(varNodes, globalVars)
		for _, l := range layers {
			_, v := pipeline.Get(l, "variables")
			varNodes = append(varNodes, v)
		}
		defined := pipeline.Names(varNodes...)
		env := pipeline.Object(header)
		for _, v := range varNodes {
			p.Env(env, v, defined)
		}
		pipeline.Set(r.Body, model.CIEnv, env, header)

		idToken := pipeline.Bool(false, header)
		var audiences []*model.Value
		for _, l := range append([]*yaml.Node{def}, layers...) {
			k, tokens := pipeline.Get(l, "id_tokens")
			if k == nil {
				continue
			}
			idToken = pipeline.Bool(true, p.NodeRange(k))
			audiences = nil
			for _, t := range pipeline.Pairs(tokens) {
				_, aud := pipeline.Get(t.Value, "aud")
				if a := pipeline.Deref(aud); a != nil && a.Kind == yaml.SequenceNode {
					for _, e := range a.Content {
						audiences = append(audiences, p.Value(e, defined))
					}
				} else if aud != nil {
					audiences = append(audiences, p.Value(aud, defined))
				}
			}
		}
		pipeline.Set(r.Body, model.CIIDToken, idToken, idToken.Range)
		if audiences != nil {
			pipeline.Set(r.Body, model.CIAudiences, pipeline.List(header, audiences...), header)
		}
		for _, l := range layers {
			if _, e := pipeline.Get(l, "environment"); e != nil {
				if _, name := pipeline.Get(e, "name"); name != nil {
					e = name
				}
				pipeline.Set(r.Body, model.CIEnvironment, p.Value(e, defined), p.NodeRange(e))
			}
		}
		pipeline.Set(r.Body, model.CITriggers, pipeline.List(header, triggers(p, layers, header)...), header)

		scripts := pipeline.List(header)
		for _, key := range []string{"before_script", "script", "after_script"} {
			var n *yaml.Node
			if _, d := pipeline.Get(def, key); d != nil {
				n = d
			}
			if _, g := pipeline.Get(root, key); g != nil {
				n = g
			}
			for _, l := range layers {
				if _, v := pipeline.Get(l, key); v != nil {
					n = v
				}
			}
			for _, line := range lines(n) {
				v := p.Value(line, defined)
				scripts.Elems = append(scripts.Elems, v)
				text, _ := pipeline.Str(line)
				p.Scripts = append(p.Scripts, pipeline.Script{Text: text, Offset: pipeline.BlockOffsets(p.Src, v.Range.Start.Byte, v.Range.End.Byte), Job: r})
			}
		}
		pipeline.Set(r.Body, model.CIScripts, scripts, header)
	}
	return true
}

// extended returns the job's layers, base first: the jobs it extends
// (extends: .base, or a list), then itself. Depth bounds a cycle.
func extended(job *yaml.Node, jobs map[string]*yaml.Node, depth int) []*yaml.Node {
	if depth > 10 {
		return []*yaml.Node{job}
	}
	var out []*yaml.Node
	_, ext := pipeline.Get(job, "extends")
	var names []string
	if s, ok := pipeline.Str(ext); ok {
		names = []string{s}
	} else if e := pipeline.Deref(ext); e != nil && e.Kind == yaml.SequenceNode {
		for _, n := range e.Content {
			if s, ok := pipeline.Str(n); ok {
				names = append(names, s)
			}
		}
	}
	for _, name := range names {
		if base := pipeline.Deref(jobs[name]); base != nil && base.Kind == yaml.MappingNode {
			out = append(out, extended(base, jobs, depth+1)...)
		}
	}
	return append(out, job)
}

// lines are the lines of a script: a list (nested lists flattened, as
// GitLab does for anchors) or a single string.
func lines(n *yaml.Node) []*yaml.Node {
	d := pipeline.Deref(n)
	if d == nil {
		return nil
	}
	if d.Kind == yaml.ScalarNode {
		return []*yaml.Node{n}
	}
	var out []*yaml.Node
	if d.Kind == yaml.SequenceNode {
		for _, e := range d.Content {
			out = append(out, lines(e)...)
		}
	}
	return out
}

// branchRule finds a rule's condition on the branch: $CI_COMMIT_BRANCH ==
// "main", $CI_COMMIT_REF_NAME == 'release', and tags: $CI_COMMIT_TAG.
var branchRule = regexp.MustCompile(`\$CI_COMMIT_(?:BRANCH|REF_NAME)\s*==\s*["']([^"']+)["']`)

// triggers reads only: and rules: for the branches the job runs on. A job
// with no such filter runs on any branch; one whose every rule names a
// branch runs on those.
func triggers(p *pipeline.Pipeline, layers []*yaml.Node, header model.Range) []*model.Value {
	var only, rules *yaml.Node
	for _, l := range layers {
		if _, o := pipeline.Get(l, "only"); o != nil {
			only = o
		}
		if _, r := pipeline.Get(l, "rules"); r != nil {
			rules = r
		}
	}
	if o := pipeline.Deref(only); o != nil {
		refs := o
		if o.Kind == yaml.MappingNode {
			_, refs = pipeline.Get(o, "refs")
		}
		var branches []*model.Value
		tags := false
		for _, e := range lines(refs) {
			s, _ := pipeline.Str(e)
			switch s {
			case "branches", "pushes", "web", "schedules", "api", "triggers", "pipelines":
				return []*model.Value{pipeline.Trigger("push", header, nil, nil)}
			case "tags":
				tags = true
			case "merge_requests", "external_pull_requests":
			default:
				branches = append(branches, p.Value(e, nil))
			}
		}
		var ts []*model.Value
		if len(branches) > 0 {
			ts = append(ts, pipeline.Trigger("push", header, branches, []*model.Value{}))
		}
		if tags {
			ts = append(ts, pipeline.Trigger("push", header, []*model.Value{}, nil))
		}
		return ts
	}
	if r := pipeline.Deref(rules); r != nil && r.Kind == yaml.SequenceNode {
		var branches []*model.Value
		for _, rule := range r.Content {
			_, cond := pipeline.Get(rule, "if")
			s, _ := pipeline.Str(cond)
			m := branchRule.FindStringSubmatch(s)
			if _, when := pipeline.Get(rule, "when"); m == nil {
				if w, _ := pipeline.Str(when); w == "never" {
					continue
				}
				return []*model.Value{pipeline.Trigger("push", header, nil, nil)}
			}
			branches = append(branches, pipeline.String(m[1], p.NodeRange(cond)))
		}
		if len(branches) > 0 {
			return []*model.Value{pipeline.Trigger("push", header, branches, []*model.Value{})}
		}
	}
	return []*model.Value{pipeline.Trigger("push", header, nil, nil)}
}
