package graph

import (
	"fmt"
	"html"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// The HTML report's layout is computed here, in Go, as plain SVG: a
// layered (Sugiyama-style) drawing, left to right, in one horizontal band
// per module or stack.
//
// Why not Graphviz: github.com/goccy/go-graphviz v0.2.10 runs Graphviz
// compiled to WASM under wazero, and its package init sets up the 1.5 MB
// module on every start of the binary that links it: measured here, a
// program that only imports it takes 0.31-0.45 s to start and exit with
// 20 MB of RSS, in a 9.9 MB binary; every scan and pre-commit run of
// iamlint (tens of milliseconds) would pay that to draw a graph it never
// draws.
// Why not a JavaScript layout library: it would be a vendored build
// artifact to pin, audit and license, for a graph whose shape is known:
// the edges run from principals and users through keys and roles to
// sinks and policies, so layers by longest path and an ordering by
// barycentres lay it out readably, and bands keep a monorepo's modules
// apart. The DOT output is there for whoever wants Graphviz's own layout.

const (
	nodeHeight  = 30
	rowGap      = 10
	layerGap    = 90
	bandPad     = 14
	bandHeader  = 22
	charWidth   = 6.6 // of the 11px sans-serif labels
	maxLabel    = 48  // characters; the full label is in the tooltip
	minNodeWide = 90
)

// placed is a node's box.
type placed struct {
	x, y, w float64
	layer   int
}

// layout places every node: its layer is its longest path from a node
// with no incoming edge (edges that close a cycle are ignored), its band
// its group, and within a band and layer nodes are ordered by the mean
// position of their neighbours, swept twice.
func (g *Graph) layout() (pos map[string]*placed, bands []band, w, h, bandWidth float64) {
	layer := g.layers()
	order, members := g.byGroup()
	maxLayer := 0
	for _, l := range layer {
		maxLayer = max(maxLayer, l)
	}
	// Layer widths: the widest label in the layer, across all bands, so
	// that the columns line up.
	widths := make([]float64, maxLayer+1)
	for _, n := range g.Nodes {
		widths[layer[n.ID]] = max(widths[layer[n.ID]], labelWidth(n.title()))
	}
	xs := make([]float64, maxLayer+1)
	x := float64(bandPad)
	for i := range xs {
		xs[i] = x
		x += widths[i] + layerGap
	}
	totalW := x - layerGap + bandPad

	pred := map[string][]string{}
	succ := map[string][]string{}
	for _, e := range g.Edges {
		succ[e.From] = append(succ[e.From], e.To)
		pred[e.To] = append(pred[e.To], e.From)
	}
	pos = map[string]*placed{}
	y := 0.0
	for _, grp := range order {
		cols := make([][]string, maxLayer+1)
		for _, i := range members[grp] {
			n := g.Nodes[i]
			cols[layer[n.ID]] = append(cols[layer[n.ID]], n.ID)
		}
		// Initial rank: the graph's order; then barycentre sweeps.
		rank := map[string]float64{}
		for _, c := range cols {
			for i, id := range c {
				rank[id] = float64(i)
			}
		}
		for sweep := 0; sweep < 4; sweep++ {
			for li := range cols {
				nb := pred
				if sweep%2 == 1 {
					nb = succ
				}
				bary := map[string]float64{}
				for _, id := range cols[li] {
					sum, k := 0.0, 0
					for _, o := range nb[id] {
						if r, ok := rank[o]; ok {
							sum += r
							k++
						}
					}
					if k > 0 {
						bary[id] = sum / float64(k)
					} else {
						bary[id] = rank[id]
					}
				}
				sort.SliceStable(cols[li], func(a, b int) bool { return bary[cols[li][a]] < bary[cols[li][b]] })
				for i, id := range cols[li] {
					rank[id] = float64(i)
				}
			}
		}
		rows := 0
		for _, c := range cols {
			rows = max(rows, len(c))
		}
		top := y + bandHeader
		for li, c := range cols {
			// Centre short columns in the band.
			off := float64(rows-len(c)) * (nodeHeight + rowGap) / 2
			for i, id := range c {
				pos[id] = &placed{x: xs[li], y: top + off + float64(i)*(nodeHeight+rowGap), w: widths[li], layer: li}
			}
		}
		h := bandHeader + float64(rows)*(nodeHeight+rowGap) + bandPad
		var ids []string
		for _, c := range cols {
			ids = append(ids, c...)
		}
		bands = append(bands, band{group: grp, y: y, h: h, ids: ids})
		y += h + rowGap
	}
	pos, bands, w, h = pack(pos, bands, totalW, y)
	return pos, bands, w, h, totalW
}

// band is the strip of one module or stack.
type band struct {
	group string
	x, y  float64
	h     float64
	ids   []string
}

// pack arranges the bands of a tall drawing (a monorepo's hundreds of
// modules) in columns, each band into the shortest column so far, so that
// the drawing is about as wide as it is tall instead of a thin strip.
func pack(pos map[string]*placed, bands []band, w, h float64) (map[string]*placed, []band, float64, float64) {
	cols := int(math.Round(math.Sqrt(h / w)))
	if cols <= 1 {
		return pos, bands, w, h
	}
	heights := make([]float64, cols)
	for i := range bands {
		c := 0
		for k := range heights {
			if heights[k] < heights[c] {
				c = k
			}
		}
		dx, dy := float64(c)*(w+layerGap), heights[c]-bands[i].y
		for _, id := range bands[i].ids {
			pos[id].x += dx
			pos[id].y += dy
		}
		bands[i].x, bands[i].y = dx, heights[c]
		heights[c] += bands[i].h + rowGap
	}
	return pos, bands, float64(cols)*(w+layerGap) - layerGap, slices.Max(heights)
}

// layers gives each node the length of the longest path to it.
func (g *Graph) layers() map[string]int {
	succ := map[string][]string{}
	indeg := map[string]int{}
	for _, e := range g.Edges {
		if e.From == e.To {
			continue
		}
		succ[e.From] = append(succ[e.From], e.To)
	}
	// Drop the edges that close a cycle (a depth-first search's back
	// edges), so that the longest path is defined.
	state := map[string]int{} // 1 on the stack, 2 done
	dag := map[string][]string{}
	var visit func(string)
	visit = func(id string) {
		state[id] = 1
		for _, o := range succ[id] {
			switch state[o] {
			case 0:
				dag[id] = append(dag[id], o)
				visit(o)
			case 2:
				dag[id] = append(dag[id], o)
			}
		}
		state[id] = 2
	}
	for _, n := range g.Nodes {
		if state[n.ID] == 0 {
			visit(n.ID)
		}
	}
	for _, outs := range dag {
		for _, o := range outs {
			indeg[o]++
		}
	}
	layer := map[string]int{}
	var queue []string
	for _, n := range g.Nodes {
		if indeg[n.ID] == 0 {
			queue = append(queue, n.ID)
		}
	}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, o := range dag[id] {
			layer[o] = max(layer[o], layer[id]+1)
			if indeg[o]--; indeg[o] == 0 {
				queue = append(queue, o)
			}
		}
	}
	return layer
}

