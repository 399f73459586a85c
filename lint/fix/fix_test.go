package fix_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/iamlint/iamlint/lint"
	"github.com/iamlint/iamlint/lint/fix"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestRuleFixtures fixes every rule fixture directory of a rule with a
// fix, and the fixtures of testdata/fix, then checks the result the way a
// user would: the changed files parse, Terraform files are formatted as
// terraform fmt formats them, a rescan reports none of the findings the
// fixes call complete and nothing that was not there before, and the diff
// is the golden one.
func TestRuleFixtures(t *testing.T) {
	var dirs []string
	for _, id := range fix.Fixable {
		dirs = append(dirs, filepath.Join("..", "..", "testdata", "rules", id))
	}
	more, _ := filepath.Glob(filepath.Join("testdata", "cases", "*"))
	dirs = append(dirs, more...)
	for _, dir := range dirs {
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			tmp := t.TempDir()
			copyTree(t, dir, tmp)
			got := fixAndCheck(t, tmp)
			golden(t, filepath.Join("testdata", name+".golden"), got)
		})
	}
}

// TestDocExamples fixes each bad Terraform example of the rules with a
// fix: the documented fix must remove what the example shows, and the
// diff of the first is the one the rule's documentation shows
// (rules/fixes/<ID>.diff, rewritten by -update).
func TestDocExamples(t *testing.T) {
	for _, id := range fix.Fixable {
		r := rules.Lookup(id)
		first := true
		for i, ex := range r.Doc.Examples {
			name := map[model.Language]string{model.Terraform: "main.tf", model.CloudFormation: "template.yaml"}[ex.Language]
			if !ex.Bad || name == "" || ex.Language == model.CloudFormation && !cloudFormationFixes[id] {
				continue
			}
			documented := first && ex.Language == model.Terraform
			first = first && !documented
			t.Run(fmt.Sprintf("%s/%d", id, i), func(t *testing.T) {
				tmp := t.TempDir()
				if err := os.WriteFile(filepath.Join(tmp, name), []byte(ex.Code), 0o644); err != nil {
					t.Fatal(err)
				}
				got := fixAndCheck(t, tmp)
				if documented {
					diff, _, _ := strings.Cut(got, "\n-- fixes --\n")
					golden(t, filepath.Join("..", "..", "rules", "fixes", id+".diff"), diff)
					if strings.TrimRight(r.FixDiff(), "\n") != strings.TrimRight(diff, "\n") && !*update {
						t.Errorf("rules.FixDiff of %s is stale: rebuild after go test ./lint/fix -update", id)
					}
				}
				res := lintDir(t, tmp)
				for _, f := range res.Findings {
					if f.Rule.ID == id {
						t.Errorf("the fixed example still has %s: %s", f.Range, f.Message)
					}
				}
			})
		}
	}
}

// cloudFormationFixes are the rules with fixes for CloudFormation.
var cloudFormationFixes = map[string]bool{"IAM101": true, "IAM102": true, "IAM302": true, "IAM303": true}

// fixAndCheck fixes the tree at dir in place and checks the result; it
// returns the diff and the plan's summary, with paths relative to dir.
func fixAndCheck(t *testing.T, dir string) string {
	t.Helper()
	t.Chdir(dir)
	before := lintDir(t, ".")
	plan, err := fix.Make(before, fix.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.Write(); err != nil {
		t.Fatal(err)
	}
	for _, c := range plan.Changes {
		if strings.HasSuffix(c.Path, ".tf") {
			if _, diags := hclwrite.ParseConfig(c.New, c.Path, hcl.InitialPos); diags.HasErrors() {
				t.Errorf("%s does not parse after the fix: %s", c.Path, diags.Error())
			}
			// A file that was formatted stays formatted; in one that was
			// not, the fix leaves the lines it does not change as they were.
			if bytes.Equal(hclwrite.Format(c.Old), c.Old) && !bytes.Equal(hclwrite.Format(c.New), c.New) {
				t.Errorf("%s is not formatted as terraform fmt would", c.Path)
			}
		}
	}
	after := lintDir(t, ".")
	for _, d := range after.Diagnostics {
		if d.Severity == model.Error {
			t.Errorf("after the fix: %s", d.Error())
		}
	}
	was := map[string]bool{}
	for _, f := range before.Findings {
		was[f.Fingerprint()] = true
	}
	kept := map[string]bool{}
	for _, k := range plan.Kept {
		kept[k.Address] = true
	}
	now := map[string]rules.Finding{}
	for _, f := range after.Findings {
		now[f.Fingerprint()] = f
		if f.Rule.ID == "IAM105" && kept[f.Address] {
			continue // a key the fixes took out of its workloads, which something else still uses
		}
		if !was[f.Fingerprint()] {
			t.Errorf("the fix brings a new finding: %s: %s: %s", f.Range, f.Rule.ID, f.Message)
		}
	}
	var b strings.Builder
	b.WriteString(plan.Diff())
	b.WriteString("\n-- fixes --\n")
	for _, x := range plan.Fixes {
		state := "complete"
		if !x.Complete {
			state = "partial"
		}
		if _, still := now[x.Finding.Fingerprint()]; still && x.Complete {
			t.Errorf("%s: %s: the fix is complete, yet the rescan still reports: %s", x.Finding.Range, x.Finding.Rule.ID, x.Finding.Message)
		}
		fmt.Fprintf(&b, "%s: %s: %s: %s\n", x.Finding.Range, x.Finding.Rule.ID, state, x.Description)
	}
	for _, k := range plan.Kept {
		fmt.Fprintf(&b, "kept %s in %s\n", k.Address, filepath.ToSlash(k.Dir))
	}
	for _, s := range plan.Skipped {
		if slicesContains(fix.Fixable, s.Finding.Rule.ID) {
			fmt.Fprintf(&b, "%s: %s: no fix: %s\n", s.Finding.Range, s.Finding.Rule.ID, s.Reason)
		}
	}
	return b.String()
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func lintDir(t *testing.T, dir string) *lint.Result {
	t.Helper()
	res, err := lint.New(lint.Options{Go: lint.GoOff}).Lint(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		if d.Name() == "findings.golden" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// golden compares got with the file at path, or rewrites it under -update.
// The path is relative to the package: the test may have changed directory.
func golden(t *testing.T, path, got string) {
	t.Helper()
	path = filepath.Join(packageDir, path)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./lint/fix -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (run go test ./lint/fix -update if the change is intended)\n%s", path, lineDiff(string(want), got))
	}
}

var packageDir, _ = os.Getwd()

// lineDiff lists the lines only one side has, enough to see a change.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	in := func(s []string) map[string]int {
		m := map[string]int{}
		for _, l := range s {
			m[l]++
		}
		return m
	}
	wm, gm := in(w), in(g)
	var out []string
	for l, n := range wm {
		if gm[l] < n {
			out = append(out, "- "+l)
		}
	}
	for l, n := range gm {
		if wm[l] < n {
			out = append(out, "+ "+l)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}
