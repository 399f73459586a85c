package rules_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/lint"
	"github.com/iamlint/iamlint/parsers/cloudformation"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/parsers/terraform"
	"github.com/iamlint/iamlint/rules"
)

var update = flag.Bool("update", false, "rewrite golden files")

// load reads the fixtures under paths into one project, as the linter
// does for the command line, but whole (no block selection) and without
// running any rule, failing the test
// on any error or warning: fixtures must be valid. Each directory of
// Terraform files is one module, and module calls between them are
// followed; the CloudFormation templates are built together, so that
// nested stacks and exports between them are linked.
func load(t *testing.T, paths ...string) *model.Project {
	t.Helper()
	res, err := lint.New(lint.Options{Go: lint.GoOff, Rules: []*rules.Rule{}, ParseAll: true}).Lint(context.Background(), paths)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		if d.Severity != model.Note {
			t.Errorf("%s", d.Error())
		}
	}
	return res.Project
}

func failOn(t *testing.T, diags []model.Diagnostic) {
	t.Helper()
	for _, d := range diags {
		t.Errorf("%s", d.Error())
	}
}

// wantPattern finds `# want "re" ...` (or `// want`) in a fixture line.
// `# want+N "re"` expects the finding N lines below: inside a heredoc,
// where a comment would be part of the string.
var wantPattern = regexp.MustCompile(`(?:#|//)\s*want(\+\d+)?\s+(".*)$`)

type want struct {
	file string
	line int
	re   *regexp.Regexp
	met  bool
}

// readWants collects the want comments of every file under dir. JSON files
// have no comments; their findings are checked by the golden file only.
func readWants(t *testing.T, dir string) []*want {
	var wants []*want
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".json") || strings.HasSuffix(path, ".golden") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			m := wantPattern.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			offset := 0
			if m[1] != "" {
				offset, _ = strconv.Atoi(m[1][1:])
			}
			rest := strings.TrimSpace(m[2])
			for rest != "" {
				q, err := strconv.QuotedPrefix(rest)
				if err != nil {
					t.Fatalf("%s:%d: bad want comment: %v", path, i+1, err)
				}
				s, _ := strconv.Unquote(q)
				wants = append(wants, &want{file: path, line: i + 1 + offset, re: regexp.MustCompile(s)})
				rest = strings.TrimSpace(rest[len(q):])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return wants
}

