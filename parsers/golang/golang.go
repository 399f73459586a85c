// Package golang is the Go front-end: it runs iamlint's go/analysis
// analyzers (package analyzers) on the Go modules under the scanned
// directories and hands their findings to the linter as front-end reports
// (model.Report), which the rule engine attributes to the catalog rules
// they name. Go code is type-checked, not adapted into the model: the
// analyzers need go/types, and the model has no place for a Go program.
//
// Loading a Go module needs the go command and its build cache; iamlint
// never lets it download anything (see analyzers/gorun).
package golang

import (
	"context"
	"path/filepath"
	"slices"
	"sort"

	"github.com/iamlint/iamlint/analyzers/gorun"
	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
)

// FrontEnd is the Go front-end. Go modules are found by their go.mod under
// the directory arguments, not offered file by file: a module is loaded
// whole by the go command.
type FrontEnd struct{}

// Meta describes Go for the generated documentation. Go findings have no
// inline suppression syntax of their own in the documentation.
func (FrontEnd) Meta() frontend.Meta {
	return frontend.Meta{Language: model.Go, Title: "Go", Fence: "go"}
}

// Match claims no file: Load finds the Go modules itself.
func (FrontEnd) Match(string, bool) bool { return false }

// Load runs the Go analyzers on every Go module under the directory
// arguments (with --go=auto, every one whose go.mod requires the AWS SDK,
// Pulumi's AWS provider or the CDK: gorun.UsesAWS) and returns their findings, with the sources of the files they
// point into, and the arguments that hold a Go module.
func (FrontEnd) Load(ctx context.Context, _ []frontend.Input, opts frontend.Options) *frontend.Result {
	out := &frontend.Result{Args: map[int]bool{}}
	var modules []string
	for arg, p := range opts.Paths {
		found := gorun.FindModules(p, func(path string) bool {
			rel, _ := filepath.Rel(p, path)
			return path != p && (frontend.SkippedDir(filepath.Base(path)) || frontend.Excluded(opts.Exclude, rel, path))
		})
		if len(found) > 0 {
			out.Args[arg] = true // Go code was looked at, if not analyzed
		}
		if !opts.Required {
			// --go=auto: only the modules that use AWS (by their
			// go.mod). The others cost a type-check and, when their
			// dependencies are not downloaded, a notice, for nothing the
			// analyzers could report.
			found = slices.DeleteFunc(found, func(dir string) bool {
				if gorun.UsesAWS(dir) {
					return false
				}
				if file := gorun.AWSImportWithoutRequire(dir); file != "" {
					// Skipped in silence, its static credentials would
					// look like none.
					gomod := filepath.Join(dir, "go.mod")
					if rel, err := filepath.Rel(dir, file); err == nil {
						file = filepath.ToSlash(rel)
					}
					out.Diagnostics = append(out.Diagnostics, model.Diagnostic{
						Severity: model.Warning,
						Summary: "the Go module is not analyzed: " + file + " imports an AWS library that go.mod does not require " +
							"(its require lines are missing); run go mod tidy, then iamlint again",
						Range: model.Range{File: gomod, Start: model.Pos{Line: 1, Column: 1}, End: model.Pos{Line: 1, Column: 1}},
					})
				}
				return true
			})
		}
		modules = append(modules, found...)
	}
	sources := map[string]bool{}
	for _, dir := range modules {
		results, notices := gorun.Run(ctx, dir, gorun.Options{Required: opts.Required})
		for _, r := range results {
			sources[r.Range.File] = true
		}
		out.Reports = append(out.Reports, results...)
		out.Diagnostics = append(out.Diagnostics, notices...)
	}
	var files []string
	for f := range sources {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		if src, err := frontend.ReadFile(f, opts.MaxFileSize); err == nil {
			out.Files = append(out.Files, &model.File{Path: f, Language: model.Go, Src: src})
		}
	}
	return out
}
