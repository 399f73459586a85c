package graph

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Formats are the renderings Write knows.
var Formats = []string{"mermaid", "dot", "json", "html", "markdown"}

// Write renders the graph in a format of Formats.
func Write(w io.Writer, format string, g *Graph, info Info) error {
	bw := bufio.NewWriter(w)
	var err error
	switch format {
	case "mermaid":
		g.mermaid(bw, "")
	case "dot":
		g.dot(bw)
	case "json":
		err = g.json(bw, info)
	case "markdown":
		g.markdown(bw, info)
	case "html":
		err = g.html(bw, info)
	default:
		return fmt.Errorf("unknown graph format %q: want %s", format, strings.Join(Formats, ", "))
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// Info is what the reports say about the run.
type Info struct {
	Version string // iamlint's
	Title   string // what was scanned
}

// kindWords name the kinds in labels where the address does not say it.
var kindWords = map[Kind]string{
	User: "user", AccessKey: "access key", Role: "role", Group: "group", Policy: "policy",
	OIDCProvider: "OIDC provider", Sink: "sink", KeyMaterial: "key material", HopKind: "", Other: "",
}

// title is a node's label, with its kind when the address does not say
// it (a CloudFormation logical ID, a policy ARN). An address that starts
// with its type says it: aws_iam_user.ci, and a shell command's
// "aws iam create-user ci".
func (n *Node) title() string {
	w := kindWords[n.Kind]
	if w == "" || n.Type != "" && (strings.HasPrefix(n.Label, n.Type+".") || strings.HasPrefix(n.Label, n.Type+" ")) || n.Kind == KeyMaterial || n.Kind == Account || n.Kind == Service || n.Kind == Federated || n.Kind == Anyone {
		return n.Label
	}
	if n.Kind == Sink && n.Type != "" {
		return n.Type + " " + n.Label
	}
	return w + " " + n.Label
}

// edgeLabel is what an edge says, hops collapsed into their count.
func (g *Graph) edgeLabel(e *Edge) string {
	var parts []string
	switch e.Kind {
	case Owns:
		parts = append(parts, "owns")
	case MemberOf:
		parts = append(parts, "member of")
	case Attached:
		parts = append(parts, "attached")
	case References:
		parts = append(parts, "refers to")
	case Input:
		parts = append(parts, "input of")
	case Flow:
		l := e.Label
		if n := len(e.Hops); n == 1 {
			l += " via 1 hop"
		} else if n > 1 {
			l += fmt.Sprintf(" via %d hops", n)
		}
		parts = append(parts, l)
	case Trust:
		l := "may assume"
		if e.Label != "" {
			l = e.Label
		}
		parts = append(parts, l)
		parts = append(parts, e.Conditions...)
		if len(e.Conditions) == 0 {
			parts = append(parts, "no condition")
		}
	}
	for _, i := range e.Findings {
		f := g.Findings[i]
		if e.Kind != Flow || f.Rule != e.Label {
			parts = append(parts, f.Rule)
		}
	}
	return strings.Join(dedupe(parts), "\n")
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	out := s[:0]
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// nodeFindings is the rule IDs of a node's findings, for its label.
func (g *Graph) nodeFindings(n *Node) string {
	var ids []string
	for _, i := range n.Findings {
		ids = append(ids, g.Findings[i].Rule)
	}
	return strings.Join(dedupe(ids), " ")
}

// byGroup lists the nodes of each group in order, the ungrouped first
// under "".
func (g *Graph) byGroup() (order []string, nodes map[string][]int) {
	nodes = map[string][]int{}
	for i, n := range g.Nodes {
		nodes[n.Group] = append(nodes[n.Group], i)
	}
	// Ungrouped principals first, then groups in ID order: every group
	// that holds a node, listed in Groups or not.
	for grp := range nodes {
		order = append(order, grp)
	}
	sort.Strings(order)
	return order, nodes
}

// mermaidShapes open and close a node of each kind.
var mermaidShapes = map[Kind][2]string{
	User:         {`(["`, `"])`},
	AccessKey:    {`>"`, `"]`},
	Role:         {`{{"`, `"}}`},
	Group:        {`[["`, `"]]`},
	Policy:       {`["`, `"]`},
	OIDCProvider: {`[("`, `")]`},
	Account:      {`("`, `")`},
	Service:      {`("`, `")`},
	Federated:    {`("`, `")`},
	Anyone:       {`(("`, `"))`},
	Sink:         {`[/"`, `"/]`},
	KeyMaterial:  {`>"`, `"]`},
	ModuleCall:   {`[["`, `"]]`},
	HopKind:      {`("`, `")`},
	Other:        {`["`, `"]`},
}

// mermaidText escapes text for a quoted Mermaid label: quotes and angle
// brackets as entity codes, lines joined with <br/>.
func mermaidText(s string) string {
	if s == "" {
		return " " // Mermaid rejects an empty quoted label
	}
	return mermaidEscaper.Replace(s)
}

var mermaidEscaper = strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;", "\n", "<br/>", "`", "#96;")

// mermaid writes a flowchart, a subgraph per module or stack.
func (g *Graph) mermaid(w *bufio.Writer, indent string) {
	fmt.Fprintf(w, "%sflowchart LR\n", indent)
	ids := map[string]string{}
	for i, n := range g.Nodes {
		ids[n.ID] = fmt.Sprintf("n%d", i)
	}
	order, members := g.byGroup()
	for gi, grp := range order {
		in := indent + "  "
		if grp != "" {
			fmt.Fprintf(w, "%s  subgraph g%d[\"%s\"]\n", indent, gi, mermaidText(grp))
			in += "  "
		}
		for _, i := range members[grp] {
			n := g.Nodes[i]
			label := n.title()
			if f := g.nodeFindings(n); f != "" {
				label += "\n" + f
			}
			s := mermaidShapes[n.Kind]
			fmt.Fprintf(w, "%s%s%s%s%s\n", in, ids[n.ID], s[0], mermaidText(label), s[1])
		}
		if grp != "" {
			fmt.Fprintf(w, "%s  end\n", indent)
		}
	}
	styles := map[string][]string{}
	for i, e := range g.Edges {
		arrow := "-->"
		switch e.Kind {
		case Flow:
			arrow = "==>"
		case Trust:
			arrow = "-.->"
		}
		if label := g.edgeLabel(e); label != "" {
			fmt.Fprintf(w, "%s  %s %s|\"%s\"| %s\n", indent, ids[e.From], arrow, mermaidText(label), ids[e.To])
		} else {
			fmt.Fprintf(w, "%s  %s %s %s\n", indent, ids[e.From], arrow, ids[e.To])
		}
		if l := g.level(e.Findings); l != "" {
			styles[l] = append(styles[l], fmt.Sprint(i))
		}
	}
	classes := map[string][]string{}
	for _, n := range g.Nodes {
		if l := g.level(n.Findings); l != "" {
			classes[l] = append(classes[l], ids[n.ID])
		}
	}
	for _, l := range []string{"error", "warning", "note"} {
		c := levelColors[l]
		if len(classes[l]) > 0 {
			fmt.Fprintf(w, "%s  classDef %s fill:%s,stroke:%s,stroke-width:2px\n", indent, l, c[0], c[1])
			fmt.Fprintf(w, "%s  class %s %s\n", indent, strings.Join(classes[l], ","), l)
		}
		if len(styles[l]) > 0 {
			fmt.Fprintf(w, "%s  linkStyle %s stroke:%s,stroke-width:2px\n", indent, strings.Join(styles[l], ","), c[1])
		}
	}
}

// levelColors are the fill and stroke of each level.
var levelColors = map[string][2]string{
	"error":   {"#fde0e0", "#c62828"},
	"warning": {"#fff3cd", "#e08a00"},
	"note":    {"#e3f0ff", "#1e63b5"},
}

// dotShapes are the Graphviz shape of each kind.
var dotShapes = map[Kind]string{
	User: "ellipse", AccessKey: "cds", Role: "hexagon", Group: "tab", Policy: "note",
	OIDCProvider: "cylinder", Account: "oval", Service: "oval", Federated: "oval", Anyone: "doubleoctagon",
	Sink: "parallelogram", KeyMaterial: "cds", ModuleCall: "component", HopKind: "plain", Other: "box",
}

// dotQuote quotes a DOT ID or label.
func dotQuote(s string) string { return `"` + dotEscaper.Replace(s) + `"` }

var dotEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", "")

// dot writes a Graphviz digraph, a cluster per module or stack.
func (g *Graph) dot(w *bufio.Writer) {
	fmt.Fprintln(w, "digraph iamlint {")
	fmt.Fprintln(w, `  rankdir=LR;`)
	fmt.Fprintln(w, `  node [fontname="Helvetica", fontsize=10, style=filled, fillcolor="#ffffff"];`)
	fmt.Fprintln(w, `  edge [fontname="Helvetica", fontsize=9];`)
	order, members := g.byGroup()
	for gi, grp := range order {
		in := "  "
		if grp != "" {
			fmt.Fprintf(w, "  subgraph cluster_%d {\n    label=%s;\n    style=rounded;\n    color=\"#999999\";\n", gi, dotQuote(grp))
			in = "    "
		}
		for _, i := range members[grp] {
			n := g.Nodes[i]
			label := n.title()
			if f := g.nodeFindings(n); f != "" {
				label += "\n" + f
			}
			attrs := fmt.Sprintf("label=%s, shape=%s", dotQuote(label), dotShapes[n.Kind])
			if l := g.level(n.Findings); l != "" {
				c := levelColors[l]
				attrs += fmt.Sprintf(`, fillcolor="%s", color="%s", penwidth=2`, c[0], c[1])
			}
			if n.Location != nil {
				attrs += ", tooltip=" + dotQuote(n.Location.String())
			}
			fmt.Fprintf(w, "%s%s [%s];\n", in, dotQuote(n.ID), attrs)
		}
		if grp != "" {
			fmt.Fprintln(w, "  }")
		}
	}
	for _, e := range g.Edges {
		attrs := "label=" + dotQuote(g.edgeLabel(e))
		switch e.Kind {
		case Flow:
			attrs += ", penwidth=2"
		case Trust:
			attrs += ", style=dashed"
		}
		if l := g.level(e.Findings); l != "" {
			attrs += fmt.Sprintf(`, color="%s", fontcolor="%s"`, levelColors[l][1], levelColors[l][1])
		}
		fmt.Fprintf(w, "  %s -> %s [%s];\n", dotQuote(e.From), dotQuote(e.To), attrs)
	}
	fmt.Fprintln(w, "}")
}

// jsonGraph is the --format json document (docs/graph.schema.json).
type jsonGraph struct {
	Version  string       `json:"version"`
	Nodes    []*Node      `json:"nodes"`
	Edges    []*Edge      `json:"edges"`
	Groups   []*GroupInfo `json:"groups"`
	Findings []*Finding   `json:"findings"`
}

func (g *Graph) json(w io.Writer, info Info) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonGraph{Version: info.Version, Nodes: g.Nodes, Edges: g.Edges, Groups: g.Groups, Findings: g.Findings})
}
