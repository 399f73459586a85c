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
	"github.com/iamlint/iamlint/parsers/internal/pipeline"
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
	return pipeline.LoadFiles(inputs, opts, func(in frontend.Input, src []byte) (*model.Module, *model.File, []model.Diagnostic, bool) {
		if IsWorkflow(in.Path) {
			mod, file, diags := loadWorkflow(in.Path, src, in.Root)
			return mod, file, diags, true
		}
		return loadAction(in.Path, src, in.Root)
	})
}
