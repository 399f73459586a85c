package graph_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/iamlint/iamlint/lint/graph"
)

// TestHTMLIsOffline checks that the report loads nothing: no URL but the
// SVG namespace, no src or href out of the file, and a Content Security
// Policy that forbids every fetch.
func TestHTMLIsOffline(t *testing.T) {
	t.Chdir(repoRoot)
	page := string(render(t, draw(t, "testdata/examples"), "html"))
	for _, u := range regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s"'<>]*`).FindAllString(page, -1) {
		if u != "http://www.w3.org/2000/svg" {
			t.Errorf("the report names a URL: %s", u)
		}
	}
	if m := regexp.MustCompile(`(?i)\s(src|href)\s*=\s*"[^"#]`).FindString(page); m != "" {
		t.Errorf("the report loads or links something: %s", m)
	}
	if !strings.Contains(page, `content="default-src 'none';`) {
		t.Error("the report has no Content Security Policy forbidding fetches")
	}
}

// TestHTMLEscapes draws a graph whose names carry markup: none of it may
// reach the page as markup.
func TestHTMLEscapes(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "main.tf", `
resource "aws_iam_user" "u" {
  name = "x"
}
resource "aws_iam_access_key" "k" {
  user = aws_iam_user.u.name
}
resource "aws_ssm_parameter" "p" {
  name  = "</script><script>alert(1)</script>"
  type  = "SecureString"
  value = aws_iam_access_key.k.secret
}
`)
	page := string(render(t, draw(t, dir), "html"))
	if strings.Contains(page, "<script>alert(1)") {
		t.Error("markup from the input reaches the page")
	}
}

// chromium finds a headless browser: Debian's chromium, or Chrome.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium (apt-get install chromium); .ci/run installs it and runs this test")
	return ""
}

// selftest is what the report's script writes under #selftest.
type selftest struct {
	Rows, Nodes, Edges int
	Errors             []string
	ByLevel            map[string]int
	All                int
	Rule               string
	ByRule             int
	Path               string
	ByPath             int
	Dimmed             int
	Focused            int
	Details            bool
}

// TestHTMLInBrowser loads the examples' report in headless Chromium with
// the network off (every host resolves to nothing, the proxy is a closed
// port), and reads what the report's own self-test found: the table rows
// and graph nodes are there, and the level and rule filters show exactly
// the matching rows, and a click on a node focuses its neighbourhood.
func TestHTMLInBrowser(t *testing.T) {
	browser := chromium(t)
	t.Chdir(repoRoot)
	g := draw(t, "testdata/examples")
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, render(t, g, "html"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		"--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
		"--virtual-time-budget=5000", "--dump-dom", "file://"+filepath.ToSlash(page)+"#selftest")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", browser, err)
	}
	m := regexp.MustCompile(`<pre id="selftest-result">([^<]*)</pre>`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("the report's self-test wrote no result; the DOM:\n%.2000s", out)
	}
	var got selftest
	if err := json.Unmarshal([]byte(unescapeHTML(string(m[1]))), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Errors) > 0 {
		t.Errorf("self-test errors: %v", got.Errors)
	}
	if got.Rows != len(g.Findings) || got.All != len(g.Findings) {
		t.Errorf("rows: %d shown of %d, want %d", got.All, got.Rows, len(g.Findings))
	}
	if got.Nodes != len(g.Nodes) || got.Edges != len(g.Edges) {
		t.Errorf("graph: %d nodes and %d edges, want %d and %d", got.Nodes, got.Edges, len(g.Nodes), len(g.Edges))
	}
	want := map[string]int{}
	rule := 0
	for _, f := range g.Findings {
		want[f.Level]++
		if f.Rule == got.Rule {
			rule++
		}
	}
	for _, l := range []string{"error", "warning", "note"} {
		if got.ByLevel[l] != want[l] {
			t.Errorf("level filter %s shows %d rows, want %d", l, got.ByLevel[l], want[l])
		}
	}
	if got.Rule == "" || got.ByRule != rule || rule == 0 {
		t.Errorf("rule filter %q shows %d rows, want %d", got.Rule, got.ByRule, rule)
	}
	inPath := 0
	for _, f := range g.Findings {
		if got.Path != "" && f.Location != nil && strings.Contains(f.Location.File, got.Path) {
			inPath++
		}
	}
	if got.Path == "" || got.ByPath != inPath || inPath == 0 || inPath == len(g.Findings) {
		t.Errorf("path filter %q shows %d rows, want %d (and not all %d)", got.Path, got.ByPath, inPath, len(g.Findings))
	}
	if got.Dimmed == 0 {
		t.Error("the rule filter dims nothing in the graph")
	}
	if got.Focused < 1 || !got.Details {
		t.Errorf("a click on a node focuses %d nodes, details shown: %v", got.Focused, got.Details)
	}
	_ = graph.Formats
}

func unescapeHTML(s string) string {
	return strings.NewReplacer("&quot;", `"`, "&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBinaryStaysLean keeps what the report could use out of the command:
// html/template grew the binary by 44% (measured, html.go), and
// go-graphviz compiles its WASM at every start (layout.go).
func TestBinaryStaysLean(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command(goCmd, "list", "-deps", "github.com/iamlint/iamlint/cmd/iamlint").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if pkg == "html/template" || strings.HasPrefix(pkg, "github.com/goccy/go-graphviz") {
			t.Errorf("cmd/iamlint depends on %s", pkg)
		}
	}
}
