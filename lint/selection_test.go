package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/rules"
)

// lintReport scans dir and runs every rule, and renders findings and
// diagnostics (notes of the flow included) one per line, for comparison.
func lintReport(t testing.TB, dir string, parseAll bool) []string {
	return lintReportPaths(t, []string{dir}, parseAll)
}

// lintReportPaths is lintReport for any path arguments.
func lintReportPaths(_ testing.TB, paths []string, parseAll bool) []string {
	p := scan(context.Background(), paths, scanOptions{Go: GoOff, ParseAll: parseAll, Rules: rules.All()})
	findings, notes := rules.Run(p, rules.All())
	var out []string
	for _, f := range findings {
		out = append(out, fmt.Sprintf("%s %s %s %v %v", f.Rule.ID, f.Range, f.Message, f.Related, f.Flow))
	}
	for _, d := range append(p.Diagnostics, notes...) {
		out = append(out, fmt.Sprintf("%s %v %s", d.Range, d.Severity, d.Summary))
	}
	return out
}

// selectionDirs are the directories TestSelectionKeepsEveryFinding
// compares: every rule fixture and example in the repository, and the
// directories listed in IAMLINT_CORPUS (separated by the OS's list
// separator), such as checkouts of public monorepos.
func selectionDirs(t *testing.T) []string {
	var dirs []string
	for _, pattern := range []string{"../testdata/rules/*", "../testdata/examples/*", "testdata/selection/*"} {
		matches, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, matches...)
	}
	if env := os.Getenv("IAMLINT_CORPUS"); env != "" {
		dirs = append(dirs, filepath.SplitList(env)...)
	}
	return dirs
}

// TestSelectionKeepsEveryFinding proves the block selection of the
// Terraform front-end loses nothing: with and without it, every finding,
// note and diagnostic is the same.
func TestSelectionKeepsEveryFinding(t *testing.T) {
	dirs := selectionDirs(t)
	if len(dirs) < 15 {
		t.Fatalf("only %d fixture directories found", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			all := lintReport(t, dir, true)
			selected := lintReport(t, dir, false)
			if strings.Join(all, "\n") != strings.Join(selected, "\n") {
				t.Errorf("with --parse-all:\n%s\n\nwith the selection:\n%s", strings.Join(all, "\n"), strings.Join(selected, "\n"))
			}
			// The same files named on the command line, as pre-commit
			// names them.
			files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
			if len(files) == 0 {
				return
			}
			all, selected = lintReportPaths(t, files, true), lintReportPaths(t, files, false)
			if strings.Join(all, "\n") != strings.Join(selected, "\n") {
				t.Errorf("named files, with --parse-all:\n%s\n\nwith the selection:\n%s", strings.Join(all, "\n"), strings.Join(selected, "\n"))
			}
		})
	}
}

// TestSelectionSkips checks the selection actually leaves blocks out, and
// which: the comparison above would pass if it kept everything.
func TestSelectionSkips(t *testing.T) {
	p := scan(context.Background(), []string{"testdata/selection/flow"}, scanOptions{Go: GoOff, Rules: rules.All()})
	var got []string
	for _, m := range p.Modules {
		for _, r := range m.Resources {
			got = append(got, r.Address)
		}
		for _, v := range m.Variables {
			got = append(got, "var."+v.Name)
		}
		for _, l := range m.Locals {
			got = append(got, "local."+l.Name)
		}
		for _, o := range m.Outputs {
			got = append(got, "output."+o.Name)
		}
	}
	want := []string{
		// the key, its user, what reaches them and what they read
		"aws_iam_access_key.app", "aws_iam_user.app", "aws_instance.app",
		"kubernetes_secret.from_module", "module.registry", "var.name",
		"local.creds", "output.secret",
		// a provider that sets a credential, a backend that takes one
		"provider.aws", "terraform.backend.s3", "var.state_access_key",
		// the count of a module call that a sink reads
		"var.enabled",
	}
	for _, w := range want {
		if !contains(got, w) {
			t.Errorf("%s was not parsed; parsed: %v", w, got)
		}
	}
	for _, skipped := range []string{"aws_s3_bucket.logs", "kubernetes_secret.other", "local.tags", "var.unused", "output.bucket", "aws_sqs_queue.q",
		// a provider of another type, what only it reads, and a resource
		// policy
		"provider.github", "var.github_token", "var.github_owner", "aws_sqs_queue_policy.q",
		// what only the arguments of a call of a module from outside the
		// scan read
		"var.tags"} {
		if contains(got, skipped) {
			t.Errorf("%s was parsed, though nothing could make it matter", skipped)
		}
	}
	// A policy document is read for the accounts it names only in a tree
	// that has a role's trust to judge by them.
	accounts := scan(context.Background(), []string{"testdata/selection/accounts"}, scanOptions{Go: GoOff, Rules: rules.All()})
	for _, m := range accounts.Modules {
		var docs []string
		for _, r := range m.Resources {
			if r.Type == "aws_iam_policy_document" {
				docs = append(docs, r.Address)
			}
		}
		if want := filepath.Base(m.Dir) == "role"; (len(docs) > 0) != want {
			t.Errorf("%s: policy documents parsed %v, want them parsed: %v", m.Dir, docs, want)
		}
	}
	var files []string
	for _, f := range p.Files {
		files = append(files, filepath.Base(f.Path))
		if f.Path != "" && filepath.Base(f.Path) == "unrelated.tf" && f.Src != nil {
			t.Errorf("the source of %s is kept, though none of it was parsed", f.Path)
		}
	}
	if !contains(files, "unrelated.tf") {
		t.Errorf("unrelated.tf is not among the scanned files: %v", files)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestSelectionNamedFiles: files named on the command line, as pre-commit
// names them, get the same selection as in a directory scan (parsing a
// named 8 MB file whole took ten times the time and memory), and the same
// findings; a syntax error in a block nothing needs is still reported for
// a named file, where it is, as --parse-all reports it.
func TestSelectionNamedFiles(t *testing.T) {
	dir := "testdata/selection/flow"
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil || len(files) < 2 {
		t.Fatalf("files %v, %v", files, err)
	}
	p := scan(context.Background(), files, scanOptions{Go: GoOff, Rules: rules.All()})
	var got []string
	for _, m := range p.Modules {
		for _, r := range m.Resources {
			got = append(got, r.Address)
		}
	}
	if !contains(got, "aws_iam_access_key.app") {
		t.Errorf("aws_iam_access_key.app was not parsed; parsed: %v", got)
	}
	for _, skipped := range []string{"aws_s3_bucket.logs", "aws_sqs_queue.q"} {
		if contains(got, skipped) {
			t.Errorf("%s was parsed in a named file, though nothing could make it matter", skipped)
		}
	}

	root := t.TempDir()
	write(t, root, map[string]string{"main.tf": `resource "aws_iam_access_key" "k" {
  user = "deploy"
}

resource "aws_s3_bucket" "b" {
  bucket = "logs" +
}
`})
	named := lintReportPaths(t, []string{filepath.Join(root, "main.tf")}, false)
	all := lintReportPaths(t, []string{filepath.Join(root, "main.tf")}, true)
	if strings.Join(named, "\n") != strings.Join(all, "\n") || !strings.Contains(strings.Join(named, "\n"), "main.tf:6:20 error") {
		t.Errorf("named file:\n%s\n\nwith --parse-all:\n%s", strings.Join(named, "\n"), strings.Join(all, "\n"))
	}
}
