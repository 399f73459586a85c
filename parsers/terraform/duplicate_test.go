package terraform

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/model"
)

// A second declaration of an address is an error at it, naming the first,
// and only the first is read, as Terraform would have it.
func TestDuplicateAddress(t *testing.T) {
	tests := []struct {
		name, src, addr, summary string
	}{
		{"resource", "resource \"aws_iam_user\" \"u\" {\n  name = \"a\"\n}\nresource \"aws_iam_user\" \"u\" {\n  name = \"b\"\n}\n", "aws_iam_user.u", `Duplicate resource "aws_iam_user" configuration`},
		{"data", "data \"aws_iam_policy_document\" \"d\" {\n}\ndata \"aws_iam_policy_document\" \"d\" {\n}\n", "data.aws_iam_policy_document.d", `Duplicate data "aws_iam_policy_document" configuration`},
		{"module", "module \"m\" {\n  source = \"x/a\"\n}\nmodule \"m\" {\n  source = \"x/b\"\n}\n", "module.m", "Duplicate module call"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "main.tf")
			f, diags := ParseFile(path, []byte(tt.src))
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			mod, _, diags := BuildModule(dir, []*File{f}, Options{})
			n := 0
			for _, r := range mod.Resources {
				if r.Address == tt.addr {
					n++
					if r.Range.Start.Line != 1 {
						t.Errorf("read the declaration at line %d, want the first", r.Range.Start.Line)
					}
				}
			}
			if n != 1 {
				t.Errorf("%d resources %s, want 1", n, tt.addr)
			}
			if len(diags) != 1 {
				t.Fatalf("diagnostics %v, want one", diags)
			}
			d := diags[0]
			if d.Severity != model.Error || d.Summary != tt.summary || d.Range.Start.Line < 3 || !strings.Contains(d.Detail, "main.tf:1:1") {
				t.Errorf("diagnostic %s at %s", d.Error(), d.Range)
			}
		})
	}
}
