// Package circleci is the CircleCI front-end: .circleci/config.yml becomes
// a pipeline module of the model's CI vocabulary (docs/architecture.md "CI
// pipelines"). Jobs are jobs; their steps (run, orb commands such as
// aws-cli/setup) are steps, an orb command's parameters its inputs; the
// workflows' branch filters are the jobs' triggers. Read with yaml.v3
// through parsers/internal/pipeline.
package circleci

import (
	"context"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/internal/pipeline"
	"github.com/iamlint/iamlint/parsers/model"
)

// FrontEnd is the CircleCI front-end.
type FrontEnd struct{}

// Meta describes CircleCI for the generated documentation.
func (FrontEnd) Meta() frontend.Meta {
	return frontend.Meta{
		Language: model.CircleCI,
		Title:    "CircleCI",
		Fence:    "yaml",
		Suppression: &frontend.SuppressionDoc{
			Where:   "a comment on the line before the job, step or entry (or at the end of its line) in a CircleCI config",
			Inline:  "`# iamlint:ignore %[1]s <reason>` on the line before the config entry",
			Example: "      # iamlint:ignore %[1]s <why this is acceptable>\n      - aws-cli/setup:\n",
		},
		Fixtures: []string{".circleci/config.yml"},
	}
}

// Match claims .circleci/config.yml (and .yaml).
func (FrontEnd) Match(path string, _ bool) bool {
	base := filepath.Base(path)
	return (base == "config.yml" || base == "config.yaml") && filepath.Base(filepath.Dir(path)) == ".circleci"
}

// Load builds each config.
func (FrontEnd) Load(_ context.Context, inputs []frontend.Input, opts frontend.Options) *frontend.Result {
	return pipeline.Load(model.CircleCI, inputs, opts, build)
}

func build(p *pipeline.Pipeline, root *yaml.Node) bool {
	_, jobs := pipeline.Get(root, "jobs")
	if jobs == nil {
		return false
	}
	filters := workflowFilters(p, root)
	for _, kv := range pipeline.Pairs(jobs) {
		name := kv.Key.Value
		header := p.NodeRange(kv.Key)
		job := p.Job("jobs."+name, name, header, p.EntryRange(kv.Key, kv.Value))
		_, envNode := pipeline.Get(kv.Value, "environment")
		defined := pipeline.Names(envNode)
		env := pipeline.Object(header)
		p.Env(env, envNode, defined)
		pipeline.Set(job.Body, model.CIEnv, env, header)
		// Every CircleCI job can read $CIRCLE_OIDC_TOKEN.
		pipeline.Set(job.Body, model.CIIDToken, pipeline.Bool(true, header), header)
		triggers := filters[name]
		if triggers == nil {
			triggers = []*model.Value{pipeline.Trigger("push", header, nil, nil)}
		}
		pipeline.Set(job.Body, model.CITriggers, pipeline.List(header, triggers...), header)
		_, steps := pipeline.Get(kv.Value, "steps")
		if s := pipeline.Deref(steps); s != nil && s.Kind == yaml.SequenceNode {
			for i, st := range s.Content {
				buildStep(p, job, i, st, defined)
			}
		}
	}
	return true
}

// buildStep reads one step: "checkout", {run: command}, {run: {command,
// environment}}, or {orb/command: {parameters}}.
func buildStep(p *pipeline.Pipeline, job *model.Resource, i int, n *yaml.Node, defined func(string) bool) {
	rng := p.NodeRange(n)
	step := p.Step(job, i, rng, rng)
	if s, ok := pipeline.Str(n); ok {
		pipeline.Set(step.Body, model.CIUses, pipeline.String(s, rng), rng)
		return
	}
	for _, kv := range pipeline.Pairs(n) {
		key := p.NodeRange(kv.Key)
		pipeline.Set(step.Body, model.CIUses, pipeline.String(kv.Key.Value, key), key)
		params := pipeline.Deref(kv.Value)
		if kv.Key.Value == "run" {
			command := kv.Value
			if params != nil && params.Kind == yaml.MappingNode {
				_, command = pipeline.Get(params, "command")
				if _, e := pipeline.Get(params, "environment"); e != nil {
					env := pipeline.Object(p.NodeRange(e))
					p.Env(env, e, defined)
					pipeline.Set(step.Body, model.CIStepEnv, env, key)
				}
			}
			if command != nil {
				v := p.Value(command, defined)
				pipeline.Set(step.Body, model.CIRun, v, key)
				text, _ := pipeline.Str(command)
				p.Scripts = append(p.Scripts, pipeline.Script{Text: text, Offset: pipeline.BlockOffsets(p.Src, v.Range.Start.Byte, v.Range.End.Byte), Job: job, Step: step})
			}
			continue
		}
		if params != nil && params.Kind == yaml.MappingNode {
			with := pipeline.Object(p.NodeRange(kv.Value))
			for _, e := range pipeline.Pairs(params) {
				pipeline.Set(with, e.Key.Value, p.Value(e.Value, defined), p.NodeRange(e.Key))
			}
			pipeline.Set(step.Body, model.CIWith, with, key)
		}
	}
}

// workflowFilters reads the branch and tag filters the workflows put on
// each job (jobs: [{build: {filters: {branches: {only: [main]}}}}]).
func workflowFilters(p *pipeline.Pipeline, root *yaml.Node) map[string][]*model.Value {
	out := map[string][]*model.Value{}
	_, workflows := pipeline.Get(root, "workflows")
	for _, wf := range pipeline.Pairs(workflows) {
		_, jobs := pipeline.Get(wf.Value, "jobs")
		j := pipeline.Deref(jobs)
		if j == nil || j.Kind != yaml.SequenceNode {
			continue
		}
		for _, e := range j.Content {
			for _, kv := range pipeline.Pairs(e) {
				name := kv.Key.Value // a renamed instance (name:) runs the same job
				_, f := pipeline.Get(kv.Value, "filters")
				rng := p.NodeRange(kv.Key)
				_, b := pipeline.Get(f, "branches")
				_, t := pipeline.Get(f, "tags")
				branches, tags := only(p, b), only(p, t)
				if t == nil && f != nil {
					tags = []*model.Value{} // CircleCI runs no tag pipeline unless tags are filtered in
				}
				out[name] = append(out[name], pipeline.Trigger("push", rng, branches, tags))
			}
			if name, ok := pipeline.Str(e); ok {
				out[name] = append(out[name], pipeline.Trigger("push", p.NodeRange(e), nil, []*model.Value{}))
			}
		}
	}
	return out
}

// only reads a filter's only: a string or a list (regular expressions
// /.../ are any branch as far as a glob can say); nil when absent.
func only(p *pipeline.Pipeline, filter *yaml.Node) []*model.Value {
	if filter == nil {
		return nil
	}
	_, o := pipeline.Get(filter, "only")
	if o == nil {
		return nil
	}
	var out []*model.Value
	add := func(n *yaml.Node) {
		s, _ := pipeline.Str(n)
		if strings.HasPrefix(s, "/") {
			s = "*"
		}
		out = append(out, pipeline.String(s, p.NodeRange(n)))
	}
	if d := pipeline.Deref(o); d.Kind == yaml.SequenceNode {
		for _, e := range d.Content {
			add(e)
		}
	} else {
		add(o)
	}
	return out
}
