package githubactions

import (
	"go.yaml.in/yaml/v3"

	"github.com/iamlint/iamlint/parsers/internal/pipeline"
	"github.com/iamlint/iamlint/parsers/model"
)

// loadAction reads a composite action: its steps run in the job that uses
// the action, so they are one job, "runs", of the action's own module.
// found is false for an action of another kind (JavaScript, Docker), which
// has no steps.
func loadAction(path string, src []byte, root string) (*model.Module, *model.File, []model.Diagnostic, bool) {
	p := pipeline.New(model.GitHubActions, path, src, root)
	node, diag := p.Parse()
	if diag != nil {
		return nil, p.File, []model.Diagnostic{*diag}, true
	}
	runsKey, runs := pipeline.Get(node, "runs")
	using, _ := pipeline.Str(second(pipeline.Get(runs, "using")))
	_, steps := pipeline.Get(runs, "steps")
	if runsKey == nil || using != "composite" || steps == nil || steps.Kind != yaml.SequenceNode {
		return nil, nil, nil, false
	}
	expr := func(n *yaml.Node) *model.Value {
		s, ok := pipeline.Str(n)
		if !ok {
			return p.Value(n, nil)
		}
		start, end := p.Span(n)
		return p.ExprValue(s, start, end)
	}
	header := p.NodeRange(runsKey)
	job := p.Job("runs", "runs", header, p.EntryRange(runsKey, runs))
	// Whether a token can be had, and the claims, are the calling job's:
	// the action's job has no model.CIIDToken or model.CITriggers.
	for i, s := range steps.Content {
		rng := p.NodeRange(s)
		step := p.Step(job, i, rng, rng)
		for _, kv := range pipeline.Pairs(s) {
			switch kv.Key.Value {
			case "uses":
				pipeline.Set(step.Body, model.CIUses, expr(kv.Value), p.NodeRange(kv.Key))
			case "with", "env":
				obj := pipeline.Object(p.NodeRange(kv.Value))
				for _, e := range pipeline.Pairs(kv.Value) {
					pipeline.Set(obj, e.Key.Value, expr(e.Value), p.NodeRange(e.Key))
				}
				name := model.CIWith
				if kv.Key.Value == "env" {
					name = model.CIStepEnv
				}
				pipeline.Set(step.Body, name, obj, p.NodeRange(kv.Key))
			case "run":
				run := expr(kv.Value)
				pipeline.Set(step.Body, model.CIRun, run, p.NodeRange(kv.Key))
				text, _ := pipeline.Str(kv.Value)
				p.Scripts = append(p.Scripts, pipeline.Script{Text: text, Offset: pipeline.BlockOffsets(src, run.Range.Start.Byte, run.Range.End.Byte), Job: job, Step: step})
			}
		}
	}
	p.File.Suppressions = p.Suppressions(node)
	p.File.Literals = pipeline.Literals(p.Source)
	mod, file, diags := p.Finish()
	return mod, file, diags, true
}

func second(_, v *yaml.Node) *yaml.Node { return v }