// fixtureDirs returns dir and every directory under it that holds
// Terraform files (each is one module) or CloudFormation templates.
func fixtureDirs(t *testing.T, dir string) []string {
	var dirs []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		entries, _ := os.ReadDir(path)
		for _, e := range entries {
			if terraform.IsConfig(e.Name()) || cloudformation.IsCandidate(filepath.Join(path, e.Name())) || e.Name() == ".github" || e.Name() == ".gitlab-ci.yml" || e.Name() == ".circleci" || e.Name() == ".buildkite" || e.Name() == "bitbucket-pipelines.yml" {
				dirs = append(dirs, path)
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

// TestRuleFixtures runs each rule over testdata/rules/<ID>: every finding
// must match a want comment on its line and every want must be met; the
// exact ranges are pinned by findings.golden.
func TestRuleFixtures(t *testing.T) {
	for _, r := range rules.All() {
		if !slices.Contains(r.Languages, model.Terraform) && !slices.Contains(r.Languages, model.CloudFormation) && !slices.Contains(r.Languages, model.GitHubActions) {
			continue // fixtures of the Go front-end: analyzers/*/testdata
		}
		t.Run(r.ID, func(t *testing.T) {
			root := filepath.Join("..", "testdata", "rules", r.ID)
			dirs := fixtureDirs(t, root)
			if len(dirs) == 0 {
				t.Fatalf("no fixtures in %s", root)
			}
			wants := readWants(t, root)
			// All the modules under the rule's directory make one project,
			// so that module calls between them are followed.
			project := load(t, root)
			var golden strings.Builder
			findings, _ := rules.Run(project, []*rules.Rule{r})
			for _, f := range findings {
				if f.Rule != r {
					t.Errorf("finding of %s from rule %s", f.Rule.ID, r.ID)
				}
				matched := false
				for _, w := range wants {
					if !w.met && w.file == f.Range.File && w.line == f.Range.Start.Line && w.re.MatchString(f.Message) {
						w.met, matched = true, true
						break
					}
				}
				if !matched && !strings.HasSuffix(f.Range.File, ".json") {
					t.Errorf("%s: unexpected finding: %s", f.Range, f.Message)
				}
				rel, _ := filepath.Rel(root, f.Range.File)
				fmt.Fprintf(&golden, "%s:%d:%d-%d:%d: %s: %s\n", filepath.ToSlash(rel),
					f.Range.Start.Line, f.Range.Start.Column, f.Range.End.Line, f.Range.End.Column, f.Level, f.Message)
				for _, hop := range f.Flow {
					rel, _ := filepath.Rel(root, hop.Range.File)
					fmt.Fprintf(&golden, "    via %s:%d:%d: %s\n", filepath.ToSlash(rel), hop.Range.Start.Line, hop.Range.Start.Column, hop.Message)
				}
			}
			for _, w := range wants {
				if !w.met {
					t.Errorf("%s:%d: no finding matched %q", w.file, w.line, w.re)
				}
			}
			checkGolden(t, filepath.Join(root, "findings.golden"), golden.String())
		})
	}
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./rules -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (run go test ./rules -update if the change is intended)\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}

// TestDocExamples runs every example of every rule's documentation: a bad
// one must make its rule fire, a good one must not.
func TestDocExamples(t *testing.T) {
	for _, r := range rules.All() {
		for i, ex := range r.Doc.Examples {
			name := exampleFile(ex.Language)
			if name == "" {
				continue // the Go front-end runs these: analyzers/staticcreds
			}
			t.Run(fmt.Sprintf("%s/%d", r.ID, i), func(t *testing.T) {
				dir := t.TempDir()
				if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name), []byte(ex.Code), 0o644); err != nil {
					t.Fatal(err)
				}
				findings, _ := rules.Run(load(t, dir), []*rules.Rule{r})
				if ex.Bad && len(findings) == 0 {
					t.Errorf("bad example does not make %s fire:\n%s", r.ID, ex.Code)
				}
				if !ex.Bad && len(findings) > 0 {
					t.Errorf("good example makes %s fire: %s: %s", r.ID, findings[0].Range, findings[0].Message)
				}
			})
		}
	}
}

// exampleFile names a file for a documentation example in lang: the
// front-end's first fixture pattern, or "" for a language whose examples
// are not model fixtures (Go, run by the analyzers' own tests).
func exampleFile(lang model.Language) string {
	for _, fe := range lint.FrontEnds() {
		if m := fe.Meta(); m.Language == lang && len(m.Fixtures) > 0 {
			return strings.Replace(m.Fixtures[0], "*", "example", 1)
		}
	}
	return ""
}

// Accounts the configuration trusts are the code's own: no IAM302.
func TestTrustedAccounts(t *testing.T) {
	project := load(t, filepath.Join("..", "testdata", "rules", "IAM302", "main.tf"))
	r := rules.Lookup("IAM302")
	all, _ := rules.Run(project, []*rules.Rule{r})
	trusted, _ := rules.RunWith(project, []*rules.Rule{r}, rules.Options{TrustedAccounts: []string{"210987654321"}})
	if len(all) != 2 || len(trusted) != 1 || !strings.Contains(trusted[0].Message, "444455556666") {
		t.Errorf("findings without trust: %d, with 210987654321 trusted: %d (%v)", len(all), len(trusted), trusted)
	}
}

// The same key pasted twice in a file is two findings with two
// fingerprints, so a baseline of the first does not hide the second.
func TestHardcodedKeyFingerprints(t *testing.T) {
	dir := t.TempDir()
	src := "locals {\n  a = \"AKIAZ7SQ3KXB4VNDPLRT\"\n  b = \"AKIAZ7SQ3KXB4VNDPLRT\"\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	findings, _ := rules.Run(load(t, dir), []*rules.Rule{rules.Lookup("IAM107")})
	if len(findings) != 2 || findings[0].Fingerprint() == findings[1].Fingerprint() {
		t.Errorf("findings %d, fingerprints equal: %v", len(findings), len(findings) == 2 && findings[0].Fingerprint() == findings[1].Fingerprint())
	}
}
