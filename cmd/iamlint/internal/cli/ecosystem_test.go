package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestPreCommitHook checks .pre-commit-hooks.yaml against the CLI: the
// entry's flags exist, and the files pattern takes what iamlint reads and
// nothing else. .ci/pre-commit-test runs the hook for real.
func TestPreCommitHook(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot, ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID            string `yaml:"id"`
		Entry         string `yaml:"entry"`
		Language      string `yaml:"language"`
		Files         string `yaml:"files"`
		PassFilenames *bool  `yaml:"pass_filenames"`
		RequireSerial bool   `yaml:"require_serial"`
	}
	if err := yaml.Unmarshal(raw, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 || hooks[0].ID != "iamlint" || hooks[0].Language != "golang" {
		t.Fatalf("want one hook, id iamlint, language golang: %+v", hooks)
	}
	h := hooks[0]
	if h.PassFilenames != nil && !*h.PassFilenames || !h.RequireSerial {
		t.Errorf("the hook must pass filenames to one process: %+v", h)
	}
	args := strings.Fields(h.Entry)
	if len(args) == 0 || args[0] != "iamlint" {
		t.Fatalf("entry %q does not run iamlint", h.Entry)
	}
	f, err := Command{Stdout: &strings.Builder{}, Stderr: &strings.Builder{}}.parseScanFlags(append(args[1:], "main.tf"))
	if err != nil || !f.changedFiles {
		t.Errorf("entry %q: %v; want --changed-files", h.Entry, err)
	}
	files := regexp.MustCompile(h.Files)
	for _, name := range []string{"main.tf", "x/main.tf.json", "prod.tfvars", "a.tfvars.json", "stack.yaml", "stack.yml", "cdk.out/App.template.json", "t.template"} {
		if !files.MatchString(name) {
			t.Errorf("files %q misses %s", h.Files, name)
		}
	}
	for _, name := range []string{"README.md", "main.go", "tf", "x.tfstate"} {
		if files.MatchString(name) {
			t.Errorf("files %q takes %s", h.Files, name)
		}
	}
}

// TestAction checks action.yml: a composite action that scans into SARIF
// and uploads it with upload-sarif.
func TestAction(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Name   string                    `yaml:"name"`
		Inputs map[string]map[string]any `yaml:"inputs"`
		Runs   struct {
			Using string `yaml:"using"`
			Steps []struct {
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(raw, &action); err != nil {
		t.Fatal(err)
	}
	if action.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", action.Runs.Using)
	}
	var scans, uploads bool
	for _, s := range action.Runs.Steps {
		if strings.Contains(s.Run, "iamlint --format sarif --output") {
			scans = true
		}
		if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") && s.With["sarif_file"] != "" {
			uploads = true
		}
		// Inputs reach scripts through the environment, never spliced
		// into the script, where they could inject commands.
		if strings.Contains(s.Run, "${{") {
			t.Errorf("a run script expands an expression: %q", s.Run)
		}
	}
	if !scans || !uploads {
		t.Errorf("the action must scan into SARIF (%v) and upload it (%v)", scans, uploads)
	}
	for _, in := range []string{"path", "args", "version", "sarif-file", "upload", "fail"} {
		if _, ok := action.Inputs[in]; !ok {
			t.Errorf("input %q is missing (docs/ci.md lists it)", in)
		}
	}
}
