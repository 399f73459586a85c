package graph

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"html/template"
	"io"
	"sort"
)

// The HTML report is one file that works offline: its style, script and
// the SVG of the graph are inlined, and it loads nothing.

//go:embed assets/report.html
var reportHTML string

//go:embed assets/report.css
var reportCSS string

//go:embed assets/report.js
var reportJS string

var reportTemplate = template.Must(template.New("report").Parse(reportHTML))

// htmlData is what the template fills in.
type htmlData struct {
	Title, Version string
	CSS            template.CSS
	JS             template.JS
	SVG            template.HTML
	Data           template.JS // the graph as JSON, for the details panel
	Findings       []*Finding
	Rules, Paths   []string
	Nodes, Edges   int
}

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
	return reportTemplate.Execute(w, htmlData{
		Title:    title,
		Version:  info.Version,
		CSS:      template.CSS(reportCSS),
		JS:       template.JS(reportJS),
		SVG:      template.HTML(g.svg()), // every text in it is escaped by svg()
		Data:     template.JS(data.String()),
		Findings: g.Findings,
		Rules:    sorted(rules),
		Paths:    sorted(paths),
		Nodes:    len(g.Nodes),
		Edges:    len(g.Edges),
	})
}

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
