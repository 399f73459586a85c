package rules

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// Evaluation: what key material a value carries, following its references
// by kind to the nodes they read. Nothing here knows the language a module
// is written in; what differs is data the front-ends set.

// value returns the key material v carries: literal keys in its text,
// whatever its references carry, and, where neither gives any, key
// material known by its name (namedParts).
func (f *flows) value(in *instance, v *model.Value) []*taint {
	var out []*taint
	var walk func(x *model.Value)
	walk = func(x *model.Value) {
		if x == nil {
			return
		}
		before := len(out)
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
		var carried map[*model.Value]bool // the members that carry key material
		for _, a := range x.Attrs {
			at := len(out)
			if a.Dynamic && a.ForEach != nil {
				// The content of a dynamic block reads its for_each
				// through the iterator.
				f.iterators = append(f.iterators, iterator{name: a.Iterator, in: in, forEach: a.ForEach})
				walk(a.Value)
				f.iterators = f.iterators[:len(f.iterators)-1]
			} else {
				walk(a.Value)
			}
			if len(out) > at {
				if carried == nil {
					carried = map[*model.Value]bool{}
				}
				carried[a.Value] = true
			}
		}
		out = append(out, namedParts(x, carried, len(out) > before)...)
	}
	walk(v)
	return out
}

// namedParts is the key material of x known by a name, where nothing else
// is known of it: members named like a key (AWS_SECRET_ACCESS_KEY =
// var.anything), name/value pairs naming one (ECS, CodeBuild, Kubernetes
// and CloudFormation environments, valueFrom of ECS secrets), and text
// that assigns one (export AWS_SECRET_ACCESS_KEY=${...} in user data, a
// container definition written as a JSON heredoc). Found wherever the
// value is evaluated, it flows as any key does: through locals, module
// inputs and templates to the sink. carried are the members whose own
// value carries key material; carries says whether x does.
func namedParts(x *model.Value, carried map[*model.Value]bool, carries bool) []*taint {
	var out []*taint
	named := func(name string, val *model.Value) {
		if !carried[val] && namedValue(val) {
			out = append(out, namedSource(name, val))
		}
	}
	if x.Kind == model.Object {
		for _, a := range x.Attrs {
			if keyEnvName(a.Name) {
				named(a.Name, a.Value)
			}
		}
		for _, pair := range [][2]string{{"name", "value"}, {"Name", "Value"}, {"name", "valueFrom"}, {"Name", "ValueFrom"}} {
			if name, ok := x.Get(pair[0]).AsString(); ok && keyEnvName(name) {
				if val := x.Get(pair[1]); val != nil {
					named(name, val)
				}
			}
		}
	}
	if !carries && len(out) == 0 {
		if name, ok := keyInText(x); ok {
			out = append(out, namedSource(name, x))
		}
	}
	return out
}

