package gorun_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iamlint/iamlint/analyzers/gorun"
	"github.com/iamlint/iamlint/parsers/model"
)

var fixture = filepath.Join("..", "..", "testdata", "go", "app")

func TestRunFixture(t *testing.T) {
	results, notices := gorun.Run(context.Background(), fixture, gorun.Options{})
	if len(notices) > 0 {
		t.Errorf("unexpected notices: %+v", notices)
	}
	var got []string
	for _, r := range results {
		got = append(got, fmt.Sprintf("%s:%d:%d-%d:%d %s %s", r.Range.File, r.Range.Start.Line, r.Range.Start.Column, r.Range.End.Line, r.Range.End.Column, r.Level, r.RuleID))
	}
	want := []string{
		fixture + "/infra/main.go:24:79-24:89 error IAM101",
		fixture + "/infra/main.go:31:58-31:68 error IAM102",
		fixture + "/infra/main.go:40:20-40:30 error IAM103",
		fixture + "/infra/main.go:45:29-45:37 warning IAM104",
		fixture + "/infra/main.go:46:12-46:79 warning IAM105",
		fixture + "/service/main.go:16:3-16:115 error IAM401",
		fixture + "/service/main.go:16:45-16:65 error IAM107",
		fixture + "/service/main.go:16:69-16:109 error IAM107",
		fixture + "/service/main.go:22:3-22:97 warning IAM401",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("results:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, r := range results {
		src, err := os.ReadFile(r.Range.File)
		if err != nil {
			t.Fatal(err)
		}
		// The offsets agree with line and column.
		before := string(src[:r.Range.Start.Byte])
		line, col := strings.Count(before, "\n")+1, r.Range.Start.Byte-strings.LastIndex(before, "\n")
		if line != r.Range.Start.Line || col != r.Range.Start.Column || r.Range.End.Byte <= r.Range.Start.Byte || r.Range.End.Byte > len(src) {
			t.Errorf("%s at %d:%d: offsets %d-%d give %d:%d", r.RuleID, r.Range.Start.Line, r.Range.Start.Column, r.Range.Start.Byte, r.Range.End.Byte, line, col)
		}
		if strings.HasPrefix(r.Message, r.Level.String()) || r.Message == "" {
			t.Errorf("%s: message %q keeps its level prefix", r.RuleID, r.Message)
		}
		flow := r.RuleID >= "IAM101" && r.RuleID <= "IAM104"
		if flow != (len(r.Related) == 1) {
			t.Errorf("%s at %d: related %+v", r.RuleID, r.Range.Start.Line, r.Related)
			continue
		}
		if flow {
			rel := r.Related[0]
			if rel.Range.File != fixture+"/infra/main.go" || rel.Range.Start.Line != 18 || rel.Range.Start.Column != 15 || !strings.Contains(rel.Label, `access key "deploy"`) {
				t.Errorf("%s: related %+v, want the NewAccessKey call at infra/main.go:18:15", r.RuleID, rel)
			}
		}
	}
}

func TestAddresses(t *testing.T) {
	results, _ := gorun.Run(context.Background(), fixture, gorun.Options{})
	got := map[string]int{}
	for _, r := range results {
		got[r.Address]++
	}
	if got["example.com/app/infra.main"] != 5 || got["example.com/app/service.main"] != 4 {
		t.Errorf("addresses: %v", got)
	}
}

func TestNoGoCommand(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	for _, required := range []bool{false, true} {
		results, notices := gorun.Run(context.Background(), fixture, gorun.Options{Required: required})
		want := model.Note
		if required {
			want = model.Error
		}
		if len(results) != 0 || len(notices) != 1 || notices[0].Severity != want ||
			notices[0].Range.File != filepath.Join(fixture, "go.mod") || !strings.Contains(notices[0].Summary, "go command was not found") {
			t.Errorf("required=%v: results %v, notices %+v", required, results, notices)
		}
	}
}

// writeModule writes files (path -> content) into a new directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestBrokenPackage(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"go.mod":         "module example.com/broken\n\ngo 1.22\n",
		"good/good.go":   "package good\n\nconst keyID = \"AKIA2OGYBAH6STMMNXNN\"\n",
		"bad/bad.go":     "package bad\n\nfunc f() {\n\treturn (\n}\n",
		"typed/typed.go": "package typed\n\nvar x int = \"not an int\"\n",
	})
	results, notices := gorun.Run(context.Background(), dir, gorun.Options{})
	if len(results) != 1 || results[0].RuleID != "IAM107" || results[0].Range.File != filepath.Join(dir, "good", "good.go") || results[0].Range.Start.Line != 3 {
		t.Errorf("results: %+v", results)
	}
	var parse, typ bool
	for _, n := range notices {
		switch {
		case n.Range.File == filepath.Join(dir, "bad", "bad.go") && n.Range.Start.Line == 5 && n.Severity == model.Error && strings.Contains(n.Summary, "does not parse"):
			parse = true
		case n.Range.File == filepath.Join(dir, "typed", "typed.go") && n.Range.Start.Line == 3 && n.Severity == model.Warning:
			typ = true
		}
	}
	if !parse || !typ {
		t.Errorf("want a positioned parse error and type error notice, got %+v", notices)
	}
}

