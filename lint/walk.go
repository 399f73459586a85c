package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
)

// walk is what collect found under the path arguments.
type walk struct {
	inputs []frontend.Input
	owners []int  // by input: the index of the front-end that matched it
	dirArg []bool // by argument: it is a directory that was walked
	diags  []model.Diagnostic
}

// collect walks the path arguments and offers every file to the front-ends
// in order; the first that matches it owns it. Inputs come in walk order,
// with a diagnostic for each path that cannot be read.
func collect(paths, exclude []string, fes []frontend.FrontEnd) walk {
	w := walk{dirArg: make([]bool, len(paths))}
	offer := func(in frontend.Input) {
		for k, fe := range fes {
			if fe.Match(in.Path, in.Explicit) {
				w.inputs = append(w.inputs, in)
				w.owners = append(w.owners, k)
				return
			}
		}
		// A file named on the command line that no front-end takes
		// (package.json, a workflow, a baseline, as pre-commit passes
		// them) is skipped without a word, like the same file in a
		// directory scan.
	}
	for argIndex, arg := range paths {
		info, err := os.Stat(arg)
		if err != nil {
			w.diags = append(w.diags, frontend.PathError(arg, err))
			continue
		}
		if !info.IsDir() {
			if frontend.Excluded(exclude, filepath.Base(arg), arg) {
				continue
			}
			offer(frontend.Input{Path: arg, Root: filepath.Dir(arg), Arg: argIndex, Explicit: true})
			continue
		}
		w.dirArg[argIndex] = true
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				w.diags = append(w.diags, frontend.PathError(path, err))
				if d != nil && d.IsDir() && path != arg {
					return fs.SkipDir
				}
				return nil
			}
			rel, _ := filepath.Rel(arg, path)
			if d.IsDir() {
				if path != arg && (frontend.SkippedDir(d.Name()) || isCDKAsset(path) || frontend.Excluded(exclude, rel, path)) {
					return fs.SkipDir
				}
				return nil
			}
			if frontend.Excluded(exclude, rel, path) || !d.Type().IsRegular() && !isFileLink(path, d) {
				return nil
			}
			offer(frontend.Input{Path: path, Root: arg, Arg: argIndex})
			return nil
		})
		if err != nil {
			w.diags = append(w.diags, frontend.PathError(arg, err))
		}
	}
	return w
}

// nothingFound is the error for a directory argument without
// infrastructure code: probably a wrong path.
func nothingFound(arg string) model.Diagnostic {
	return model.Diagnostic{
		Severity: model.Error,
		Summary:  "no Terraform or CloudFormation files found",
		Detail:   "Check the path, or the --exclude patterns that apply to it.",
		Range:    model.Range{File: arg},
	}
}

// isFileLink reports whether a symlink leads to a regular file. Links to
// directories are not followed, which is also what keeps link loops out.
func isFileLink(path string, d fs.DirEntry) bool {
	if d.Type()&fs.ModeSymlink == 0 {
		return false
	}
	info, err := os.Stat(path)
	// A dangling link is kept so that reading it reports the problem.
	return err != nil || info.Mode().IsRegular()
}

// isCDKAsset matches cdk.out/asset.* directories: bundled Lambda code and
// Docker contexts, not templates.
func isCDKAsset(path string) bool {
	return filepath.Base(filepath.Dir(path)) == "cdk.out" && strings.HasPrefix(filepath.Base(path), "asset.")
}
