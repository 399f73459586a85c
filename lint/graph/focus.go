package graph

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Focus returns the neighbourhood of the nodes that match addr: those
// within depth edges of them, in either direction, and the edges between
// them. addr matches a node's ID exactly, or its address or label (in any
// module), or the end of its ID ("modules/ci#aws_iam_user.ci" matches
// "ci#aws_iam_user.ci"). A negative depth means no limit.
func (g *Graph) Focus(addr string, depth int) (*Graph, error) {
	var start []string
	for _, n := range g.Nodes {
		if n.ID == addr || n.Address == addr || n.Label == addr || strings.HasSuffix(n.ID, "/"+addr) {
			start = append(start, n.ID)
		}
	}
	if len(start) == 0 {
		return nil, fmt.Errorf("--focus: no node is %q: give an address (aws_iam_user.ci, a logical ID) or a node ID from --format json", addr)
	}
	adj := map[string][]string{}
	for _, e := range g.Edges {
		adj[e.From] = append(adj[e.From], e.To)
		adj[e.To] = append(adj[e.To], e.From)
	}
	keep := map[string]bool{}
	frontier := start
	for _, id := range start {
		keep[id] = true
	}
	for d := 0; len(frontier) > 0 && (depth < 0 || d < depth); d++ {
		var next []string
		for _, id := range frontier {
			for _, o := range adj[id] {
				if !keep[o] {
					keep[o] = true
					next = append(next, o)
				}
			}
		}
		frontier = next
	}
	return g.subgraph(func(n *Node) bool { return keep[n.ID] }), nil
}

// subgraph keeps the nodes keep accepts, the edges between them, the
// groups they are in, and the findings drawn on them, renumbered.
func (g *Graph) subgraph(keep func(*Node) bool) *Graph {
	out := &Graph{byID: map[string]*Node{}, Nodes: []*Node{}, Edges: []*Edge{}, Findings: []*Finding{}}
	renumber := map[int]int{}
	findings := func(idx []int) []int {
		var kept []int
		for _, i := range idx {
			j, ok := renumber[i]
			if !ok {
				j = len(out.Findings)
				renumber[i] = j
				out.Findings = append(out.Findings, g.Findings[i])
			}
			kept = append(kept, j)
		}
		return kept
	}
	groups := map[string]bool{}
	for _, n := range g.Nodes {
		if keep(n) {
			c := *n
			c.Findings = findings(n.Findings)
			out.Nodes = append(out.Nodes, &c)
			out.byID[n.ID] = &c
			groups[n.Group] = true
		}
	}
	for _, e := range g.Edges {
		if out.byID[e.From] != nil && out.byID[e.To] != nil {
			c := *e
			c.Findings = findings(e.Findings)
			out.Edges = append(out.Edges, &c)
		}
	}
	out.Groups = slices.DeleteFunc(slices.Clone(g.Groups), func(gi *GroupInfo) bool { return !groups[gi.ID] })
	// The findings in the report's order, as in the whole graph.
	order := make([]int, 0, len(renumber))
	for i := range renumber {
		order = append(order, i)
	}
	slices.Sort(order)
	final := map[int]int{}
	out.Findings = out.Findings[:0]
	for j, i := range order {
		final[renumber[i]] = j
		out.Findings = append(out.Findings, g.Findings[i])
	}
	for _, n := range out.Nodes {
		for k, i := range n.Findings {
			n.Findings[k] = final[i]
		}
	}
	for _, e := range out.Edges {
		for k, i := range e.Findings {
			e.Findings[k] = final[i]
		}
	}
	return out
}

// KeysAndSinks is the part of the graph the Markdown report draws: the
// users, their keys, the key material, and where it goes.
func (g *Graph) KeysAndSinks() *Graph {
	keep := map[string]bool{}
	for _, e := range g.Edges {
		if e.Kind == Owns || e.Kind == Flow {
			keep[e.From], keep[e.To] = true, true
		}
	}
	for _, n := range g.Nodes {
		if n.Kind == AccessKey || n.Kind == KeyMaterial {
			keep[n.ID] = true
		}
	}
	return g.subgraph(func(n *Node) bool { return keep[n.ID] })
}

// level is the highest level of the findings at the indexes: "" for none.
func (g *Graph) level(idx []int) string {
	rank := map[string]int{"note": 1, "warning": 2, "error": 3}
	best := ""
	for _, i := range idx {
		if l := g.Findings[i].Level; rank[l] > rank[best] {
			best = l
		}
	}
	return best
}

// ExpandHops returns the graph with each flow's hops drawn as nodes in
// their modules: key -> local -> module input -> template variable ->
// sink. Flows that pass through the same place share its node. The
// findings stay on the last edge, into the sink.
func (g *Graph) ExpandHops() *Graph {
	out := &Graph{byID: map[string]*Node{}, Groups: g.Groups, Findings: g.Findings}
	for _, n := range g.Nodes {
		out.Nodes = append(out.Nodes, n)
		out.byID[n.ID] = n
	}
	seen := map[string]bool{}
	addEdge := func(e *Edge) {
		key := e.From + "\x00" + e.To + "\x00" + e.Label
		if !seen[key] || len(e.Findings) > 0 {
			seen[key] = true
			out.Edges = append(out.Edges, e)
		}
	}
	for _, e := range g.Edges {
		if e.Kind != Flow || len(e.Hops) == 0 {
			addEdge(e)
			continue
		}
		from := e.From
		for _, h := range e.Hops {
			id := fmt.Sprintf("hop:%s %s", h.Location.String(), h.Label)
			if out.byID[id] == nil {
				group := h.group
				if group == "" {
					// A template file outside every module: it is read
					// where the flow was.
					group = out.byID[from].Group
				}
				n := &Node{ID: id, Kind: HopKind, Label: h.Label, Group: group, Location: h.Location}
				out.Nodes = append(out.Nodes, n)
				out.byID[id] = n
			}
			addEdge(&Edge{From: from, To: id, Kind: Flow, Location: h.Location})
			from = id
		}
		last := *e
		last.From, last.Hops = from, nil
		addEdge(&last)
	}
	sort.SliceStable(out.Nodes, func(i, j int) bool { return out.Nodes[i].ID < out.Nodes[j].ID })
	if out.Edges == nil {
		out.Edges = []*Edge{}
	}
	return out
}
