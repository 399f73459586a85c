package rules

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules/keymaterial"
)

// The credential flow analysis (design.md "Credential flow") answers one
// question for IAM101-IAM105: which key material reaches which sink, and
// through what. Nodes are the addressable values of each module instance
// (locals, variables, module outputs); an edge is a reference from a value
// to the node it reads. Reachability is computed backwards from each sink,
// memoized per node and field, so every node is evaluated once per
// instance: time is linear in the size of the graph.

// maxModuleDepth bounds module nesting: a module tree deeper than this is
// almost certainly recursive, and recursion would never end.
const maxModuleDepth = 16

// instance is one module in one place of the module tree: the same
// directory called twice is two instances with their own inputs.
type instance struct {
	mod      *model.Module
	path     string // "" for a root, module.app, module.app.module.db
	parent   *instance
	call     *model.Resource // the module block in the parent
	children map[string]*instance
}

func (in *instance) isRoot() bool { return in.parent == nil }

// source is where key material comes from.
type source struct {
	id    string // identity, for one finding per (sink, source)
	label string // `access key "aws_iam_access_key.deploy"`
	rng   model.Range
	key   *model.Resource // the access key, nil for a literal or a name
	part  keyPart
}

// taint is one way a value carries key material: a chain of hops ending at
// the source. Chains share their tails, so memoized results cost nothing
// to extend.
type taint struct {
	src     *source
	hop     *model.Hop // nil for a step that adds nothing to show
	next    *taint
	carrier bool // hop is the reference in the sink's own expression
}

// flowFinding is a key reaching a sink.
type flowFinding struct {
	sink    sink
	owner   *model.Resource // the resource or output holding the sink
	address string
	carrier model.Range // where the key material is in the sink
	src     *source
	path    []model.Hop // source first
}

// flows is the analysis of one project, computed once and shared by the
// rules that need it.
type flows struct {
	once    sync.Once
	project *model.Project
	sinks   []sink // the sink table with the configured sinks; nil means the built-in one
	found   []flowFinding
	covered map[*model.Resource]bool // keys that reach a sink
	memo    map[nodeKey][]*taint
	busy    map[nodeKey]bool
	indexes map[*model.Module]*moduleIndex
	// templates finds the instance of a CloudFormation template by file:
	// a nested stack's parameter is written in its parent.
	templates map[string]*instance
	// each is the for_each of the block being evaluated: each.key and
	// each.value read it. Locals and outputs cannot use each, so one
	// scope at a time is enough.
	each *eachScope
	// iterators are the dynamic blocks around the value being evaluated,
	// innermost last.
	iterators []iterator
	// smtpKeys are the keys read only as SES SMTP credentials anywhere.
	smtpKeys   map[*model.Resource]bool
	literals   map[string]*source
	notes      []model.Diagnostic
	noted      map[*model.Resource]bool
	unfollowed []*model.Resource // module calls not in the scan whose outputs a sink reads
}

// moduleIndex finds a module's locals, variables, outputs and resources by
// name in constant time, so that following a reference never scans.
type moduleIndex struct {
	locals    map[string]*model.Local
	variables map[string]*model.Variable
	outputs   map[string]*model.Output
	resources map[string]*model.Resource
}

func (f *flows) index(m *model.Module) *moduleIndex {
	if idx, ok := f.indexes[m]; ok {
		return idx
	}
	idx := &moduleIndex{
		locals:    make(map[string]*model.Local, len(m.Locals)),
		variables: make(map[string]*model.Variable, len(m.Variables)),
		outputs:   make(map[string]*model.Output, len(m.Outputs)),
		resources: make(map[string]*model.Resource, len(m.Resources)),
	}
	for _, l := range m.Locals {
		idx.locals[l.Name] = l
	}
	for _, v := range m.Variables {
		idx.variables[v.Name] = v
	}
	for _, o := range m.Outputs {
		idx.outputs[o.Name] = o
	}
	for _, r := range m.Resources {
		if _, dup := idx.resources[r.Address]; !dup {
			idx.resources[r.Address] = r
		}
	}
	f.indexes[m] = idx
	return idx
}

