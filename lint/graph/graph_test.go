package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"

	"github.com/iamlint/iamlint/lint"
	"github.com/iamlint/iamlint/lint/graph"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// goldenCases are the trees drawn by the golden tests, relative to the
// repository root: the examples, and rule fixtures that exercise each kind
// of edge (flows to every sink family, attachments, trust with and without
// conditions, OIDC providers).
var goldenCases = []struct {
	name, path string
	hops       bool // ExpandHops
}{
	{"examples", "testdata/examples", false},
	{"examples-hops", "testdata/examples", true},
	{"IAM101", "testdata/rules/IAM101", false},
	{"IAM102", "testdata/rules/IAM102", false},
	{"IAM103", "testdata/rules/IAM103", false},
	{"IAM104", "testdata/rules/IAM104", false},
	{"IAM201", "testdata/rules/IAM201", false},
	{"IAM203", "testdata/rules/IAM203", false},
	{"IAM301", "testdata/rules/IAM301", false},
	{"IAM302", "testdata/rules/IAM302", false},
	{"IAM303", "testdata/rules/IAM303", false},
}

var goldenFormats = map[string]string{"mermaid": "mmd", "dot": "dot", "json": "json", "markdown": "md"}

const repoRoot = "../.."

// draw lints paths (relative to the working directory) the way
// "iamlint graph --go off" does and builds the graph.
func draw(t *testing.T, paths ...string) *graph.Graph {
	t.Helper()
	res, err := lint.New(lint.Options{Go: lint.GoOff, KeepTypes: graph.KeepTypes()}).Lint(context.Background(), paths)
	if err != nil {
		t.Fatal(err)
	}
	return graph.Build(res, graph.Options{ReadSource: func(p string) ([]byte, bool) {
		b, err := os.ReadFile(p)
		return b, err == nil
	}})
}

func render(t *testing.T, g *graph.Graph, format string) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := graph.Write(&out, format, g, graph.Info{Version: "test", Title: "test"}); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestGolden compares the Mermaid, DOT and JSON drawings of the golden
// cases with lint/graph/testdata/golden; -update rewrites them. The CI
// script (.ci/run) checks the same files with the real Mermaid parser and
// Graphviz.
func TestGolden(t *testing.T) {
	t.Chdir(repoRoot)
	for _, c := range goldenCases {
		g := draw(t, c.path)
		if c.hops {
			g = g.ExpandHops()
		}
		if len(g.Nodes) == 0 {
			t.Errorf("%s: no nodes", c.name)
		}
		for format, ext := range goldenFormats {
			got := render(t, g, format)
			file := filepath.Join("lint/graph/testdata/golden", c.name+"."+ext)
			if *update {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./lint/graph -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: the %s drawing differs from %s (go test ./lint/graph -update, then review the diff):\n%s", c.name, format, file, firstDiff(string(want), string(got)))
			}
		}
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n  want %s\n  got  %s", i+1, a, b)
		}
	}
	return ""
}

// TestJSONMatchesSchema validates the JSON of every golden case against
// docs/graph.schema.json, and checks the references inside it: edge ends
// are nodes, finding indexes are findings.
func TestJSONMatchesSchema(t *testing.T) {
	t.Chdir(repoRoot)
	schema, err := gojsonschema.NewSchema(gojsonschema.NewReferenceLoader("file://" + mustAbs(t, "docs/graph.schema.json")))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range goldenCases {
		built := draw(t, c.path)
		if c.hops {
			built = built.ExpandHops()
		}
		doc := render(t, built, "json")
		res, err := schema.Validate(gojsonschema.NewBytesLoader(doc))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range res.Errors() {
			t.Errorf("%s: %s", c.name, e)
		}
		var g struct {
			Nodes []struct {
				ID       string `json:"id"`
				Findings []int  `json:"findings"`
			} `json:"nodes"`
			Edges []struct {
				From, To string
				Findings []int `json:"findings"`
			} `json:"edges"`
			Findings []json.RawMessage `json:"findings"`
		}
		if err := json.Unmarshal(doc, &g); err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		drawn := map[int]bool{}
		for _, n := range g.Nodes {
			if ids[n.ID] {
				t.Errorf("%s: node %s twice", c.name, n.ID)
			}
			ids[n.ID] = true
			for _, i := range n.Findings {
				drawn[i] = true
			}
		}
		for _, e := range g.Edges {
			if !ids[e.From] || !ids[e.To] {
				t.Errorf("%s: edge %s -> %s has an end that is not a node", c.name, e.From, e.To)
			}
			for _, i := range e.Findings {
				drawn[i] = true
			}
		}
		for i := range g.Findings {
			if !drawn[i] {
				t.Errorf("%s: finding %d is on no node or edge", c.name, i)
			}
		}
		for i := range drawn {
			if i >= len(g.Findings) {
				t.Errorf("%s: finding index %d out of range", c.name, i)
			}
		}
	}
}

func mustAbs(t *testing.T, p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(abs)
}

// TestDOTParsesWithGraphviz runs Graphviz on the DOT golden files.
func TestDOTParsesWithGraphviz(t *testing.T) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("Graphviz's dot is not installed (apt-get install graphviz); .ci/run installs it and runs this test")
	}
	files, _ := filepath.Glob("testdata/golden/*.dot")
	if len(files) == 0 {
		t.Fatal("no DOT golden files")
	}
	svg := filepath.Join(t.TempDir(), "out.svg")
	for _, f := range files {
		out, err := exec.Command(dot, "-Tsvg", "-o", svg, f).CombinedOutput()
		if err != nil || len(bytes.TrimSpace(out)) > 0 {
			t.Errorf("dot -Tsvg %s: %v\n%s", f, err, out)
		}
	}
}

// TestEveryFixtureDrawsEveryFinding draws each rule's fixtures, in every
// format: every finding is on a node or an edge, every edge joins two
// nodes, and no renderer fails.
func TestEveryFixtureDrawsEveryFinding(t *testing.T) {
	t.Chdir(repoRoot)
	dirs, _ := filepath.Glob("testdata/rules/IAM*")
	if len(dirs) == 0 {
		t.Fatal("no rule fixtures")
	}
	for _, dir := range dirs {
		g := draw(t, dir)
		drawn := map[int]bool{}
		for _, n := range g.Nodes {
			for _, i := range n.Findings {
				drawn[i] = true
			}
		}
		for _, e := range g.Edges {
			if g.Node(e.From) == nil || g.Node(e.To) == nil {
				t.Errorf("%s: edge %s -> %s has an end that is not a node", dir, e.From, e.To)
			}
			for _, i := range e.Findings {
				drawn[i] = true
			}
		}
		if len(drawn) != len(g.Findings) {
			t.Errorf("%s: %d of %d findings drawn", dir, len(drawn), len(g.Findings))
		}
		for _, format := range graph.Formats {
			render(t, g, format)
		}
	}
}
