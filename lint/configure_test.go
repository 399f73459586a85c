package lint_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/iamlint/iamlint/lint"
	"github.com/iamlint/iamlint/lint/config"
	"github.com/iamlint/iamlint/parsers/model"
)

// A program that embeds iamlint reads .iamlint.yml the way the command
// line does: rules, levels and excludes from the file apply to the run.
func TestConfigure(t *testing.T) {
	dir := t.TempDir()
	keys := "resource \"aws_iam_user\" \"ci\" {\n  name = \"ci\"\n}\n\nresource \"aws_iam_access_key\" \"ci\" {\n  user = aws_iam_user.ci.name\n}\n\nresource \"aws_iam_user_login_profile\" \"ci\" {\n  user = aws_iam_user.ci.name\n}\n"
	lint.WriteTree(t, dir, map[string]string{
		"main.tf":        keys,
		"legacy/main.tf": keys,
		".iamlint.yml":   "version: 1\nrules:\n  disable: [IAM202]\n  levels:\n    IAM105: error\nexclude:\n  - legacy/\n",
	})

	path, err := config.Find(dir)
	if err != nil || path == "" {
		t.Fatalf("config.Find: %q, %v", path, err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	opts := lint.Options{Go: lint.GoOff}
	if err := opts.Configure(cfg); err != nil {
		t.Fatal(err)
	}
	res, err := lint.New(opts).Lint(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 {
		t.Fatalf("want only IAM105 in main.tf (IAM202 disabled, legacy/ excluded), got %d findings: %v", len(res.Findings), res.Findings)
	}
	if f := res.Findings[0]; f.Rule.ID != "IAM105" || f.Level != model.Error || filepath.Base(filepath.Dir(f.Range.File)) == "legacy" {
		t.Errorf("finding %s at %s, level %s: want IAM105 in main.tf at error", f.Rule.ID, f.Range, f.Level)
	}
}