// eachScope is the for_each of a resource or module call, and the
// instance its expression is evaluated in.
type eachScope struct {
	in      *instance
	forEach *model.Value
	owner   string
}

// withEach evaluates fn with the for_each of owner in scope.
func (f *flows) withEach(in *instance, owner *model.Resource, fn func()) {
	saved := f.each
	f.each = nil
	if owner != nil {
		if fe := owner.Attr("for_each"); fe != nil {
			f.each = &eachScope{in: in, forEach: fe, owner: owner.Address}
		}
	}
	fn()
	f.each = saved
}

type nodeKey struct {
	in    *instance
	kind  string // local, var, output
	name  string
	field string
}

// analyze runs the analysis on first use.
func (f *flows) analyze() {
	f.once.Do(func() {
		f.memo = map[nodeKey][]*taint{}
		f.busy = map[nodeKey]bool{}
		f.indexes = map[*model.Module]*moduleIndex{}
		f.literals = map[string]*source{}
		f.noted = map[*model.Resource]bool{}
		f.covered = map[*model.Resource]bool{}
		f.smtpKeys = smtpOnlyKeys(f.project)
		all, limits := instances(f.project)
		f.notes = append(f.notes, limits...)
		f.templates = map[string]*instance{}
		for _, in := range all {
			if in.mod.Language == model.CloudFormation {
				f.templates[in.mod.File] = in
			}
		}
		for _, in := range all {
			f.sinksOf(in)
		}
		f.found = dedupeFlows(f.found)
		f.moduleNotes()
		for _, ff := range f.found {
			if ff.src.key != nil {
				f.covered[ff.src.key] = true
			}
		}
	})
}

// instances expands the module tree of every root: a Terraform module that
// no other scanned module calls through a local source. A module reached
// from no root (a cycle of calls) becomes a root of its own, so nothing is
// left unanalyzed. A call that closes a cycle, or lies deeper than
// maxModuleDepth, is not followed, and a note says so.
func instances(p *model.Project) ([]*instance, []model.Diagnostic) {
	byDir := map[string]*model.Module{}
	for _, m := range p.Modules {
		if m.Language == model.Terraform {
			byDir[filepath.Clean(m.Dir)] = m
		}
	}
	called := map[*model.Module]bool{}
	for _, m := range p.Modules {
		for _, call := range moduleCalls(m) {
			if child := byDir[localSource(m, call)]; child != nil && child != m {
				called[child] = true
			}
		}
	}
	// childOf resolves a call: a local source by its directory, any other
	// through the manifest terraform init left in the root module.
	childOf := func(in *instance, call *model.Resource) *model.Module {
		if dir := localSource(in.mod, call); dir != "" {
			return byDir[dir]
		}
		root := in
		for root.parent != nil {
			root = root.parent
		}
		return byDir[root.mod.Installed[installKey(in.path, call.Name)]]
	}
	var all []*instance
	var notes []model.Diagnostic
	noted := map[*model.Resource]bool{}
	note := func(call *model.Resource, summary string) {
		if !noted[call] {
			noted[call] = true
			notes = append(notes, model.Diagnostic{Severity: model.Note, Summary: summary, Range: call.Range})
		}
	}
	seen := map[*model.Module]bool{}
	var expand func(in *instance, depth int)
	expand = func(in *instance, depth int) {
		all = append(all, in)
		seen[in.mod] = true
		in.children = map[string]*instance{}
		for _, call := range moduleCalls(in.mod) {
			child := childOf(in, call)
			switch {
			case child == nil:
				continue
			case onPath(in, child):
				note(call, fmt.Sprintf("module %s calls a module already on its call path (%s), a cycle Terraform rejects; it is not followed", quote(call.Name), child.Dir))
				continue
			case depth >= maxModuleDepth:
				note(call, fmt.Sprintf("module %s is nested more than %d modules deep; what flows through it is not followed", quote(call.Name), maxModuleDepth))
				continue
			}
			ci := &instance{mod: child, path: joinPath(in.path, call.Address), parent: in, call: call}
			in.children[call.Name] = ci
			expand(ci, depth+1)
		}
	}
	// Installed modules are never roots: they are analyzed only where a
	// scanned module calls them.
	for _, m := range p.Modules {
		if !called[m] && !m.Vendored {
			expand(&instance{mod: m}, 0)
		}
	}
	for _, m := range p.Modules {
		if !seen[m] && !m.Vendored {
			expand(&instance{mod: m}, 0)
		}
	}
	return all, notes
}

