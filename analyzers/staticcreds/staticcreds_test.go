package staticcreds_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/iamlint/iamlint/analyzers"
	"github.com/iamlint/iamlint/analyzers/staticcreds"
	"github.com/iamlint/iamlint/rules"
)

// loaded is the one analysistest run both tests read: the fixture package
// "a" and every documentation example, in one GOPATH, loaded together. A
// load type-checks the standard library the packages import from source,
// which is most of the time these tests take; loading once shares it.
var loaded struct {
	once    sync.Once
	dir     string
	results []*analysistest.Result
	errs    []string
}

// load runs the analyzer on package a (want comments) and on examples
// example0, example1, ... (none: every diagnostic is "unexpected").
func load(t *testing.T) ([]*analysistest.Result, []string) {
	loaded.once.Do(func() {
		dir, err := os.MkdirTemp("", "staticcreds")
		if err != nil {
			t.Fatal(err)
		}
		loaded.dir = dir
		src := filepath.Join(dir, "src")
		patterns := []string{"a"}
		for _, name := range []string{"a", "lookalike", "github.com"} {
			target, err := filepath.Abs(filepath.Join("testdata", "src", name))
			if err == nil {
				err = os.MkdirAll(src, 0o755)
			}
			if err == nil {
				err = os.Symlink(target, filepath.Join(src, name))
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		for i, ex := range rules.Lookup("IAM401").Doc.Examples {
			name := fmt.Sprintf("example%d", i)
			if err := os.MkdirAll(filepath.Join(src, name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(src, name, "main.go"), []byte(ex.Code), 0o644); err != nil {
				t.Fatal(err)
			}
			patterns = append(patterns, name)
		}
		rec := &recorder{}
		loaded.results = analysistest.Run(rec, dir, staticcreds.Analyzer, patterns...)
		loaded.errs = rec.errs
	})
	if loaded.dir == "" {
		t.Fatal("the test packages could not be set up")
	}
	return loaded.results, loaded.errs
}

func TestMain(m *testing.M) {
	code := m.Run()
	if loaded.dir != "" {
		_ = os.RemoveAll(loaded.dir)
	}
	os.Exit(code)
}

// inExample names the example package a message is about, or "".
func inExample(s string) string {
	if m := examplePath.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

var examplePath = regexp.MustCompile(`(?:^|[/\\])(example[0-9]+)[/\\]`)

func TestAnalyzer(t *testing.T) {
	results, errs := load(t)
	for _, e := range errs {
		if inExample(e) == "" {
			t.Error(e)
		}
	}
	for _, r := range results {
		if r.Pass.Pkg.Path() != "a" {
			continue
		}
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
	_, errs := load(t)
	for i, ex := range rules.Lookup("IAM401").Doc.Examples {
		name := fmt.Sprintf("example%d", i)
		// Without want comments, every diagnostic is an "unexpected" error.
		var mine []string
		reported := 0
		for _, e := range errs {
			if inExample(e) != name {
				continue
			}
			mine = append(mine, e)
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
			t.Errorf("good example %d is reported: %v", i, mine)
		}
	}
}
