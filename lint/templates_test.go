package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/cloudformation"
	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/parsers/terraform"
	"github.com/iamlint/iamlint/rules"
)

// buildAllTemplates is the reference for the grouped build: every
// template of dir parsed first and built in one cloudformation.Build.
func buildAllTemplates(t *testing.T, dir string) []string {
	t.Helper()
	var files []*cloudformation.File
	p := &model.Project{}
	for _, path := range inputsOf(dir, model.CloudFormation) {
		src, _ := frontend.ReadFile(path, 0)
		f, _ := cloudformation.ParseFile(path, src)
		if f != nil {
			files = append(files, f)
			p.Files = append(p.Files, f.Model)
		}
	}
	p.Modules, _ = cloudformation.Build(files, cloudformation.Options{})
	return findingLines(p)
}

func findingLines(p *model.Project) []string {
	findings, notes := rules.Run(p, rules.All())
	var out []string
	for _, f := range findings {
		out = append(out, fmt.Sprintf("%s %s %s %v %v", f.Rule.ID, f.Range, f.Message, f.Related, f.Flow))
	}
	for _, d := range notes {
		out = append(out, fmt.Sprintf("%s %s", d.Range, d.Summary))
	}
	return out
}

// TestTemplateGroups: building templates group by group (a template with
// those it nests), then linking, finds what one build of every template
// finds: nested stacks, exports and imports across groups, and the
// fallback to one group when the byte scan is unsure.
func TestTemplateGroups(t *testing.T) {
	fixtures, _ := filepath.Glob("../testdata/rules/*/cloudformation")
	fixtures = append(fixtures, "testdata/templates")
	dirs := fixtures
	if env := os.Getenv("IAMLINT_CFN_CORPUS"); env != "" {
		dirs = append(dirs, filepath.SplitList(env)...)
	}
	for _, dir := range dirs {
		t.Run(dir, func(t *testing.T) {
			want := buildAllTemplates(t, dir)
			// One batch, as a small scan is; and one batch per group, as
			// in a scan of many megabytes.
			for _, batch := range []int{8 << 20, 1} {
				fes := []frontend.FrontEnd{terraform.FrontEnd{}, cloudformation.FrontEnd{BatchSize: batch}}
				p := scan(context.Background(), []string{dir}, scanOptions{FrontEnds: fes})
				got := findingLines(p)
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("batches of %d bytes:\n%s\n\nall at once:\n%s", batch, strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
			}
			if len(want) == 0 && slices.Contains(fixtures, dir) {
				t.Errorf("no findings in a fixture: the comparison proves nothing")
			}
		})
	}
}
