package lint_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/lint"
	"github.com/iamlint/iamlint/parsers/model"
)

// TestDuplicateAddress: two resources with one address (Terraform rejects
// them: "Duplicate resource configuration") were read as two, so one key
// declared twice counted as two keys of its user (IAM203) and its flow to
// an output was lost. The second declaration is now an error pointing to
// the first, and rules see the first only, with its flow.
func TestDuplicateAddress(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.tf": "resource \"aws_iam_user\" \"u\" {\n  name = \"u\"\n}\nresource \"aws_iam_access_key\" \"k\" {\n  user = aws_iam_user.u.name\n}\noutput \"secret\" {\n  value = aws_iam_access_key.k.secret\n}\n",
		"b.tf": "# the same key again\nresource \"aws_iam_access_key\" \"k\" {\n  user = aws_iam_user.u.name\n}\n",
	}
	lint.WriteTree(t, dir, files)
	for _, parseAll := range []bool{false, true} {
		res, err := lint.New(lint.Options{Go: lint.GoOff, ParseAll: parseAll}).Lint(context.Background(), []string{dir})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, f := range res.Findings {
			ids = append(ids, f.Rule.ID)
		}
		got := strings.Join(ids, " ")
		if strings.Contains(got, "IAM203") || !strings.Contains(got, "IAM104") {
			t.Errorf("parseAll=%v: findings %s, want IAM104 and no IAM203", parseAll, got)
		}
		var dups []model.Diagnostic
		for _, d := range res.Diagnostics {
			if strings.HasPrefix(d.Summary, "Duplicate") {
				dups = append(dups, d)
			}
		}
		if len(dups) != 1 {
			t.Fatalf("parseAll=%v: duplicate diagnostics %v, want one", parseAll, dups)
		}
		d := dups[0]
		if d.Severity != model.Error || d.Summary != `Duplicate resource "aws_iam_access_key" configuration` ||
			filepath.Base(d.Range.File) != "b.tf" || d.Range.Start.Line != 2 || !strings.Contains(d.Detail, "a.tf:4:1") {
			t.Errorf("parseAll=%v: diagnostic %s at %s", parseAll, d.Error(), d.Range)
		}
	}
}
