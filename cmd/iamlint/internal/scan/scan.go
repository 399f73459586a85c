package scan

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/iamlint/iamlint/parsers/cloudformation"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/parsers/terraform"
)

// Options configure a scan.
type Options struct {
	Exclude     []string // doublestar globs, matched relative to each path argument
	Workers     int      // parallel parsers; 0 means one per CPU
	MaxFileSize int64    // larger files are skipped with a warning; 0 means DefaultMaxFileSize
	Go          string   // the Go front-end: GoAuto (also ""), GoOn or GoOff
	// ParseAll parses every Terraform block instead of those a rule could
	// care about (terraform.SelectBlocks): slower, and every syntax error
	// of every file is reported.
	ParseAll bool
	// Seeds are what the rules read, for the selection (rules.Seeds).
	Seeds terraform.Seeds
}

// DefaultMaxFileSize is the largest file a scan reads.
const DefaultMaxFileSize = 8 << 20

// Scan reads every infrastructure file under paths and returns the model.
// It never fails: every problem is a diagnostic in the project, and every
// file that can be read is scanned.
func Scan(paths []string, opts Options) *model.Project {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	inputs, diags := collect(paths, opts.Exclude)
	installed, vendoredInputs := installedModules(inputs)
	inputs = append(inputs, vendoredInputs...)
	vendored := map[string]bool{}
	for _, in := range vendoredInputs {
		vendored[filepath.Dir(in.path)] = true
	}
	project := &model.Project{Diagnostics: diags}

	cfn := scanTemplates(inputs, opts)
	for _, d := range cfn.fileDiags {
		project.Diagnostics = append(project.Diagnostics, d...)
	}
	project.Diagnostics = append(project.Diagnostics, unscanned(paths, inputs, cfn.isTemplate, cfn.fileDiags)...)

	// Terraform: one task per module directory, so that only the
	// directories being read hold their source.
	byDir := map[string]*tfDir{}
	var dirs []*tfDir
	for i, in := range inputs {
		if in.template {
			continue
		}
		dir := filepath.Dir(in.path)
		d := byDir[dir]
		if d == nil {
			d = &tfDir{dir: dir, root: in.root, whole: opts.ParseAll || vendored[dir] || installed[dir] != nil}
			byDir[dir] = d
			dirs = append(dirs, d)
		}
		d.inputs = append(d.inputs, inputs[i])
	}
	sort.Slice(dirs, func(i, j int) bool { return dirs[i].dir < dirs[j].dir })
	// Directories that call each other as local modules are selected and
	// built together: values cross between them by module inputs and
	// outputs. A first pass finds the calls by a byte scan, so that each
	// directory is parsed once, and only one module tree is held at a time.
	parallel(len(dirs), opts.Workers, func(i int) { dirs[i].findCalls(opts.MaxFileSize) })
	trees := moduleTrees(dirs, byDir)
	parallel(len(trees), opts.Workers, func(i int) { loadTree(trees[i], opts) })

	seen := map[string]bool{}
	for _, d := range dirs {
		for _, in := range d.inputs {
			seen[in.path] = true
		}
	}
	for _, d := range dirs {
		r := d.result
		markInstalled([]*model.Module{r.mod}, installed, vendored)
		project.Modules = append(project.Modules, r.mod)
		project.Diagnostics = append(project.Diagnostics, r.diags...)
		for _, f := range r.files {
			if !vendored[d.dir] {
				project.Files = append(project.Files, f)
			}
		}
		for _, f := range r.extra {
			if !seen[f.Path] {
				seen[f.Path] = true
				project.Files = append(project.Files, f)
			}
		}
	}
	project.Modules = append(project.Modules, cfn.mods...)
	project.Files = append(project.Files, cfn.files...)
	project.Diagnostics = append(project.Diagnostics, cfn.diags...)
	withGo := goFrontEnd(project, paths, opts)
	project.Diagnostics = slices.DeleteFunc(project.Diagnostics, func(d model.Diagnostic) bool {
		// A directory that holds a Go module had something to scan.
		return withGo[d.Range.File] && d.Summary == nothingFound("").Summary
	})
	sort.Slice(project.Files, func(i, j int) bool { return project.Files[i].Path < project.Files[j].Path })
	sortDiagnostics(project.Diagnostics)
	return project
}

