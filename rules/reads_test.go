package rules_test

import (
	"context"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/lint"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/parsers/terraform"
	"github.com/iamlint/iamlint/rules"
)

// readsExempt are the files of package rules that may walk the model
// directly: the accessors themselves, and the credential flow, which a rule
// declares as a whole (Reads.Flow) and whose sink table reaches the
// front-ends through Options.SinkTypes; and the module scopes, which read
// only the structure of the scan (module calls, which the selection always
// keeps, and links between templates).
var readsExempt = map[string]bool{
	"reads.go": true, "flow.go": true, "flow_eval.go": true, "flow_graph.go": true, "flow_match.go": true,
	"flow_report.go": true, "flow_sinks.go": true, "flow_sources.go": true, "flow_stores.go": true, "flow_tables.go": true,
	"module_scopes.go": true,
}

// walkedFields are the fields of the model that hold everything of a kind:
// a rule that ranges over them reads what it has not declared.
var walkedFields = map[string]bool{"Module.Resources": true, "Project.Modules": true, "Project.Files": true}

// TestRulesReadThroughAccessors fails when code of the rules, outside the
// accessors and the flow, reads Module.Resources, Project.Modules or
// Project.Files itself instead of through the Pass accessors (Resources,
// ResourcesOf, Settings, Policies, Files), which hand a rule only what its
// Reads declare. A violation planted in the package checks the check.
func TestRulesReadThroughAccessors(t *testing.T) {
	const planted = "planted_violation.go"
	violations := readsViolations(t, map[string]string{planted: `package rules

func plantedViolation(p *Pass) int {
	n := len(p.Project.Files)
	for _, m := range p.Project.Modules {
		n += len(m.Resources)
	}
	return n
}
`})
	var plantedSeen int
	for _, v := range violations {
		if strings.HasPrefix(v, planted+":") {
			plantedSeen++
			continue
		}
		t.Errorf("%s: read it through a Pass accessor and declare it in the rule's Reads", v)
	}
	if plantedSeen != 3 {
		t.Errorf("the check found %d of the 3 planted violations", plantedSeen)
	}
}

// readsViolations type-checks package rules with the extra files and
// returns where a file outside readsExempt selects a walked field.
func readsViolations(t *testing.T, extra map[string]string) []string {
	t.Helper()
	// Export data of the dependencies, from the build cache.
	out, err := exec.Command("go", "list", "-export", "-deps", "-f", "{{.ImportPath}}={{.Export}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	exports := map[string]string{}
	for line := range strings.SplitSeq(string(out), "\n") {
		if path, file, ok := strings.Cut(line, "="); ok && file != "" {
			exports[path] = file
		}
	}
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	for name, src := range extra {
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	lookup := func(path string) (io.ReadCloser, error) {
		if exports[path] == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(exports[path])
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "gc", lookup)}
	info := &types.Info{Selections: map[*ast.SelectorExpr]*types.Selection{}}
	if _, err := conf.Check("github.com/iamlint/iamlint/rules", fset, files, info); err != nil {
		t.Fatal(err)
	}
	var violations []string
	for expr, sel := range info.Selections {
		pos := fset.Position(expr.Sel.Pos())
		if sel.Kind() != types.FieldVal || readsExempt[filepath.Base(pos.Filename)] {
			continue
		}
		recv := sel.Recv()
		if p, ok := recv.(*types.Pointer); ok {
			recv = p.Elem()
		}
		named, ok := recv.(*types.Named)
		if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "github.com/iamlint/iamlint/parsers/model" {
			continue
		}
		if field := named.Obj().Name() + "." + sel.Obj().Name(); walkedFields[field] {
			violations = append(violations, fmt.Sprintf("%s:%d: reads %s", filepath.Base(pos.Filename), pos.Line, field))
		}
	}
	slices.Sort(violations)
	return violations
}

var (
	terraformType      = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)+$`)
	cloudFormationType = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*(::[A-Z][A-Za-z0-9]*){2,}$`)
	// A shell script's command: "aws iam create-user", "gh secret set".
	shellCommandType = regexp.MustCompile(`^[a-z][a-z0-9]*( [a-z0-9-]+){1,2}$`) // "aws iam create-user", and "aws credentials" the lowering makes
)

