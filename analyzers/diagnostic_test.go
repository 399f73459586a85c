package analyzers_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/iamlint/iamlint/analyzers"
)

func TestLevelAndText(t *testing.T) {
	for _, tc := range []struct{ msg, level, text string }{
		{"error: static credentials from literals", "error", "static credentials from literals"},
		{"warning: access key \"k\" is a long-term credential", "warning", "access key \"k\" is a long-term credential"},
		{"note: inactive access key", "note", "inactive access key"},
		{"another analyzer's message", "warning", "another analyzer's message"},
		{"errors: not a level", "warning", "errors: not a level"},
	} {
		d := analysis.Diagnostic{Message: tc.msg}
		if got := analyzers.Level(d).String(); got != tc.level {
			t.Errorf("Level(%q) = %q, want %q", tc.msg, got, tc.level)
		}
		if got := analyzers.Text(d); got != tc.text {
			t.Errorf("Text(%q) = %q, want %q", tc.msg, got, tc.text)
		}
	}
}

func TestDiagnostic(t *testing.T) {
	rel := analysis.RelatedInformation{Message: "created here"}
	d := analyzers.Diagnostic(analyzers.IAM101, analyzers.Error, 1, 2, "the secret reaches EC2 user data", rel)
	if d.Category != "IAM101" || d.Message != "error: the secret reaches EC2 user data" || d.Pos != 1 || d.End != 2 ||
		d.URL != "https://github.com/iamlint/iamlint/blob/main/docs/rules/IAM101.md" || len(d.Related) != 1 {
		t.Errorf("Diagnostic = %+v", d)
	}
	if analyzers.Level(d) != analyzers.Error || analyzers.Text(d) != "the secret reaches EC2 user data" {
		t.Errorf("round trip: %q %q", analyzers.Level(d), analyzers.Text(d))
	}
}