func TestNoDownload(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"go.mod":  "module example.com/needs\n\ngo 1.22\n\nrequire example.invalid/nothere v1.0.0\n",
		"main.go": "package main\n\nimport _ \"example.invalid/nothere\"\n\nfunc main() {}\n",
	})
	results, notices := gorun.Run(context.Background(), dir, gorun.Options{})
	if len(results) != 0 || len(notices) == 0 {
		t.Fatalf("results %+v, notices %+v", results, notices)
	}
	for _, n := range notices {
		if n.Severity != model.Warning || !strings.Contains(n.Summary, "never downloads") {
			t.Errorf("notice %+v: want a warning that says iamlint never downloads modules", n)
		}
	}
}

func TestTimeout(t *testing.T) {
	_, notices := gorun.Run(context.Background(), fixture, gorun.Options{Timeout: time.Nanosecond})
	if len(notices) != 1 || !strings.Contains(notices[0].Summary, "took longer than") {
		t.Errorf("notices %+v", notices)
	}
}

func TestFindModules(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"go.mod":               "module example.com/root\n",
		"infra/go.mod":         "module example.com/infra\n",
		"infra/stacks/main.go": "package main\n",
		"vendor/x/go.mod":      "module x\n",
		"testdata/y/go.mod":    "module y\n",
		".hidden/go.mod":       "module h\n",
		"skipped/go.mod":       "module s\n",
		"terraform/main.tf":    "",
	})
	got := gorun.FindModules(dir, func(path string) bool { return filepath.Base(path) == "skipped" })
	want := []string{dir, filepath.Join(dir, "infra")}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("FindModules = %v, want %v", got, want)
	}
}

