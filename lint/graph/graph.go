// Package graph draws what a scan holds as a map: the IAM users and the
// access keys they own, where each key ends up (instances, functions, CI
// secrets, exports), who may assume which role and under which conditions,
// and which policies are attached to whom, with the findings drawn on the
// nodes and edges they concern. It is built from a *lint.Result, so it sees
// exactly what the rules saw, and it renders as Mermaid, Graphviz DOT, JSON
// (docs/graph.schema.json), a Markdown report and a self-contained HTML
// report.
//
// Which resources become which nodes, and which attributes make which
// edges, are tables (tables.go) keyed by resource type: a new front-end's
// types slot in as rows, not code.
package graph

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/iamlint/iamlint/lint"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// Kind is what a node stands for.
type Kind string

const (
	User         Kind = "user"
	AccessKey    Kind = "access_key"
	Role         Kind = "role"
	Group        Kind = "group"
	Policy       Kind = "policy"
	OIDCProvider Kind = "oidc_provider"
	Account      Kind = "account"      // another AWS account, or a principal in one
	Service      Kind = "service"      // an AWS service principal: ec2.amazonaws.com
	Federated    Kind = "federated"    // a federated principal not declared in the scan
	Anyone       Kind = "anyone"       // the wildcard principal
	Sink         Kind = "sink"         // where key material must not go: an instance, a function, a CI secret, an output
	KeyMaterial  Kind = "key_material" // key material that is not an access key resource: a literal, an input named like a key
	ModuleCall   Kind = "module_call"  // a call of a module that takes an IAM resource of the scan as an input
	HopKind      Kind = "hop"          // a step of a flow, drawn as a node by ExpandHops
	Other        Kind = "other"        // a resource or place a finding concerns that is none of the above
)

// EdgeKind is what an edge says.
type EdgeKind string

const (
	Owns     EdgeKind = "owns"      // user -> access key
	Flow     EdgeKind = "flow"      // key material -> sink, with the hops between
	Trust    EdgeKind = "trust"     // principal -> role: may assume it
	Attached EdgeKind = "attached"  // user, group or role -> policy
	MemberOf EdgeKind = "member_of" // user -> group
	// References: a resource drawn for its findings -> the IAM resource
	// it refers to (a login profile -> its user).
	References EdgeKind = "references"
	// Input: an IAM resource -> the module call it is given to (a policy
	// passed to a registry module that makes the role).
	Input EdgeKind = "input"
)

// Location is a place in the source.
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

func locationOf(r model.Range) *Location {
	if r.File == "" {
		return nil
	}
	return &Location{File: r.File, Line: r.Start.Line, Column: r.Start.Column}
}

func (l *Location) String() string {
	if l == nil {
		return ""
	}
	if l.Line == 0 {
		return l.File
	}
	return fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Column)
}

// Finding is a finding drawn on a node or an edge.
type Finding struct {
	Rule     string    `json:"rule_id"`
	Name     string    `json:"rule_name"`
	Level    string    `json:"level"`
	Message  string    `json:"message"`
	Location *Location `json:"location,omitempty"`
	Fix      string    `json:"fix,omitempty"`
	// Excerpt is the source line the finding points at, for the reports.
	Excerpt string `json:"excerpt,omitempty"`
}

// Node is one thing of the map.
type Node struct {
	// ID is unique in the graph and stable across runs: the module's
	// directory or template and the address, so that two modules'
	// aws_iam_user.ci stay two nodes.
	ID      string `json:"id"`
	Kind    Kind   `json:"kind"`
	Label   string `json:"label"`
	Address string `json:"address,omitempty"`
	Type    string `json:"type,omitempty"`
	// Group is the module directory or template the node is declared in;
	// empty for principals outside the scan (accounts, services).
	Group    string    `json:"group,omitempty"`
	Location *Location `json:"location,omitempty"`
	// Findings are indexes into Graph.Findings.
	Findings []int `json:"findings,omitempty"`
}

