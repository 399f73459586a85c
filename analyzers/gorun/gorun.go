// Package gorun runs iamlint's Go analyzers (staticcreds, iackeys) over a Go
// module from inside iamlint, through go/packages and
// golang.org/x/tools/go/analysis/checker, and returns plain results that
// the CLI turns into its own findings and notices.
//
// It never makes the go command download anything: go list runs with
// GOFLAGS=-mod=readonly (-mod=vendor when the module vendors its
// dependencies), GOPROXY=off, GOTOOLCHAIN=local, and GOWORK=off unless the
// module directory has a go.work. A module whose dependencies are not in
// the module cache is reported as a notice, as is a missing go command, a
// package that does not parse or type-check, and a run that exceeds its
// timeout. Run never fails and never panics on bad input.
package gorun

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/iamlint/iamlint/analyzers"
	"github.com/iamlint/iamlint/analyzers/iackeys"
	"github.com/iamlint/iamlint/analyzers/staticcreds"
	"github.com/iamlint/iamlint/parsers/model"
)

// Analyzers are the analyzers Run applies, in the order they are listed in
// the documentation.
var Analyzers = []*analysis.Analyzer{staticcreds.Analyzer, iackeys.Analyzer}

// DefaultTimeout bounds one module's load and analysis when
// Options.Timeout is zero. Loading compiles the dependencies' export data
// into the Go build cache the first time, which for a large SDK (a Pulumi
// provider) takes a while; later runs reuse it.
const DefaultTimeout = 5 * time.Minute

// Options configure Run. The zero value is ready to use.
type Options struct {
	// Timeout bounds the whole run; DefaultTimeout when zero.
	Timeout time.Duration
	// Env is added to the environment of the go command, after the
	// settings that forbid downloads (tests use it for GOCACHE and the
	// like; it can also override GOFLAGS, at the caller's risk).
	Env []string
	// Required says the user asked for Go analysis (--go=on): a missing go
	// command is then an error notice rather than a note, and every load
	// error of every package is its own notice. Otherwise (--go=auto) a
	// module whose dependencies cannot be loaded is one notice, at its
	// go.mod, with the command that fixes it, and the packages that
	// depend on a broken one are counted in it rather than each reported.
	Required bool
}

// notice is a diagnostic about Go code that could not be analyzed, for
// the whole of file (a directory, a go.mod or a Go file).
func notice(file string, level model.Level, msg string) model.Diagnostic {
	return model.Diagnostic{Severity: level, Summary: msg, Range: model.Range{File: file}}
}

// maxNoticesPerPackage caps the notices one broken package produces.
const maxNoticesPerPackage = 5

