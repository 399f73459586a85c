package shell_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/lint"
	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/parsers/shell"
)

func TestHasShebang(t *testing.T) {
	for head, want := range map[string]bool{
		"#!/bin/sh\n":                 true,
		"#!/bin/bash -euo pipefail\n": true,
		"#!/usr/bin/env bash\n":       true,
		"#!/usr/bin/env -S bash -e\n": true,
		"#! /bin/dash":                true,
		model.BOM + "#!/bin/ksh\n":    true,
		"#!/usr/bin/env python3\n":    false,
		"#!/usr/bin/env zsh\n":        false,
		"#!/usr/bin/perl\n":           false,
		"# !/bin/sh\n":                false,
		"echo hi\n":                   false,
		"":                            false,
		"#!":                          false,
		"\x7fELF\x02\x01\x01\x00\x00": false,
	} {
		if got := shell.HasShebang([]byte(head)); got != want {
			t.Errorf("HasShebang(%q) = %v, want %v", head, got, want)
		}
	}
}

func TestMatch(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"deploy.sh":      "echo hi\n",
		"lib.bash":       "f() { :; }\n",
		"bootstrap":      "#!/usr/bin/env bash\naws iam create-user --user-name x\n",
		"Makefile":       "all:\n\techo hi\n",
		"run.py":         "#!/usr/bin/env python3\n",
		"tool":           "#!/usr/bin/env python3\nprint(1)\n",
		"script.sh.tmpl": "#!/bin/sh\n",
	}
	want := map[string]bool{"deploy.sh": true, "lib.bash": true, "bootstrap": true}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name := range files {
		if got := (shell.FrontEnd{}).Match(filepath.Join(dir, name), false); got != want[name] {
			t.Errorf("Match(%s) = %v, want %v", name, got, want[name])
		}
	}
	if (shell.FrontEnd{}).Match(filepath.Join(dir, "missing"), false) {
		t.Error("Match of a missing extensionless file")
	}
}

func lintDir(t *testing.T, files map[string]string) *lint.Result {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := lint.New(lint.Options{Go: lint.GoOff}).Lint(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A script that does not parse is one error at the offending place, and
// the other scripts of the scan are still checked.
func TestParseErrorIsPositioned(t *testing.T) {
	res := lintDir(t, map[string]string{
		"broken.sh": "#!/bin/sh\naws iam create-access-key --user-name x\nif true; then\n  echo (\nfi\n",
		"good.sh":   "aws iam create-access-key --user-name y\n",
	})
	var diags []string
	for _, d := range res.Diagnostics {
		diags = append(diags, fmt.Sprintf("%s:%d:%d %s %s", filepath.Base(d.Range.File), d.Range.Start.Line, d.Range.Start.Column, d.Severity, d.Summary))
	}
	if len(diags) != 1 || !strings.HasPrefix(diags[0], "broken.sh:4:") || !strings.Contains(diags[0], "warning cannot parse shell script") {
		t.Errorf("diagnostics: %q", diags)
	}
	if len(res.Findings) != 1 || filepath.Base(res.Findings[0].Range.File) != "good.sh" || res.Findings[0].Rule.ID != "IAM105" {
		t.Errorf("findings: %v", res.Findings)
	}
}

// iamlint:ignore comments suppress the statement they annotate: on the
// line before, or at the end of the line (of a continued command too).
func TestSuppressions(t *testing.T) {
	res := lintDir(t, map[string]string{"keys.sh": `#!/bin/sh
# iamlint:ignore IAM105 the appliance only takes keys
aws iam create-access-key --user-name appliance
aws iam create-access-key --user-name legacy # iamlint:ignore IAM105 retired in Q3
aws iam create-access-key \
  --user-name vendor # iamlint:ignore IAM105 vendor SFTP
aws iam create-access-key --user-name reported

# iamlint:ignore IAM105 a blank line below: annotates nothing

aws iam create-access-key --user-name reported-too
`})
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%d %s", f.Range.Start.Line, f.Rule.ID))
	}
	for _, s := range res.Suppressed {
		got = append(got, fmt.Sprintf("%d %s suppressed: %s", s.Range.Start.Line, s.Rule.ID, s.Justification))
	}
	want := "7 IAM105|11 IAM105|3 IAM105 suppressed: the appliance only takes keys|4 IAM105 suppressed: retired in Q3|5 IAM105 suppressed: vendor SFTP"
	if strings.Join(got, "|") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
}

// A script without AWS, keys or suppressions is not parsed at all.
func TestPrefilterSkipsUnrelatedScripts(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "build.sh")
	if err := os.WriteFile(path, []byte("echo ( broken but unrelated\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := (shell.FrontEnd{}).Load(context.Background(), []frontend.Input{{Path: path}}, frontend.Options{Workers: 1, MaxFileSize: 1 << 20})
	if len(res.Diagnostics) != 0 || len(res.Modules) != 1 || len(res.Modules[0].Resources) != 0 {
		t.Errorf("diagnostics %v, modules %d", res.Diagnostics, len(res.Modules))
	}
}

// A script saved with CRLF line endings reads as with LF: no "\r" ends a
// value, and positions stay the file's.
func TestCRLF(t *testing.T) {
	res := lintDir(t, map[string]string{"users.sh": "aws iam create-user --user-name ci\r\n" +
		"aws iam attach-user-policy --user-name ci --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess\r\n"})
	if len(res.Diagnostics) != 0 || len(res.Findings) != 1 {
		t.Fatalf("diagnostics %v, findings %v", res.Diagnostics, res.Findings)
	}
	f := res.Findings[0]
	want := `"aws iam attach-user-policy ci arn:aws:iam::aws:policy/ReadOnlyAccess" attaches permissions to user "aws iam create-user ci" directly`
	if !strings.HasPrefix(f.Message, want) || f.Range.Start.Line != 2 || f.Range.Start.Column != 1 || f.Range.End.Column != 27 {
		t.Errorf("%s-%d: %s", f.Range, f.Range.End.Column, f.Message)
	}
}