// installKey is the key terraform init gives a module in modules.json: the
// call names from the root, joined by dots (a, a.b).
func installKey(parentPath, call string) string {
	var names []string
	for _, part := range strings.Split(parentPath, ".") {
		if part != "" && part != "module" {
			names = append(names, part)
		}
	}
	return strings.Join(append(names, call), ".")
}

func moduleCalls(m *model.Module) []*model.Resource {
	var calls []*model.Resource
	for _, r := range m.Resources {
		if r.Mode == model.ModuleCall {
			calls = append(calls, r)
		}
	}
	return calls
}

// localSource resolves a module call's source to a directory when it is a
// local path ("./x", "../x"), or "" for a registry or git module.
func localSource(m *model.Module, call *model.Resource) string {
	src, ok := call.Attr("source").AsString()
	if !ok || (!strings.HasPrefix(src, "./") && !strings.HasPrefix(src, "../")) {
		return ""
	}
	return filepath.Clean(filepath.Join(m.Dir, src))
}

func onPath(in *instance, m *model.Module) bool {
	for ; in != nil; in = in.parent {
		if in.mod == m {
			return true
		}
	}
	return false
}

func joinPath(parent, addr string) string {
	if parent == "" {
		return addr
	}
	return parent + "." + addr
}

// sinksOf finds the sinks of one instance and what reaches them. An
// installed module's own sinks are not the user's code and are skipped.
func (f *flows) sinksOf(in *instance) {
	if in.mod.Vendored {
		return
	}
	for _, r := range in.mod.Resources {
		if r.Mode != model.Managed || r.Instances == 0 {
			continue // count = 0: switched off
		}
		for _, s := range f.sinkTable() {
			if !matchesType(s.types, r.Type) {
				continue
			}
			body := r.Body
			if s.meta {
				body = r.Meta
			}
			for _, v := range valuesAt(body, s.path, s.labels) {
				f.report(in, s, r, r.Address, v)
			}
		}
		if r.Type == "aws_iam_access_key" {
			f.pgpHandOver(r)
		}
	}
	if in.isRoot() && in.mod.Language == model.Terraform {
		for _, o := range in.mod.Outputs {
			s := sink{rule: "IAM104", what: "root module output %s", fix: fixExport}
			f.report(in, s, nil, "output."+o.Name, o.Value)
		}
	}
	// Every output of a stack is readable by whoever can describe it,
	// nested or not; an export hands it to every stack of the account.
	if in.mod.Language == model.CloudFormation {
		for _, o := range in.mod.Outputs {
			s := sink{rule: "IAM104", what: "stack output %s", fix: fixExport}
			if name, ok := o.Export.AsString(); ok {
				s.what = "stack output %s (exported as " + quote(name) + ")"
			}
			f.report(in, s, nil, "Outputs."+o.Name, o.Value)
		}
	}
}

// pgpHandOver reports a key encrypted with pgp_key: made to be handed to
// someone outside the configuration.
func (f *flows) pgpHandOver(key *model.Resource) {
	a := key.Body.GetAttr("pgp_key")
	if a == nil || a.Value.IsNull() {
		return
	}
	src := keySource(key, partWhole)
	f.found = append(f.found, flowFinding{
		sink:    sink{rule: "IAM104", verb: "is encrypted with pgp_key to be handed over", fix: fixExport},
		owner:   key,
		address: key.Address,
		carrier: attrRange(a),
		src:     src,
	})
}

func matchesType(types []string, t string) bool {
	for _, x := range types {
		if x == t || x == "*" {
			return true
		}
	}
	return false
}