// Run loads the packages of the Go module in dir (go list ./... run in
// dir) and applies the analyzers to them. dir is normally a module root,
// as FindModules returns; a directory inside a module analyzes the
// packages under it. Findings in _test.go files are not reported.
//
// Results and notices are sorted by file and position. File names are
// dir joined with their path relative to dir, so they read like the rest
// of iamlint's output when dir is relative.
func Run(ctx context.Context, dir string, opts Options) (results []model.Report, notices []model.Diagnostic) {
	defer func() {
		if r := recover(); r != nil {
			notices = append(notices, notice(dir, model.Error, fmt.Sprintf("internal error analyzing Go code: %v; this is a bug in iamlint, please report it", r)))
		}
	}()
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()

	r := &runner{dir: dir}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, []model.Diagnostic{notice(dir, model.Warning, "cannot resolve the directory: "+err.Error())}
	}
	r.abs = abs
	if _, err := exec.LookPath("go"); err != nil {
		level := model.Note
		if opts.Required {
			level = model.Error
		}
		return nil, []model.Diagnostic{notice(r.goModOr(), level,
			"the go command was not found on PATH, so the Go code here was not analyzed; install Go, or pass --go=off")}
	}

	cfg := &packages.Config{
		Mode:    packages.LoadSyntax | packages.NeedModule,
		Context: ctx,
		Dir:     abs,
		Env:     append(goEnv(os.Environ(), abs), opts.Env...),
		Tests:   false,
	}
	start := time.Now()
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		return nil, []model.Diagnostic{r.loadFailure(ctx, err, opts.Timeout)}
	}
	var good, depBroken []*packages.Package
	broken := brokenDeps(pkgs)
	for _, p := range pkgs {
		// IllTyped is also set for a package that only imports a broken
		// one: the analyzers would skip it "due to errors in package".
		if len(p.Errors) == 0 && !p.IllTyped && p.Types != nil && p.TypesInfo != nil {
			good = append(good, p)
			continue
		}
		if !opts.Required && broken[p] {
			depBroken = append(depBroken, p)
			continue
		}
		if len(p.Errors) == 0 && p.IllTyped && !opts.Required {
			continue // it imports a package of the module with a notice of its own
		}
		notices = append(notices, r.packageNotices(p)...)
	}
	if len(depBroken) > 0 {
		notices = append(notices, r.moduleNotice(depBroken))
	}
	if ctx.Err() != nil {
		return nil, append(notices, r.timeoutNotice(opts.Timeout, time.Since(start)))
	}
	if len(good) > 0 {
		graph, err := checker.Analyze(guarded(Analyzers), good, &checker.Options{})
		if err != nil {
			notices = append(notices, notice(r.goModOr(), model.Warning, "the Go analyzers could not run: "+err.Error()))
		} else {
			for _, act := range graph.Roots {
				results = append(results, r.collect(act)...)
				if act.Err != nil {
					notices = append(notices, notice(r.goModOr(), model.Warning, fmt.Sprintf("analyzer %s failed on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)))
				}
			}
		}
	}
	sortResults(results)
	slices.SortFunc(notices, func(a, b model.Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Range.File, b.Range.File), cmp.Compare(a.Range.Start.Line, b.Range.Start.Line),
			cmp.Compare(a.Range.Start.Column, b.Range.Start.Column), cmp.Compare(a.Summary, b.Summary))
	})
	return results, slices.Compact(notices)
}

// guarded returns copies of analyzers whose panics become errors: the
// checker runs them on goroutines of its own, where Run's recover cannot
// reach, and a bug in one package's analysis must not end the scan.
func guarded(as []*analysis.Analyzer) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(as))
	for i, a := range as {
		c := *a
		run := a.Run
		c.Run = func(pass *analysis.Pass) (res any, err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("internal error: %v; this is a bug in iamlint, please report it", r)
				}
			}()
			return run(pass)
		}
		out[i] = &c
	}
	return out
}

type runner struct {
	dir, abs string
}

// goModOr is the go.mod of dir when there is one, else dir: where notices
// about the whole module point.
func (r *runner) goModOr() string {
	if _, err := os.Stat(filepath.Join(r.abs, "go.mod")); err == nil {
		return filepath.Join(r.dir, "go.mod")
	}
	return r.dir
}

// rel turns an absolute file name from go/packages into dir-relative form.
func (r *runner) rel(file string) string {
	if rel, err := filepath.Rel(r.abs, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.Join(r.dir, rel)
	}
	return file
}

// goEnv is the environment for the go command: the user's, with every
// setting that could download a module or a toolchain overridden.
func goEnv(environ []string, dir string) []string {
	mod := "-mod=readonly"
	if _, err := os.Stat(filepath.Join(dir, "vendor", "modules.txt")); err == nil {
		mod = "-mod=vendor"
	}
	var flags []string
	env := make([]string, 0, len(environ)+5)
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "GOFLAGS":
			for _, f := range strings.Fields(v) {
				if !strings.HasPrefix(f, "-mod=") && !strings.HasPrefix(f, "--mod=") {
					flags = append(flags, f)
				}
			}
			continue
		case "GOPROXY", "GOTOOLCHAIN", "GOWORK":
			continue
		}
		env = append(env, kv)
	}
	env = append(env,
		"GOFLAGS="+strings.Join(append(flags, mod), " "),
		"GOPROXY=off",
		"GOTOOLCHAIN=local",
	)
	if _, err := os.Stat(filepath.Join(dir, "go.work")); err != nil {
		env = append(env, "GOWORK=off")
	}
	return env
}

