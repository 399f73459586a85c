package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/model"
)

// A policy written as JSON text (a heredoc, file(), a string) nested deeper
// than 64 levels was dropped without a word, while the same policy through
// jsonencode was checked. Now it is read up to model.MaxNesting like any
// other value, and past it a warning says where.
func TestPolicyDepth(t *testing.T) {
	doc := func(n int) string {
		return `{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "X": ` + nest("[", "]", n) + `}]}`
	}
	for _, n := range []int{70, model.MaxNesting + 10} {
		forms := map[string]string{
			"heredoc":  "policy = <<EOT\n" + doc(n) + "\nEOT",
			"file":     `policy = file("${path.module}/p.json")`,
			"template": `policy = templatefile("${path.module}/p.json", {})`,
			"string":   "policy = " + fmt.Sprintf("%q", doc(n)),
		}
		for form, attr := range forms {
			t.Run(fmt.Sprintf("%s/%d", form, n), func(t *testing.T) {
				dir := t.TempDir()
				if err := os.WriteFile(filepath.Join(dir, "p.json"), []byte(doc(n)), 0o644); err != nil {
					t.Fatal(err)
				}
				src := "resource \"aws_iam_policy\" \"p\" {\n  " + attr + "\n}\n"
				path := filepath.Join(dir, "main.tf")
				f, diags := ParseFile(path, []byte(src))
				if len(diags) > 0 {
					t.Fatalf("parse: %v", diags)
				}
				mod, _, diags := BuildModule(dir, []*File{f}, Options{Root: dir})
				r := resource(mod, "aws_iam_policy.p")
				if r == nil {
					t.Fatal("no resource")
				}
				if n < model.MaxNesting {
					if len(r.Policies) != 1 || len(diags) > 0 {
						t.Errorf("policies %d, diagnostics %v; want the policy read", len(r.Policies), diags)
					}
					return
				}
				if len(r.Policies) != 0 || len(diags) != 1 {
					t.Fatalf("policies %d, diagnostics %v; want one warning", len(r.Policies), diags)
				}
				d := diags[0]
				if d.Severity != model.Warning || !strings.Contains(d.Summary, "nested more than") {
					t.Errorf("diagnostic %s", d.Error())
				}
				wantFile, wantLine := path, 2
				switch form {
				case "heredoc":
					wantLine = 3
				case "file", "template":
					wantFile, wantLine = filepath.Join(dir, "p.json"), 1
				}
				if d.Range.File != wantFile || d.Range.Start.Line != wantLine {
					t.Errorf("diagnostic at %s, want %s:%d", d.Range, wantFile, wantLine)
				}
			})
		}
	}
}
