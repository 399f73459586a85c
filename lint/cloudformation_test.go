package lint

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iamlint/iamlint/parsers/model"
)

const template = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Key:\n    Type: AWS::IAM::AccessKey\n"

// TestWalkTemplates: YAML and JSON files are scanned when they are
// CloudFormation templates, and skipped silently otherwise; cdk.out's
// templates are scanned, its assets and metadata are not.
func TestWalkTemplates(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		"main.tf":                             `locals {}`,
		"stack/template.yaml":                 template,
		"stack/vpc.template":                  template,
		"stack/broken-k8s.yaml":               "kind: [unclosed\n",
		"k8s/deploy.yaml":                     "apiVersion: apps/v1\nkind: Deployment\n",
		"package.json":                        `{"name": "x", "note": "AWSTemplateFormatVersion"}`,
		"cdk.out/App.template.json":           `{"Resources": {"K": {"Type": "AWS::IAM::AccessKey"}}}`,
		"cdk.out/manifest.json":               `{"artifacts": {"App": {"type": "aws:cloudformation:stack", "Resources": "AWS::"}}}`,
		"cdk.out/asset.1234/template.yaml":    template,
		".aws-sam/build/template.yaml":        template,
		"vars.tf.json":                        `{"locals": {}}`,
		".github/workflows/deploy.yml":        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n",
		"nested/deep/cdk.out/X.template.json": `{"Resources": {"K": {"Type": "AWS::IAM::AccessKey"}}}`,
		"nested/deep/cdk.out/X.assets.json":   `{"Resources": "AWS::"}`,
	})
	p := scan(context.Background(), []string{root}, scanOptions{})
	got := strings.Join(scannedFiles(p, root), " ")
	want := ".github/workflows/deploy.yml cdk.out/App.template.json main.tf nested/deep/cdk.out/X.template.json stack/template.yaml stack/vpc.template vars.tf.json"
	if got != want {
		t.Errorf("scanned %s\n\twant %s", got, want)
	}
	if len(p.Diagnostics) != 0 {
		t.Errorf("diagnostics: %v", p.Diagnostics)
	}
	templates := 0
	for _, m := range p.Modules {
		if m.Language == model.CloudFormation {
			templates++
		}
	}
	if templates != 4 {
		t.Errorf("%d template modules, want 4", templates)
	}
}

// TestNoTemplates: a directory whose YAML is no template holds nothing to
// scan; a file named on the command line that is none is skipped without
// a word, whatever its name.
func TestNoTemplates(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"k8s/deploy.yaml": "kind: Deployment\n", "k8s/svc.json": "{}"})
	p := scan(context.Background(), []string{filepath.Join(root, "k8s")}, scanOptions{})
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Summary != "no Terraform or CloudFormation files found" {
		t.Errorf("diagnostics: %v", p.Diagnostics)
	}
	write(t, root, map[string]string{"package.json": `{"name": "x"}`, "notes.txt": "hello", ".iamlint-baseline.json": `{"version": 1}`})
	for _, name := range []string{"k8s/deploy.yaml", "package.json", "notes.txt", ".iamlint-baseline.json"} {
		p = scan(context.Background(), []string{filepath.Join(root, name)}, scanOptions{})
		if len(p.Diagnostics) != 0 || len(p.Modules) != 0 {
			t.Errorf("%s: diagnostics %v, modules %d; want it skipped without a word", name, p.Diagnostics, len(p.Modules))
		}
	}
}

// TestLargeFiles: a 50 MB file is refused at once, without being read. A
// large YAML or JSON file gets the size warning only when its first bytes
// look like a template.
func TestLargeFiles(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"main.tf": "locals {}", "small.yaml": template})
	for name, head := range map[string]string{"big.tf": "locals {}\n", "big.yaml": template, "data.json": `{"rows": [`} {
		path := filepath.Join(root, name)
		if err := os.WriteFile(path, []byte(head), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(path, 50<<20); err != nil { // sparse: nothing is written
			t.Fatal(err)
		}
	}
	start := time.Now()
	p := scan(context.Background(), []string{root}, scanOptions{})
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("scan took %v", elapsed)
	}
	var got []string
	for _, d := range p.Diagnostics {
		if d.Severity != model.Warning || !strings.HasPrefix(d.Summary, "skipped: larger than") {
			t.Errorf("unexpected diagnostic %s", d.Error())
		}
		got = append(got, filepath.Base(d.Range.File))
	}
	if strings.Join(got, " ") != "big.tf big.yaml" {
		t.Errorf("size warnings for %v, want big.tf and big.yaml", got)
	}
	if len(p.Files) != 2 {
		t.Errorf("%d files scanned, want main.tf and small.yaml", len(p.Files))
	}
}

// TestBrokenTemplate: a template that does not parse is an error at its
// place, and every other file is still scanned.
func TestBrokenTemplate(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		"bad.yaml":  "AWSTemplateFormatVersion: x\nResources:\n  A: [\n",
		"good.yaml": template,
	})
	p := scan(context.Background(), []string{root}, scanOptions{})
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != model.Error || p.Diagnostics[0].Range.Start.Line == 0 {
		t.Fatalf("diagnostics: %v", p.Diagnostics)
	}
	if len(p.Files) != 2 || len(p.Modules) != 1 || len(p.Modules[0].Resources) != 1 {
		t.Errorf("files %d, modules %d: want both files (to quote the error) and the good template", len(p.Files), len(p.Modules))
	}
}
