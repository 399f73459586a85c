package graph

import (
	"bufio"
	"fmt"
	"sort"
	"strings"
)

// markdownMaxNodes caps the Mermaid diagram of the Markdown report: GitHub
// refuses to render much larger diagrams (and a step summary is capped at
// 1 MiB), so past it the report says to use --focus or the HTML report.
const markdownMaxNodes = 150

// markdown writes the report for $GITHUB_STEP_SUMMARY or a pull-request
// comment: a summary table, the keys and where they go as a Mermaid
// diagram (GitHub renders it), and the findings.
func (g *Graph) markdown(w *bufio.Writer, info Info) {
	title := "iamlint"
	if info.Title != "" {
		title += ": " + info.Title
	}
	fmt.Fprintf(w, "## %s\n\n", mdEscape(title))

	counts := map[Kind]int{}
	for _, n := range g.Nodes {
		counts[n.Kind]++
	}
	levels := map[string]int{}
	for _, f := range g.Findings {
		levels[f.Level]++
	}
	flows := 0
	for _, e := range g.Edges {
		if e.Kind == Flow {
			flows++
		}
	}
	fmt.Fprintln(w, "| what | count |")
	fmt.Fprintln(w, "|---|---:|")
	for _, row := range []struct {
		label string
		n     int
	}{
		{"IAM users", counts[User]},
		{"access keys", counts[AccessKey]},
		{"keys reaching a sink (flows)", flows},
		{"roles", counts[Role]},
		{"groups", counts[Group]},
		{"OIDC providers", counts[OIDCProvider]},
		{"findings: errors", levels["error"]},
		{"findings: warnings", levels["warning"]},
		{"findings: notes", levels["note"]},
	} {
		fmt.Fprintf(w, "| %s | %d |\n", row.label, row.n)
	}
	fmt.Fprintln(w)

	ks := g.KeysAndSinks()
	if len(ks.Nodes) > 0 {
		fmt.Fprintln(w, "### Access keys and where they go")
		fmt.Fprintln(w)
		if len(ks.Nodes) > markdownMaxNodes {
			fmt.Fprintf(w, "%d nodes are too many for one diagram: run `iamlint graph --focus ADDRESS` or open the HTML report (`--format html`).\n\n", len(ks.Nodes))
		} else {
			fmt.Fprintln(w, "```mermaid")
			ks.mermaid(w, "")
			fmt.Fprintln(w, "```")
			fmt.Fprintln(w)
		}
		g.keyTable(w)
	}

	if len(g.Findings) > 0 {
		fmt.Fprintln(w, "### Findings")
		fmt.Fprintln(w)
		byRule := map[string]int{}
		for _, f := range g.Findings {
			byRule[f.Rule+" "+f.Name]++
		}
		var rules []string
		for r := range byRule {
			rules = append(rules, r)
		}
		sort.Strings(rules)
		fmt.Fprintln(w, "| rule | findings |")
		fmt.Fprintln(w, "|---|---:|")
		for _, r := range rules {
			fmt.Fprintf(w, "| `%s` | %d |\n", r, byRule[r])
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, "<details><summary>Every finding</summary>")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| level | rule | where | message |")
		fmt.Fprintln(w, "|---|---|---|---|")
		for _, f := range g.Findings {
			fmt.Fprintf(w, "| %s | %s | `%s` | %s |\n", f.Level, f.Rule, strings.ReplaceAll(f.Location.String(), "`", ""), mdEscape(f.Message))
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, "</details>")
	}
}

// mdEscape keeps text inside one table cell and out of HTML.
func mdEscape(s string) string { return mdEscaper.Replace(s) }

var mdEscaper = strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;")

// markdownMaxKeys caps the table of keys: a pull-request comment is not
// the place for a monorepo's every key (the JSON and HTML have them).
const markdownMaxKeys = 100

// keyTable lists each key that reaches a sink, its owner and its sinks:
// the diagram as text, which stays readable when the diagram is too big.
func (g *Graph) keyTable(w *bufio.Writer) {
	owner := map[string][]string{}
	sinks := map[string][]string{}
	for _, e := range g.Edges {
		switch e.Kind {
		case Owns:
			owner[e.To] = append(owner[e.To], g.byID[e.From].Label)
		case Flow:
			sinks[e.From] = append(sinks[e.From], fmt.Sprintf("%s (%s)", g.byID[e.To].title(), e.Label))
		}
	}
	var keys []*Node
	for _, n := range g.Nodes {
		if len(sinks[n.ID]) > 0 {
			keys = append(keys, n)
		}
	}
	if len(keys) == 0 {
		return
	}
	fmt.Fprintln(w, "| key | module or stack | owner | reaches |")
	fmt.Fprintln(w, "|---|---|---|---|")
	for i, n := range keys {
		if i == markdownMaxKeys {
			fmt.Fprintf(w, "\n%d more keys reach a sink: see `--format html` or `--format json`.\n", len(keys)-i)
			break
		}
		fmt.Fprintf(w, "| `%s` | %s | %s | %s |\n", mdCode(n.Label), mdEscape(n.Group), mdEscape(strings.Join(owner[n.ID], ", ")), mdEscape(strings.Join(sinks[n.ID], "; ")))
	}
	fmt.Fprintln(w)
}

// mdCode keeps text inside an inline code span of a table cell.
func mdCode(s string) string { return mdCodeEscaper.Replace(s) }

var mdCodeEscaper = strings.NewReplacer("`", "'", "|", `\|`, "\n", " ")
