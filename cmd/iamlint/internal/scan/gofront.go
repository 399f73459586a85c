package scan

import (
	"context"
	"os"
	"path/filepath"
	"sort"

	"github.com/iamlint/iamlint/analyzers/gorun"
	"github.com/iamlint/iamlint/parsers/model"
)

// Go analysis modes (--go).
const (
	GoAuto = "auto" // analyze the Go modules found under the scanned paths
	GoOn   = "on"   // the same, and a missing go command is an error
	GoOff  = "off"  // never run the Go front-end
)

// goFrontEnd runs the Go analyzers on every Go module under the scanned
// directories and adds their findings to the project as front-end
// reports, with the sources of the files they point into. Loading a Go
// module needs the go command and its build cache; iamlint never lets it
// download anything. It returns the path arguments that hold a Go module.
func goFrontEnd(project *model.Project, paths []string, opts Options) map[string]bool {
	withGo := map[string]bool{}
	if opts.Go == GoOff {
		return withGo
	}
	var modules []string
	for _, p := range paths {
		if info, err := os.Stat(p); err != nil || !info.IsDir() {
			continue
		}
		found := gorun.FindModules(p, func(path string) bool {
			rel, _ := filepath.Rel(p, path)
			return path != p && (skippedDirs[filepath.Base(path)] || excluded(opts.Exclude, rel, path))
		})
		withGo[p] = len(found) > 0
		modules = append(modules, found...)
	}
	sources := map[string]bool{}
	for _, dir := range modules {
		results, notices := gorun.Run(context.Background(), dir, gorun.Options{Required: opts.Go == GoOn})
		for _, r := range results {
			project.Reports = append(project.Reports, goReport(r))
			sources[r.File] = true
		}
		for _, n := range notices {
			project.Diagnostics = append(project.Diagnostics, goNotice(n))
		}
	}
	var files []string
	for f := range sources {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		if src, err := readFile(f, opts.MaxFileSize); err == nil {
			project.Files = append(project.Files, &model.File{Path: f, Language: model.Go, Src: src})
		}
	}
	return withGo
}

func goReport(r gorun.Result) model.Report {
	rep := model.Report{
		RuleID:  r.RuleID,
		Level:   r.Level,
		Message: r.Message,
		Address: r.Address,
		Range: model.Range{
			File:  r.File,
			Start: model.Pos{Line: r.StartLine, Column: r.StartCol, Byte: r.StartOffset},
			End:   model.Pos{Line: r.EndLine, Column: r.EndCol, Byte: r.EndOffset},
		},
	}
	for _, rel := range r.Related {
		p := model.Pos{Line: rel.Line, Column: rel.Col, Byte: rel.Offset}
		rep.Related = append(rep.Related, model.Hop{Label: rel.Message, Range: model.Range{File: rel.File, Start: p, End: p}})
	}
	return rep
}

var noticeSeverity = map[string]model.Severity{"error": model.SevError, "warning": model.SevWarning, "note": model.SevNote}

func goNotice(n gorun.Notice) model.Diagnostic {
	d := model.Diagnostic{Severity: noticeSeverity[n.Severity], Summary: n.Message, Range: model.Range{File: n.File}}
	if n.Line > 0 {
		p := model.Pos{Line: n.Line, Column: max(n.Col, 1)}
		d.Range.Start, d.Range.End = p, p
	}
	return d
}
