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
	for _, name := range []string{"main.tf", "x/main.tf.json", "prod.tfvars", "a.tfvars.json", "stack.yaml", "stack.yml", "cdk.out/App.template.json", "t.template", "scripts/bootstrap.sh", "lib.bash"} {
		if !files.MatchString(name) {
			t.Errorf("files %q misses %s", h.Files, name)
		}
	}
	for _, name := range []string{"README.md", "main.go", "tf", "x.tfstate", "run.shtml"} {
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

// TestInstallWorksToday checks that the install, pre-commit and action
// instructions a newcomer reads first work before iamlint is published:
// the README installs from a clone, and pre-commit and the action are
// pinned to a commit (the <commit-sha> placeholder). A release tag or
// @latest, which cannot resolve until the module is published and tagged,
// is only written in a Markdown section whose heading says "released".
func TestInstallWorksToday(t *testing.T) {
	pin := regexp.MustCompile(`(uses: iamlint/iamlint@|rev: |cmd/iamlint@)(\S+)`)
	heading := regexp.MustCompile(`^#+ `)
	for _, name := range []string{"README.md", "docs/ci.md", "action.yml", ".pre-commit-hooks.yaml"} {
		raw, err := os.ReadFile(filepath.Join(repoRoot, name))
		if err != nil {
			t.Fatal(err)
		}
		section := ""
		for i, line := range strings.Split(string(raw), "\n") {
			if strings.HasSuffix(name, ".md") && heading.MatchString(line) {
				section = line
			}
			for _, m := range pin.FindAllStringSubmatch(line, -1) {
				ref := strings.TrimRight(m[2], "`\"',")
				if ref == "<commit-sha>" || strings.Contains(ref, "${") || strings.Contains(ref, "$VERSION") {
					continue
				}
				if !strings.Contains(strings.ToLower(section), "released") {
					t.Errorf("%s:%d: %q names %s, which does not exist until iamlint is published; pin <commit-sha>, or move it under a heading about the release", name, i+1, strings.TrimSpace(line), ref)
				}
			}
		}
	}
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	install, _, _ := strings.Cut(string(readme[strings.Index(string(readme), "\n## Install")+1:]), "\n## ")
	for _, want := range []string{"git clone https://github.com/iamlint/iamlint", "go install ./cmd/iamlint", "<commit-sha>"} {
		if !strings.Contains(install, want) {
			t.Errorf("the README's Install section lacks %q:\n%s", want, install)
		}
	}
}
