package terraform

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
)

// FrontEnd is the Terraform front-end: .tf, .tf.json, .tfvars and
// .tfvars.json files, one module per directory, modules installed by
// terraform init read for their flows.
type FrontEnd struct{}

// Meta describes Terraform for the generated documentation.
func (FrontEnd) Meta() frontend.Meta {
	return frontend.Meta{
		Language: model.Terraform,
		Title:    "Terraform",
		Fence:    "hcl",
		JSONForm: true,
		Suppression: &frontend.SuppressionDoc{
			Where:   "a comment on the line before the block or attribute (or at the end of its line) in Terraform",
			Inline:  "`# iamlint:ignore %[1]s <reason>` on the line before the block or attribute in Terraform",
			Example: "# iamlint:ignore %[1]s <why this is acceptable>\nresource \"...\" \"...\" {\n  ...\n}\n",
		},
		Fixtures: []string{"*.tf", "*.tf.json", "*.tfvars", "*.tfvars.json"},
	}
}

// Match claims Terraform files by name.
func (FrontEnd) Match(path string, _ bool) bool { return IsConfig(filepath.Base(path)) }

// Load builds one module per directory. Directories that call each other
// as local modules are selected and built together (a module tree): values
// cross between them by module inputs and outputs. A first pass finds the
// calls by a byte scan, so that each directory is parsed once, and only one
// module tree holds its syntax at a time.
func (FrontEnd) Load(_ context.Context, inputs []frontend.Input, opts frontend.Options) *frontend.Result {
	installed, vendoredInputs := installedModules(inputs)
	all := make([]tfInput, 0, len(inputs)+len(vendoredInputs))
	for _, in := range inputs {
		all = append(all, tfInput{Input: in})
	}
	all = append(all, vendoredInputs...)
	vendored := map[string]bool{}
	for _, in := range vendoredInputs {
		vendored[filepath.Dir(in.Path)] = true
	}

	// One task per module directory, so that only the directories being
	// read hold their source.
	byDir := map[string]*tfDir{}
	var dirs []*tfDir
	for _, in := range all {
		dir := filepath.Dir(in.Path)
		d := byDir[dir]
		if d == nil {
			d = &tfDir{dir: dir, root: in.Root, whole: opts.ParseAll || vendored[dir] || installed[dir] != nil}
			byDir[dir] = d
			dirs = append(dirs, d)
		}
		d.inputs = append(d.inputs, in)
	}
	sort.Slice(dirs, func(i, j int) bool { return dirs[i].dir < dirs[j].dir })
	var budget atomic.Int64
	budget.Store(keptSourceBudget)
	frontend.Parallel(len(dirs), opts.Workers, func(i int) { dirs[i].findCalls(opts.MaxFileSize, &budget) })
	trees := moduleTrees(dirs, byDir)
	seeds := NewSeeds(opts.Seeds)
	frontend.Parallel(len(trees), opts.Workers, func(i int) { loadTree(trees[i], seeds, opts.MaxFileSize) })

	out := &frontend.Result{}
	seen := map[string]bool{}
	for _, d := range dirs {
		for _, in := range d.inputs {
			seen[in.Path] = true
		}
	}
	for _, d := range dirs {
		r := d.result
		r.mod.Installed = installed[r.mod.Dir]
		r.mod.Vendored = vendored[r.mod.Dir]
		out.Modules = append(out.Modules, r.mod)
		out.Diagnostics = append(out.Diagnostics, r.diags...)
		if !vendored[d.dir] {
			out.Files = append(out.Files, r.files...)
		}
		for _, f := range r.extra {
			if !seen[f.Path] {
				seen[f.Path] = true
				out.Files = append(out.Files, f)
			}
		}
	}
	return out
}

// tfInput is a file of a module directory; vendored marks a module
// installed by terraform init, read for flows only.
type tfInput struct {
	frontend.Input
	vendored bool
}

// tfDir is one Terraform module directory of a scan: its files, and what
// reading them gave.
type tfDir struct {
	dir, root string
	inputs    []tfInput
	whole     bool     // parse every block (see SelectBlocks)
	calls     []string // directories its module blocks call by local path
	// kept is the source findCalls read, by input, for read to use
	// instead of reading the file again (nil: not kept, read it).
	kept   [][]byte
	result dirResult
}

// keptSourceBudget bounds the source findCalls keeps for read across a
// whole scan. Reading a file costs more than scanning it, so reading each
// once saves a tenth of a scan (the 12,469 files of a monorepo are read
// in about 150 ms of system time); past the budget files are read twice,
// so that memory stays bounded by the trees being built, not the scan.
var keptSourceBudget int64 = 32 << 20

type dirResult struct {
	mod   *model.Module
	files []*model.File // the directory's own files
	extra []*model.File // templates its functions read
	diags []model.Diagnostic
}

// findCalls records the directories the directory's files name as local
// module sources. Unreadable files are reported when the tree is loaded.
func (d *tfDir) findCalls(maxSize int64, budget *atomic.Int64) {
	d.kept = make([][]byte, len(d.inputs))
	for i, in := range d.inputs {
		src, err := frontend.ReadFile(in.Path, maxSize)
		if err != nil {
			continue
		}
		if budget.Add(-int64(len(src))) >= 0 {
			d.kept[i] = src
		}
		for _, m := range LocalSources(src) {
			d.calls = append(d.calls, filepath.Join(d.dir, filepath.FromSlash(m)))
		}
	}
}