func labelWidth(s string) float64 {
	n := min(utf8.RuneCountInString(s), maxLabel)
	return math.Max(minNodeWide, float64(n)*charWidth+20)
}

func truncate(s string) string {
	if utf8.RuneCountInString(s) <= maxLabel {
		return s
	}
	r := []rune(s)
	return string(r[:maxLabel-1]) + "…"
}

// drawing is the graph as the HTML report lays it out: a principal
// outside the scan (a service, an account, a managed policy) is drawn once
// in each module's band that it has edges to, rather than once for the
// whole drawing with edges across every band of a monorepo. Copies keep
// the original's ID and index in the SVG, so that the report's script
// treats them as one node.
type drawing struct {
	*Graph
	origID    map[string]string // drawing node ID -> graph node ID
	nodeIndex []int             // drawing node -> graph node index
	edgeIndex []int             // drawing edge -> graph edge index
}

func (g *Graph) drawing() *drawing {
	d := &drawing{Graph: &Graph{byID: map[string]*Node{}, Findings: g.Findings, Groups: g.Groups}, origID: map[string]string{}}
	index := map[string]int{}
	for i, n := range g.Nodes {
		index[n.ID] = i
	}
	add := func(n *Node, id, group string) {
		if d.byID[id] != nil {
			return
		}
		c := *n
		c.ID, c.Group = id, group
		d.Nodes = append(d.Nodes, &c)
		d.byID[id] = &c
		d.origID[id] = n.ID
		d.nodeIndex = append(d.nodeIndex, index[n.ID])
	}
	// The end of an edge as drawn: a copy in the other end's group when
	// it is outside the scan and the other end is not.
	end := func(n, other *Node) string {
		if n.Group == "" && other.Group != "" {
			id := n.ID + "\x00" + other.Group
			add(n, id, other.Group)
			return id
		}
		add(n, n.ID, n.Group)
		return n.ID
	}
	for i, e := range g.Edges {
		from, to := g.byID[e.From], g.byID[e.To]
		c := *e
		c.From, c.To = end(from, to), end(to, from)
		d.Edges = append(d.Edges, &c)
		d.edgeIndex = append(d.edgeIndex, i)
	}
	for _, n := range g.Nodes {
		if n.Group != "" || !slices.ContainsFunc(g.Edges, func(e *Edge) bool { return e.From == n.ID || e.To == n.ID }) {
			add(n, n.ID, n.Group)
		}
	}
	sort.SliceStable(d.Nodes, func(i, j int) bool { return d.Nodes[i].ID < d.Nodes[j].ID })
	// Keep nodeIndex in step with the sorted nodes.
	d.nodeIndex = d.nodeIndex[:0]
	for _, n := range d.Nodes {
		d.nodeIndex = append(d.nodeIndex, index[d.origID[n.ID]])
	}
	return d
}

