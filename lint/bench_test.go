package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/iamlint/iamlint/lint/internal/synth"
	"github.com/iamlint/iamlint/parsers/cloudformation"
	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/parsers/terraform"
	"github.com/iamlint/iamlint/rules"
)

// Benchmarks. On real code (set the variables to checkouts of public
// repositories):
//
//	IAMLINT_BENCH_CORPUS=DIR go test ./lint -run '^$' -bench 'Lint$|ParseBaseline' -benchmem
//	IAMLINT_BENCH_CFN=DIR    go test ./lint -run '^$' -bench 'LintTemplates|YAMLBaseline' -benchmem
//
// and on generated trees, always:
//
//	go test ./lint -run '^$' -bench 'Synthetic|Stages' -benchmem
//
// Compare within one run: the machine's speed drifts, ratios do not.

// lint is what the iamlint command does for a scan, without output.
func lint(dir string) int {
	r, _ := New(Options{Go: GoOff}).Lint(context.Background(), []string{dir})
	return len(r.Findings)
}

// defaultSeeds is what the catalog reads in Terraform, with the default
// options.
func defaultSeeds() terraform.Seeds {
	return terraform.NewSeeds(rules.Seeds(rules.All(), rules.Options{}, model.Terraform))
}

// inputsOf lists the files under dir that the front-end of lang takes, in
// walk order.
func inputsOf(dir string, lang model.Language) []string {
	fes := FrontEnds()
	w := collect([]string{dir}, nil, fes)
	var paths []string
	for i, in := range w.inputs {
		if fes[w.owners[i]].Meta().Language == lang {
			paths = append(paths, in.Path)
		}
	}
	return paths
}

// BenchmarkLint is a full iamlint run on IAMLINT_BENCH_CORPUS: walk, read,
// select, parse, evaluate, every rule.
func BenchmarkLint(b *testing.B) {
	dir := benchCorpus(b)
	for b.Loop() {
		lint(dir)
	}
}

// BenchmarkLintTemplates is a full run on IAMLINT_BENCH_CFN.
func BenchmarkLintTemplates(b *testing.B) {
	dir := cfnCorpus(b)
	for b.Loop() {
		lint(dir)
	}
}

// BenchmarkYAMLBaseline reads every YAML and JSON file of IAMLINT_BENCH_CFN
// and decodes it into yaml.v3 nodes, one goroutine per core: the floor a
// CloudFormation scan is compared to.
func BenchmarkYAMLBaseline(b *testing.B) {
	dir := cfnCorpus(b)
	paths := inputsOf(dir, model.CloudFormation)
	for b.Loop() {
		eachParallel(paths, func(path string) {
			if src, err := os.ReadFile(path); err == nil {
				var n yaml.Node
				_ = yaml.Unmarshal(src, &n)
			}
		})
	}
}

func cfnCorpus(b *testing.B) string {
	dir := os.Getenv("IAMLINT_BENCH_CFN")
	if dir == "" {
		b.Skip("set IAMLINT_BENCH_CFN to a directory of CloudFormation templates")
	}
	return dir
}

// eachParallel runs fn on every path, one goroutine per core, with the
// scan's own worker pool.
func eachParallel(paths []string, fn func(string)) {
	frontend.Parallel(len(paths), runtime.GOMAXPROCS(0), func(i int) { fn(paths[i]) })
}

// syntheticTree writes a generated tree once per spec and process.
var (
	treesMu sync.Mutex
	trees   = map[synth.Spec]string{}
)

func syntheticTree(b *testing.B, s synth.Spec) string {
	treesMu.Lock()
	defer treesMu.Unlock()
	if dir, ok := trees[s]; ok {
		return dir
	}
	dir, err := os.MkdirTemp("", "iamlint-synth-")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := synth.Write(dir, s); err != nil {
		b.Fatal(err)
	}
	trees[s] = dir
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range trees {
		_ = os.RemoveAll(dir)
	}
	os.Exit(code)
}