// unscanned reports the arguments that turned out to hold no
// infrastructure: a directory whose YAML and JSON files are none of them
// templates, a file named on the command line that is neither Terraform nor
// a template. A file that could not be read or parsed has its own
// diagnostic and counts as found.
func unscanned(paths []string, inputs []input, isTemplate []bool, fileDiags [][]model.Diagnostic) []model.Diagnostic {
	walked := make([]bool, len(paths))
	found := make([]bool, len(paths))
	var diags []model.Diagnostic
	for i, in := range inputs {
		if in.vendored {
			continue
		}
		infra := !in.template || isTemplate[i] || len(fileDiags[i]) > 0
		found[in.arg] = found[in.arg] || infra
		walked[in.arg] = walked[in.arg] || !in.explicit
		if in.explicit && !infra {
			diags = append(diags, notInfrastructure(in.path))
		}
	}
	for arg, path := range paths {
		if walked[arg] && !found[arg] {
			diags = append(diags, nothingFound(path))
		}
	}
	return diags
}

// tfDir is one Terraform module directory of a scan: its files, and what
// reading them gave.
type tfDir struct {
	dir, root string
	inputs    []input
	whole     bool     // parse every block (see terraform.SelectBlocks)
	calls     []string // directories its module blocks call by local path
	result    dirResult
}

type dirResult struct {
	mod   *model.Module
	files []*model.File // the directory's own files
	extra []*model.File // templates its functions read
	diags []model.Diagnostic
}

// findCalls records the directories the directory's files name as local
// module sources. Unreadable files are reported when the tree is loaded.
func (d *tfDir) findCalls(maxSize int64) {
	for _, in := range d.inputs {
		src, err := readFile(in.path, maxSize)
		if err != nil {
			continue
		}
		for _, m := range terraform.LocalSources(src) {
			d.calls = append(d.calls, filepath.Join(d.dir, filepath.FromSlash(m)))
		}
	}
}

// read reads and sketches the directory's files.
func (d *tfDir) read(opts Options) ([]*terraform.Sketch, []model.Diagnostic) {
	var diags []model.Diagnostic
	var sketches []*terraform.Sketch
	for _, in := range d.inputs {
		src, err := readFile(in.path, opts.MaxFileSize)
		if err != nil {
			diags = append(diags, diagnosticFor(in.path, err, opts.MaxFileSize))
			continue
		}
		sk := terraform.NewSketch(in.path, src)
		if in.explicit || d.whole {
			sk.NeedAll() // the user's own files get every syntax error
		}
		sketches = append(sketches, sk)
	}
	return sketches, diags
}

// build parses what the selection kept and evaluates the module. A panic
// in a parser becomes a diagnostic for its file or directory instead of
// ending the scan.
func (d *tfDir) build(sketches []*terraform.Sketch, diags []model.Diagnostic, maxSize int64) {
	var files []*terraform.File
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
			d.result.diags = append(diags, internalError(d.dir, r))
		}
	}()
	mod, extra, buildDiags := terraform.BuildModule(d.dir, files, terraform.Options{Root: d.root, MaxFileSize: maxSize})
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
	sets := disjointSets[*tfDir]{}
	for _, d := range dirs {
		for _, target := range d.calls {
			if t := byDir[target]; t != nil {
				sets.union(d, t)
			}
		}
	}
	return sets.groups(dirs)
}

// loadTree reads the directories of one module tree, selects their blocks
// together and builds each.
func loadTree(tree []*tfDir, opts Options) {
	sketches := map[string][]*terraform.Sketch{}
	diags := map[string][]model.Diagnostic{}
	for _, d := range tree {
		sketches[d.dir], diags[d.dir] = d.read(opts)
	}
	terraform.SelectModules(sketches, opts.Seeds)
	for _, d := range tree {
		d.build(sketches[d.dir], diags[d.dir], opts.MaxFileSize)
	}
}