// valuesAt returns the values at path in body: every repeated block, every
// list element; "*" is any member and "**" everything below.
func valuesAt(v *model.Value, path, labels []string) []*model.Value {
	if v == nil {
		return nil
	}
	if len(path) == 0 {
		return []*model.Value{v}
	}
	if v.Kind == model.List {
		var out []*model.Value
		for _, e := range v.Elems {
			out = append(out, valuesAt(e, path, labels)...)
		}
		return out
	}
	if path[0] == "**" {
		return []*model.Value{v}
	}
	var out []*model.Value
	for _, a := range v.Attrs {
		if path[0] != "*" && a.Name != path[0] {
			continue
		}
		if len(labels) > 0 && (len(a.Labels) == 0 || !contains(labels, a.Labels[0])) {
			continue
		}
		out = append(out, valuesAt(a.Value, path[1:], nil)...)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// report records every source that reaches the sink value v.
func (f *flows) report(in *instance, s sink, owner *model.Resource, address string, v *model.Value) {
	if v == nil {
		return
	}
	var taints []*taint
	f.withEach(in, owner, func() {
		// A sink inside a dynamic block reads its iterator.
		saved := f.iterators
		if owner != nil {
			f.iterators = append(slices.Clip(f.iterators), enclosingIterators(in, owner.Body, v.Range)...)
		}
		taints = f.value(in, v)
		taints = append(taints, f.envNameSources(in, v)...)
		f.iterators = saved
	})
	for _, t := range dedupeTaints(taints) {
		if t.src.key != nil && f.smtpKeys[t.src.key] {
			continue // SES SMTP credentials: no role can replace them
		}
		path, carrier := chain(t)
		if carrier.IsZero() {
			carrier = v.Range
		}
		f.found = append(f.found, flowFinding{sink: s, owner: owner, address: address, carrier: carrier, src: t.src, path: path})
	}
}

// chain lists a taint's hops from the source to the sink, and the range
// of the carrier: the outermost reference, inside the sink's expression.
func chain(t *taint) ([]model.Hop, model.Range) {
	var hops []model.Hop
	var carrier model.Range
	for ; t != nil; t = t.next {
		if t.hop != nil {
			hops = append(hops, *t.hop)
		}
		if t.carrier && carrier.IsZero() {
			carrier = t.hop.Range
		}
	}
	// Collected sink first; the flow reads source first.
	for i, j := 0, len(hops)-1; i < j; i, j = i+1, j-1 {
		hops[i], hops[j] = hops[j], hops[i]
	}
	return hops, carrier
}

// value returns the key material v carries: literal keys in its text and
// whatever its references carry.
func (f *flows) value(in *instance, v *model.Value) []*taint {
	var out []*taint
	var walk func(x *model.Value)
	walk = func(x *model.Value) {
		if x == nil {
			return
		}
		if s, ok := x.AsString(); ok && len(x.Refs) == 0 {
			if src := f.literalSource(s, x.Range); src != nil {
				out = append(out, &taint{src: src})
			}
		}
		for _, ref := range x.Refs {
			out = append(out, f.ref(in, ref)...)
		}
		for _, e := range x.Elems {
			walk(e)
		}
		for _, a := range x.Attrs {
			if a.Dynamic && a.ForEach != nil {
				// The content of a dynamic block reads its for_each
				// through the iterator.
				f.iterators = append(f.iterators, iterator{name: a.Iterator, in: in, forEach: a.ForEach})
				walk(a.Value)
				f.iterators = f.iterators[:len(f.iterators)-1]
				continue
			}
			walk(a.Value)
		}
	}
	walk(v)
	return out
}

// iterator is a dynamic block's iterator in scope: its name and the
// for_each it reads.
type iterator struct {
	name    string
	in      *instance
	forEach *model.Value
}

// literalSource recognises a hard-coded key ID in a known string. The
// documentation example keys are not sources: they are not anyone's key.
func (f *flows) literalSource(s string, rng model.Range) *source {
	m := keymaterial.KeyIDPattern.FindStringSubmatch(s)
	if m == nil || keymaterial.IsExampleKeyID(m[1]) {
		return nil
	}
	id := "literal\x00" + rng.File + fmt.Sprint(rng.Start.Byte)
	if src, ok := f.literals[id]; ok {
		return src
	}
	src := &source{id: id, label: fmt.Sprintf("hard-coded access key %s", quote(m[1])), rng: rng}
	f.literals[id] = src
	return src
}

// ref returns what one reference carries. The reference itself is the
// carrier (where a finding points); the hops of its own expression, such as
// the template variable of templatefile() it feeds, come after it.
func (f *flows) ref(in *instance, ref model.Ref) []*taint {
	// A nested stack's parameter is bound to an expression of its parent
	// template: its references are the parent's.
	if in.mod.Language == model.CloudFormation && ref.Range.File != "" && ref.Range.File != in.mod.File {
		if parent := f.templates[ref.Range.File]; parent != nil {
			in = parent
		}
	}
	label := ref.String()
	if ref.Subject == "Fn::ImportValue" {
		label = "Fn::ImportValue " + ref.Attr
	}
	carrier := &model.Hop{Label: label, Range: ref.Range}
	fields := fieldPath(ref.Attr)
	var out []*taint
	add := func(inner []*taint, after *model.Hop) {
		for _, t := range inner {
			t = &taint{src: t.src, hop: carrier, next: t, carrier: true}
			if after != nil {
				t = &taint{src: t.src, hop: after, next: t}
			}
			for i := range ref.Via {
				t = &taint{src: t.src, hop: &ref.Via[i], next: t}
			}
			out = append(out, t)
		}
	}
	if ref.Template == nil {
		add(f.subject(in, ref, fields), nil)
		return out
	}
	names := make([]string, 0, len(ref.Template.Vars))
	for name := range ref.Template.Vars {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		hop := &model.Hop{Label: fmt.Sprintf("template variable ${%s} of %s", name, filepath.Base(ref.Template.Path)), Range: ref.Template.Vars[name]}
		add(f.subject(in, ref, append(fields[:len(fields):len(fields)], name)), hop)
	}
	return out
}

// subject follows a reference to the node it reads.
func (f *flows) subject(in *instance, ref model.Ref, fields []string) []*taint {
	if in.mod.Language == model.CloudFormation {
		return f.templateSubject(in, ref, fields)
	}
	kind, name, ok := strings.Cut(ref.Subject, ".")
	if !ok {
		return nil
	}
	for i := len(f.iterators) - 1; i >= 0; i-- {
		if it := f.iterators[i]; it.name == kind {
			if name == "key" {
				return nil // the element's key or index, not its value
			}
			// The for_each is evaluated outside its own block: an
			// iterator that names itself cannot loop.
			saved := f.iterators
			f.iterators = f.iterators[:i:i]
			out := f.value(it.in, it.forEach)
			f.iterators = saved
			return wrap(out, &model.Hop{Label: "for_each of dynamic " + kind, Range: it.forEach.Range})
		}
	}
	switch kind {
	case "each":
		// each.value: what the block's for_each iterates; each.key is
		// only a name or an index.
		if f.each == nil || name == "key" {
			return nil
		}
		hop := &model.Hop{Label: "for_each of " + f.each.owner, Range: f.each.forEach.Range}
		return wrap(f.value(f.each.in, f.each.forEach), hop)
	case "local":
		return f.node(in, "local", name, fields)
	case "var":
		return f.node(in, "var", name, fields)
	case "module":
		if in.children[name] == nil {
			// Only an output that may hold credentials by its name is
			// worth a note: bucket_arn cannot be a key.
			if len(fields) == 0 || slices.ContainsFunc(fields, model.MayNameSecret) {
				f.notFollowed(in, name)
			}
			return nil
		}
		if len(fields) == 0 {
			return f.wholeModule(in, name)
		}
		return f.node(in, "module."+name, fields[0], fields[1:])
	case "aws_iam_access_key":
		key := f.index(in.mod).resources[ref.Subject]
		if key == nil {
			return nil
		}
		part := partWhole
		if len(fields) > 0 {
			p, isKey := keyAttrs[fields[0]]
			if !isKey {
				return nil // user, status, create_date: not key material
			}
			part = p
		}
		return []*taint{{src: keySource(key, part)}}
	case "data":
		if strings.HasPrefix(name, "template_file.") && len(fields) > 0 && fields[0] == "rendered" {
			if r := f.index(in.mod).resources[ref.Subject]; r != nil {
				return f.value(in, r.Attr("vars"))
			}
		}
	case "terraform_data":
		if len(fields) > 0 && fields[0] == "output" {
			if r := f.index(in.mod).resources[ref.Subject]; r != nil {
				return f.value(in, r.Attr("input"))
			}
		}
	}
	return nil
}

// notFollowed notes, once per call, that a module whose outputs a value
// reads is not in the scan: a registry or git module that terraform init
// has not installed, or a local one outside the scanned tree.
func (f *flows) notFollowed(in *instance, call string) {
	r := f.index(in.mod).resources["module."+call]
	if r == nil || f.noted[r] {
		return
	}
	f.noted[r] = true
	f.unfollowed = append(f.unfollowed, r)
}

// maxModuleNotes is how many modules not in the scan are noted one by one;
// past it, one note sums them up: a monorepo of registry modules without
// terraform init would otherwise drown the report.
const maxModuleNotes = 5

// moduleNotes turns the modules not followed into notes.
func (f *flows) moduleNotes() {
	sort.Slice(f.unfollowed, func(i, j int) bool { return f.unfollowed[i].Range.Less(f.unfollowed[j].Range) })
	const detail = "Run terraform init so that .terraform/modules/modules.json lists them, or scan their directories too."
	for _, r := range f.unfollowed {
		src, _ := r.Attr("source").AsString()
		if len(f.unfollowed) > maxModuleNotes {
			f.notes = append(f.notes, model.Diagnostic{
				Severity: model.Note,
				Summary: fmt.Sprintf("%d module calls whose outputs reach sinks are not in the scan (%s, source %s, and others), so what flows through them is not followed",
					len(f.unfollowed), quote(r.Address), src),
				Detail: detail,
				Range:  r.Range,
			})
			return
		}
		f.notes = append(f.notes, model.Diagnostic{
			Severity: model.Note,
			Summary:  fmt.Sprintf("module %s (%s) is not in the scan, so what flows through its outputs is not followed", quote(r.Name), src),
			Detail:   detail,
			Range:    r.Range,
		})
	}
}

func (f *flows) wholeModule(in *instance, call string) []*taint {
	child := in.children[call]
	if child == nil {
		return nil
	}
	var out []*taint
	for _, o := range child.mod.Outputs {
		out = append(out, f.node(in, "module."+call, o.Name, nil)...)
	}
	return out
}

// node evaluates a local, a variable or a module output once per instance
// and field.
func (f *flows) node(in *instance, kind, name string, fields []string) []*taint {
	key := nodeKey{in: in, kind: kind, name: name, field: strings.Join(fields, ".")}
	if t, ok := f.memo[key]; ok {
		return t
	}
	if f.busy[key] {
		return nil // a cycle: whatever flows around it is found from its start
	}
	f.busy[key] = true
	var out []*taint
	switch {
	case kind == "local":
		out = f.local(in, name, fields)
	case kind == "var":
		out = f.variable(in, name, fields)
	case strings.HasPrefix(kind, "module."):
		out = f.moduleOutput(in, strings.TrimPrefix(kind, "module."), name, fields)
	}
	out = dedupeTaints(out)
	delete(f.busy, key)
	f.memo[key] = out
	return out
}

func (f *flows) local(in *instance, name string, fields []string) []*taint {
	l := f.index(in.mod).locals[name]
	if l == nil {
		return nil
	}
	hop := &model.Hop{Label: "local." + name, Range: l.Range}
	return wrap(f.value(in, descend(l.Value, fields)), hop)
}

func (f *flows) variable(in *instance, name string, fields []string) []*taint {
	decl := f.index(in.mod).variables[name]
	// A module input: what the caller passes.
	if in.call != nil {
		if a := in.call.Body.GetAttr(name); a != nil {
			hop := &model.Hop{Label: fmt.Sprintf("input %s of %s", name, in.path), Range: attrRange(a)}
			var out []*taint
			f.withEach(in.parent, in.call, func() { out = f.value(in.parent, descend(a.Value, fields)) })
			return wrap(out, hop)
		}
	}
	if decl == nil {
		return nil
	}
	label := "var." + name
	if in.mod.Language == model.CloudFormation {
		label = "parameter " + name
	}
	hop := &model.Hop{Label: label, Range: decl.Range}
	if v := decl.Value(); v != nil {
		if out := f.value(in, descend(v, fields)); len(out) > 0 {
			return wrap(out, hop)
		}
		if s, ok := v.AsString(); ok && s == "" {
			return nil
		}
	}
	// An input set from outside the scan that holds a key by its name.
	if in.isRoot() && keyVariableName(name) {
		return []*taint{{src: &source{
			id:    "var\x00" + decl.Range.File + fmt.Sprint(decl.Range.Start.Byte),
			label: fmt.Sprintf("variable %s, an AWS key by its name,", quote(name)),
			rng:   decl.Range,
		}}}
	}
	return nil
}

func (f *flows) moduleOutput(in *instance, call, output string, fields []string) []*taint {
	child := in.children[call]
	if child == nil {
		return nil
	}
	o := f.index(child.mod).outputs[output]
	if o == nil {
		return nil
	}
	hop := &model.Hop{Label: fmt.Sprintf("output %s of %s", output, child.path), Range: o.Range}
	return wrap(f.value(child, descend(o.Value, fields)), hop)
}

func wrap(ts []*taint, hop *model.Hop) []*taint {
	out := make([]*taint, len(ts))
	for i, t := range ts {
		out[i] = &taint{src: t.src, hop: hop, next: t}
	}
	return out
}

// descend selects a field of a value written as an object or list
// literal; a value iamlint cannot see into is taken whole.
func descend(v *model.Value, fields []string) *model.Value {
	for _, name := range fields {
		switch {
		case v == nil:
			return nil
		case v.Kind == model.Object:
			next := v.Get(name)
			if next == nil {
				return nil
			}
			v = next
		case v.Kind == model.List:
			var i int
			if _, err := fmt.Sscan(name, &i); err != nil || i < 0 || i >= len(v.Elems) {
				return v
			}
			v = v.Elems[i]
		default:
			return v
		}
	}
	return v
}

// fieldPath splits a reference's attribute path: `secret`, `a.b[0]`,
// `["k"].x` into its steps.
func fieldPath(attr string) []string {
	var out []string
	for attr != "" {
		switch attr[0] {
		case '.':
			attr = attr[1:]
		case '[':
			end := strings.IndexByte(attr, ']')
			if end < 0 {
				return out
			}
			out = append(out, strings.Trim(attr[1:end], `"`))
			attr = attr[end+1:]
		default:
			end := strings.IndexAny(attr, ".[")
			if end < 0 {
				end = len(attr)
			}
			out = append(out, attr[:end])
			attr = attr[end:]
		}
	}
	return out
}

func keySource(key *model.Resource, part keyPart) *source {
	return &source{
		id:    "key\x00" + key.Range.File + fmt.Sprint(key.Range.Start.Byte),
		label: fmt.Sprintf("access key %s", quote(key.Address)),
		rng:   key.Range,
		key:   key,
		part:  part,
	}
}

// keyVariableName reports whether an input's name says it holds an AWS
// key: aws_access_key_id, aws_secret_access_key, aws_secret_key, ...
func keyVariableName(name string) bool {
	n := strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(name))
	return strings.Contains(n, "aws") && (strings.Contains(n, "accesskey") || strings.Contains(n, "secretkey") || strings.Contains(n, "secretaccess"))
}

// envNameSources finds entries of an environment, written as a map or as
// name/value pairs, whose name says they hold a key and whose value is not
// empty: AWS_SECRET_ACCESS_KEY = var.anything is key material. An entry
// that already carries a real source is left to that source.
func (f *flows) envNameSources(in *instance, v *model.Value) []*taint {
	var out []*taint
	add := func(name string, val *model.Value) {
		if emptyValue(val) || len(f.value(in, val)) > 0 {
			return
		}
		src := &source{
			id:    "env\x00" + val.Range.File + fmt.Sprint(val.Range.Start.Byte),
			label: fmt.Sprintf("the %s entry", name),
			rng:   val.Range,
		}
		out = append(out, &taint{src: src, hop: &model.Hop{Label: name, Range: val.Range}, carrier: true})
	}
	v.Walk(func(x *model.Value) bool {
		if x.Kind != model.Object {
			return true
		}
		for _, a := range x.Attrs {
			if envKeyNames[a.Name] {
				add(a.Name, a.Value)
			}
		}
		// Name/value pairs: ECS, CodeBuild, Kubernetes (name, value) and
		// CloudFormation (Name, Value).
		for _, pair := range [][2]string{{"name", "value"}, {"Name", "Value"}} {
			if name, ok := x.Get(pair[0]).AsString(); ok && envKeyNames[name] {
				if val := x.Get(pair[1]); val != nil {
					add(name, val)
				}
			}
		}
		return true
	})
	return out
}

func emptyValue(v *model.Value) bool {
	if v.IsNull() {
		return true
	}
	s, ok := v.AsString()
	return ok && s == ""
}

// dedupeTaints keeps the first way each source arrives; an env entry named
// like a key is dropped when real key material already arrives there.
func dedupeTaints(ts []*taint) []*taint {
	seen := map[string]bool{}
	var out []*taint
	for _, t := range ts {
		id := t.src.id
		if t.src.key != nil {
			id = fmt.Sprintf("%s\x00%d", id, t.src.part)
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, t)
		}
	}
	return out
}

