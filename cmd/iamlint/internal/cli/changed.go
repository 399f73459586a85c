package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/iamlint/iamlint/parsers/cloudformation"
	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/parsers/terraform"
	"github.com/iamlint/iamlint/rules"
)

// With --changed-files the path arguments are the files a commit changes,
// as pre-commit passes them. Scanning only those files would miss flows:
// a key created in one module reaches user data in another through the
// module that calls both. So iamlint scans the Terraform module
// (directory) of each changed file, every module that calls it directly
// or indirectly (found under the current directory, by local sources),
// and every module those call; and it reports what concerns the changed
// modules: findings located in them, and findings whose related
// locations or flow pass through them. A changed CloudFormation template
// is its own module.

// changedScope is what --changed-files scans and reports.
type changedScope struct {
	paths []string        // files to scan
	dirs  map[string]bool // the changed modules
	files map[string]bool // changed files outside any Terraform module (templates)
}

// newChangedScope resolves the changed files against the tree under the
// current directory. exclude applies as to a scan of ".".
func newChangedScope(changed, exclude []string) (*changedScope, error) {
	sc := &changedScope{dirs: map[string]bool{}, files: map[string]bool{}}
	for _, p := range changed {
		p = relToWorkDir(p)
		info, err := os.Stat(p)
		switch {
		case err == nil && info.IsDir():
			return nil, usageError{fmt.Sprintf("--changed-files: %s is a directory; name files, or scan directories without --changed-files", p)}
		case excludedPath(exclude, p) || inSkippedDir(p):
		case terraform.IsConfig(p):
			// A deleted file still makes its module worth a look.
			sc.dirs[filepath.Dir(p)] = true
		case err == nil && cloudformation.IsCandidate(p):
			sc.files[p] = true
			sc.paths = append(sc.paths, p)
		}
	}
	if len(sc.dirs) == 0 {
		return sc, nil
	}
	modules, err := moduleTree(".", exclude)
	if err != nil {
		return nil, err
	}
	// The changed modules and all their callers, then everything those call.
	scan := map[string]bool{}
	var up func(dir string)
	up = func(dir string) {
		if scan[dir] {
			return
		}
		scan[dir] = true
		for _, caller := range modules.callers[dir] {
			up(caller)
		}
	}
	for dir := range sc.dirs {
		up(dir)
	}
	down := map[string]bool{}
	var walkDown func(dir string)
	walkDown = func(dir string) {
		if down[dir] {
			return
		}
		down[dir] = true
		for _, callee := range modules.callees[dir] {
			walkDown(callee)
		}
	}
	for dir := range scan {
		walkDown(dir)
	}
	var dirs []string
	for dir := range down {
		dirs = append(dirs, dir)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		sc.paths = append(sc.paths, modules.files[dir]...)
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

func excludedPath(patterns []string, path string) bool {
	path = filepath.ToSlash(path)
	for _, p := range patterns {
		if ok, _ := doublestar.Match(strings.TrimSuffix(p, "/"), path); ok {
			return true
		}
	}
	return false
}

// modules is the module call graph of a tree: which directories hold
// Terraform files, and which call which through a local source.
type modules struct {
	files   map[string][]string // directory -> its Terraform files
	callees map[string][]string
	callers map[string][]string
}

// moduleTree walks root. Only files that mention both "module" and
// "source" are parsed, and only for their module blocks' source; the files
// are read in parallel, which is most of the time this takes.
func moduleTree(root string, exclude []string) (*modules, error) {
	m := &modules{files: map[string][]string{}, callees: map[string][]string{}, callers: map[string][]string{}}
	var configs []string // not .tfvars: those call no module
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() && path != root {
				return fs.SkipDir
			}
			return nil // unreadable: the scan reports it if it matters
		}
		if d.IsDir() {
			if path != root && (frontend.SkippedDir(d.Name()) || excludedPath(exclude, path)) {
				return fs.SkipDir
			}
			return nil
		}
		if !terraform.IsConfig(d.Name()) || excludedPath(exclude, path) {
			return nil
		}
		dir := filepath.Dir(path)
		m.files[dir] = append(m.files[dir], path)
		if !strings.Contains(d.Name(), ".tfvars") {
			configs = append(configs, path)
		}
		return nil
	})
	sources := make([][]string, len(configs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				sources[i] = localSources(configs[i])
			}
		})
	}
	for i := range configs {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, path := range configs {
		dir := filepath.Dir(path)
		for _, src := range sources[i] {
			callee := filepath.Clean(filepath.Join(dir, src))
			m.callees[dir] = append(m.callees[dir], callee)
			m.callers[callee] = append(m.callers[callee], dir)
		}
	}
	return m, err
}

// localSources returns the local sources ("./x", "../x") a file gives
// its module blocks, by the Terraform front-end's byte scan: no parsing,
// and a file that does not parse still names its callees.
func localSources(path string) []string {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	return terraform.LocalSources(src)
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