// BenchmarkSynthetic runs iamlint on generated trees that double in size:
// the time per run should double too, no more. Every tree is written, and
// read once, before any is timed, so that the file system's writing back
// of a fresh tree does not fall on the larger ones.
func BenchmarkSynthetic(b *testing.B) {
	type size struct {
		name string
		spec synth.Spec
	}
	var sizes []size
	for _, n := range []int{250, 500, 1000} {
		sizes = append(sizes, size{fmt.Sprintf("terraform/roots=%d", n), synth.Spec{Roots: n, Resources: 20, Locals: 5, Nesting: 2, NestEvery: 5, KeyEvery: 10}})
	}
	for _, n := range []int{100, 200, 400} {
		sizes = append(sizes, size{fmt.Sprintf("cloudformation/templates=%d", n), synth.Spec{Templates: n, TemplateResources: 40, KeyEvery: 10}})
	}
	for _, s := range sizes {
		lint(syntheticTree(b, s.spec))
	}
	for _, s := range sizes {
		b.Run(s.name, func(b *testing.B) {
			dir := syntheticTree(b, s.spec)
			for b.Loop() {
				lint(dir)
			}
		})
	}
}

// BenchmarkStages times each stage on its own, per language: parse (with
// the block selection for Terraform), model (evaluation into the model),
// and the rules, split into the credential flow and the others.
func BenchmarkStages(b *testing.B) {
	tfSpec := synth.Spec{Roots: 300, Resources: 20, Locals: 5, Nesting: 2, NestEvery: 5, KeyEvery: 10}
	cfnSpec := synth.Spec{Templates: 150, TemplateResources: 40, KeyEvery: 10}

	tfDirs := func(b *testing.B) map[string][]string {
		dir := syntheticTree(b, tfSpec)
		byDir := map[string][]string{}
		for _, path := range inputsOf(dir, model.Terraform) {
			byDir[filepath.Dir(path)] = append(byDir[filepath.Dir(path)], path)
		}
		return byDir
	}
	seeds := defaultSeeds() // once, as a scan does
	parseDir := func(paths []string) []*terraform.File {
		var sketches []*terraform.Sketch
		for _, p := range paths {
			src, _ := os.ReadFile(p)
			sketches = append(sketches, terraform.NewSketch(p, src))
		}
		terraform.SelectBlocks(sketches, seeds)
		var files []*terraform.File
		for _, s := range sketches {
			if f, _ := s.Parse(); f != nil {
				files = append(files, f)
			}
		}
		return files
	}
	b.Run("terraform/parse", func(b *testing.B) {
		byDir := tfDirs(b)
		for b.Loop() {
			for _, paths := range byDir {
				parseDir(paths)
			}
		}
	})
	b.Run("terraform/model", func(b *testing.B) {
		byDir := tfDirs(b)
		parsed := map[string][]*terraform.File{}
		for dir, paths := range byDir {
			parsed[dir] = parseDir(paths)
		}
		for b.Loop() {
			for dir, files := range parsed {
				terraform.BuildModule(dir, files, terraform.Options{})
			}
		}
	})
	templatePaths := func(b *testing.B) []string {
		dir := syntheticTree(b, cfnSpec)
		paths := inputsOf(dir, model.CloudFormation)
		sort.Strings(paths)
		return paths
	}
	parseTemplates := func(paths []string) []*cloudformation.File {
		var files []*cloudformation.File
		for _, p := range paths {
			src, _ := os.ReadFile(p)
			if f, _ := cloudformation.ParseFile(p, src); f != nil {
				files = append(files, f)
			}
		}
		return files
	}
	b.Run("cloudformation/parse", func(b *testing.B) {
		paths := templatePaths(b)
		for b.Loop() {
			parseTemplates(paths)
		}
	})
	b.Run("cloudformation/model", func(b *testing.B) {
		files := parseTemplates(templatePaths(b))
		for b.Loop() {
			cloudformation.Build(files, cloudformation.Options{Workers: 1})
		}
	})

	var flowRules, otherRules []*rules.Rule
	for _, r := range rules.All() {
		switch r.ID {
		case "IAM101", "IAM102", "IAM103", "IAM104", "IAM105":
			flowRules = append(flowRules, r)
		default:
			otherRules = append(otherRules, r)
		}
	}
	for _, lang := range []struct {
		name string
		spec synth.Spec
	}{{"terraform", tfSpec}, {"cloudformation", cfnSpec}} {
		for _, set := range []struct {
			name  string
			rules []*rules.Rule
		}{{"flow", flowRules}, {"other", otherRules}} {
			b.Run(lang.name+"/rules-"+set.name, func(b *testing.B) {
				p := scan(context.Background(), []string{syntheticTree(b, lang.spec)}, scanOptions{Go: GoOff, Rules: rules.All()})
				for b.Loop() {
					rules.Run(p, set.rules)
				}
			})
		}
	}
}