// Hop is one step of a flow between its key and its sink.
type Hop struct {
	Label    string    `json:"label"`
	Location *Location `json:"location,omitempty"`
	group    string    // the module or stack of its place
}

// Edge is a relation between two nodes.
type Edge struct {
	From  string   `json:"from"`
	To    string   `json:"to"`
	Kind  EdgeKind `json:"kind"`
	Label string   `json:"label,omitempty"`
	// Conditions guard a trust edge: "StringEquals sts:ExternalId".
	Conditions []string `json:"conditions,omitempty"`
	// Hops are a flow's steps from the key to the sink, both excluded.
	Hops     []Hop     `json:"hops,omitempty"`
	Location *Location `json:"location,omitempty"`
	// Findings are indexes into Graph.Findings.
	Findings []int `json:"findings,omitempty"`
	// within is the statement or sink expression the edge comes from:
	// findings inside it are drawn on the edge.
	within model.Range
}

// GroupInfo is a module or stack.
type GroupInfo struct {
	ID       string `json:"id"`
	Language string `json:"language,omitempty"`
}

// Graph is the map of one scan.
type Graph struct {
	Nodes  []*Node      `json:"nodes"`
	Edges  []*Edge      `json:"edges"`
	Groups []*GroupInfo `json:"groups"`
	// Findings are every finding of the scan, in the report's order; each
	// is also on the node or edge it concerns.
	Findings []*Finding `json:"findings"`

	byID map[string]*Node
}

// Node returns the node with the ID, or nil.
func (g *Graph) Node(id string) *Node { return g.byID[id] }

// Options configure Build.
type Options struct {
	// ReadSource returns the source of a file, for the excerpts of
	// findings; nil leaves them out.
	ReadSource func(path string) ([]byte, bool)
}

// Build draws the map of a scan's result.
func Build(res *lint.Result, opts Options) *Graph {
	if res == nil || res.Project == nil {
		return newBuilder(&model.Project{}).finish()
	}
	b := newBuilder(res.Project)
	for _, m := range res.Project.Modules {
		if !m.Vendored {
			b.module(m)
		}
	}
	for _, m := range res.Project.Modules {
		if !m.Vendored {
			b.relations(m)
		}
	}
	for _, f := range res.Findings {
		b.finding(f, opts)
	}
	return b.finish()
}

// builder holds the indexes Build needs.
type builder struct {
	g         *Graph
	edges     map[string]*Edge
	byFile    map[string]*model.Module   // a file's module
	byDir     map[string]*model.Module   // a Terraform directory's module
	resources map[string]*model.Resource // by file and header start: flow sources
	modOf     map[*model.Resource]*model.Module
	nodeOf    map[*model.Resource]*Node
	groups    map[string]*GroupInfo
	inFile    map[string][]*Edge // edges by the file they are declared in, for placing findings
}

func newBuilder(p *model.Project) *builder {
	b := &builder{
		g:         &Graph{byID: map[string]*Node{}},
		edges:     map[string]*Edge{},
		byFile:    map[string]*model.Module{},
		byDir:     map[string]*model.Module{},
		resources: map[string]*model.Resource{},
		modOf:     map[*model.Resource]*model.Module{},
		nodeOf:    map[*model.Resource]*Node{},
		groups:    map[string]*GroupInfo{},
	}
	for _, m := range p.Modules {
		for _, r := range m.Resources {
			b.modOf[r] = m
			b.resources[rangeKey(r.Range)] = r
			if m.File == "" && r.Range.File != "" {
				b.byFile[r.Range.File] = m
			}
		}
		if m.File != "" {
			b.byFile[m.File] = m
		} else if _, dup := b.byDir[m.Dir]; !dup {
			b.byDir[m.Dir] = m
		}
	}
	return b
}

// moduleOf is the module a file belongs to: the template, or the module
// of a resource in it, or the directory's module (a .tfvars file).
func (b *builder) moduleOf(file string) *model.Module {
	if m := b.byFile[file]; m != nil {
		return m
	}
	return b.byDir[filepath.Dir(file)]
}