// dedupeFlows keeps one finding per (rule, sink, source), however many
// instances of a module or parts of a key (ID and secret) lead there,
// preferring the secret as the carrier to show.
func dedupeFlows(fs []flowFinding) []flowFinding {
	type id struct {
		rule, sink, src string
	}
	best := map[id]int{}
	var out []flowFinding
	for _, ff := range fs {
		sinkID := ff.address + "\x00" + ff.sink.what
		if ff.owner != nil {
			sinkID += fmt.Sprint(ff.owner.Range)
		}
		k := id{ff.sink.rule, sinkID, ff.src.id}
		if i, ok := best[k]; ok {
			if ff.src.part == partSecret && out[i].src.part != partSecret {
				out[i] = ff
			}
			continue
		}
		best[k] = len(out)
		out = append(out, ff)
	}
	return out
}

// templateSubject follows a CloudFormation reference: Ref or GetAtt of an
// access key, Ref of a parameter, and the links the parser made from an
// Fn::ImportValue or a nested stack's Outputs.X to the output that gives
// the value.
func (f *flows) templateSubject(in *instance, ref model.Ref, fields []string) []*taint {
	for _, l := range in.mod.Links {
		if l.Ref.Range != ref.Range || l.Output == nil {
			continue
		}
		target := f.templates[l.Module.File]
		if target == nil {
			continue
		}
		label := fmt.Sprintf("output %s of %s", l.Output.Name, filepath.Base(l.Module.File))
		if name, ok := l.Output.Export.AsString(); ok && ref.Subject == "Fn::ImportValue" {
			label = fmt.Sprintf("export %s (output %s of %s)", quote(name), l.Output.Name, filepath.Base(l.Module.File))
		}
		return wrap(f.value(target, l.Output.Value), &model.Hop{Label: label, Range: l.Output.Range})
	}
	idx := f.index(in.mod)
	if r := idx.resources[ref.Subject]; r != nil {
		if r.Type != "AWS::IAM::AccessKey" {
			return nil
		}
		switch {
		case len(fields) == 0:
			return []*taint{{src: keySource(r, partID)}} // Ref gives the key ID
		case fields[0] == "SecretAccessKey":
			return []*taint{{src: keySource(r, partSecret)}}
		}
		return nil
	}
	if _, ok := idx.variables[ref.Subject]; ok {
		return f.node(in, "var", ref.Subject, fields)
	}
	return nil
}

// enclosingIterators returns the dynamic blocks of body whose content
// contains rng, outermost first.
func enclosingIterators(in *instance, body *model.Value, rng model.Range) []iterator {
	var out []iterator
	var visit func(v *model.Value)
	visit = func(v *model.Value) {
		if v == nil {
			return
		}
		for _, e := range v.Elems {
			visit(e)
		}
		for _, a := range v.Attrs {
			if a.Value == nil || !a.Value.Range.Contains(rng) {
				continue
			}
			if a.Dynamic && a.ForEach != nil {
				out = append(out, iterator{name: a.Iterator, in: in, forEach: a.ForEach})
			}
			visit(a.Value)
		}
	}
	visit(body)
	return out
}
