// Package buildkite is the Buildkite front-end: the pipeline files under
// .buildkite/ become pipeline modules of the model's CI vocabulary
// (docs/architecture.md "CI pipelines"). Each command step is a job; its
// plugins (aws-assume-role-with-web-identity, docker-compose ...) are
// steps with their settings as inputs; branches: filters are its
// triggers. Read with yaml.v3 through parsers/internal/pipeline.
package buildkite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/internal/pipeline"
	"github.com/iamlint/iamlint/parsers/model"
)

// FrontEnd is the Buildkite front-end.
type FrontEnd struct{}

// Meta describes Buildkite for the generated documentation.
func (FrontEnd) Meta() frontend.Meta {
	return frontend.Meta{
		Language: model.Buildkite,
		Title:    "Buildkite",
		Fence:    "yaml",
		Suppression: &frontend.SuppressionDoc{
			Where:   "a comment on the line before the step or entry (or at the end of its line) in a Buildkite pipeline",
			Inline:  "`# iamlint:ignore %[1]s <reason>` on the line before the pipeline entry",
			Example: "  # iamlint:ignore %[1]s <why this is acceptable>\n  - command: make deploy\n",
		},
		Fixtures: []string{".buildkite/pipeline.yml"},
	}
}

// Match claims the YAML files directly in a .buildkite directory.
func (FrontEnd) Match(path string, _ bool) bool {
	ext := filepath.Ext(path)
	return (ext == ".yml" || ext == ".yaml") && filepath.Base(filepath.Dir(path)) == ".buildkite"
}

// Load builds each pipeline file.
func (FrontEnd) Load(_ context.Context, inputs []frontend.Input, opts frontend.Options) *frontend.Result {
	return pipeline.Load(model.Buildkite, inputs, opts, build)
}

func build(p *pipeline.Pipeline, root *yaml.Node) bool {
	_, steps := pipeline.Get(root, "steps")
	if d := pipeline.Deref(root); d != nil && d.Kind == yaml.SequenceNode {
		steps = d // a bare list of steps
	}
	list := pipeline.Deref(steps)
	if list == nil || list.Kind != yaml.SequenceNode {
		return false
	}
	_, globalEnv := pipeline.Get(root, "env")
	count := 0
	var walk func(list *yaml.Node)
	walk = func(list *yaml.Node) {
		for _, st := range list.Content {
			if _, group := pipeline.Get(st, "steps"); group != nil {
				if g := pipeline.Deref(group); g != nil && g.Kind == yaml.SequenceNode {
					walk(g) // a group step
				}
				continue
			}
			ck, cmd := pipeline.Get(st, "command")
			if ck == nil {
				ck, cmd = pipeline.Get(st, "commands")
			}
			pk, plugins := pipeline.Get(st, "plugins")
			if ck == nil && pk == nil {
				continue // wait, block, input and trigger steps run nothing
			}
			header := p.NodeRange(st)
			name := fmt.Sprintf("steps[%d]", count)
			if s, ok := pipeline.Str(second(pipeline.Get(st, "key"))); ok {
				name = s
			} else if s, ok := pipeline.Str(second(pipeline.Get(st, "label"))); ok {
				name = s
			}
			job := p.Job(fmt.Sprintf("steps[%d]", count), name, header, header)
			count++
			_, stepEnv := pipeline.Get(st, "env")
			defined := pipeline.Names(globalEnv, stepEnv)
			env := pipeline.Object(header)
			p.Env(env, globalEnv, defined)
			p.Env(env, stepEnv, defined)
			pipeline.Set(job.Body, model.CIEnv, env, header)
			// Every Buildkite agent can request a token
			// (buildkite-agent oidc request-token).
			pipeline.Set(job.Body, model.CIIDToken, pipeline.Bool(true, header), header)
			var branches []*model.Value
			if _, b := pipeline.Get(st, "branches"); b != nil {
				if s, ok := pipeline.Str(b); ok {
					for _, f := range strings.Fields(s) {
						branches = append(branches, pipeline.String(f, p.NodeRange(b)))
					}
				}
			}
			pipeline.Set(job.Body, model.CITriggers, pipeline.List(header, pipeline.Trigger("push", header, branches, nil)), header)
			scripts := pipeline.List(header)
			for _, line := range lines(cmd) {
				v := p.Value(line, defined)
				scripts.Elems = append(scripts.Elems, v)
				text, _ := pipeline.Str(line)
				p.Scripts = append(p.Scripts, pipeline.Script{Text: text, Offset: pipeline.BlockOffsets(p.Src, v.Range.Start.Byte, v.Range.End.Byte), Job: job})
			}
			pipeline.Set(job.Body, model.CIScripts, scripts, header)
			plugin(p, job, plugins, defined)
		}
	}
	walk(list)
	return true
}

// plugin adds a step for each plugin: a list of {name#version: settings}
// or a mapping of them.
func plugin(p *pipeline.Pipeline, job *model.Resource, n *yaml.Node, defined func(string) bool) {
	d := pipeline.Deref(n)
	if d == nil {
		return
	}
	var entries []pipeline.Pair
	switch d.Kind {
	case yaml.SequenceNode:
		for _, e := range d.Content {
			if e.Kind == yaml.ScalarNode {
				entries = append(entries, pipeline.Pair{Key: e}) // a plugin without settings
				continue
			}
			entries = append(entries, pipeline.Pairs(e)...)
		}
	case yaml.MappingNode:
		entries = pipeline.Pairs(d)
	}
	for i, kv := range entries {
		rng := p.NodeRange(kv.Key)
		st := p.Step(job, i, rng, rng)
		uses, _, _ := strings.Cut(kv.Key.Value, "#")
		pipeline.Set(st.Body, model.CIUses, pipeline.String(uses, rng), rng)
		if kv.Value != nil {
			if v := pipeline.Deref(kv.Value); v != nil && v.Kind == yaml.MappingNode {
				with := pipeline.Object(p.NodeRange(kv.Value))
				for _, e := range pipeline.Pairs(v) {
					pipeline.Set(with, e.Key.Value, p.Value(e.Value, defined), p.NodeRange(e.Key))
				}
				pipeline.Set(st.Body, model.CIWith, with, rng)
			}
		}
	}
}

// lines are a command's lines: a string or a list of them.
func lines(n *yaml.Node) []*yaml.Node {
	d := pipeline.Deref(n)
	if d == nil {
		return nil
	}
	if d.Kind == yaml.ScalarNode {
		return []*yaml.Node{n}
	}
	if d.Kind == yaml.SequenceNode {
		return d.Content
	}
	return nil
}

func second(_, v *yaml.Node) *yaml.Node { return v }
