package graph

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"sort"
	"strings"
)

// The HTML report is one file that works offline: its style, script and
// the SVG of the graph are inlined, and it loads nothing.
//
// It is filled in by hand, every text escaped with html.EscapeString,
// rather than with html/template: linking html/template grew the iamlint
// binary by 44% (15.7 to 22.6 MB, measured with go build) and its
// start-up memory, for every scan and pre-commit run; filling it in by
// hand costs 0.3 MB.

//go:embed assets/report.html
var reportHTML string

//go:embed assets/report.css
var reportCSS string

//go:embed assets/report.js
var reportJS string

func (g *Graph) html(w io.Writer, info Info) error {
	var data bytes.Buffer
	// encoding/json escapes <, > and & so the JSON cannot close the script.
	if err := json.NewEncoder(&data).Encode(jsonGraph{Version: info.Version, Nodes: g.Nodes, Edges: g.Edges, Groups: g.Groups, Findings: g.Findings}); err != nil {
		return err
	}
	rules, paths := map[string]bool{}, map[string]bool{}
	for _, f := range g.Findings {
		rules[f.Rule] = true
		if f.Location != nil {
			paths[f.Location.File] = true
		}
	}
	title := info.Title
	if title == "" {
		title = "iamlint report"
	}
	var ruleOpts, pathOpts strings.Builder
	for _, r := range sorted(rules) {
		fmt.Fprintf(&ruleOpts, "<option>%s</option>", html.EscapeString(r))
	}
	for _, p := range sorted(paths) {
		fmt.Fprintf(&pathOpts, `<option value="%s">`, html.EscapeString(p))
	}
	page := strings.NewReplacer(
		"{{TITLE}}", html.EscapeString(title),
		"{{META}}", html.EscapeString(fmt.Sprintf("iamlint %s · %d nodes · %d edges · %d findings", info.Version, len(g.Nodes), len(g.Edges), len(g.Findings))),
		"{{CSS}}", reportCSS,
		"{{SVG}}", g.svg(), // every text in it is escaped by svg()
		"{{RULES}}", ruleOpts.String(),
		"{{PATHS}}", pathOpts.String(),
		"{{ROWS}}", g.findingRows(),
		"{{DATA}}", data.String(),
		"{{JS}}", reportJS,
	).Replace(reportHTML)
	_, err := io.WriteString(w, page)
	return err
}

// findingRows are the rows of the findings table.
func (g *Graph) findingRows() string {
	var b strings.Builder
	esc := html.EscapeString
	for i, f := range g.Findings {
		file, where := "", ""
		if f.Location != nil {
			file, where = f.Location.File, f.Location.String()
		}
		fmt.Fprintf(&b, `<tr class="finding" data-finding="%d" data-rule="%s" data-level="%s" data-path="%s">`, i, esc(f.Rule), esc(f.Level), esc(file))
		fmt.Fprintf(&b, `<td><span class="lv %s"></span>%s</td><td>%s<br><small>%s</small></td><td class="where">%s</td><td>%s`,
			esc(f.Level), esc(f.Level), esc(f.Rule), esc(f.Name), esc(where), esc(f.Message))
		if f.Excerpt != "" {
			fmt.Fprintf(&b, `<pre class="excerpt">%s</pre>`, esc(f.Excerpt))
		}
		if f.Fix != "" {
			fmt.Fprintf(&b, `<details><summary>fix</summary><p>%s</p></details>`, esc(f.Fix))
		}
		b.WriteString("</td></tr>\n")
	}
	return b.String()
}

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