// selectAndBuild writes src as the only .tf file of a module (beside
// others, such as scripts it reads), selects its blocks with seeds, parses
// what was kept and builds the module. It returns the module and its
// files, main.tf first.
func selectAndBuild(t *testing.T, seeds terraform.Seeds, src string, others ...string) (*model.Module, []*model.File) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "main.tf")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(others); i += 2 {
		if err := os.WriteFile(filepath.Join(dir, others[i]), []byte(others[i+1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sk := terraform.NewSketch(path, []byte(src))
	terraform.SelectBlocks([]*terraform.Sketch{sk}, seeds)
	f, diags := sk.Parse()
	failOn(t, diags)
	m, extra, diags := terraform.BuildModule(dir, []*terraform.File{f}, terraform.Options{})
	failOn(t, diags)
	return m, append([]*model.File{f.Model}, extra...)
}

func holdsLiteral(files []*model.File, text string) bool {
	return slices.ContainsFunc(files, func(f *model.File) bool {
		return slices.ContainsFunc(f.Literals, func(l model.Literal) bool { return strings.Contains(l.Raw, text) })
	})
}

func hasBlock(m *model.Module, mode model.Mode, typ, address string) bool {
	return slices.ContainsFunc(m.Resources, func(r *model.Resource) bool {
		return r.Mode == mode && r.Type == typ && (address == "" || r.Address == address)
	})
}

// filler is a block no rule reads: the selection must drop it, which
// shows it was at work.
const filler = `
resource "null_resource" "filler" {
  triggers = { note = "nothing to see" }
}
`

func seedsOf(rs []*rules.Rule, opts rules.Options) terraform.Seeds {
	return terraform.NewSeeds(rules.Seeds(rs, opts, model.Terraform))
}

// TestSelectionKeepsWhatRulesRead fails when a rule reads something of
// Terraform the block selection would drop, given only that rule's
// declaration: every resource type it declares, each setting, each kind of
// policy, literals, and every sink of the flow. A type the selection cannot
// know (neither a Terraform nor a CloudFormation type name) fails too.
func TestSelectionKeepsWhatRulesRead(t *testing.T) {
	none := seedsOf(nil, rules.Options{})
	for _, r := range rules.All() {
		if len(r.Languages) == 0 {
			t.Errorf("%s: reads no language", r.ID)
		}
		if !slices.Contains(r.Languages, model.Terraform) {
			if !reflectEmpty(r.Reads) && !slices.Contains(r.Languages, model.CloudFormation) {
				t.Errorf("%s: declares reads but no language the model holds", r.ID)
			}
			continue
		}
		seeds := seedsOf([]*rules.Rule{r}, rules.Options{})
		for _, typ := range r.Reads.Types {
			switch {
			case cloudFormationType.MatchString(typ):
				if !slices.Contains(r.Languages, model.CloudFormation) {
					t.Errorf("%s: reads CloudFormation type %s but not CloudFormation", r.ID, typ)
				}
				continue
			case shellCommandType.MatchString(typ):
				// A command a script runs: the shell front-end lowers
				// every one and selects nothing.
				if !slices.Contains(r.Languages, model.Shell) {
					t.Errorf("%s: reads shell command %s but not shell", r.ID, typ)
				}
				continue
			case !terraformType.MatchString(typ):
				t.Errorf("%s: reads resource type %q, which no front-end knows", r.ID, typ)
				continue
			}
			src := fmt.Sprintf("resource %q \"read\" {\n  name = \"x\"\n}\n", typ) + filler
			m, _ := selectAndBuild(t, seeds, src)
			if !hasBlock(m, model.Managed, typ, typ+".read") {
				t.Errorf("%s: reads %s, but the selection drops it", r.ID, typ)
			}
			if hasBlock(m, model.Managed, "null_resource", "") {
				t.Errorf("%s: the selection kept a block no rule reads", r.ID)
			}
			if m, _ := selectAndBuild(t, none, src); hasBlock(m, model.Managed, typ, "") {
				t.Errorf("%s: with no rule, the selection still keeps %s: the check above proves nothing", r.ID, typ)
			}
		}
		for _, s := range r.Reads.Settings {
			var src string
			switch s.Mode {
			case model.Provider:
				src = fmt.Sprintf("provider %q {\n  %s = \"x\"\n}\n", s.Type, s.Attrs[0])
			case model.Backend:
				src = fmt.Sprintf("terraform {\n  backend %q {\n    %s = \"x\"\n  }\n}\n", s.Type, s.Attrs[0])
			case model.Data:
				src = fmt.Sprintf("data %q \"read\" {\n  %s = \"x\"\n}\n", s.Type, s.Attrs[0])
			default:
				t.Errorf("%s: reads a setting of mode %v, which the selection does not know", r.ID, s.Mode)
				continue
			}
			for _, a := range s.Attrs {
				src := strings.Replace(src, s.Attrs[0], a, 1)
				if m, _ := selectAndBuild(t, seeds, src+filler); !hasBlock(m, s.Mode, s.Type, "") {
					t.Errorf("%s: reads %v %s (%s), but the selection drops it:\n%s", r.ID, s.Mode, s.Type, a, src)
				}
			}
		}
		for _, kind := range r.Reads.Policies {
			src, ok := policySamples[kind]
			if !ok {
				t.Errorf("%s: reads policies of kind %v, which this test has no sample of", r.ID, kind)
				continue
			}
			m, _ := selectAndBuild(t, seeds, src+filler)
			if !slices.ContainsFunc(m.Resources, func(res *model.Resource) bool {
				return slices.ContainsFunc(res.Policies, func(ap *model.AttachedPolicy) bool { return ap.Kind == kind && ap.Policy != nil })
			}) {
				t.Errorf("%s: reads %v policies, but the selection drops them:\n%s", r.ID, kind, src)
			}
		}
		if r.Reads.Literals {
			if _, files := selectAndBuild(t, seeds, filler+"# AKIAIOSFODNN7EXAMPLE\n"); !holdsLiteral(files, "AKIAIOSFODNN7EXAMPLE") {
				t.Errorf("%s: reads literals, but the selection drops a key ID in a comment", r.ID)
			}
			// A key in a script a block reads: the block must be kept for
			// the script to be read.
			src := "resource \"aws_instance\" \"x\" {\n  user_data = file(\"${path.module}/init.sh\")\n}\n" + filler
			if _, files := selectAndBuild(t, seeds, src, "init.sh", "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"); !holdsLiteral(files, "AKIAIOSFODNN7EXAMPLE") {
				t.Errorf("%s: reads literals, but the selection drops a block reading a file with a key ID", r.ID)
			}
		}
		if r.Reads.Flow {
			opts := rules.Options{Sinks: []rules.SinkSpec{{Rule: "IAM103", Types: []string{"acme_pipeline_secret"}, Path: []string{"value"}}}}
			types, _ := opts.SinkTypes()
			seeds := seedsOf([]*rules.Rule{r}, opts)
			for _, typ := range types {
				if !terraformType.MatchString(typ) {
					continue
				}
				// Kept only as a sink: the module's output is named like a
				// key, the block itself names none.
				src := fmt.Sprintf("module \"ext\" {\n  source = \"git::https://example.com/m.git\"\n}\n\nresource %q \"sink\" {\n  value = module.ext.secret\n}\n", typ) + filler
				if m, _ := selectAndBuild(t, seeds, src); !hasBlock(m, model.Managed, typ, typ+".sink") {
					t.Errorf("%s: follows the flow to %s, but the selection drops it", r.ID, typ)
				}
			}
		}
	}
}

// policySamples are a policy of each kind, as Terraform writes them.
var policySamples = map[model.PolicyKind]string{
	model.IdentityPolicy: `resource "aws_iam_policy" "read" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}
`,
	model.TrustPolicy: `resource "aws_iam_role" "read" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}
`,
}

func reflectEmpty(r rules.Reads) bool {
	return len(r.Types) == 0 && len(r.Settings) == 0 && len(r.Policies) == 0 && !r.Literals && !r.Flow
}

// lintAlone lints root with rule r alone, with the block selection seeded
// by r's declaration, or with whole files (parseAll), and renders the
// findings and diagnostics for comparison.
func lintAlone(t *testing.T, root string, r *rules.Rule, parseAll bool) string {
	t.Helper()
	res, err := lint.New(lint.Options{Go: lint.GoOff, Rules: []*rules.Rule{r}, ParseAll: parseAll}).Lint(context.Background(), []string{root})
	if err != nil {
		t.Fatal(err)
	}
	return report(res.Findings, res.Diagnostics)
}

func report(fs []rules.Finding, notes []model.Diagnostic) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s %s %s %v %v\n", f.Rule.ID, f.Range, f.Message, f.Related, f.Flow)
	}
	for _, d := range notes {
		fmt.Fprintf(&b, "%s %s\n", d.Range, d.Summary)
	}
	return b.String()
}

// TestEachRuleAloneKeepsItsFindings runs each rule on every rule fixture
// with the selection seeded by that rule's declaration alone, as
// `iamlint --enable ID` does, and fails when a finding or note differs
// from a run on whole files: what a rule reads but does not declare is
// dropped here, where the whole catalog's seeds would hide it.
func TestEachRuleAloneKeepsItsFindings(t *testing.T) {
	roots, err := filepath.Glob(filepath.Join("..", "testdata", "rules", "*"))
	if err != nil || len(roots) == 0 {
		t.Fatalf("no rule fixtures: %v", err)
	}
	for _, root := range roots {
		for _, r := range rules.All() {
			if !slices.Contains(r.Languages, model.Terraform) {
				continue
			}
			want := lintAlone(t, root, r, true)
			if got := lintAlone(t, root, r, false); got != want {
				t.Errorf("%s on %s: with whole files:\n%s\nwith the selection seeded by %s alone:\n%s", r.ID, root, want, r.ID, got)
			}
		}
	}
}