// read reads and sketches the directory's files.
func (d *tfDir) read(maxSize int64) ([]*Sketch, []model.Diagnostic) {
	var diags []model.Diagnostic
	var sketches []*Sketch
	for i, in := range d.inputs {
		var src []byte
		if i < len(d.kept) {
			src, d.kept[i] = d.kept[i], nil
		}
		if src == nil {
			var err error
			if src, err = frontend.ReadFile(in.Path, maxSize); err != nil {
				diags = append(diags, frontend.ReadError(in.Path, err, maxSize))
				continue
			}
		}
		sk := NewSketch(in.Path, src)
		switch {
		case d.whole:
			sk.NeedAll()
		case in.Explicit:
			sk.CheckAll() // the user's own files get every syntax error
		}
		sketches = append(sketches, sk)
	}
	return sketches, diags
}

// build parses what the selection kept and evaluates the module. A panic
// in a parser becomes a diagnostic for its file or directory instead of
// ending the scan.
func (d *tfDir) build(sketches []*Sketch, diags []model.Diagnostic, maxSize int64) {
	var files []*File
	var models []*model.File
	for _, sk := range sketches {
		f, fd := parseSketch(sk)
		diags = append(diags, fd...)
		if f != nil {
			files = append(files, f)
			models = append(models, f.Model)
		}
	}
	d.result = dirResult{files: models}
	defer func() {
		if r := recover(); r != nil {
			d.result.mod = &model.Module{Dir: d.dir, Language: model.Terraform}
			d.result.diags = append(diags, frontend.InternalError(d.dir, r))
		}
	}()
	mod, extra, buildDiags := BuildModule(d.dir, files, Options{Root: d.root, MaxFileSize: maxSize})
	d.result.mod, d.result.extra, d.result.diags = mod, extra, append(diags, buildDiags...)
	// The model holds what rules read; the text is read again for the few
	// files a report quotes, so a scan's memory does not grow with the
	// source it has read.
	for _, f := range models {
		f.Src = nil
	}
}

// moduleTrees groups the directories joined by local module calls; a
// directory that calls and is called by none is a tree of its own. Trees
// come in the order of their first directory.
func moduleTrees(dirs []*tfDir, byDir map[string]*tfDir) [][]*tfDir {
	sets := frontend.DisjointSets[*tfDir]{}
	for _, d := range dirs {
		for _, target := range d.calls {
			if t := byDir[target]; t != nil {
				sets.Union(d, t)
			}
		}
	}
	return sets.Groups(dirs)
}

// loadTree reads the directories of one module tree, selects their blocks
// together and builds each.
func loadTree(tree []*tfDir, seeds Seeds, maxSize int64) {
	sketches := map[string][]*Sketch{}
	diags := map[string][]model.Diagnostic{}
	for _, d := range tree {
		sketches[d.dir], diags[d.dir] = d.read(maxSize)
	}
	SelectModules(sketches, seeds)
	for _, d := range tree {
		d.build(sketches[d.dir], diags[d.dir], maxSize)
	}
}

func parseSketch(sk *Sketch) (f *File, diags []model.Diagnostic) {
	defer func() {
		if r := recover(); r != nil {
			f, diags = nil, []model.Diagnostic{frontend.InternalError(sk.Path, r)}
		}
	}()
	return sk.Parse()
}

// modulesManifest is .terraform/modules/modules.json, written by
// "terraform init": where each registry or git module of a root module was
// installed.
type modulesManifest struct {
	Modules []struct {
		Key    string `json:"Key"`
		Source string `json:"Source"`
		Dir    string `json:"Dir"`
	} `json:"Modules"`
}

// installedModules reads the manifests of the scanned Terraform
// directories. It returns, per root directory, the installed module
// directories by key, and the files of those directories to parse. Only
// directories inside the scan root are read, and local modules (already
// scanned where they are) are left out.
func installedModules(inputs []frontend.Input) (map[string]map[string]string, []tfInput) {
	installed := map[string]map[string]string{}
	var extra []tfInput
	seen := map[string]bool{}
	for _, in := range inputs {
		dir := filepath.Dir(in.Path)
		if seen[dir] {
			continue
		}
		seen[dir] = true
		raw, err := os.ReadFile(filepath.Join(dir, ".terraform", "modules", "modules.json"))
		if err != nil {
			continue // no manifest: terraform init has not run here
		}
		var manifest modulesManifest
		if json.Unmarshal(raw, &manifest) != nil {
			continue
		}
		for _, m := range manifest.Modules {
			if m.Key == "" || m.Dir == "" || strings.HasPrefix(m.Source, "./") || strings.HasPrefix(m.Source, "../") {
				continue
			}
			mdir := filepath.Clean(filepath.Join(dir, filepath.FromSlash(m.Dir)))
			if !within(in.Root, mdir) {
				continue
			}
			if installed[dir] == nil {
				installed[dir] = map[string]string{}
			}
			installed[dir][m.Key] = mdir
			if seen["vendored\x00"+mdir] {
				continue
			}
			seen["vendored\x00"+mdir] = true
			entries, err := os.ReadDir(mdir)
			if err != nil {
				continue
			}
			for _, e := range entries {
				if !e.IsDir() && IsConfig(e.Name()) && !strings.Contains(e.Name(), ".tfvars") {
					extra = append(extra, tfInput{Input: frontend.Input{Path: filepath.Join(mdir, e.Name()), Root: in.Root, Arg: in.Arg}, vendored: true})
				}
			}
		}
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i].Path < extra[j].Path })
	return installed, extra
}

func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
