package lint

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// write writes files (slash-separated relative path: content) under root.
func write(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func scannedFiles(p *model.Project, root string) []string {
	var out []string
	for _, f := range p.Files {
		rel, _ := filepath.Rel(root, f.Path)
		out = append(out, filepath.ToSlash(rel))
	}
	sort.Strings(out)
	return out
}

func TestWalk(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		"main.tf":                          `locals {}`,
		"vars.auto.tfvars":                 `a = 1`,
		"nested/deep/module/main.tf.json":  `{}`,
		"legacy/old.tf":                    `locals {}`,
		".terraform/modules/x/main.tf":     `locals {}`,
		".git/hooks/x.tf":                  `locals {}`,
		"node_modules/pkg/main.tf":         `locals {}`,
		"cdk.out/asset.1234/main.tf":       `locals {}`,
		"notes.txt":                        `not scanned`,
		"templates/boot.sh.tftpl":          `not scanned either`,
		"nested/deep/module/README.md":     `no`,
		"nested/deep/module/other.tfvarsx": `no`,
		"nested/deep/module/prod.tfvars":   `b = 2`,
	})
	p := scan(context.Background(), []string{root}, scanOptions{Exclude: []string{"legacy/**"}})
	got := scannedFiles(p, root)
	want := []string{"main.tf", "nested/deep/module/main.tf.json", "nested/deep/module/prod.tfvars", "vars.auto.tfvars"}
	if len(got) != len(want) {
		t.Fatalf("scanned %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("scanned %v, want %v", got, want)
		}
	}
	if len(p.Modules) != 2 {
		t.Errorf("%d modules, want one per directory (2)", len(p.Modules))
	}
	if len(p.Diagnostics) != 0 {
		t.Errorf("diagnostics: %v", p.Diagnostics)
	}
}

func TestSizeCap(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"big.tf": "# " + string(make([]byte, 100)), "small.tf": "locals {}"})
	p := scan(context.Background(), []string{root}, scanOptions{MaxFileSize: 50})
	if len(p.Files) != 1 || len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != model.Warning {
		t.Errorf("files %d, diagnostics %v: want the big file skipped with a warning", len(p.Files), p.Diagnostics)
	}
}

// The output must not depend on how the parallel workers were scheduled.
func TestDeterministic(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{}
	for i := 0; i < 40; i++ {
		files[filepath.Join("m", string(rune('a'+i%20)), "main.tf")] = `resource "aws_iam_access_key" "k" {}`
	}
	write(t, root, files)
	first := scannedFiles(scan(context.Background(), []string{root}, scanOptions{Workers: 1}), root)
	for i := 0; i < 5; i++ {
		again := scannedFiles(scan(context.Background(), []string{root}, scanOptions{Workers: 8}), root)
		if len(again) != len(first) {
			t.Fatalf("run %d: %d files, want %d", i, len(again), len(first))
		}
		for j := range first {
			if again[j] != first[j] {
				t.Fatalf("run %d: order differs at %d", i, j)
			}
		}
	}
}

// benchCorpus is a directory of real Terraform to benchmark on, e.g. a
// checkout of a public monorepo; the benchmarks skip without it.
func benchCorpus(b *testing.B) string {
	dir := os.Getenv("IAMLINT_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set IAMLINT_BENCH_CORPUS to a directory of Terraform files")
	}
	return dir
}

// BenchmarkScan is a full scan: walk, read, parse, evaluate.
func BenchmarkScan(b *testing.B) {
	dir := benchCorpus(b)
	for b.Loop() {
		scan(context.Background(), []string{dir}, scanOptions{})
	}
}

// BenchmarkParseBaseline only reads every .tf file and parses it with
// hclsyntax, one goroutine per core: the floor a full scan is compared to.
func BenchmarkParseBaseline(b *testing.B) {
	dir := benchCorpus(b)
	paths := inputsOf(dir, model.Terraform)
	for b.Loop() {
		eachParallel(paths, func(path string) {
			if src, err := os.ReadFile(path); err == nil {
				_, _ = hclsyntax.ParseConfig(src, path, hcl.InitialPos)
			}
		})
	}
}

// TestKeepTypes: a resource type no rule reads is skipped by the Terraform
// selection unless the options keep it (iamlint graph keeps attachments).
// With one rule that follows no flow, only what it reads is parsed.
func TestKeepTypes(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"main.tf": `
resource "aws_iam_user_group_membership" "m" {
  user   = "u"
  groups = ["ops"]
}
`})
	has := func(keep []string) bool {
		res, err := New(Options{Go: GoOff, KeepTypes: keep, Rules: []*rules.Rule{rules.Lookup("IAM202")}}).Lint(context.Background(), []string{root})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range res.Project.Modules {
			for _, r := range m.Resources {
				if r.Type == "aws_iam_user_group_membership" {
					return true
				}
			}
		}
		return false
	}
	if has(nil) {
		t.Skip("the selection keeps aws_iam_user_group_membership without being asked: nothing to test")
	}
	if !has([]string{"aws_iam_user_group_membership"}) {
		t.Error("KeepTypes did not keep aws_iam_user_group_membership")
	}
}