// svg draws the laid-out graph. Every node and edge carries its ID and
// level as data attributes, for the report's script.
func (g *Graph) svg() string {
	d := g.drawing()
	pos, bands, w, h, bandWidth := d.layout()
	var b strings.Builder
	fmt.Fprintf(&b, `<svg id="graph-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f">`, w, h, w, h)
	b.WriteString(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#667"/></marker></defs>`)
	for _, bd := range bands {
		name := bd.group
		if name == "" {
			name = "outside the scan: accounts, services, managed policies"
		}
		fmt.Fprintf(&b, `<g class="band" data-group="%s"><rect x="%.0f" y="%.0f" width="%.0f" height="%.0f" rx="6"/><text x="%.0f" y="%.0f">%s</text></g>`,
			html.EscapeString(bd.group), bd.x+2, bd.y, bandWidth-4, bd.h, bd.x+10, bd.y+15, html.EscapeString(name))
	}
	b.WriteString(`<g class="edges">`)
	for i, e := range d.Edges {
		a, c := pos[e.From], pos[e.To]
		if a == nil || c == nil {
			continue
		}
		x1, y1 := a.x+a.w, a.y+nodeHeight/2
		x2, y2 := c.x, c.y+nodeHeight/2
		var path string
		if c.layer > a.layer {
			mid := (x1 + x2) / 2
			path = fmt.Sprintf("M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f", x1, y1, mid, y1, mid, y2, x2, y2)
		} else {
			// A back or same-layer edge loops around the right.
			x2 = c.x + c.w
			out := math.Max(x1, x2) + 40
			path = fmt.Sprintf("M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f", x1, y1, out, y1, out, y2, x2, y2)
		}
		fmt.Fprintf(&b, `<path class="edge %s" data-edge="%d" data-from="%s" data-to="%s" data-level="%s" d="%s" marker-end="url(#arrow)"><title>%s</title></path>`,
			e.Kind, d.edgeIndex[i], html.EscapeString(d.origID[e.From]), html.EscapeString(d.origID[e.To]), g.level(e.Findings), path, html.EscapeString(g.edgeLabel(e)))
	}
	b.WriteString(`</g><g class="nodes">`)
	for i, n := range d.Nodes {
		p := pos[n.ID]
		title := n.title()
		tip := title
		if n.Location != nil {
			tip += "\n" + n.Location.String()
		}
		if f := g.nodeFindings(n); f != "" {
			tip += "\n" + f
		}
		fmt.Fprintf(&b, `<g class="node %s" data-node="%d" data-id="%s" data-level="%s" transform="translate(%.1f,%.1f)"><title>%s</title><rect width="%.0f" height="%d" rx="%d"/><text x="8" y="19">%s</text></g>`,
			n.Kind, d.nodeIndex[i], html.EscapeString(d.origID[n.ID]), g.level(n.Findings), p.x, p.y, html.EscapeString(tip), p.w, nodeHeight, nodeRadius(n.Kind), html.EscapeString(truncate(title)))
	}
	b.WriteString(`</g></svg>`)
	return b.String()
}

func nodeRadius(k Kind) int {
	switch k {
	case User, Account, Service, Federated, Anyone:
		return 15
	case Role, Group:
		return 8
	}
	return 2
}
