package scan

import (
	"path/filepath"
	"sort"

	"github.com/iamlint/iamlint/parsers/cloudformation"
	"github.com/iamlint/iamlint/parsers/model"
)

// templateScan is what the CloudFormation side of a scan gives.
type templateScan struct {
	isTemplate []bool               // by input: the file is a template
	fileDiags  [][]model.Diagnostic // by input: reading and syntax
	mods       []*model.Module      // in path order
	files      []*model.File
	diags      []model.Diagnostic // of the templates' content
}

// scanTemplates reads the YAML and JSON inputs and builds the templates
// among them. A template is built with the templates it nests (a group),
// one group at a time per worker, so that only the groups being built hold
// their syntax; exports and imports are linked across groups at the end.
// A byte scan (cloudformation.NestedPaths) finds the groups first; when it
// cannot be sure, every template is one group, as a single Build.
func scanTemplates(inputs []input, opts Options) templateScan {
	out := templateScan{isTemplate: make([]bool, len(inputs)), fileDiags: make([][]model.Diagnostic, len(inputs))}
	index := map[string]int{}
	var candidates []int
	for i, in := range inputs {
		if in.template {
			index[filepath.Clean(in.path)] = i
			candidates = append(candidates, i)
		}
	}
	nested := make([][]string, len(inputs))
	unsure := make([]bool, len(inputs))
	parallel(len(candidates), opts.Workers, func(k int) {
		i := candidates[k]
		if src, err := readFile(inputs[i].path, opts.MaxFileSize); err == nil {
			var sure bool
			nested[i], sure = cloudformation.NestedPaths(inputs[i].path, src)
			unsure[i] = !sure
		}
	})

	// Union the nesting edges into groups.
	parent := map[int]int{}
	var find func(int) int
	find = func(i int) int {
		p, ok := parent[i]
		if !ok || p == i {
			parent[i] = i
			return i
		}
		root := find(p)
		parent[i] = root
		return root
	}
	all := false
	for _, i := range candidates {
		find(i)
		all = all || unsure[i]
		for _, child := range nested[i] {
			if j, ok := index[child]; ok {
				parent[find(i)] = find(j)
			}
		}
	}
	groups := map[int][]int{}
	var roots []int
	for _, i := range candidates {
		r := find(i)
		if all {
			r = candidates[0]
		}
		if groups[r] == nil {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], i)
	}

	var linker cloudformation.Linker
	type built struct {
		mods  []*model.Module
		files []*model.File
		diags []model.Diagnostic
	}
	results := make([]built, len(roots))
	workers := 1
	if len(roots) == 1 {
		workers = opts.Workers
	}
	parallel(len(roots), opts.Workers, func(g int) {
		var files []*cloudformation.File
		for _, i := range groups[roots[g]] {
			f, diags := parseTemplate(inputs[i].path, opts.MaxFileSize)
			out.fileDiags[i] = diags
			if f != nil {
				out.isTemplate[i] = true
				files = append(files, f)
				results[g].files = append(results[g].files, f.Model)
			}
		}
		if len(files) == 0 {
			return
		}
		defer func() {
			if r := recover(); r != nil {
				results[g].mods, results[g].diags = nil, []model.Diagnostic{internalError(files[0].Path, r)}
			}
		}()
		results[g].mods, results[g].diags = linker.Build(files, cloudformation.Options{Workers: workers})
		for _, f := range files {
			f.Model.Src = nil // read again to quote a line, as for Terraform
		}
	})
	linker.Link()
	for _, r := range results {
		out.mods = append(out.mods, r.mods...)
		out.files = append(out.files, r.files...)
		out.diags = append(out.diags, r.diags...)
	}
	sort.Slice(out.mods, func(i, j int) bool { return out.mods[i].File < out.mods[j].File })
	return out
}
