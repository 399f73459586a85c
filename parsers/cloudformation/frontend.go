package cloudformation

import (
	"context"
	"errors"
	"path/filepath"
	"sort"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
)

// FrontEnd is the CloudFormation front-end: YAML and JSON templates,
// SAM, and the templates CDK synthesizes.
type FrontEnd struct {
	// BatchSize is how much template source Load parses before building
	// it and letting its syntax go; 0 means DefaultBatchSize.
	BatchSize int
}

// Meta describes CloudFormation for the generated documentation.
func (FrontEnd) Meta() frontend.Meta {
	return frontend.Meta{
		Language: model.CloudFormation,
		Title:    "CloudFormation",
		Fence:    "yaml",
		JSONForm: true,
		Suppression: &frontend.SuppressionDoc{
			Where:   "the resource's Metadata in CloudFormation",
			Inline:  "`Metadata: {iamlint: {ignore: [{id: %[1]s, reason: <reason>}]}}` on the CloudFormation resource",
			Example: "Resource:\n  Type: ...\n  Metadata:\n    iamlint:\n      ignore:\n        - id: %[1]s\n          reason: <why this is acceptable>\n",
		},
		Fixtures: []string{"*.yaml", "*.yml", "*.json", "*.template"},
	}
}

// Match claims the files that may be templates by name; a file named on
// the command line may be one whatever its name. Only the content tells
// (Result.Found).
func (FrontEnd) Match(path string, explicit bool) bool { return explicit || IsCandidate(path) }

// DefaultBatchSize is FrontEnd.BatchSize when it is 0.
const DefaultBatchSize = 8 << 20

// Load reads the candidate files and builds the templates among them. A
// template is built with the templates it nests (a group), groups in
// batches, so that only the batch being built holds its syntax; exports
// and imports are linked across batches at the end. A byte scan
// (NestedPaths) finds the groups first; when it cannot be sure, every
// template is one group, as a single Build.
func (fe FrontEnd) Load(_ context.Context, inputs []frontend.Input, opts frontend.Options) *frontend.Result {
	limit := fe.BatchSize
	if limit <= 0 {
		limit = DefaultBatchSize
	}
	out := &frontend.Result{Found: make([]bool, len(inputs))}
	index := map[string]int{}
	for i, in := range inputs {
		index[filepath.Clean(in.Path)] = i
	}
	nested := make([][]string, len(inputs))
	unsure := make([]bool, len(inputs))
	size := make([]int, len(inputs))
	other := make([]bool, len(inputs)) // read, and not a template
	frontend.Parallel(len(inputs), opts.Workers, func(i int) {
		if src, err := frontend.ReadFile(inputs[i].Path, opts.MaxFileSize); err == nil {
			// Most YAML and JSON is not CloudFormation (Kubernetes
			// manifests, tool settings): ParseFile would skip it, so it is
			// not read again.
			if other[i] = !LooksLikeTemplate(src); other[i] {
				return
			}
			size[i] = len(src)
			var sure bool
			nested[i], sure = NestedPaths(inputs[i].Path, src)
			unsure[i] = !sure
		}
	})

	// Union the nesting edges into groups; when the byte scan is unsure of
	// a file, every template is one group. A file that could not be read
	// is a candidate still: parsing it reports why.
	sets := frontend.DisjointSets[int]{}
	all := false
	var candidates []int
	for i := range inputs {
		if other[i] {
			continue
		}
		candidates = append(candidates, i)
		all = all || unsure[i]
		for _, child := range nested[i] {
			if j, ok := index[child]; ok {
				sets.Union(i, j)
			}
		}
	}
	groups := sets.Groups(candidates)
	if all {
		groups = [][]int{candidates}
	}

	// Groups are built in batches of about BatchSize bytes of source:
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
		if len(batch) > 0 && batchSize+groupSize > limit {
			batches = append(batches, batch)
			batch, batchSize = nil, 0
		}
		batch = append(batch, group...)
		batchSize += groupSize
	}
	if len(batch) > 0 {
		batches = append(batches, batch)
	}

	fileDiags := make([][]model.Diagnostic, len(inputs))
	var linker Linker
	var diags []model.Diagnostic
	for _, batch := range batches {
		files := make([]*File, len(batch))
		frontend.Parallel(len(batch), opts.Workers, func(k int) {
			i := batch[k]
			files[k], fileDiags[i] = parseTemplate(inputs[i].Path, opts.MaxFileSize)
		})
		var templates []*File
		for k, f := range files {
			if f != nil {
				out.Found[batch[k]] = true
				templates = append(templates, f)
				out.Files = append(out.Files, f.Model)
			}
		}
		if len(templates) == 0 {
			continue
		}
		mods, bd := buildBatch(&linker, templates, opts.Workers)
		out.Modules = append(out.Modules, mods...)
		diags = append(diags, bd...)
		for _, f := range templates {
			f.Model.Src = nil // read again to quote a line, as for Terraform
		}
	}
	linker.Link()
	sort.Slice(out.Modules, func(i, j int) bool { return out.Modules[i].File < out.Modules[j].File })
	// A file that could not be read or parsed has its own diagnostic and
	// counts as found.
	for i, d := range fileDiags {
		out.Diagnostics = append(out.Diagnostics, d...)
		out.Found[i] = out.Found[i] || len(d) > 0
	}
	out.Diagnostics = append(out.Diagnostics, diags...)
	return out
}

// buildBatch builds templates; a panic becomes a diagnostic for the batch
// instead of ending the scan.
func buildBatch(linker *Linker, templates []*File, workers int) (mods []*model.Module, diags []model.Diagnostic) {
	defer func() {
		if r := recover(); r != nil {
			mods, diags = nil, []model.Diagnostic{frontend.InternalError(templates[0].Path, r)}
		}
	}()
	return linker.Build(templates, Options{Workers: workers})
}

// parseTemplate reads a YAML or JSON file and parses it if it is a
// CloudFormation template. Other files are skipped without a word, even
// when they are too large to read: only a large file whose first bytes look
// like a template gets the size warning.
func parseTemplate(path string, maxSize int64) (f *File, diags []model.Diagnostic) {
	defer func() {
		if r := recover(); r != nil {
			f, diags = nil, append(diags, frontend.InternalError(path, r))
		}
	}()
	src, err := frontend.ReadFile(path, maxSize)
	switch {
	case errors.As(err, new(frontend.TooLargeError)):
		if !LooksLikeTemplate(frontend.ReadHead(path, templateHead)) {
			return nil, nil
		}
		return nil, []model.Diagnostic{frontend.ReadError(path, err, maxSize)}
	case err != nil:
		// Most YAML and JSON is not CloudFormation: one that cannot be
		// read is worth a warning, not a failed scan.
		d := frontend.ReadError(path, err, maxSize)
		d.Severity = model.Warning
		return nil, []model.Diagnostic{d}
	}
	return ParseFile(path, src)
}

// templateHead is how much of a large file tells whether it is a template.
const templateHead = 64 << 10
