package lint

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/model"
)

// TestGoModuleWithoutRequires: with --go=auto, a module whose go.mod lacks
// the require lines its AWS imports need is not analyzed, and the scan says
// so at its go.mod instead of passing it over in silence.
func TestGoModuleWithoutRequires(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"svc/go.mod":  "module example.com/svc\n\ngo 1.22\n",
		"svc/main.go": "package main\n\nimport \"github.com/aws/aws-sdk-go-v2/credentials\"\n\nvar _ = credentials.NewStaticCredentialsProvider\n",
		// A module that uses no AWS library is skipped without a word.
		"tool/go.mod":  "module example.com/tool\n\ngo 1.22\n",
		"tool/main.go": "package main\n\nfunc main() {}\n",
	}
	write(t, dir, files)
	res, err := New(Options{Go: GoAuto}).Lint(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var got []model.Diagnostic
	for _, d := range res.Diagnostics {
		if strings.Contains(d.Summary, "not analyzed") {
			got = append(got, d)
		}
	}
	if len(got) != 1 {
		t.Fatalf("want one diagnostic about the module, got %+v", res.Diagnostics)
	}
	d := got[0]
	if d.Range.File != filepath.Join(dir, "svc", "go.mod") || d.Severity != model.Warning || !strings.Contains(d.Summary, "main.go") || !strings.Contains(d.Summary, "go mod tidy") {
		t.Errorf("diagnostic %+v", d)
	}
}
