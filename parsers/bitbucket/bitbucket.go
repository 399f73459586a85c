// Package bitbucket is the Bitbucket Pipelines front-end:
// bitbucket-pipelines.yml becomes a pipeline module of the model's CI
// vocabulary (docs/architecture.md "CI pipelines"). Each step is a job of
// its own (its own container, its own OIDC token with oidc: true); its
// pipes (atlassian/aws-s3-deploy and the like) are steps with their
// variables as inputs; the pipeline a step is in (default, branches,
// tags, pull-requests, custom) gives its triggers. Read with yaml.v3
// through parsers/internal/pipeline.
package bitbucket

import (
	"context"
	"fmt"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/internal/pipeline"
	"github.com/iamlint/iamlint/parsers/model"
)

// FrontEnd is the Bitbucket Pipelines front-end.
type FrontEnd struct{}

// Meta describes Bitbucket Pipelines for the generated documentation.
func (FrontEnd) Meta() frontend.Meta {
	return frontend.Meta{
		Language: model.Bitbucket,
		Title:    "Bitbucket Pipelines",
		Fence:    "yaml",
		Suppression: &frontend.SuppressionDoc{
			Where:   "a comment on the line before the step or entry (or at the end of its line) in a Bitbucket pipeline",
			Inline:  "`# iamlint:ignore %[1]s <reason>` on the line before the pipeline entry",
			Example: "        # iamlint:ignore %[1]s <why this is acceptable>\n        - pipe: atlassian/aws-s3-deploy:1.1.0\n",
		},
		Fixtures: []string{"bitbucket-pipelines.yml"},
	}
}

// Match claims bitbucket-pipelines.yml.
func (FrontEnd) Match(path string, _ bool) bool {
	return filepath.Base(path) == "bitbucket-pipelines.yml"
}

// Load builds each pipeline file.
func (FrontEnd) Load(_ context.Context, inputs []frontend.Input, opts frontend.Options) *frontend.Result {
	return pipeline.Load(model.Bitbucket, inputs, opts, build)
}

type builder struct {
	p     *pipeline.Pipeline
	count int
}

func build(p *pipeline.Pipeline, root *yaml.Node) bool {
	_, pipelines := pipeline.Get(root, "pipelines")
	if pipelines == nil {
		return false
	}
	b := &builder{p: p}
	for _, kv := range pipeline.Pairs(pipelines) {
		rng := p.NodeRange(kv.Key)
		switch kv.Key.Value {
		case "default":
			b.steps("default", kv.Value, pipeline.Trigger("push", rng, nil, []*model.Value{}))
		case "branches", "tags", "pull-requests", "custom":
			for _, named := range pipeline.Pairs(kv.Value) {
				nrng := p.NodeRange(named.Key)
				pattern := pipeline.String(named.Key.Value, nrng)
				var t *model.Value
				switch kv.Key.Value {
				case "branches":
					t = pipeline.Trigger("push", nrng, []*model.Value{pattern}, []*model.Value{})
				case "tags":
					t = pipeline.Trigger("push", nrng, []*model.Value{}, []*model.Value{pattern})
				case "pull-requests":
					t = pipeline.Trigger("pull_request", nrng, nil, nil)
				default:
					t = pipeline.Trigger("workflow_dispatch", nrng, nil, nil)
				}
				b.steps(kv.Key.Value+"."+named.Key.Value, named.Value, t)
			}
		}
	}
	return true
}

// steps reads a list of steps, parallel groups and stages.
func (b *builder) steps(where string, n *yaml.Node, trigger *model.Value) {
	list := pipeline.Deref(n)
	if list == nil || list.Kind != yaml.SequenceNode {
		return
	}
	for _, item := range list.Content {
		for _, kv := range pipeline.Pairs(item) {
			switch kv.Key.Value {
			case "step":
				b.step(where, kv.Key, kv.Value, trigger)
			case "parallel":
				v := kv.Value
				if _, s := pipeline.Get(v, "steps"); s != nil {
					v = s
				}
				b.steps(where, v, trigger)
			case "stage":
				_, s := pipeline.Get(kv.Value, "steps")
				b.steps(where, s, trigger)
			}
		}
	}
}

func (b *builder) step(where string, key, n *yaml.Node, trigger *model.Value) {
	p := b.p
	header := p.NodeRange(key)
	name := fmt.Sprintf("pipelines.%s[%d]", where, b.count)
	if s, ok := pipeline.Str(second(pipeline.Get(n, "name"))); ok {
		name = s
	}
	job := p.Job(fmt.Sprintf("pipelines.%s.steps[%d]", where, b.count), name, header, p.EntryRange(key, n))
	b.count++
	oidc := pipeline.Bool(false, header)
	if k, v := pipeline.Get(n, "oidc"); k != nil {
		if s, _ := pipeline.Str(v); s == "true" {
			oidc = pipeline.Bool(true, p.NodeRange(v))
		}
	}
	pipeline.Set(job.Body, model.CIIDToken, oidc, oidc.Range)
	if _, d := pipeline.Get(n, "deployment"); d != nil {
		pipeline.Set(job.Body, model.CIEnvironment, p.Value(d, nil), p.NodeRange(d))
	}
	pipeline.Set(job.Body, model.CITriggers, pipeline.List(header, trigger), header)
	pipeline.Set(job.Body, model.CIEnv, pipeline.Object(header), header)
	scripts := pipeline.List(header)
	index := 0
	for _, key := range []string{"script", "after-script"} {
		_, s := pipeline.Get(n, key)
		list := pipeline.Deref(s)
		if list == nil || list.Kind != yaml.SequenceNode {
			continue
		}
		for _, line := range list.Content {
			if text, ok := pipeline.Str(line); ok {
				v := p.Value(line, nil)
				scripts.Elems = append(scripts.Elems, v)
				p.Scripts = append(p.Scripts, pipeline.Script{Text: text, Offset: pipeline.BlockOffsets(p.Src, v.Range.Start.Byte, v.Range.End.Byte), Job: job})
				continue
			}
			pk, pipe := pipeline.Get(line, "pipe")
			if pk == nil {
				continue
			}
			rng := p.NodeRange(line)
			st := p.Step(job, index, rng, rng)
			index++
			pipeline.Set(st.Body, model.CIUses, p.Value(pipe, nil), p.NodeRange(pk))
			if vk, vars := pipeline.Get(line, "variables"); vk != nil {
				with := pipeline.Object(p.NodeRange(vars))
				p.Env(with, vars, nil)
				pipeline.Set(st.Body, model.CIWith, with, p.NodeRange(vk))
			}
		}
	}
	pipeline.Set(job.Body, model.CIScripts, scripts, header)
}

func second(_, v *yaml.Node) *yaml.Node { return v }