func (r *runner) loadFailure(ctx context.Context, err error, timeout time.Duration) model.Diagnostic {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return r.timeoutNotice(timeout, timeout)
	}
	msg := strings.TrimSpace(err.Error())
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return notice(r.goModOr(), model.Warning, "the Go packages could not be loaded, so they were not analyzed: "+msg+r.fix(msg))
}

func (r *runner) timeoutNotice(timeout, elapsed time.Duration) model.Diagnostic {
	return notice(r.goModOr(), model.Warning, fmt.Sprintf("loading the Go packages took longer than %s (after %s), so they were not analyzed; build them once with go build ./... to fill the build cache, or pass --go=off", timeout, elapsed.Round(time.Millisecond)))
}

// brokenDeps marks the packages that cannot be type-checked because of a
// dependency rather than their own source: a package whose import failed
// to load (a module missing from the module cache, a missing go.sum entry,
// a package no required module provides), or that imports such a package,
// however indirectly. The mark is what a package's own parse and type
// errors do not explain.
func brokenDeps(pkgs []*packages.Package) map[*packages.Package]bool {
	memo := map[*packages.Package]bool{}
	var visit func(p *packages.Package) bool
	visit = func(p *packages.Package) bool {
		if b, ok := memo[p]; ok {
			return b
		}
		memo[p] = false // import cycles are errors of their own
		b := false
		for _, e := range p.Errors {
			if e.Kind == packages.ListError && dependencyError(e.Msg) {
				b = true
			}
		}
		for _, imp := range p.Imports {
			if visit(imp) || len(imp.Errors) > 0 && (imp.Module == nil || !imp.Module.Main) {
				b = true
			}
		}
		memo[p] = b
		return b
	}
	for _, p := range pkgs {
		visit(p)
	}
	return memo
}

