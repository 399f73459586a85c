// Package scan finds the infrastructure files under the paths a user gave,
// parses them in parallel with the matching front-end, and assembles the
// model that the rules read.
package scan

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/iamlint/iamlint/parsers/cloudformation"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/parsers/terraform"
)

// skippedDirs are never walked: tool caches and dependencies, not the
// user's infrastructure (design.md "Files"). .aws-sam holds "sam build"
// output: copies of the templates, which would report every finding twice.
var skippedDirs = map[string]bool{".terraform": true, ".git": true, "node_modules": true, ".aws-sam": true}

// SkippedDir reports whether a directory of this name is never walked.
func SkippedDir(name string) bool { return skippedDirs[name] }

// input is one file to scan and the scan root it was found under.
type input struct {
	path     string // as displayed: the user's path argument joined with the walk
	root     string // the directory file() and templatefile() may read
	vendored bool   // a module installed by terraform init, read for flows only
	// template marks a YAML or JSON file that may be a CloudFormation
	// template; only its content tells.
	template bool
	arg      int  // the path argument it was found under
	explicit bool // named as an argument rather than found by walking
}

// collect walks the path arguments and returns the files to scan, in walk
// order, with a diagnostic for each path that does not exist or holds
// nothing to scan.
func collect(paths, exclude []string) ([]input, []model.Diagnostic) {
	var inputs []input
	var diags []model.Diagnostic
	for argIndex, arg := range paths {
		info, err := os.Stat(arg)
		if err != nil {
			diags = append(diags, pathError(arg, err))
			continue
		}
		if !info.IsDir() {
			if excluded(exclude, filepath.Base(arg), arg) {
				continue
			}
			// A file named on the command line may be a template whatever
			// its name: its content decides.
			inputs = append(inputs, input{path: arg, root: filepath.Dir(arg), template: !terraform.IsConfig(arg), arg: argIndex, explicit: true})
			continue
		}
		before := len(inputs)
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				diags = append(diags, pathError(path, err))
				if d != nil && d.IsDir() && path != arg {
					return fs.SkipDir
				}
				return nil
			}
			rel, _ := filepath.Rel(arg, path)
			if d.IsDir() {
				if path != arg && (skippedDirs[d.Name()] || isCDKAsset(path) || excluded(exclude, rel, path)) {
					return fs.SkipDir
				}
				return nil
			}
			isConfig := terraform.IsConfig(d.Name())
			isTemplate := !isConfig && cloudformation.IsCandidate(path)
			if !isConfig && !isTemplate || excluded(exclude, rel, path) {
				return nil
			}
			if !d.Type().IsRegular() && !isFileLink(path, d) {
				return nil
			}
			inputs = append(inputs, input{path: path, root: arg, template: isTemplate, arg: argIndex})
			return nil
		})
		if err != nil {
			diags = append(diags, pathError(arg, err))
		}
		if len(inputs) == before {
			diags = append(diags, nothingFound(arg))
		}
	}
	return inputs, diags
}

// nothingFound is the error for a directory argument without Terraform or
// CloudFormation: probably a wrong path.
func nothingFound(arg string) model.Diagnostic {
	return model.Diagnostic{
		Severity: model.SevError,
		Summary:  "no Terraform or CloudFormation files found",
		Detail:   "Check the path, or the --exclude patterns that apply to it.",
		Range:    model.Range{File: arg},
	}
}

// notInfrastructure is the warning for a file argument that is neither
// Terraform nor a CloudFormation template.
func notInfrastructure(arg string) model.Diagnostic {
	return model.Diagnostic{
		Severity: model.SevWarning,
		Summary:  "not a Terraform or CloudFormation file, skipped",
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

// excluded matches --exclude patterns against the path relative to the
// scan root and against the path as displayed.
func excluded(patterns []string, rel, display string) bool {
	rel, display = filepath.ToSlash(rel), filepath.ToSlash(display)
	for _, p := range patterns {
		p = strings.TrimSuffix(p, "/")
		for _, candidate := range []string{rel, display} {
			if ok, _ := doublestar.Match(p, candidate); ok {
				return true
			}
		}
	}
	return false
}

func pathError(path string, err error) model.Diagnostic {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return model.Diagnostic{Severity: model.SevError, Summary: err.Error(), Range: model.Range{File: path}}
}
