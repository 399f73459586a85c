package pipeline

import (
	"fmt"
	"path/filepath"

	"github.com/iamlint/iamlint/parsers/model"
)

// Pipeline builds one pipeline file into a module: jobs and steps as
// resources of the model's CI vocabulary, in source order.
type Pipeline struct {
	*Source
	Mod     *model.Module
	File    *model.File
	Scripts []Script
	// Repository is the repository the file belongs to, from the git
	// remote of its checkout ("" when unknown).
	Repository string
}

// New starts the pipeline of a file of lang.
func New(lang model.Language, path string, src []byte, root string) *Pipeline {
	return &Pipeline{
		Source:     NewSource(path, src),
		Mod:        &model.Module{Dir: filepath.Dir(path), File: path, Language: lang},
		File:       &model.File{Path: path, Language: lang, Src: src},
		Repository: Repository(path, root),
	}
}

// Job adds a job: address as the pipeline names it, header the range of
// its key, extent the whole job.
func (p *Pipeline) Job(address, name string, header, extent model.Range) *model.Resource {
	r := &model.Resource{
		Mode: model.Managed, Type: model.CIJobType, Name: name, Address: address,
		Range: header, Extent: extent, Instances: 1,
		Body: &model.Value{Kind: model.Object, Range: extent},
	}
	if p.Repository != "" {
		Set(r.Body, model.CIRepository, &model.Value{Kind: model.String, Str: p.Repository, Range: header}, header)
	}
	p.Mod.Resources = append(p.Mod.Resources, r)
	return r
}

// Step adds step index (0-based) of job.
func (p *Pipeline) Step(job *model.Resource, index int, header, extent model.Range) *model.Resource {
	r := &model.Resource{
		Mode: model.Managed, Type: model.CIStepType, Name: fmt.Sprintf("%s[%d]", job.Name, index),
		Address: fmt.Sprintf("%s.steps[%d]", job.Address, index),
		Range:   header, Extent: extent, Instances: 1,
		Body: &model.Value{Kind: model.Object, Range: extent},
	}
	Set(r.Body, model.CIJob, &model.Value{Kind: model.String, Str: job.Address, Range: job.Range}, job.Range)
	p.Mod.Resources = append(p.Mod.Resources, r)
	return r
}

// Finish hands the scripts to the shell lowering, sorts the resources
// into source order and returns the module and file, with the scripts'
// problems.
func (p *Pipeline) Finish() (*model.Module, *model.File, []model.Diagnostic) {
	diags := LowerScripts(p)
	model.SortResources(p.Mod.Resources)
	return p.Mod, p.File, diags
}

// Set adds attribute name to an Object value.
func Set(obj *model.Value, name string, v *model.Value, nameRange model.Range) {
	if v == nil {
		return
	}
	obj.Attrs = append(obj.Attrs, &model.Attr{Name: name, NameRange: nameRange, Value: v})
}

// Object is an empty Object value at rng.
func Object(rng model.Range) *model.Value { return &model.Value{Kind: model.Object, Range: rng} }

// Bool is a known Bool at rng.
func Bool(b bool, rng model.Range) *model.Value {
	return &model.Value{Kind: model.Bool, Bool: b, Range: rng}
}

// String is a known String at rng.
func String(s string, rng model.Range) *model.Value {
	return &model.Value{Kind: model.String, Str: s, Range: rng}
}

// List is a List of elems at rng.
func List(rng model.Range, elems ...*model.Value) *model.Value {
	return &model.Value{Kind: model.List, Range: rng, Elems: elems}
}

// Trigger is one entry of model.CITriggers: an event with its branch and
// tag filters (nil for none).
func Trigger(event string, rng model.Range, branches, tags []*model.Value) *model.Value {
	t := Object(rng)
	Set(t, "event", String(event, rng), rng)
	if branches != nil {
		Set(t, "branches", List(rng, branches...), rng)
	}
	if tags != nil {
		Set(t, "tags", List(rng, tags...), rng)
	}
	return t
}