func rangeKey(r model.Range) string { return fmt.Sprintf("%s\x00%d", r.File, r.Start.Byte) }

// groupOf names a module: its template, or its directory.
func groupOf(m *model.Module) string {
	if m == nil {
		return ""
	}
	if m.File != "" {
		return m.File
	}
	return m.Dir
}

func (b *builder) group(m *model.Module) string {
	id := groupOf(m)
	if id != "" && b.groups[id] == nil {
		b.groups[id] = &GroupInfo{ID: id, Language: string(m.Language)}
	}
	return id
}

// add returns the node with the ID, adding it when it is new.
func (b *builder) add(n *Node) *Node {
	if old := b.g.byID[n.ID]; old != nil {
		return old
	}
	b.g.byID[n.ID] = n
	b.g.Nodes = append(b.g.Nodes, n)
	return n
}

// resourceNode returns the node of a resource of the scan, as kind.
func (b *builder) resourceNode(r *model.Resource, kind Kind) *Node {
	if n := b.nodeOf[r]; n != nil {
		return n
	}
	m := b.modOf[r]
	g := b.group(m)
	n := b.add(&Node{ID: g + "#" + r.Address, Kind: kind, Label: r.Address, Address: r.Address, Type: r.Type, Group: g, Location: locationOf(r.Range)})
	b.nodeOf[r] = n
	return n
}

// edge adds an edge, once per kind between two nodes: a second
// statement or attachment between them adds its label.
func (b *builder) edge(from, to *Node, kind EdgeKind, label string, within model.Range) *Edge {
	key := from.ID + "\x00" + to.ID + "\x00" + string(kind)
	if e := b.edges[key]; e != nil {
		if label != "" && !strings.Contains(e.Label, label) {
			e.Label = joinLabel(e.Label, label)
		}
		return e
	}
	e := &Edge{From: from.ID, To: to.ID, Kind: kind, Label: label, Location: locationOf(within), within: within}
	b.edges[key] = e
	b.g.Edges = append(b.g.Edges, e)
	return e
}

