package scan

import (
	"path/filepath"
	"sort"

	"github.com/iamlint/iamlint/parsers/cloudformation"
	"github.com/iamlint/iamlint/parsers/model"
)

// templateBatch is how much template source a scan parses before building
// it and letting its syntax go (a variable for tests).
var templateBatch = 8 << 20

// buildBatch builds templates; a panic becomes a diagnostic for the batch
// instead of ending the scan.
func buildBatch(linker *cloudformation.Linker, templates []*cloudformation.File, workers int) (mods []*model.Module, diags []model.Diagnostic) {
	defer func() {
		if r := recover(); r != nil {
			mods, diags = nil, []model.Diagnostic{internalError(templates[0].Path, r)}
		}
	}()
	return linker.Build(templates, cloudformation.Options{Workers: workers})
}

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
// groups in batches, so that only the batch being built holds its syntax;
// exports and imports are linked across batches at the end. A byte scan
// (cloudformation.NestedPaths) finds the groups first; when it cannot be
// sure, every template is one group, as a single Build.
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
	size := make([]int, len(inputs))
	parallel(len(candidates), opts.Workers, func(k int) {
		i := candidates[k]
		if src, err := readFile(inputs[i].path, opts.MaxFileSize); err == nil {
			size[i] = len(src)
			var sure bool
			nested[i], sure = cloudformation.NestedPaths(inputs[i].path, src)
			unsure[i] = !sure
		}
	})

	// Union the nesting edges into groups; when the byte scan is unsure of
	// a file, every template is one group.
	sets := disjointSets[int]{}
	all := false
	for _, i := range candidates {
		all = all || unsure[i]
		for _, child := range nested[i] {
			if j, ok := index[child]; ok {
				sets.union(i, j)
			}
		}
	}
	groups := sets.groups(candidates)
	if all {
		groups = [][]int{candidates}
	}

	// Groups are built in batches of about templateBatch bytes of source:
	// a scan of a few megabytes is one batch, built as one, and a larger one
	// holds one batch's syntax at a time. (One Build per group would hold
	// less, but a small live heap makes the collector run so often that
	// parsing slows by a third.)
	var batches [][]int
	var batch []int
	batchSize := 0
	for _, group := range groups {
		groupSize := 0
		for _, i := range group {
			groupSize += size[i]
		}
		if len(batch) > 0 && batchSize+groupSize > templateBatch {
			batches = append(batches, batch)
			batch, batchSize = nil, 0
		}
		batch = append(batch, group...)
		batchSize += groupSize
	}
	if len(batch) > 0 {
		batches = append(batches, batch)
	}

	var linker cloudformation.Linker
	for _, batch := range batches {
		files := make([]*cloudformation.File, len(batch))
		parallel(len(batch), opts.Workers, func(k int) {
			i := batch[k]
			files[k], out.fileDiags[i] = parseTemplate(inputs[i].path, opts.MaxFileSize)
		})
		var templates []*cloudformation.File
		for k, f := range files {
			if f != nil {
				out.isTemplate[batch[k]] = true
				templates = append(templates, f)
				out.files = append(out.files, f.Model)
			}
		}
		if len(templates) == 0 {
			continue
		}
		mods, diags := buildBatch(&linker, templates, opts.Workers)
		out.mods = append(out.mods, mods...)
		out.diags = append(out.diags, diags...)
		for _, f := range templates {
			f.Model.Src = nil // read again to quote a line, as for Terraform
		}
	}
	linker.Link()
	sort.Slice(out.mods, func(i, j int) bool { return out.mods[i].File < out.mods[j].File })
	return out
}