// TestSyntheticFindings keeps the generated trees honest: each has the
// findings its spec plants, so the benchmarks measure real work.
func TestSyntheticFindings(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Write(dir, synth.Spec{Roots: 20, Resources: 8, Locals: 3, Nesting: 2, NestEvery: 5, KeyEvery: 10, Templates: 20, TemplateResources: 8}); err != nil {
		t.Fatal(err)
	}
	p := scan(context.Background(), []string{dir}, scanOptions{Go: GoOff, Rules: rules.All()})
	findings, _ := rules.Run(p, rules.All())
	count := map[string]int{}
	for _, f := range findings {
		count[f.Rule.ID]++
	}
	// Two roots and two templates of twenty hold a key that reaches a
	// Kubernetes secret (IAM102, one finding per sink and key) or a stack
	// output (IAM104).
	if count["IAM102"] != 2 || count["IAM104"] != 2 {
		t.Errorf("findings by rule: %v", count)
	}
	for _, d := range p.Diagnostics {
		if d.Severity == model.Error {
			t.Errorf("an error in a generated tree: %s: %s", d.Range, d.Summary)
		}
	}
}

// syntheticWorkflow is a workflow of n jobs of a few steps each, with the
// env, with and run blocks real workflows have, some given keys.
func syntheticWorkflow(n int) string {
	var b []byte
	b = append(b, "name: ci\non:\n  push:\n    branches: [main, \"release/**\"]\n  pull_request:\npermissions:\n  contents: read\nenv:\n  GO_VERSION: \"1.26\"\njobs:\n"...)
	for i := range n {
		b = fmt.Appendf(b, "  job%d:\n    runs-on: ubuntu-latest\n    environment: env%d\n    env:\n      REGION: eu-west-1\n    steps:\n", i, i%3)
		b = append(b, "      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v5\n        with:\n          go-version: ${{ env.GO_VERSION }}\n"...)
		if i%2 == 0 {
			b = append(b, "      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}\n          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n          aws-region: ${{ env.REGION }}\n"...)
		} else {
			b = append(b, "      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: arn:aws:iam::123456789012:role/deploy\n          aws-region: ${{ env.REGION }}\n"...)
		}
		b = append(b, "      - name: build\n        run: |\n          go build ./...\n          go test ./...\n          aws s3 sync dist s3://bucket/${{ github.sha }}\n"...)
	}
	return string(b)
}

// BenchmarkChangedWorkflows is what the pre-commit hook does when five
// workflows of about 16 KiB change: the budget is 50 ms.
func BenchmarkChangedWorkflows(b *testing.B) {
	dir := b.TempDir()
	var files []string
	for i := range 5 {
		path := filepath.Join(dir, ".github", "workflows", fmt.Sprintf("w%d.yml", i))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(syntheticWorkflow(40)), 0o644); err != nil {
			b.Fatal(err)
		}
		files = append(files, path)
	}
	l := New(Options{Go: GoOff})
	b.ResetTimer()
	for range b.N {
		if r, _ := l.Lint(context.Background(), files); len(r.Findings) == 0 {
			b.Fatal("no findings")
		}
	}
}
