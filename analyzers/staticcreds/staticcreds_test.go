package staticcreds_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/iamlint/iamlint/analyzers"
	"github.com/iamlint/iamlint/analyzers/staticcreds"
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
