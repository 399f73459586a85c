package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/rules"
)

// lintSource runs one rule on a one-file Terraform module.
func lintSource(t *testing.T, id, src string) []rules.Finding {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	findings, _ := rules.Run(load(t, dir), []*rules.Rule{rules.Lookup(id)})
	return findings
}

// A local read by the sink is one hop, not two: its definition, where the
// finding does not point, stands for it; the reference in the sink is the
// finding's own location.
func TestFlowNoRepeatedHop(t *testing.T) {
	findings := lintSource(t, "IAM101", `resource "aws_iam_access_key" "k" {
  user = "u"
}

locals {
  boot = "export AWS_SECRET_ACCESS_KEY=${aws_iam_access_key.k.secret}"
}

resource "aws_instance" "app" {
  user_data = local.boot
}
`)
	if len(findings) != 1 {
		t.Fatalf("%d findings, want 1: %v", len(findings), findings)
	}
	f := findings[0]
	var labels []string
	for _, h := range f.Flow {
		labels = append(labels, h.Message)
	}
	got := strings.Join(labels, " -> ")
	const want = `access key "aws_iam_access_key.k" -> aws_iam_access_key.k.secret -> local.boot`
	if got != want {
		t.Errorf("flow %s\nwant %s", got, want)
	}
	if last := f.Flow[len(f.Flow)-1].Range; last.Start.Line != 6 {
		t.Errorf("the local's hop is at line %d, want its definition (6)", last.Start.Line)
	}
	if f.Range.Start.Line != 10 || f.Range.Start.Column != 15 {
		t.Errorf("the finding is at %d:%d, want the reference in user_data (10:15)", f.Range.Start.Line, f.Range.Start.Column)
	}
}