// iterator is a dynamic block's iterator in scope: its name and the
// for_each it reads.
type iterator struct {
	name    string
	in      *instance
	forEach *model.Value
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

// ref returns what one reference carries. The reference itself is the
// carrier (where a finding points); the hops of its own expression, such as
// the template variable of templatefile() it feeds, come after it.
func (f *flows) ref(in *instance, ref model.Ref) []*taint {
	// A module that is one file (a template) reads a name in the module
	// of the file the reference is written in: a nested stack's parameter
	// is bound to an expression of its parent template.
	if in.mod.File != "" && ref.Range.File != "" && ref.Range.File != in.mod.File {
		if parent := f.byFile[ref.Range.File]; parent != nil {
			in = parent
		}
	}
	label := ref.String()
	if ref.Kind == model.RefImport {
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

// subject follows a reference to the node it reads: first a link the
// front-end made to an output of another module (an import, a nested
// stack's output), then by its kind.
func (f *flows) subject(in *instance, ref model.Ref, fields []string) []*taint {
	if out, ok := f.link(in, ref); ok {
		return out
	}
	switch ref.Kind {
	case model.RefModule, model.RefResource, model.RefData:
		// Any instance of a counted resource or module ([*], an element
		// of a for_each over it): what the instance holds.
		for len(fields) > 0 && fields[0] == "*" {
			fields = fields[1:]
		}
	}
	switch ref.Kind {
	case model.RefIterator, model.RefIteratorKey:
		return f.iterated(ref, fields)
	case model.RefLocal:
		return f.node(in, nodeLocal, "", ref.Name, fields)
	case model.RefVariable:
		return f.node(in, nodeVariable, "", ref.Name, fields)
	case model.RefModule:
		if in.children[ref.Name] == nil {
			// Only an output that may hold credentials by its name is
			// worth a note: bucket_arn cannot be a key.
			if len(fields) == 0 || slices.ContainsFunc(fields, model.MayNameSecret) {
				f.notFollowed(in, ref.Name)
			}
			return nil
		}
		if len(fields) == 0 {
			return f.wholeModule(in, ref.Name)
		}
		return f.node(in, nodeOutput, ref.Name, fields[0], fields[1:])
	case model.RefResource, model.RefData:
		return f.resource(in, ref, fields)
	}
	return nil
}

// iterated follows a reference to the element a repetition is at: the
// for_each of the innermost dynamic block of that iterator, else the
// for_each of the resource or module call. A key or an index is only a
// name, never key material. A field of the element (each.value.secret)
// is that field of any element the for_each lists.
func (f *flows) iterated(ref model.Ref, fields []string) []*taint {
	element := append([]string{"*"}, fields...)
	for i := len(f.iterators) - 1; i >= 0; i-- {
		if it := f.iterators[i]; it.name == ref.Name {
			if ref.Kind == model.RefIteratorKey {
				return nil
			}
			// The for_each is evaluated outside its own block: an
			// iterator that names itself cannot loop.
			saved := f.iterators
			f.iterators = f.iterators[:i:i]
			out := f.valueAt(it.in, it.forEach, element)
			f.iterators = saved
			return wrap(out, &model.Hop{Label: "for_each of dynamic " + it.name, Range: it.forEach.Range})
		}
	}
	if ref.Kind == model.RefIteratorKey || ref.Name != model.ForEachIterator || f.each == nil {
		return nil
	}
	hop := &model.Hop{Label: "for_each of " + f.each.owner, Range: f.each.forEach.Range}
	return wrap(f.valueAt(f.each.in, f.each.forEach, element), hop)
}

// link follows a reference the front-end linked to an output of another
// module of the scan: an Fn::ImportValue to the output exporting its
// name, a nested stack's Outputs.X to output X of the child template.
func (f *flows) link(in *instance, ref model.Ref) ([]*taint, bool) {
	for _, l := range in.mod.Links {
		if l.Ref.Range != ref.Range || l.Output == nil {
			continue
		}
		target := f.byFile[l.Module.File]
		if target == nil {
			continue
		}
		label := fmt.Sprintf("output %s of %s", l.Output.Name, filepath.Base(l.Module.File))
		if name, ok := l.Output.Export.AsString(); ok && ref.Kind == model.RefImport {
			label = fmt.Sprintf("export %s (output %s of %s)", quote(name), l.Output.Name, filepath.Base(l.Module.File))
		}
		return wrap(f.value(target, l.Output.Value), &model.Hop{Label: label, Range: l.Output.Range}), true
	}
	return nil, false
}

func (f *flows) wholeModule(in *instance, call string) []*taint {
	child := in.children[call]
	if child == nil {
		return nil
	}
	var out []*taint
	for _, o := range child.mod.Outputs {
		out = append(out, f.node(in, nodeOutput, call, o.Name, nil)...)
	}
	return out
}

// nodeKind is what a node of the graph is.
type nodeKind uint8

const (
	nodeLocal nodeKind = iota
	nodeVariable
	nodeOutput // an output of a module call
)

type nodeKey struct {
	in    *instance
	kind  nodeKind
	call  string // the module call of an output
	name  string
	field string
}

// node evaluates a local, a variable or a module output once per instance
// and field.
func (f *flows) node(in *instance, kind nodeKind, call, name string, fields []string) []*taint {
	key := nodeKey{in: in, kind: kind, call: call, name: name, field: strings.Join(fields, ".")}
	if t, ok := f.memo[key]; ok {
		return t
	}
	if f.busy[key] {
		return nil // a cycle: whatever flows around it is found from its start
	}
	f.busy[key] = true
	var out []*taint
	switch kind {
	case nodeLocal:
		out = f.local(in, name, fields)
	case nodeVariable:
		out = f.variable(in, name, fields)
	case nodeOutput:
		out = f.moduleOutput(in, call, name, fields)
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
	label := l.Label
	if label == "" {
		label = name
	}
	hop := &model.Hop{Label: label, Range: l.Range}
	return wrap(f.valueAt(in, l.Value, fields), hop)
}

func (f *flows) variable(in *instance, name string, fields []string) []*taint {
	decl := f.index(in.mod).variables[name]
	// A module input: what the caller passes.
	if in.call != nil {
		if a := in.call.Body.GetAttr(name); a != nil {
			hop := &model.Hop{Label: fmt.Sprintf("input %s of %s", name, in.path), Range: attrRange(a)}
			var out []*taint
			f.withEach(in.parent, in.call, func() { out = f.valueAt(in.parent, a.Value, fields) })
			return wrap(out, hop)
		}
	}
	if decl == nil {
		return nil
	}
	label := decl.Label
	if label == "" {
		label = name
	}
	hop := &model.Hop{Label: label, Range: decl.Range}
	if v := decl.Value(); v != nil {
		if out := f.valueAt(in, v, fields); len(out) > 0 {
			return wrap(out, hop)
		}
		if s, ok := v.AsString(); ok && s == "" || exampleKey(v) {
			return nil
		}
	}
	// An input set from outside the scan that holds a key by its name, or
	// by its use: the provider's or backend's access_key or secret_key.
	if in.isRoot() && (keyVariableName(name) || f.index(in.mod).credentialInputs[name]) {
		why := "an AWS key by its name"
		if !keyVariableName(name) {
			why = "the AWS provider's credential"
		}
		return []*taint{{src: &source{
			id:    "var\x00" + decl.Range.File + fmt.Sprint(decl.Range.Start.Byte),
			label: fmt.Sprintf("variable %s, %s,", quote(name), why),
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
	return wrap(f.valueAt(child, o.Value, fields), hop)
}

func wrap(ts []*taint, hop *model.Hop) []*taint {
	out := make([]*taint, len(ts))
	for i, t := range ts {
		out[i] = &taint{src: t.src, hop: hop, next: t}
	}
	return out
}

// valueAt returns what a field of v carries: the field of a value written
// as an object or list literal, every element for "*" (any element: [*],
// an iterator), and the field of what a lone reference reads
// (var.creds.secret, where the caller passes module.iam.creds: output
// creds's secret). A value iamlint cannot see into is taken whole. So is
// a container the evaluator computed (a conditional, a function of a
// literal: `var.on ? { secret = k.secret } : null`): it carries the
// references of its whole expression, and its parts, unknown, carry none
// of their own, so a part would lose where its value comes from.
func (f *flows) valueAt(in *instance, v *model.Value, fields []string) []*taint {
	for i, name := range fields {
		var next *model.Value
		if v == nil {
			return nil
		}
		if ref, ok := soleRef(v); ok {
			ref.Attr = appendFields(ref.Attr, fields[i:])
			return f.ref(in, ref)
		}
		switch {
		case name == "*" && len(v.Refs) > 0:
			return f.value(in, v) // a computed container: any element is all of it
		case name == "*" && (v.Kind == model.Object || v.Kind == model.List):
			var out []*taint
			for _, e := range v.Elems {
				out = append(out, f.valueAt(in, e, fields[i+1:])...)
			}
			for _, a := range v.Attrs {
				out = append(out, f.valueAt(in, a.Value, fields[i+1:])...)
			}
			return out
		case v.Kind == model.Object:
			if next = v.Get(name); next == nil {
				return nil
			}
		case v.Kind == model.List:
			var idx int
			if _, err := fmt.Sscan(name, &idx); err != nil || idx < 0 || idx >= len(v.Elems) {
				return f.value(in, v)
			}
			next = v.Elems[idx]
		default:
			return f.value(in, v)
		}
		if len(v.Refs) > 0 && lostRefs(next) {
			return f.value(in, v)
		}
		v = next
	}
	return f.value(in, v)
}

// soleRef returns the reference a value is, when the value is nothing
// else: `local.settings`, `!Ref Param`, not `"${local.a}-x"`. (The parts
// the evaluator computed of it, if any, carry no references of their own:
// the container's own are its whole expression's.)
func soleRef(v *model.Value) (model.Ref, bool) {
	if len(v.Refs) != 1 {
		return model.Ref{}, false
	}
	r := v.Refs[0]
	if r.Range != v.Range || r.Template != nil || len(r.Via) > 0 || r.Kind == model.RefImport {
		return model.Ref{}, false
	}
	return r, true
}

// appendFields extends a reference's attribute path by fields, as
// fieldPath reads it back.
func appendFields(attr string, fields []string) string {
	var b strings.Builder
	b.WriteString(attr)
	for _, name := range fields {
		switch {
		case name == "*":
			b.WriteString("[*]")
		case isIdentifier(name):
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(name)
		default:
			fmt.Fprintf(&b, "[%q]", name)
		}
	}
	return b.String()
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		letter := c == '_' || c == '-' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// lostRefs reports whether a part of a computed container knows nothing
// of where it comes from: unknown, with no reference anywhere inside.
func lostRefs(v *model.Value) bool {
	if v.Known() {
		return false
	}
	lost := true
	v.Walk(func(x *model.Value) bool {
		lost = lost && len(x.Refs) == 0
		return lost
	})
	return lost
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
