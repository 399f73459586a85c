package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// TestOptionsSinks checks that a configured sink makes its rule fire on a
// resource type the built-in table does not know, with the attribute path
// in the message.
func TestOptionsSinks(t *testing.T) {
	dir := t.TempDir()
	src := `resource "aws_iam_access_key" "ci" {
  user = "ci"
}

resource "acme_pipeline_secret" "aws" {
  name  = "AWS_SECRET_ACCESS_KEY"
  value = aws_iam_access_key.ci.secret
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ci := rules.Lookup("IAM103")
	if got, _ := rules.Run(load(t, dir), []*rules.Rule{ci}); len(got) != 0 {
		t.Fatalf("IAM103 fired without the configured sink: %v", got[0].Message)
	}
	opts := rules.Options{Sinks: []rules.SinkSpec{{Rule: "IAM103", Types: []string{"acme_pipeline_secret"}, Path: []string{"value"}}}}
	got, _ := rules.RunWith(load(t, dir), []*rules.Rule{ci}, opts)
	if len(got) != 1 {
		t.Fatalf("got %d findings, want 1", len(got))
	}
	const want = `access key "aws_iam_access_key.ci" reaches value of "acme_pipeline_secret.aws"; use an OIDC provider and a role whose trust is scoped to the repository or project by the sub claim`
	if got[0].Message != want || got[0].Range.Start.Line != 7 {
		t.Errorf("got %d: %s\nwant 7: %s", got[0].Range.Start.Line, got[0].Message, want)
	}
}

// A rule that panics (a bug) becomes an error diagnostic; the other rules
// of the run still report.
func TestRulePanicIsContained(t *testing.T) {
	boom := &rules.Rule{ID: "IAM999", Name: "boom", Level: model.Error, Check: func(*rules.Pass) { panic("boom") }}
	dir := filepath.Join("..", "testdata", "rules", "IAM105")
	findings, diags := rules.Run(load(t, dir), []*rules.Rule{boom, rules.Lookup("IAM105")})
	if len(findings) == 0 {
		t.Errorf("IAM105 reported nothing after a panicking rule")
	}
	if len(diags) != 1 || diags[0].Severity != model.Error || !strings.Contains(diags[0].Summary, "internal error in rule IAM999: boom") {
		t.Errorf("diagnostics: %v", diags)
	}
}
