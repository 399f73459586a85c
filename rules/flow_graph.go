package rules

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// The graph of the flow analysis: the module instances of every root, and
// an index of each module's names.

// maxModuleDepth bounds module nesting: a module tree deeper than this is
// almost certainly recursive, and recursion would never end.
const maxModuleDepth = 16

// instance is one module in one place of the module tree: the same
// directory called twice is two instances with their own inputs.
type instance struct {
	mod      *model.Module
	path     string // "" for a root, module.app, module.app.module.db
	parent   *instance
	call     *model.Resource // the module block in the parent
	children map[string]*instance
}

func (in *instance) isRoot() bool { return in.parent == nil }

// instances expands the module tree of every root: a module that no other
// scanned module calls through a local source. A module call names a
// directory, so only modules that are a whole directory (not one file, as
// a template is) can be called. A module reached from no root (a cycle of
// calls) becomes a root of its own, so nothing is left unanalyzed. A call
// that closes a cycle, or lies deeper than maxModuleDepth, is not
// followed, and a note says so.
func instances(p *model.Project) ([]*instance, []model.Diagnostic) {
	byDir := map[string]*model.Module{}
	for _, m := range p.Modules {
		if m.File == "" {
			byDir[filepath.Clean(m.Dir)] = m
		}
	}
	called := map[*model.Module]bool{}
	for _, m := range p.Modules {
		for _, call := range moduleCalls(m) {
			if child := byDir[localSource(m, call)]; child != nil && child != m {
				called[child] = true
			}
		}
	}
	// childOf resolves a call: a local source by its directory, any other
	// through the manifest terraform init left in the root module.
	childOf := func(in *instance, call *model.Resource) *model.Module {
		if dir := localSource(in.mod, call); dir != "" {
			return byDir[dir]
		}
		root := in
		for root.parent != nil {
			root = root.parent
		}
		return byDir[root.mod.Installed[installKey(in.path, call.Name)]]
	}
	var all []*instance
	var notes []model.Diagnostic
	noted := map[*model.Resource]bool{}
	note := func(call *model.Resource, summary string) {
		if !noted[call] {
			noted[call] = true
			notes = append(notes, model.Diagnostic{Severity: model.Note, Summary: summary, Range: call.Range})
		}
	}
	seen := map[*model.Module]bool{}
	var expand func(in *instance, depth int)
	expand = func(in *instance, depth int) {
		all = append(all, in)
		seen[in.mod] = true
		in.children = map[string]*instance{}
		for _, call := range moduleCalls(in.mod) {
			child := childOf(in, call)
			switch {
			case child == nil:
				continue
			case onPath(in, child):
				note(call, fmt.Sprintf("module %s calls a module already on its call path (%s), a cycle Terraform rejects; it is not followed", quote(call.Name), child.Dir))
				continue
			case depth >= maxModuleDepth:
				note(call, fmt.Sprintf("module %s is nested more than %d modules deep; what flows through it is not followed", quote(call.Name), maxModuleDepth))
				continue
			}
			ci := &instance{mod: child, path: joinPath(in.path, call.Address), parent: in, call: call}
			in.children[call.Name] = ci
			expand(ci, depth+1)
		}
	}
	// Installed modules are never roots: they are analyzed only where a
	// scanned module calls them.
	for _, m := range p.Modules {
		if !called[m] && !m.Vendored {
			expand(&instance{mod: m}, 0)
		}
	}
	for _, m := range p.Modules {
		if !seen[m] && !m.Vendored {
			expand(&instance{mod: m}, 0)
		}
	}
	return all, notes
}

// installKey is the key terraform init gives a module in modules.json: the
// call names from the root, joined by dots (a, a.b).
func installKey(parentPath, call string) string {
	var names []string
	for _, part := range strings.Split(parentPath, ".") {
		if part != "" && part != "module" {
			names = append(names, part)
		}
	}
	return strings.Join(append(names, call), ".")
}

func moduleCalls(m *model.Module) []*model.Resource {
	var calls []*model.Resource
	for _, r := range m.Resources {
		if r.Mode == model.ModuleCall {
			calls = append(calls, r)
		}
	}
	return calls
}

// localSource resolves a module call's source to a directory when it is a
// local path ("./x", "../x"), or "" for a registry or git module.
func localSource(m *model.Module, call *model.Resource) string {
	src, ok := call.Attr("source").AsString()
	if !ok || (!strings.HasPrefix(src, "./") && !strings.HasPrefix(src, "../")) {
		return ""
	}
	return filepath.Clean(filepath.Join(m.Dir, src))
}

func onPath(in *instance, m *model.Module) bool {
	for ; in != nil; in = in.parent {
		if in.mod == m {
			return true
		}
	}
	return false
}

func joinPath(parent, addr string) string {
	if parent == "" {
		return addr
	}
	return parent + "." + addr
}

// moduleIndex finds a module's locals, variables, outputs and resources by
// name in constant time, so that following a reference never scans.
type moduleIndex struct {
	locals    map[string]*model.Local
	variables map[string]*model.Variable
	outputs   map[string]*model.Output
	resources map[string]*model.Resource
	calls     map[string]*model.Resource // module calls by name, built on first use by call
	// credentialInputs are the inputs the module's AWS provider or s3
	// backend takes its access_key or secret_key from: key material by
	// use, whatever their names.
	credentialInputs map[string]bool
}

// call returns the module call of m called name, or nil.
func (idx *moduleIndex) call(m *model.Module, name string) *model.Resource {
	if idx.calls == nil {
		idx.calls = map[string]*model.Resource{}
		for _, r := range m.Resources {
			if _, dup := idx.calls[r.Name]; r.Mode == model.ModuleCall && !dup {
				idx.calls[r.Name] = r
			}
		}
	}
	return idx.calls[name]
}

func (f *flows) index(m *model.Module) *moduleIndex {
	if idx, ok := f.indexes[m]; ok {
		return idx
	}
	idx := &moduleIndex{
		locals:    make(map[string]*model.Local, len(m.Locals)),
		variables: make(map[string]*model.Variable, len(m.Variables)),
		outputs:   make(map[string]*model.Output, len(m.Outputs)),
		resources: make(map[string]*model.Resource, len(m.Resources)),
	}
	for _, l := range m.Locals {
		idx.locals[l.Name] = l
	}
	for _, v := range m.Variables {
		idx.variables[v.Name] = v
	}
	for _, o := range m.Outputs {
		idx.outputs[o.Name] = o
	}
	for _, r := range m.Resources {
		if _, dup := idx.resources[r.Address]; !dup {
			idx.resources[r.Address] = r
		}
		if r.Mode == model.Provider && r.Type == "aws" || r.Mode == model.Backend && r.Type == "s3" {
			for _, name := range []string{"access_key", "secret_key"} {
				for _, ref := range r.Attr(name).AllRefs() {
					if ref.Kind == model.RefVariable {
						if idx.credentialInputs == nil {
							idx.credentialInputs = map[string]bool{}
						}
						idx.credentialInputs[ref.Name] = true
					}
				}
			}
		}
	}
	f.indexes[m] = idx
	return idx
}
