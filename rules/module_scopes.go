package rules

import (
	"path/filepath"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// What the code says about itself (which accounts are its own) holds for
// the deployment it belongs to, not for every module the scan happens to
// read: a monorepo of unrelated roots must not lend one root's accounts to
// another. A scope is one such deployment: a Terraform root with every
// module it calls, however deep, or a group of CloudFormation templates
// linked by nested stacks and exports.

// moduleScopes maps each module to the scopes it belongs to. A module
// called from two roots belongs to both; a Terraform module that no root
// reaches and every template group is a scope of its own.
func moduleScopes(p *model.Project) map[*model.Module][]int {
	scopes := map[*model.Module][]int{}
	next := 0
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
	// reach adds m and every module it calls to scope id, as the flow's
	// instances do: a local source by its directory, any other through
	// the root's record of what terraform init installed.
	var reach func(root, m *model.Module, path string, id int, seen map[*model.Module]bool)
	reach = func(root, m *model.Module, path string, id int, seen map[*model.Module]bool) {
		if seen[m] {
			return
		}
		seen[m] = true
		scopes[m] = append(scopes[m], id)
		for _, call := range moduleCalls(m) {
			child := byDir[localSource(m, call)]
			if localSource(m, call) == "" {
				child = byDir[root.Installed[installKey(path, call.Name)]]
			}
			if child != nil {
				reach(root, child, joinPath(path, call.Address), id, seen)
			}
		}
	}
	for _, m := range p.Modules {
		if m.File == "" && !called[m] && !m.Vendored {
			reach(m, m, "", next, map[*model.Module]bool{})
			next++
		}
	}
	// Templates: linked ones are one group (disjoint sets over Links and
	// nested stacks).
	parent := map[*model.Module]*model.Module{}
	var find func(m *model.Module) *model.Module
	find = func(m *model.Module) *model.Module {
		if parent[m] == nil || parent[m] == m {
			return m
		}
		parent[m] = find(parent[m])
		return parent[m]
	}
	union := func(x, y *model.Module) {
		if a, b := find(x), find(y); a != b {
			parent[a] = b
		}
	}
	byFile := map[string]*model.Module{}
	for _, m := range p.Modules {
		if m.File != "" {
			byFile[filepath.Clean(m.File)] = m
		}
	}
	for _, m := range p.Modules {
		for _, l := range m.Links {
			if l.Module != nil {
				union(m, l.Module)
			}
		}
		for _, child := range nestedTemplates(m, byFile) {
			union(m, child)
		}
	}
	groups := map[*model.Module]int{}
	for _, m := range p.Modules {
		if len(scopes[m]) > 0 {
			continue
		}
		g := find(m)
		id, ok := groups[g]
		if !ok {
			id = next
			groups[g] = id
			next++
		}
		scopes[m] = append(scopes[m], id)
	}
	return scopes
}

// moduleCaller is a module block that calls a module of the scan through
// a local source, and the module it is written in.
type moduleCaller struct {
	mod  *model.Module
	call *model.Resource
}

// moduleCallers maps each module to the module blocks that call it by a
// local source. A value a module reads from a variable is, where it is
// used, what these blocks pass.
func moduleCallers(p *model.Project) map[*model.Module][]moduleCaller {
	byDir := map[string]*model.Module{}
	for _, m := range p.Modules {
		if m.File == "" {
			byDir[filepath.Clean(m.Dir)] = m
		}
	}
	callers := map[*model.Module][]moduleCaller{}
	for _, m := range p.Modules {
		for _, call := range moduleCalls(m) {
			if child := byDir[localSource(m, call)]; child != nil && child != m {
				callers[child] = append(callers[child], moduleCaller{m, call})
			}
		}
	}
	return callers
}

// nestedTemplateTypes are the resources that deploy another template, and
// the property that names it.
var nestedTemplateTypes = map[string]string{
	"AWS::CloudFormation::Stack":   "TemplateURL",
	"AWS::Serverless::Application": "Location",
}

// nestedTemplates returns the scanned templates m deploys as nested stacks
// by a local path.
func nestedTemplates(m *model.Module, byFile map[string]*model.Module) []*model.Module {
	if m.File == "" {
		return nil
	}
	var out []*model.Module
	for _, r := range m.Resources {
		prop, ok := nestedTemplateTypes[r.Type]
		if !ok {
			continue
		}
		loc, ok := r.Attr(prop).AsString()
		if !ok || strings.Contains(loc, "://") {
			continue
		}
		if child := byFile[filepath.Clean(filepath.Join(filepath.Dir(m.File), loc))]; child != nil {
			out = append(out, child)
		}
	}
	return out
}