func joinLabel(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// module adds the nodes of a module's IAM resources.
func (b *builder) module(m *model.Module) {
	b.group(m)
	for _, r := range m.Resources {
		if r.Mode != model.Managed {
			continue
		}
		if k, ok := nodeKinds[r.Type]; ok {
			b.resourceNode(r, k)
		}
	}
}

// relations adds the edges a module's resources declare: key owners,
// attachments, memberships, trust.
func (b *builder) relations(m *model.Module) {
	for _, r := range m.Resources {
		if r.Mode != model.Managed && r.Mode != model.ModuleCall {
			continue
		}
		if r.Mode == model.ModuleCall {
			b.moduleInputs(m, r)
			continue
		}
		for _, rel := range relationsOf[r.Type] {
			b.relation(m, r, rel)
		}
		for _, ap := range r.Policies {
			if ap.Kind == model.TrustPolicy && ap.Policy != nil {
				b.trust(m, r, ap.Policy)
			}
		}
	}
}

// relation adds the edges one row of the relations table makes of r:
// from each node its subject names to each node its object names.
func (b *builder) relation(m *model.Module, r *model.Resource, rel relation) {
	ends := func(attr string, want Kind) []*Node {
		if attr == "" {
			return []*Node{b.resourceNode(r, nodeKinds[r.Type])}
		}
		var out []*Node
		for _, v := range collect(r.Body, attr) {
			out = append(out, b.resolve(m, v, want)...)
		}
		return out
	}
	for _, from := range ends(rel.subject, rel.subjectKind) {
		for _, to := range ends(rel.object, rel.objectKind) {
			e := b.edge(from, to, rel.edge, "", r.Extent)
			e.Location = locationOf(r.Range)
		}
	}
}

// collect returns the values at a dotted attribute path of body: every
// element of a list, every repeated block.
func collect(body *model.Value, attr string) []*model.Value {
	if body == nil || attr == "" {
		return nil
	}
	cur := []*model.Value{body}
	for _, name := range strings.Split(attr, ".") {
		var next []*model.Value
		for _, v := range cur {
			if v == nil || v.Kind != model.Object {
				continue
			}
			for _, a := range v.Attrs {
				if a.Name == name && a.Value != nil {
					next = append(next, a.Value)
				}
			}
		}
		cur = next
	}
	var out []*model.Value
	for _, v := range cur {
		if v.Kind == model.List {
			out = append(out, v.Elems...)
		} else {
			out = append(out, v)
		}
	}
	return out
}

// resolve finds the nodes a value names: the resources it references in
// its module, a resource of the module whose name is the literal, or, for
// a policy ARN, the AWS managed policy.
func (b *builder) resolve(m *model.Module, v *model.Value, want Kind) []*Node {
	var out []*Node
	for _, ref := range v.Refs {
		if ref.Kind != model.RefResource {
			continue
		}
		for _, r := range m.Resources {
			if r.Mode == model.Managed && r.Address == ref.Name {
				if k, ok := nodeKinds[r.Type]; ok {
					out = append(out, b.resourceNode(r, k))
				}
			}
		}
	}
	s := v.Str
	if v.Kind == model.Unknown && want == Policy {
		// arn:${AWS::Partition}:iam::aws:policy/X is still policy X.
		s = v.Pattern
	} else if v.Kind != model.String {
		return out
	}
	if len(out) > 0 || s == "" {
		return out
	}
	// A name or an ARN of a resource of the module.
	for _, r := range m.Resources {
		if r.Mode != model.Managed || nodeKinds[r.Type] != want {
			continue
		}
		for _, attr := range nameAttrs {
			if n := r.Attr(attr); n != nil && n.Kind == model.String && n.Str != "" && (n.Str == s || strings.HasSuffix(s, "/"+n.Str)) {
				out = append(out, b.resourceNode(r, want))
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	if want == Policy && strings.HasPrefix(s, "arn:") && !strings.HasSuffix(s, "*") {
		// An AWS managed or customer policy outside the scan: one node
		// for the whole graph.
		if _, name, ok := strings.Cut(s, ":iam::aws:policy/"); ok {
			// An AWS managed policy is one node whatever the partition
			// says (arn:${AWS::Partition}:... is arn:*:...).
			s = "arn:aws:iam::aws:policy/" + name
		}
		return []*Node{b.add(&Node{ID: "policy:" + s, Kind: Policy, Label: path.Base(s), Address: s})}
	}
	return nil
}

// trust adds principal -> role edges for the statements of a role's trust
// policy that allow.
func (b *builder) trust(m *model.Module, role *model.Resource, p *model.Policy) {
	roleNode := b.resourceNode(role, Role)
	for _, st := range p.Statements {
		if !st.Allows() {
			continue
		}
		conds := conditionLabels(st)
		actions := make([]string, 0, len(st.Actions))
		for _, a := range st.Actions {
			if a.Known {
				actions = append(actions, a.Value)
			}
		}
		for _, pr := range st.Principals {
			from := b.principal(m, pr)
			if from == nil {
				continue
			}
			e := b.edge(from, roleNode, Trust, strings.Join(actions, ", "), st.Range)
			for _, c := range conds {
				if !slices.Contains(e.Conditions, c) {
					e.Conditions = append(e.Conditions, c)
				}
			}
		}
	}
}

// conditionLabels says what guards a statement: operator, key and values.
func conditionLabels(st *model.Statement) []string {
	var out []string
	for _, c := range st.Conditions {
		if !c.Known {
			out = append(out, "(a condition not known statically)")
			continue
		}
		var vals []string
		for _, v := range c.Values {
			switch {
			case v.Known:
				vals = append(vals, v.Value)
			case v.Pattern != "":
				vals = append(vals, v.Pattern)
			default:
				vals = append(vals, "?")
			}
		}
		out = append(out, fmt.Sprintf("%s %s = %s", c.Operator, c.Key, strings.Join(vals, ", ")))
	}
	if st.ConditionsUnknown {
		out = append(out, "(more conditions not known statically)")
	}
	return out
}

// principal returns the node of a trust principal: a resource of the scan
// it references, else a node for the account, service or provider it
// names.
func (b *builder) principal(m *model.Module, p model.Principal) *Node {
	for _, ref := range p.Refs {
		if ref.Kind != model.RefResource {
			continue
		}
		for _, r := range m.Resources {
			if r.Mode == model.Managed && r.Address == ref.Name {
				if k, ok := nodeKinds[r.Type]; ok {
					return b.resourceNode(r, k)
				}
			}
		}
	}
	text := p.Value
	if !p.Known {
		text = p.Pattern
	}
	if text == "" {
		// Nothing known, or an empty string: this module's own unknown
		// principal, not one node shared by every module of the scan.
		g := b.group(m)
		what := "(not known statically)"
		if p.Known {
			what = "(empty)"
		}
		return b.add(&Node{ID: g + "#principal:" + p.Type + ":" + what, Kind: kindOfPrincipal(p.Type), Label: p.Type + " principal " + what, Group: g})
	}
	switch {
	case p.Type == "*" || text == "*":
		return b.add(&Node{ID: "principal:*", Kind: Anyone, Label: "anyone (*)"})
	case strings.EqualFold(p.Type, "Service"):
		return b.add(&Node{ID: "service:" + text, Kind: Service, Label: text})
	case strings.EqualFold(p.Type, "Federated"):
		// An OIDC provider of the scan whose URL the ARN ends with.
		for _, r := range m.Resources {
			if nodeKinds[r.Type] != OIDCProvider {
				continue
			}
			for _, attr := range []string{"url", "Url"} {
				if u := r.Attr(attr); u != nil && u.Kind == model.String && strings.HasSuffix(text, strings.TrimPrefix(u.Str, "https://")) {
					return b.resourceNode(r, OIDCProvider)
				}
			}
		}
		return b.add(&Node{ID: "federated:" + text, Kind: Federated, Label: text})
	case strings.EqualFold(p.Type, "AWS"):
		return b.add(&Node{ID: "account:" + text, Kind: Account, Label: accountLabel(text)})
	}
	return b.add(&Node{ID: "principal:" + p.Type + ":" + text, Kind: Other, Label: p.Type + " " + text})
}

// kindOfPrincipal is the node kind of a principal type.
func kindOfPrincipal(typ string) Kind {
	switch strings.ToLower(typ) {
	case "aws":
		return Account
	case "service":
		return Service
	case "federated":
		return Federated
	}
	return Other
}

// accountLabel shortens an account root ARN to its account.
func accountLabel(s string) string {
	if rest, ok := strings.CutPrefix(s, "arn:aws:iam::"); ok {
		if acct, ok := strings.CutSuffix(rest, ":root"); ok {
			return "account " + acct
		}
	}
	if len(s) == 12 && strings.Trim(s, "0123456789") == "" {
		return "account " + s
	}
	return s
}

// finding draws a finding: a flow on the edge from its key material to its
// sink, the rest on the edge whose statement holds it, else on the
// resource that holds it.
func (b *builder) finding(f rules.Finding, opts Options) {
	gf := &Finding{Rule: f.Rule.ID, Name: f.Rule.Name, Level: f.Level.String(), Message: f.Message, Location: locationOf(f.Range), Fix: strings.TrimSpace(f.Rule.Doc.Fix)}
	at := len(b.g.Findings)
	if opts.ReadSource != nil && f.Range.Start.Line > 0 {
		if src, ok := opts.ReadSource(f.Range.File); ok {
			gf.Excerpt = lineOf(src, f.Range.Start.Line)
		}
	}
	b.g.Findings = append(b.g.Findings, gf)
	if len(f.Flow) > 0 && flowRules[f.Rule.ID] {
		from := b.flowSource(f.Flow[0])
		to := b.sinkNode(f)
		if to == from {
			// The key itself is the sink: it is made to be handed over
			// (pgp_key). The sink is whoever receives it.
			to = b.add(&Node{ID: from.ID + "#handed-over", Kind: Sink, Label: "handed over outside the configuration", Group: from.Group, Location: locationOf(f.Range)})
		}
		e := b.edge(from, to, Flow, f.Rule.ID, f.Range)
		if len(e.Hops) == 0 {
			for _, h := range f.Flow[1:] {
				e.Hops = append(e.Hops, Hop{Label: h.Message, Location: locationOf(h.Range), group: b.group(b.moduleOf(h.Range.File))})
			}
		}
		e.Findings = append(e.Findings, at)
		return
	}
	// A trust finding is about the statement; any other finding in a
	// drawn resource about the resource; what remains is in an
	// attachment, drawn as an edge.
	if b.inFile == nil {
		// The edges declared in each file: trust statements and
		// attachments, all drawn before the first finding.
		b.inFile = map[string][]*Edge{}
		for _, e := range b.g.Edges {
			b.inFile[e.within.File] = append(b.inFile[e.within.File], e)
		}
	}
	for _, e := range b.inFile[f.Range.File] {
		if e.Kind == Trust && e.within.Contains(f.Range) {
			e.Findings = append(e.Findings, at)
			return
		}
	}
	if r := b.resourceAt(b.moduleOf(f.Range.File), f.Range, f.Address); r != nil {
		if k, ok := nodeKinds[r.Type]; ok {
			n := b.resourceNode(r, k)
			n.Findings = append(n.Findings, at)
			return
		}
	}
	for _, e := range b.inFile[f.Range.File] {
		if e.Kind != Flow && e.within.Contains(f.Range) {
			e.Findings = append(e.Findings, at)
			return
		}
	}
	n := b.holder(f)
	n.Findings = append(n.Findings, at)
}

// lineOf returns line n (1-based) of src, without its end.
func lineOf(src []byte, n int) string {
	for i := 1; i < n; i++ {
		j := slices.Index(src, '\n')
		if j < 0 {
			return ""
		}
		src = src[j+1:]
	}
	if j := slices.Index(src, '\n'); j >= 0 {
		src = src[:j]
	}
	return strings.TrimRight(string(src), "\r")
}

// flowSource is the node of a flow's first hop: the access key resource
// it names, else key material at that place.
func (b *builder) flowSource(h rules.Related) *Node {
	if r := b.resources[rangeKey(h.Range)]; r != nil {
		return b.resourceNode(r, kindOr(r.Type, AccessKey))
	}
	g := b.group(b.moduleOf(h.Range.File))
	n := b.add(&Node{ID: g + "#" + h.Range.String(), Kind: KeyMaterial, Label: h.Message, Group: g, Location: locationOf(h.Range)})
	if n.Kind == Other {
		// The place of a finding (IAM107's literal) is also where the
		// flow starts.
		n.Kind, n.Label = KeyMaterial, h.Message
	}
	return n
}

func kindOr(typ string, k Kind) Kind {
	if nk, ok := nodeKinds[typ]; ok {
		return nk
	}
	return k
}

// sinkNode is the node of the resource or output a flow finding reaches.
func (b *builder) sinkNode(f rules.Finding) *Node {
	m := b.moduleOf(f.Range.File)
	if r := b.resourceAt(m, f.Range, f.Address); r != nil {
		n := b.resourceNode(r, Sink)
		return n
	}
	g := b.group(m)
	label := f.Address
	if label == "" {
		label = f.Range.String()
	}
	return b.add(&Node{ID: g + "#" + label, Kind: Sink, Label: label, Address: f.Address, Group: g, Location: locationOf(f.Range)})
}

// resourceAt finds the resource of m with the address, else the one whose
// declaration holds the range.
func (b *builder) resourceAt(m *model.Module, rng model.Range, address string) *model.Resource {
	if m == nil {
		return nil
	}
	if address != "" {
		for _, r := range m.Resources {
			if r.Address == address {
				return r
			}
		}
	}
	for _, r := range m.Resources {
		if r.Extent.Contains(rng) || r.Range.Contains(rng) {
			return r
		}
	}
	return nil
}

// holder is the node a finding not on an edge concerns: its resource, or
// its place.
func (b *builder) holder(f rules.Finding) *Node {
	m := b.moduleOf(f.Range.File)
	if r := b.resourceAt(m, f.Range, f.Address); r != nil {
		n := b.resourceNode(r, kindOr(r.Type, Other))
		if n.Kind == Other && r.Body != nil {
			b.references(r, n)
		}
		return n
	}
	g := b.group(m)
	if g == "" {
		g = f.Range.File
		if g != "" && b.groups[g] == nil {
			b.groups[g] = &GroupInfo{ID: g}
		}
	}
	id, label := f.Address, f.Address
	if id == "" {
		// A place: the file's name is enough in its module's group.
		id = f.Range.String()
		label = strings.TrimPrefix(id, filepath.Dir(f.Range.File)+string(filepath.Separator))
	}
	return b.add(&Node{ID: g + "#" + id, Kind: Other, Label: label, Address: f.Address, Group: g, Location: locationOf(f.Range)})
}

// moduleInputs draws the IAM resources of the module that a module call
// takes as inputs: a registry module the scan cannot see into (an IRSA
// or role module) is where those policies and users end up.
func (b *builder) moduleInputs(m *model.Module, call *model.Resource) {
	if call.Body == nil {
		return
	}
	var n *Node
	for _, ref := range call.Body.AllRefs() {
		if ref.Kind != model.RefResource {
			continue
		}
		for _, o := range m.Resources {
			if o.Mode != model.Managed || o.Address != ref.Name {
				continue
			}
			if _, drawn := nodeKinds[o.Type]; !drawn {
				continue
			}
			if n == nil {
				n = b.resourceNode(call, ModuleCall)
			}
			b.edge(b.resourceNode(o, nodeKinds[o.Type]), n, Input, "", model.Range{})
		}
	}
}

// references draws what a resource drawn only for its findings (a login
// profile, a provider) refers to among the drawn nodes of its module, so
// that it is not left on its own.
func (b *builder) references(r *model.Resource, n *Node) {
	m := b.modOf[r]
	for _, ref := range r.Body.AllRefs() {
		if ref.Kind != model.RefResource {
			continue
		}
		for _, o := range m.Resources {
			if o.Mode == model.Managed && o.Address == ref.Name {
				if _, drawn := nodeKinds[o.Type]; drawn {
					b.edge(n, b.resourceNode(o, nodeKinds[o.Type]), References, "", model.Range{})
				}
			}
		}
	}
}

// finish sorts everything into a stable order.
func (b *builder) finish() *Graph {
	g := b.g
	sort.Slice(g.Nodes, func(i, j int) bool { return g.Nodes[i].ID < g.Nodes[j].ID })
	sort.Slice(g.Edges, func(i, j int) bool {
		a, c := g.Edges[i], g.Edges[j]
		if a.From != c.From {
			return a.From < c.From
		}
		if a.To != c.To {
			return a.To < c.To
		}
		return a.Kind < c.Kind
	})
	used := map[string]bool{}
	for _, n := range g.Nodes {
		used[n.Group] = true
	}
	for id, gi := range b.groups {
		if used[id] {
			g.Groups = append(g.Groups, gi)
		}
	}
	sort.Slice(g.Groups, func(i, j int) bool { return g.Groups[i].ID < g.Groups[j].ID })
	if g.Groups == nil {
		g.Groups = []*GroupInfo{}
	}
	if g.Nodes == nil {
		g.Nodes = []*Node{}
	}
	if g.Edges == nil {
		g.Edges = []*Edge{}
	}
	if g.Findings == nil {
		g.Findings = []*Finding{}
	}
	return g
}
