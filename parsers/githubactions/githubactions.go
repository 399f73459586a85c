// Package githubactions is the GitHub Actions front-end: workflows
// (.github/workflows/*.yml) and composite actions (action.yml) become
// pipeline modules of the model's CI vocabulary (model.CIJobType,
// model.CIStepType; docs/architecture.md "CI pipelines").
//
// Workflows are read with actionlint's parser (github.com/rhysd/actionlint),
// which knows the workflow schema: triggers and their filters,
// permissions, environments, reusable-workflow calls, step inputs. It
// gives each value's start but not its end; parsers/internal/pipeline
// finds the end in the source, so every value keeps its exact range.
// Composite actions are not workflows (actionlint reads their metadata
// without positions), so they are read with yaml.v3.
package githubactions

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
)

// FrontEnd is the GitHub Actions front-end.
type FrontEnd struct{}

// Meta describes GitHub Actions for the generated documentation.
func (FrontEnd) Meta() frontend.Meta {
	return frontend.Meta{
		Language: model.GitHubActions,
		Title:    "GitHub Actions",
		Fence:    "yaml",
		Suppression: &frontend.SuppressionDoc{
			Where:   "a comment on the line before the job, step or entry (or at the end of its line) in a GitHub Actions workflow",
			Inline:  "`# iamlint:ignore %[1]s <reason>` on the line before the workflow entry",
			Example: "      # iamlint:ignore %[1]s <why this is acceptable>\n      - uses: aws-actions/configure-aws-credentials@v4\n",
		},
		Fixtures: []string{".github/workflows/*.yml", ".github/workflows/*.yaml", "action.yml"},
	}
}

// Match claims workflow files by their directory and composite actions by
// name. Other YAML is left to the front-ends after this one.
func (FrontEnd) Match(path string, _ bool) bool { return IsWorkflow(path) || IsAction(path) }

// IsWorkflow reports whether path is a workflow: a .yml or .yaml file
// directly in a .github/workflows directory.
func IsWorkflow(path string) bool {
	ext := filepath.Ext(path)
	if ext != ".yml" && ext != ".yaml" {
		return false
	}
	dir := filepath.ToSlash(filepath.Dir(path))
	return dir == ".github/workflows" || strings.HasSuffix(dir, "/.github/workflows")
}

// IsAction reports whether path names an action's metadata file.
func IsAction(path string) bool {
	base := filepath.Base(path)
	return base == "action.yml" || base == "action.yaml"
}

// Load reads every workflow and composite action. An action.yml that is
// not a composite action (a JavaScript or Docker action) is not found.
func (FrontEnd) Load(_ context.Context, inputs []frontend.Input, opts frontend.Options) *frontend.Result {
	out := &frontend.Result{Found: make([]bool, len(inputs))}
	type loaded struct {
		mod   *model.Module
		file  *model.File
		diags []model.Diagnostic
		found bool
	}
	res := make([]loaded, len(inputs))
	frontend.Parallel(len(inputs), opts.Workers, func(i int) {
		in := inputs[i]
		defer func() {
			if p := recover(); p != nil {
				res[i] = loaded{diags: []model.Diagnostic{frontend.InternalError(in.Path, p)}, found: true}
			}
		}()
		src, err := frontend.ReadFile(in.Path, opts.MaxFileSize)
		if err != nil {
			res[i] = loaded{diags: []model.Diagnostic{frontend.ReadError(in.Path, err, opts.MaxFileSize)}, found: true}
			return
		}
		var l loaded
		if IsWorkflow(in.Path) {
			l.mod, l.file, l.diags = loadWorkflow(in.Path, src, in.Root)
			l.found = true
		} else {
			l.mod, l.file, l.diags, l.found = loadAction(in.Path, src, in.Root)
		}
		res[i] = l
	})
	for i, l := range res {
		out.Found[i] = l.found
		out.Diagnostics = append(out.Diagnostics, l.diags...)
		if l.mod != nil {
			out.Modules = append(out.Modules, l.mod)
		}
		if l.file != nil {
			out.Files = append(out.Files, l.file)
		}
	}
	return out
}
