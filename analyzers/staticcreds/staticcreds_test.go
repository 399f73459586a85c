package staticcreds_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/iamlint/iamlint/analyzers"
	"github.com/iamlint/iamlint/analyzers/staticcreds"
	"github.com/iamlint/iamlint/rules"
)

func TestAnalyzer(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), staticcreds.Analyzer, "a")
	for _, r := range results {
		for _, d := range r.Diagnostics {
			pos := r.Pass.Fset.Position(d.Pos)
			if d.Category != analyzers.IAM401 && d.Category != analyzers.IAM107 {
				t.Errorf("%s: category %q", pos, d.Category)
			}
			if !d.End.IsValid() || d.End <= d.Pos {
				t.Errorf("%s: no range", pos)
			}
			if d.Category == analyzers.IAM401 && analyzers.Level(d) == analyzers.Note {
				t.Errorf("%s: IAM401 is an error or a warning", pos)
			}
		}
	}
}

// recorder collects what analysistest would report as test failures.
type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestDocExamples runs IAM401's documentation examples: the bad one must be
// reported, the good one must not. They are compiled against the stub SDK
// of testdata/src.
func TestDocExamples(t *testing.T) {
	stubs, err := filepath.Abs(filepath.Join("testdata", "src", "github.com"))
	if err != nil {
		t.Fatal(err)
	}
	for i, ex := range rules.Lookup("IAM401").Doc.Examples {
		dir := t.TempDir()
		src := filepath.Join(dir, "src")
		if err := os.MkdirAll(filepath.Join(src, "example"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(stubs, filepath.Join(src, "github.com")); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, "example", "main.go"), []byte(ex.Code), 0o644); err != nil {
			t.Fatal(err)
		}
		rec := &recorder{}
		analysistest.Run(rec, dir, staticcreds.Analyzer, "example")
		// Without want comments, every diagnostic is an "unexpected" error.
		reported := 0
		for _, e := range rec.errs {
			if strings.Contains(e, "unexpected diagnostic") {
				reported++
			} else {
				t.Errorf("example %d: %s", i, e)
			}
		}
		if ex.Bad && reported == 0 {
			t.Errorf("bad example %d is not reported:\n%s", i, ex.Code)
		}
		if !ex.Bad && reported > 0 {
			t.Errorf("good example %d is reported: %v", i, rec.errs)
		}
	}
}
