package scan

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/parsers/terraform"
)

// Options configure a scan.
type Options struct {
	Exclude     []string // doublestar globs, matched relative to each path argument
	Workers     int      // parallel parsers; 0 means one per CPU
	MaxFileSize int64    // larger files are skipped with a warning; 0 means DefaultMaxFileSize
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

	parsed := make([]*terraform.File, len(inputs))
	fileDiags := make([][]model.Diagnostic, len(inputs))
	parallel(len(inputs), opts.Workers, func(i int) {
		parsed[i], fileDiags[i] = parseFile(inputs[i].path, opts.MaxFileSize)
	})
	for _, d := range fileDiags {
		project.Diagnostics = append(project.Diagnostics, d...)
	}

	// One module per directory, built in parallel.
	type dirFiles struct {
		dir, root string
		files     []*terraform.File
	}
	byDir := map[string]*dirFiles{}
	var dirs []*dirFiles
	for i, in := range inputs {
		dir := filepath.Dir(in.path)
		d := byDir[dir]
		if d == nil {
			d = &dirFiles{dir: dir, root: in.root}
			byDir[dir] = d
			dirs = append(dirs, d)
		}
		if parsed[i] != nil {
			d.files = append(d.files, parsed[i])
			if !in.vendored {
				project.Files = append(project.Files, parsed[i].Model)
			}
		}
	}
	sort.Slice(dirs, func(i, j int) bool { return dirs[i].dir < dirs[j].dir })
	type built struct {
		mod   *model.Module
		extra []*model.File
		diags []model.Diagnostic
	}
	results := make([]built, len(dirs))
	parallel(len(dirs), opts.Workers, func(i int) {
		d := dirs[i]
		defer func() {
			if r := recover(); r != nil {
				results[i] = built{mod: &model.Module{Dir: d.dir, Language: model.Terraform}, diags: []model.Diagnostic{internalError(d.dir, r)}}
			}
		}()
		mod, extra, diags := terraform.BuildModule(d.dir, d.files, terraform.Options{Root: d.root, MaxFileSize: opts.MaxFileSize})
		results[i] = built{mod, extra, diags}
	})
	seen := map[string]bool{}
	for _, f := range project.Files {
		seen[f.Path] = true
	}
	for _, r := range results {
		markInstalled([]*model.Module{r.mod}, installed, vendored)
		project.Modules = append(project.Modules, r.mod)
		project.Diagnostics = append(project.Diagnostics, r.diags...)
		for _, f := range r.extra {
			if !seen[f.Path] {
				seen[f.Path] = true
				project.Files = append(project.Files, f)
			}
		}
	}
	sort.Slice(project.Files, func(i, j int) bool { return project.Files[i].Path < project.Files[j].Path })
	sortDiagnostics(project.Diagnostics)
	return project
}

// parseFile reads and parses one file; a panic in a parser becomes a
// diagnostic for that file instead of ending the scan.
func parseFile(path string, maxSize int64) (f *terraform.File, diags []model.Diagnostic) {
	defer func() {
		if r := recover(); r != nil {
			f, diags = nil, append(diags, internalError(path, r))
		}
	}()
	src, err := readFile(path, maxSize)
	if err != nil {
		return nil, []model.Diagnostic{diagnosticFor(path, err, maxSize)}
	}
	return terraform.ParseFile(path, src)
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

func readFile(path string, maxSize int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close() //nolint:errcheck // read-only: a close error loses nothing
	src, err := io.ReadAll(io.LimitReader(f, maxSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(src)) > maxSize {
		return nil, tooLargeError{maxSize}
	}
	return src, nil
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
