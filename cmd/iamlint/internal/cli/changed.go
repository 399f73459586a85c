package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/iamlint/iamlint/lint"
	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// With --changed-files the path arguments are the files a commit changes,
// as pre-commit passes them. Each front-end says what a changed file of
// its language makes worth scanning (frontend.ChangeScoper): for Terraform,
// the file's module (directory), every module that calls it and every
// module those call, because a key created in one module reaches user data
// in another through the module that calls both. iamlint reports what
// concerns the changed modules: findings located in them, and findings
// whose related locations or flow pass through them. A changed
// CloudFormation template is its own scope.

// changedScope is what --changed-files scans and reports.
type changedScope struct {
	paths []string        // files to scan
	dirs  map[string]bool // the changed modules
	files map[string]bool // changed files that are their own scope (templates)
}

// newChangedScope resolves the changed files against the tree under the
// current directory. exclude applies as to a scan of ".".
func newChangedScope(changed, exclude []string) (*changedScope, error) {
	sc := &changedScope{dirs: map[string]bool{}, files: map[string]bool{}}
	fes := lint.FrontEnds()
	byFrontEnd := make([][]string, len(fes))
	for _, p := range changed {
		p = relToWorkDir(p)
		info, err := os.Stat(p)
		if err == nil && info.IsDir() {
			return nil, usageError{fmt.Sprintf("--changed-files: %s is a directory; name files, or scan directories without --changed-files", p)}
		}
		if frontend.Excluded(exclude, p, p) || inSkippedDir(p) {
			continue
		}
		for k, fe := range fes {
			if !fe.Match(p, false) {
				continue
			}
			if _, scoped := fe.(frontend.ChangeScoper); scoped {
				byFrontEnd[k] = append(byFrontEnd[k], p)
			} else if err == nil {
				sc.files[p] = true
				sc.paths = append(sc.paths, p)
			}
			break
		}
	}
	for k, fe := range fes {
		scoper, ok := fe.(frontend.ChangeScoper)
		if !ok || len(byFrontEnd[k]) == 0 {
			continue
		}
		paths, dirs, err := scoper.ScopeChanges(byFrontEnd[k], exclude)
		if err != nil {
			return nil, err
		}
		sc.paths = append(sc.paths, paths...)
		for _, d := range dirs {
			sc.dirs[d] = true
		}
	}
	return sc, nil
}

// relToWorkDir cleans a path and makes an absolute one inside the working
// directory relative, so that it reads like the paths the scan prints.
func relToWorkDir(p string) string {
	p = filepath.Clean(p)
	if filepath.IsAbs(p) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
				return rel
			}
		}
	}
	return p
}

func inSkippedDir(path string) bool {
	for _, part := range strings.Split(filepath.ToSlash(filepath.Dir(path)), "/") {
		if frontend.SkippedDir(part) {
			return true
		}
	}
	return false
}

// covers reports whether path is directly in a changed module, or is a
// changed file.
func (sc *changedScope) covers(path string) bool {
	return path != "" && (sc.dirs[filepath.Dir(path)] || sc.files[path])
}

// concerns reports whether a finding is about the changed modules: its
// location, a related location or a hop of its flow is in one of them.
func (sc *changedScope) concerns(f rules.Finding) bool {
	if sc.covers(f.Range.File) {
		return true
	}
	for _, list := range [][]rules.Related{f.Related, f.Flow} {
		for _, r := range list {
			if sc.covers(r.Range.File) {
				return true
			}
		}
	}
	return false
}

func (sc *changedScope) diagnostics(ds []model.Diagnostic) []model.Diagnostic {
	var out []model.Diagnostic
	for _, d := range ds {
		if sc.covers(d.Range.File) {
			out = append(out, d)
		}
	}
	return out
}
