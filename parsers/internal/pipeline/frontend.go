package pipeline

import (
	"go.yaml.in/yaml/v3"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
)

// BuildFunc builds one parsed pipeline file into p. It returns false when
// the YAML is not a pipeline of its system after all.
type BuildFunc func(p *Pipeline, root *yaml.Node) bool

// Load is a FrontEnd's Load for a CI system read with yaml.v3: each input
// is read, parsed and built with build, in parallel (LoadFiles).
func Load(lang model.Language, inputs []frontend.Input, opts frontend.Options, build BuildFunc) *frontend.Result {
	return LoadFiles(inputs, opts, func(in frontend.Input, src []byte) (*model.Module, *model.File, []model.Diagnostic, bool) {
		return Build(lang, in.Path, src, in.Root, build)
	})
}

// FileLoader builds one pipeline file of src. found is false when the
// file turns out not to be the system's.
type FileLoader func(in frontend.Input, src []byte) (mod *model.Module, file *model.File, diags []model.Diagnostic, found bool)

// LoadFiles reads each input and builds it with load, in parallel: a file
// that cannot be read is a diagnostic, and a panic while building one an
// internal error for it. The modules and files come in input order.
func LoadFiles(inputs []frontend.Input, opts frontend.Options, load FileLoader) *frontend.Result {
	type loaded struct {
		mod   *model.Module
		file  *model.File
		diags []model.Diagnostic
		found bool
	}
	res := make([]loaded, len(inputs))
	frontend.Parallel(len(inputs), opts.Workers, func(i int) {
		in := inputs[i]
		defer func() {
			if r := recover(); r != nil {
				res[i] = loaded{diags: []model.Diagnostic{frontend.InternalError(in.Path, r)}, found: true}
			}
		}()
		src, err := frontend.ReadFile(in.Path, opts.MaxFileSize)
		if err != nil {
			res[i] = loaded{diags: []model.Diagnostic{frontend.ReadError(in.Path, err, opts.MaxFileSize)}, found: true}
			return
		}
		mod, file, diags, found := load(in, src)
		res[i] = loaded{mod: mod, file: file, diags: diags, found: found}
	})
	out := &frontend.Result{Found: make([]bool, len(inputs))}
	for i, l := range res {
		out.Found[i] = l.found
		out.Diagnostics = append(out.Diagnostics, l.diags...)
		if l.mod != nil {
			out.Modules = append(out.Modules, l.mod)
		}
		if l.file != nil {
			out.Files = append(out.Files, l.file)
		}
	}
	return out
}

// Build parses and builds one file of lang. found is false when the
// file is YAML but not a pipeline of the system; a file that is not YAML
// is found, with its diagnostic.
func Build(lang model.Language, path string, src []byte, root string, build BuildFunc) (mod *model.Module, file *model.File, diags []model.Diagnostic, found bool) {
	p := New(lang, path, src, root)
	node, diag := p.Parse()
	if diag != nil {
		return nil, p.File, []model.Diagnostic{*diag}, true
	}
	if node == nil || !build(p, node) {
		return nil, nil, nil, false
	}
	p.File.Suppressions = p.Suppressions(node)
	p.File.Literals = Literals(p.Source)
	mod, file, diags = p.Finish()
	return mod, file, diags, true
}

// Literals is the whole file when it may hold a key: every byte of a
// pipeline is a YAML key, a scalar or a comment, all free text that
// IAM107 searches.
func Literals(s *Source) []model.Literal {
	if !model.MayHoldKey(s.Src) {
		return nil
	}
	return []model.Literal{{Range: s.Range(0, len(s.Src)), Raw: string(s.Src)}}
}

// Env adds the entries of a mapping of environment variables to obj;
// defined says which names the pipeline defines itself. A GitLab-style
// entry {value: x, description: y} gives its value.
func (p *Pipeline) Env(obj *model.Value, n *yaml.Node, defined func(string) bool) {
	for _, kv := range Pairs(n) {
		v := kv.Value
		if d := Deref(v); d != nil && d.Kind == yaml.MappingNode {
			if _, val := Get(d, "value"); val != nil {
				v = val
			}
		}
		Set(obj, kv.Key.Value, p.Value(v, defined), p.NodeRange(kv.Key))
	}
}

// Names lists the keys of the mappings, for Env's defined.
func Names(ns ...*yaml.Node) func(string) bool {
	set := map[string]bool{}
	for _, n := range ns {
		for _, kv := range Pairs(n) {
			set[kv.Key.Value] = true
		}
	}
	return func(s string) bool { return set[s] }
}