// dependencyError tells the go command's messages about a module that is
// not there (or not recorded) from those about the package's own source.
func dependencyError(msg string) bool {
	for _, s := range []string{"GOPROXY=off", "module lookup disabled", "missing go.sum entry", "no required module provides",
		"updates to go.mod needed", "cannot find module", "GOTOOLCHAIN=local", "GOFLAGS=-mod=", "inconsistent vendoring"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// moduleNotice is the one notice, at the module's go.mod, for the packages
// of the module that could not be loaded because of their dependencies:
// how many, the first cause (the go command's message about a dependency,
// not the type errors that follow from it), and the command that fixes it.
func (r *runner) moduleNotice(pkgs []*packages.Package) model.Diagnostic {
	cause := ""
	seen := map[*packages.Package]bool{}
	var find func(p *packages.Package)
	find = func(p *packages.Package) {
		if cause != "" || seen[p] {
			return
		}
		seen[p] = true
		for _, e := range p.Errors {
			if e.Kind == packages.ListError && dependencyError(e.Msg) {
				// Not the go command's "to add: go get ...": iamlint
				// says what fixes the module as a whole.
				msg, _, _ := strings.Cut(e.Msg, "; to add")
				cause = strings.Join(strings.Fields(msg), " ")
				return
			}
		}
		for _, path := range slices.Sorted(maps.Keys(p.Imports)) {
			find(p.Imports[path])
		}
	}
	for _, p := range pkgs {
		find(p)
	}
	what := "1 package"
	if len(pkgs) > 1 {
		what = fmt.Sprintf("%d packages", len(pkgs))
	}
	msg := fmt.Sprintf("the Go module's dependencies could not be loaded, so %s of it were not analyzed", what)
	if len(pkgs) == 1 {
		msg = fmt.Sprintf("the Go module's dependencies could not be loaded, so package %s was not analyzed", pkgs[0].PkgPath)
	}
	if cause != "" {
		msg += ": " + cause
	}
	return notice(r.goModOr(), model.Warning, msg+r.fix(cause))
}

// fix names the command that makes a module loadable, from the go
// command's message. iamlint never downloads: a module missing from the
// module cache needs go mod download; a go.sum entry missing for a module
// go.mod does not require directly (go mod download does not add those),
// or a requirement missing from go.mod, needs go mod tidy.
func (r *runner) fix(msg string) string {
	switch {
	case strings.Contains(msg, "GOTOOLCHAIN=local"):
		return "; iamlint never downloads a Go toolchain: install the version go.mod asks for"
	case strings.Contains(msg, "no required module provides"), strings.Contains(msg, "updates to go.mod needed"):
		return "; run go mod tidy in " + r.dir
	case strings.Contains(msg, "missing go.sum entry"):
		if r.directlyRequired(msg) {
			return "; iamlint never downloads modules: run go mod download in " + r.dir
		}
		return "; run go mod tidy in " + r.dir + " (go.sum lacks an entry for a module go.mod does not require directly)"
	case msg == "", strings.Contains(msg, "GOPROXY=off"), strings.Contains(msg, "module lookup disabled"):
		return "; iamlint never downloads modules: run go mod download in " + r.dir
	}
	return ""
}

// directlyRequired reports whether the module a "missing go.sum entry"
// message is about ("M@V: missing go.sum entry for go.mod file", "missing
// go.sum entry for module providing package P") is one go.mod requires
// without "// indirect".
func (r *runner) directlyRequired(msg string) bool {
	var pkg string
	if _, after, ok := strings.Cut(msg, "providing package "); ok && len(strings.Fields(after)) > 0 {
		pkg = strings.Fields(after)[0]
	} else if m, _, ok := strings.Cut(msg, "@"); ok && !strings.ContainsAny(m, " :") {
		pkg = m
	} else {
		return false
	}
	_, mf := readGoMod(filepath.Join(r.abs, "go.mod"))
	if mf == nil {
		return false
	}
	best, direct := "", false
	for _, req := range mf.Require {
		p := req.Mod.Path
		if (pkg == p || strings.HasPrefix(pkg, p+"/")) && len(p) > len(best) {
			best, direct = p, !req.Indirect
		}
	}
	return direct
}

var errPos = regexp.MustCompile(`^(.*?):(\d+)(?::(\d+))?$`)

// packageNotices turns a package's load errors into notices. A missing
// dependency shows as the dependency's own error (the go command's
// message), not as the "could not import" type errors that follow from it.
func (r *runner) packageNotices(p *packages.Package) []model.Diagnostic {
	var errs []packages.Error
	// Imports is a map: walk it in order, so that the notices kept under
	// the cap are the same on every run.
	for _, path := range slices.Sorted(maps.Keys(p.Imports)) {
		for _, e := range p.Imports[path].Errors {
			if e.Kind == packages.ListError {
				errs = append(errs, e)
			}
		}
	}
	depErrs := len(errs) > 0
	for _, e := range p.Errors {
		if depErrs && e.Kind == packages.TypeError && strings.HasPrefix(e.Msg, "could not import ") {
			continue
		}
		errs = append(errs, e)
	}
	var out []model.Diagnostic
	for i, e := range errs {
		if i == maxNoticesPerPackage {
			out = append(out, notice(r.pkgFile(p), model.Warning, fmt.Sprintf("Go package %s has %d more errors", p.PkgPath, len(errs)-i)))
			break
		}
		n := notice(r.pkgFile(p), model.Warning, "")
		if m := errPos.FindStringSubmatch(e.Pos); m != nil {
			file := m[1]
			if !filepath.IsAbs(file) {
				file = filepath.Join(r.abs, file)
			}
			n.Range.File = r.rel(file)
			line, _ := strconv.Atoi(m[2])
			col, _ := strconv.Atoi(m[3])
			if line > 0 {
				at := model.Pos{Line: line, Column: max(col, 1)}
				n.Range.Start, n.Range.End = at, at
			}
		}
		msg := strings.Join(strings.Fields(e.Msg), " ")
		if e.Kind == packages.ParseError {
			n.Severity = model.Error
			n.Summary = fmt.Sprintf("Go package %s does not parse, so it was not analyzed: %s", p.PkgPath, msg)
		} else {
			n.Summary = fmt.Sprintf("Go package %s could not be loaded, so it was not analyzed: %s%s", p.PkgPath, msg, r.fix(msg))
		}
		out = append(out, n)
	}
	if len(out) == 0 && p.IllTyped && p.Types != nil {
		out = append(out, notice(r.pkgFile(p), model.Warning, fmt.Sprintf("Go package %s imports a package that could not be loaded, so it was not analyzed", p.PkgPath)))
	} else if len(out) == 0 {
		out = append(out, notice(r.pkgFile(p), model.Warning, fmt.Sprintf("Go package %s has no type information, so it was not analyzed", p.PkgPath)))
	}
	return out
}

// pkgFile is where a notice about a whole package points: its first file,
// else the module.
func (r *runner) pkgFile(p *packages.Package) string {
	if len(p.GoFiles) > 0 {
		return r.rel(filepath.Dir(p.GoFiles[0]))
	}
	return r.goModOr()
}

// collect converts an action's diagnostics.
func (r *runner) collect(act *checker.Action) []model.Report {
	fset := act.Package.Fset
	var out []model.Report
	for _, d := range act.Diagnostics {
		start := fset.Position(d.Pos)
		end := start
		if d.End.IsValid() {
			end = fset.Position(d.End)
		}
		if strings.HasSuffix(start.Filename, "_test.go") {
			continue
		}
		// Columns count bytes, as model.Pos does.
		res := model.Report{
			Address: enclosing(act.Package, d.Pos),
			RuleID:  d.Category,
			Level:   analyzers.Level(d),
			Message: analyzers.Text(d),
			Range: model.Range{
				File:  r.rel(start.Filename),
				Start: model.Pos{Line: start.Line, Column: start.Column, Byte: start.Offset},
				End:   model.Pos{Line: end.Line, Column: end.Column, Byte: end.Offset},
			},
		}
		for _, rel := range d.Related {
			p := fset.Position(rel.Pos)
			at := model.Pos{Line: p.Line, Column: p.Column, Byte: p.Offset}
			res.Related = append(res.Related, model.Hop{Label: rel.Message, Range: model.Range{File: r.rel(p.Filename), Start: at, End: at}})
		}
		out = append(out, res)
	}
	return out
}

// enclosing names the function declaration that holds pos.
func enclosing(p *packages.Package, pos token.Pos) string {
	for _, f := range p.Syntax {
		if pos < f.Pos() || pos >= f.End() {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos < fd.End() {
				if fn, ok := p.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					return fn.FullName()
				}
			}
		}
	}
	return p.PkgPath
}

func sortResults(rs []model.Report) {
	slices.SortFunc(rs, func(a, b model.Report) int {
		return cmp.Or(cmp.Compare(a.Range.File, b.Range.File), cmp.Compare(a.Range.Start.Line, b.Range.Start.Line),
			cmp.Compare(a.Range.Start.Column, b.Range.Start.Column), cmp.Compare(a.RuleID, b.RuleID), cmp.Compare(a.Message, b.Message))
	})
}

// FindModules returns the directories under root that hold a go.mod, in
// lexical order: the modules Run should be called on. It skips vendor,
// testdata, node_modules and hidden directories, and any directory for
// which skip (which may be nil) returns true; skip receives the path as
// filepath.WalkDir gives it. A root that is a file, or that holds no
// module, gives none.
func FindModules(root string, skip func(path string) bool) []string {
	var mods []string
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			// An unreadable directory has no module to give; the
			// scan reports it.
			return nil
		}
		if path != root {
			name := d.Name()
			if name == "vendor" || name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
		}
		if skip != nil && skip(path) {
			return filepath.SkipDir
		}
		if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
			mods = append(mods, path)
		}
		return nil
	})
	return mods
}
