package terraform

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/iamlint/iamlint/parsers/frontend"
)

// ScopeChanges, for --changed-files: the module (directory) of each
// changed file, every module under the working directory that calls it
// directly or indirectly by a local source, and every module those call.
// Scanning only the changed files would miss flows: a key created in one
// module reaches user data in another through the module that calls both.
// The changed modules are what findings must concern. A deleted file still
// makes its module worth a look.
func (FrontEnd) ScopeChanges(changed, exclude []string) (paths, dirs []string, err error) {
	changedDirs := map[string]bool{}
	for _, p := range changed {
		changedDirs[filepath.Dir(p)] = true
	}
	if len(changedDirs) == 0 {
		return nil, nil, nil
	}
	modules, err := moduleGraph(".", exclude)
	if err != nil {
		return nil, nil, err
	}
	// The changed modules and all their callers, then everything those call.
	scanned := reach(reach(changedDirs, modules.callers), modules.callees)
	for _, dir := range slices.Sorted(maps.Keys(scanned)) {
		paths = append(paths, modules.files[dir]...)
	}
	return paths, slices.Sorted(maps.Keys(changedDirs)), nil
}

// reach returns the directories reachable from start along edges, start
// included.
func reach(start map[string]bool, edges map[string][]string) map[string]bool {
	seen := map[string]bool{}
	var visit func(dir string)
	visit = func(dir string) {
		if seen[dir] {
			return
		}
		seen[dir] = true
		for _, next := range edges[dir] {
			visit(next)
		}
	}
	for dir := range start {
		visit(dir)
	}
	return seen
}

// modules is the module call graph of a tree: which directories hold
// Terraform files, and which call which through a local source.
type modules struct {
	files   map[string][]string // directory -> its Terraform files
	callees map[string][]string
	callers map[string][]string
}

// moduleGraph walks root. Files are not parsed: their module blocks'
// sources are found by the byte scan of LocalSources, so a file that does
// not parse still names its callees. The files are read in parallel,
// which is most of the time this takes.
func moduleGraph(root string, exclude []string) (*modules, error) {
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
			if path != root && (frontend.SkippedDir(d.Name()) || frontend.Excluded(exclude, path, path)) {
				return fs.SkipDir
			}
			return nil
		}
		if !IsConfig(d.Name()) || frontend.Excluded(exclude, path, path) {
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
	frontend.Parallel(len(configs), runtime.GOMAXPROCS(0), func(i int) {
		if src, err := os.ReadFile(configs[i]); err == nil {
			sources[i] = LocalSources(src)
		}
	})
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