func parseSketch(sk *terraform.Sketch) (f *terraform.File, diags []model.Diagnostic) {
	defer func() {
		if r := recover(); r != nil {
			f, diags = nil, []model.Diagnostic{internalError(sk.Path, r)}
		}
	}()
	return sk.Parse()
}

// internalError turns a recovered panic into a diagnostic, so that a bug in
// one file's handling never hides the findings of the others.
func internalError(path string, r any) model.Diagnostic {
	return model.Diagnostic{
		Severity: model.SevError,
		Summary:  fmt.Sprintf("internal error: %v", r),
		Detail:   "This is a bug in iamlint; please report it, with the file if you can.",
		Range:    model.Range{File: path},
	}
}

type tooLargeError struct{ size int64 }

func (e tooLargeError) Error() string { return fmt.Sprintf("file is larger than %d bytes", e.size) }

// ReadFile reads a file as a scan does, refusing one larger than maxSize
// (0: DefaultMaxFileSize).
func ReadFile(path string, maxSize int64) ([]byte, error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	return readFile(path, maxSize)
}

func readFile(path string, maxSize int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close() //nolint:errcheck // read-only: a close error loses nothing
	// A file known to be too large is refused without reading it; the
	// size of one that is not sizes the buffer, plus a byte to see the
	// end (or that the file grew).
	size := int64(0)
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
		if info.Size() > maxSize {
			return nil, tooLargeError{maxSize}
		}
		size = info.Size()
	}
	limited := io.LimitReader(f, maxSize+1)
	src := make([]byte, size+1)
	n, err := io.ReadFull(limited, src)
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		src, err = src[:n], nil
	case err == nil:
		var rest []byte
		rest, err = io.ReadAll(limited)
		src = append(src, rest...)
	}
	if err != nil {
		return nil, err
	}
	if int64(len(src)) > maxSize {
		return nil, tooLargeError{maxSize}
	}
	return src, nil
}

// parseTemplate reads a YAML or JSON file and parses it if it is a
// CloudFormation template. Other files are skipped without a word, even
// when they are too large to read: only a large file whose first bytes look
// like a template gets the size warning.
func parseTemplate(path string, maxSize int64) (f *cloudformation.File, diags []model.Diagnostic) {
	defer func() {
		if r := recover(); r != nil {
			f, diags = nil, append(diags, internalError(path, r))
		}
	}()
	src, err := readFile(path, maxSize)
	switch {
	case errors.As(err, new(tooLargeError)):
		if !cloudformation.LooksLikeTemplate(readHead(path, templateHead)) {
			return nil, nil
		}
		return nil, []model.Diagnostic{diagnosticFor(path, err, maxSize)}
	case err != nil:
		// Most YAML and JSON is not CloudFormation: one that cannot be
		// read is worth a warning, not a failed scan.
		d := diagnosticFor(path, err, maxSize)
		d.Severity = model.SevWarning
		return nil, []model.Diagnostic{d}
	}
	return cloudformation.ParseFile(path, src)
}

// templateHead is how much of a large file tells whether it is a template.
const templateHead = 64 << 10

func readHead(path string, n int64) []byte {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close() //nolint:errcheck // read-only: a close error loses nothing
	head, _ := io.ReadAll(io.LimitReader(f, n))
	return head
}

func diagnosticFor(path string, err error, maxSize int64) model.Diagnostic {
	if errors.As(err, new(tooLargeError)) {
		return model.Diagnostic{
			Severity: model.SevWarning,
			Summary:  fmt.Sprintf("skipped: larger than %d bytes", maxSize),
			Range:    model.Range{File: path},
		}
	}
	d := pathError(path, err)
	d.Summary = "cannot read file: " + d.Summary
	return d
}

// parallel runs fn(0..n-1) on up to workers goroutines.
func parallel(n, workers int, fn func(int)) {
	if workers > n {
		workers = n
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

func sortDiagnostics(ds []model.Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Range.File != ds[j].Range.File {
			return ds[i].Range.File < ds[j].Range.File
		}
		return ds[i].Range.Start.Byte < ds[j].Range.Start.Byte
	})
}
