package fix_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/iamlint/iamlint/lint"
	"github.com/iamlint/iamlint/lint/fix"
)

// FuzzFix lints and fixes arbitrary Terraform: the fixer never panics,
// and whatever Terraform it writes parses.
func FuzzFix(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "rules", "IAM10[1236]", "*.tf"))
	more, _ := filepath.Glob(filepath.Join("testdata", "cases", "*", "*.tf"))
	for _, s := range append(seeds, more...) {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "main.tf")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := lint.New(lint.Options{Go: lint.GoOff}).Lint(context.Background(), []string{dir})
		if err != nil {
			t.Fatal(err)
		}
		plan, err := fix.Make(res, fix.Options{})
		if err != nil {
			return // a fix that cannot be made is an error, never a panic
		}
		for _, c := range plan.Changes {
			if !strings.HasSuffix(c.Path, ".tf") {
				continue
			}
			if _, diags := hclwrite.ParseConfig(c.New, c.Path, hcl.InitialPos); diags.HasErrors() {
				t.Fatalf("the fixed file does not parse: %s\n%s", diags.Error(), c.New)
			}
		}
	})
}

// FuzzFixCloudFormation lints and fixes arbitrary templates, YAML and
// JSON: the fixer never panics, and a JSON template it writes is JSON
// still (YAML is checked by the rescan of the fixture tests).
func FuzzFixCloudFormation(f *testing.F) {
	var seeds []string
	for _, pattern := range []string{
		filepath.Join("..", "..", "testdata", "rules", "IAM10[12]", "cloudformation", "*.yaml"),
		filepath.Join("..", "..", "testdata", "rules", "IAM30[23]", "*", "*.json"),
		filepath.Join("..", "..", "testdata", "rules", "IAM30[23]", "cloudformation", "*.yaml"),
		filepath.Join("testdata", "cases", "cfn_*", "*"),
	} {
		m, _ := filepath.Glob(pattern)
		seeds = append(seeds, m...)
	}
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b, strings.HasSuffix(s, ".json"))
		}
	}
	f.Fuzz(func(t *testing.T, src []byte, isJSON bool) {
		dir := t.TempDir()
		name := "template.yaml"
		if isJSON {
			name = "template.json"
		}
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := lint.New(lint.Options{Go: lint.GoOff}).Lint(context.Background(), []string{dir})
		if err != nil {
			t.Fatal(err)
		}
		plan, err := fix.Make(res, fix.Options{})
		if err != nil {
			return
		}
		for _, c := range plan.Changes {
			if json.Valid(c.Old) && !json.Valid(c.New) {
				t.Fatalf("the fixed template is not JSON:\n%s", c.New)
			}
		}
	})
}