// TestRealSDK analyzes a module built on the real
// github.com/aws/aws-sdk-go-v2 modules (testdata/realsdk). It fills the
// module cache through the module proxy first (iamlint itself never
// downloads), and skips when that is impossible.
//
// It runs only with IAMLINT_HEAVY=1, as .ci/run sets it: the first run
// downloads the SDK and compiles its export data (two minutes on two
// cores), which is no part of a newcomer's go test ./... .
func TestRealSDK(t *testing.T) {
	if os.Getenv("IAMLINT_HEAVY") != "1" {
		t.Skip("downloads and compiles the real AWS SDK: set IAMLINT_HEAVY=1 (.ci/run does)")
	}
	dir := filepath.Join("testdata", "realsdk")
	download := exec.Command("go", "mod", "download")
	download.Dir = dir
	download.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=-mod=readonly")
	if out, err := download.CombinedOutput(); err != nil {
		t.Skipf("the AWS SDK cannot be downloaded here: %v\n%s", err, out)
	}
	start := time.Now()
	results, notices := gorun.Run(context.Background(), dir, gorun.Options{})
	t.Logf("analyzed in %s", time.Since(start))
	if len(notices) > 0 {
		t.Errorf("unexpected notices: %+v", notices)
	}
	var got []string
	for _, r := range results {
		got = append(got, fmt.Sprintf("%d:%d %s %s: %s", r.Range.Start.Line, r.Range.Start.Column, r.Level, r.RuleID, r.Message))
	}
	want := []string{
		`25:3 error IAM401: static credentials from literals in credentials.NewStaticCredentialsProvider; remove them and let the default credential chain use the instance or task role`,
		`25:45 note IAM107: access key ID "AKIAIOSFODNN7EXAMPLE" is hard-coded; it is AWS's documentation example, but replace it with a role all the same`,
		`25:69 note IAM107: secret access key "wJal********" is hard-coded; it is AWS's documentation example, but replace it with a role all the same`,
		`32:40 warning IAM401: static credentials from os.Getenv("APP_KEY_ID") in credentials.NewStaticCredentialsProvider; let the default credential chain find them, so that the instance or task role is used where there is one`,
		`38:10 warning IAM401: static credentials from os.Getenv("K") in aws.CredentialsProviderFunc; let the default credential chain find them, so that the instance or task role is used where there is one`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("results:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestUsesAWS(t *testing.T) {
	for gomod, want := range map[string]bool{
		"module example.com/a\n\ngo 1.22\n\nrequire github.com/aws/aws-sdk-go-v2/config v1.0.0\n":                      true,
		"module example.com/a\n\nrequire (\n\tgithub.com/aws/aws-sdk-go v1.55.0 // indirect\n)\n":                      true,
		"module example.com/a\n\nrequire github.com/pulumi/pulumi-aws/sdk/v6 v6.0.0\n":                                 true,
		"module example.com/a\n\nrequire github.com/aws/aws-cdk-go/awscdk/v2 v2.100.0\n":                               true,
		"module example.com/a\n\ngo 1.22\n\nrequire github.com/spf13/cobra v1.8.0\n":                                   false,
		"module example.com/a\n\ngo 1.22\n":                                                                            false,
		"module example.com/a\n\n// github.com/aws/aws-sdk-go-v2 is not used\nrequire github.com/spf13/cobra v1.8.0\n": false,
		"module example.com/a\n\nrequire github.com/aws/aws-sdk-go-v2 v1.0.0 (\n":                                      true, // does not parse: by bytes
	} {
		dir := writeModule(t, map[string]string{"go.mod": gomod})
		if got := gorun.UsesAWS(dir); got != want {
			t.Errorf("UsesAWS(%q) = %v, want %v", gomod, got, want)
		}
	}
	if gorun.UsesAWS(t.TempDir()) {
		t.Error("UsesAWS of a directory without go.mod")
	}
}

// TestMissingDependenciesAuto: with --go=auto, a module whose dependencies
// are not in the module cache is one notice at its go.mod, with the
// command that fixes it, however many packages import them, directly or
// through another package; --go=on keeps a notice per failing package,
// and neither says an analyzer failed.
func TestMissingDependenciesAuto(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"go.mod":     "module example.com/needs\n\ngo 1.22\n\nrequire example.invalid/nothere v1.0.0\n",
		"main.go":    "package main\n\nimport (\n\t_ \"example.com/needs/a\"\n\t_ \"example.invalid/nothere\"\n)\n\nfunc main() {}\n",
		"a/a.go":     "package a\n\nimport _ \"example.invalid/nothere/sub\"\n",
		"b/b.go":     "package b\n\nimport _ \"example.com/needs/a\"\n",
		"c/c.go":     "package c\n\nimport \"example.com/needs/b\"\n\nvar _ = b.X\n",
		"ok/ok.go":   "package ok\n\nconst keyID = \"AKIA2OGYBAH6STMMNXNN\"\n",
		"ok/use.go":  "package ok\n",
		"b/const.go": "package b\n\nconst X = 1\n",
	})
	results, notices := gorun.Run(context.Background(), dir, gorun.Options{})
	if len(results) != 1 || results[0].RuleID != "IAM107" {
		t.Errorf("results %+v: want the one in the package that loads", results)
	}
	if len(notices) != 1 {
		t.Fatalf("want one notice, got %d: %+v", len(notices), notices)
	}
	n := notices[0]
	if n.Range.File != filepath.Join(dir, "go.mod") || n.Severity != model.Warning || !strings.Contains(n.Summary, "4 packages") ||
		!strings.Contains(n.Summary, "example.invalid/nothere") || !strings.Contains(n.Summary, "go mod download") {
		t.Errorf("notice %+v", n)
	}
	_, notices = gorun.Run(context.Background(), dir, gorun.Options{Required: true})
	if len(notices) < 2 {
		t.Errorf("--go=on: want a notice per package, got %+v", notices)
	}
	for _, n := range notices {
		if strings.Contains(n.Summary, "analysis skipped") || strings.Contains(n.Summary, "failed on") {
			t.Errorf("--go=on: %+v", n)
		}
	}
}

// TestAWSImportWithoutRequire: a module whose go.mod lacks the require
// lines its AWS imports need is found (--go=auto would skip it in
// silence); one that requires the SDK, or imports no AWS library, or
// imports it only in a nested module of its own, is not.
func TestAWSImportWithoutRequire(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no require lines", map[string]string{
			"go.mod":      "module example.com/svc\n\ngo 1.22\n",
			"cmd/main.go": "package main\n\nimport \"github.com/aws/aws-sdk-go-v2/credentials\"\n\nvar _ = credentials.NewStaticCredentialsProvider\n",
		}, "cmd/main.go"},
		{"required", map[string]string{
			"go.mod":  "module example.com/svc\n\nrequire github.com/aws/aws-sdk-go-v2 v1.30.0\n",
			"main.go": "package main\n\nimport _ \"github.com/aws/aws-sdk-go-v2/aws\"\n",
		}, ""},
		{"no AWS import", map[string]string{
			"go.mod":  "module example.com/svc\n\ngo 1.22\n",
			"main.go": "package main\n\nimport _ \"github.com/spf13/cobra\"\n",
		}, ""},
		{"nested module", map[string]string{
			"go.mod":        "module example.com/svc\n\ngo 1.22\n",
			"tools/go.mod":  "module example.com/svc/tools\n\nrequire github.com/aws/aws-sdk-go v1.55.0\n",
			"tools/main.go": "package main\n\nimport _ \"github.com/aws/aws-sdk-go/aws\"\n",
		}, ""},
	} {
		dir := writeModule(t, tc.files)
		got := gorun.AWSImportWithoutRequire(dir)
		want := ""
		if tc.want != "" {
			want = filepath.Join(dir, filepath.FromSlash(tc.want))
		}
		if got != want {
			t.Errorf("%s: AWSImportWithoutRequire = %q, want %q", tc.name, got, want)
		}
	}
}
