package lint

import (
	"context"
	"runtime"
	"sort"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// Go analysis modes (--go).
const (
	GoAuto = "auto" // analyze the Go modules found under the scanned paths
	GoOn   = "on"   // the same, and a missing go command is an error
	GoOff  = "off"  // never run the Go front-end
)

// scanOptions configure how the files of a scan become the model.
type scanOptions struct {
	Exclude     []string // doublestar globs, matched relative to each path argument
	Workers     int      // parallel parsers; 0 means one per CPU
	MaxFileSize int64    // larger files are skipped with a warning; 0 means frontend.DefaultMaxFileSize
	Go          string   // the Go front-end: GoAuto (also ""), GoOn or GoOff
	// ParseAll parses every Terraform block instead of those a rule could
	// care about (terraform.SelectBlocks): slower, and every syntax error
	// of every file is reported.
	ParseAll bool
	// Rules are the rules that will read the model, and RuleOptions their
	// configuration: each front-end is told what they read in its language
	// (rules.Seeds) and may skip the rest. Nil Rules means rules.All().
	Rules       []*rules.Rule
	RuleOptions rules.Options
	// FrontEnds are the languages of the scan; nil means FrontEnds().
	FrontEnds []frontend.FrontEnd
	// KeepTypes are resource types kept beyond what the rules read.
	KeepTypes []string
}

// scan reads every infrastructure file under paths and returns the model:
// it walks the paths, offers each file to the front-ends in order, loads
// each front-end's files, and merges what they give. It never fails: every
// problem is a diagnostic in the project, and every file that can be read
// is scanned.
func scan(ctx context.Context, paths []string, opts scanOptions) *model.Project {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = frontend.DefaultMaxFileSize
	}
	fes := opts.FrontEnds
	if fes == nil {
		fes = FrontEnds()
	}
	if opts.Go == GoOff {
		fes = without(fes, model.Go)
	}
	w := collect(paths, opts.Exclude, fes)
	inputs := w.inputs
	project := &model.Project{Diagnostics: w.diags}

	if opts.Rules == nil {
		opts.Rules = rules.All()
	}
	loadOpts := frontend.Options{
		Workers:     opts.Workers,
		MaxFileSize: opts.MaxFileSize,
		Paths:       paths,
		Exclude:     opts.Exclude,
		ParseAll:    opts.ParseAll,
		Required:    opts.Go == GoOn,
	}
	found := make([]bool, len(inputs))
	argFound := map[int]bool{}
	for k, fe := range fes {
		var mine []frontend.Input
		var index []int
		for i, in := range inputs {
			if w.owners[i] == k {
				mine = append(mine, in)
				index = append(index, i)
			}
		}
		loadOpts.Seeds = rules.Seeds(opts.Rules, opts.RuleOptions, fe.Meta().Language)
		loadOpts.Seeds.Types = append(loadOpts.Seeds.Types, opts.KeepTypes...)
		r := load(ctx, fe, mine, loadOpts)
		for j, i := range index {
			found[i] = r.Found == nil || r.Found[j]
		}
		for arg := range r.Args {
			argFound[arg] = true
		}
		project.Modules = append(project.Modules, r.Modules...)
		project.Files = append(project.Files, r.Files...)
		project.Diagnostics = append(project.Diagnostics, r.Diagnostics...)
		project.Reports = append(project.Reports, r.Reports...)
	}
	project.Diagnostics = append(project.Diagnostics, unscanned(paths, w.dirArg, inputs, found, argFound)...)
	sort.Slice(project.Files, func(i, j int) bool { return project.Files[i].Path < project.Files[j].Path })
	sortDiagnostics(project.Diagnostics)
	return project
}

// load runs one front-end; a panic that escapes it becomes a diagnostic,
// so that one language's bug never hides the others' findings.
func load(ctx context.Context, fe frontend.FrontEnd, inputs []frontend.Input, opts frontend.Options) (r *frontend.Result) {
	defer func() {
		if p := recover(); p != nil {
			path := "."
			if len(inputs) > 0 {
				path = inputs[0].Path
			}
			r = &frontend.Result{Project: model.Project{Diagnostics: []model.Diagnostic{frontend.InternalError(path, p)}}}
		}
	}()
	r = fe.Load(ctx, inputs, opts)
	if r == nil {
		r = &frontend.Result{}
	}
	return r
}

func without(fes []frontend.FrontEnd, lang model.Language) []frontend.FrontEnd {
	var out []frontend.FrontEnd
	for _, fe := range fes {
		if fe.Meta().Language != lang {
			out = append(out, fe)
		}
	}
	return out
}

// unscanned reports the directory arguments that turned out to hold no
// infrastructure: a directory whose YAML and JSON files are none of them
// templates. A file that could not be read or parsed has its own
// diagnostic and counts as found; so does a directory argument in which a
// front-end found infrastructure of its own (a Go module). A file named on
// the command line that turns out not to be infrastructure (a JSON file
// that is no template) is skipped without a word: pre-commit names every
// changed YAML and JSON file, and a warning on each commit for
// package.json is noise.
func unscanned(paths []string, dirArg []bool, inputs []frontend.Input, found []bool, argFound map[int]bool) []model.Diagnostic {
	anything := make([]bool, len(paths))
	var diags []model.Diagnostic
	for i, in := range inputs {
		anything[in.Arg] = anything[in.Arg] || found[i]
	}
	for arg, path := range paths {
		if dirArg[arg] && !anything[arg] && !argFound[arg] {
			diags = append(diags, nothingFound(path))
		}
	}
	return diags
}

func sortDiagnostics(ds []model.Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Range.File != ds[j].Range.File {
			return ds[i].Range.File < ds[j].Range.File
		}
		return ds[i].Range.Start.Byte < ds[j].Range.Start.Byte
	})
}
