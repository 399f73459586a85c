package cloudformation

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// maxStringBytes bounds a string computed by Fn::Join, Fn::Sub or
// Fn::Base64: a few lines of template can ask for gigabytes. A longer
// result is unknown, which is always safe for the rules.
const maxStringBytes = 1 << 20

// template evaluates one template into a model.Module.
type template struct {
	file *File
	src  []byte
	d    *diags
	mod  *model.Module
	// fns is the intrinsic function table. It is reached through the
	// template rather than the package variable because the functions in
	// the table call back into evaluation, which Go would report as an
	// initialization cycle.
	fns        map[string]intrinsic
	params     map[string]*param
	mappings   *node
	conditions map[string]*node
	condValues map[string]*model.Value
	condBusy   map[string]bool
	globals    map[string]*model.Value // SAM Globals, by section: Function, Api, ...
	mapValues  map[*node]*model.Value
}

// param is a template parameter and its declared type.
type param struct {
	v   *model.Variable
	typ string
}

func newTemplate(f *File) *template {
	return &template{
		file:       f,
		src:        f.Model.Src,
		d:          &diags{path: f.Path, lines: f.lines},
		mod:        &model.Module{Dir: filepath.Dir(f.Path), File: f.Path, Language: model.CloudFormation},
		fns:        intrinsics,
		params:     map[string]*param{},
		conditions: map[string]*node{},
		condValues: map[string]*model.Value{},
		condBusy:   map[string]bool{},
		globals:    map[string]*model.Value{},
		mapValues:  map[*node]*model.Value{},
	}
}

// build evaluates the template. bindings are the values parent templates
// pass to its parameters.
func (t *template) build(bindings map[string][]*model.Value) {
	root := t.file.root
	t.unique(root, "template section", model.Error)
	t.parameters(root, bindings)
	t.mappings = root.get("Mappings")
	t.unique(t.mappings, "mapping", model.Error)
	var order []string
	for _, p := range t.section(root, "Conditions", "condition") {
		t.conditions[p.key.text] = p.value
		order = append(order, p.key.text)
	}
	for _, p := range t.section(root, "Globals", "Globals section") {
		t.globals[p.key.text] = t.value(p.value)
	}
	t.resources(root)
	t.outputs(root)
	// Conditions no resource uses are still checked.
	for _, name := range order {
		t.condition(name, t.conditions[name])
	}
}

func (t *template) rng(n *node) model.Range { return t.span(n.start, n.end) }

func (t *template) span(start, end int) model.Range {
	return t.file.lines.Range(t.file.Path, start, end)
}

// section returns the entries of a template section, which must be a
// mapping with unique names (what names them: "logical ID").
func (t *template) section(root *node, name, what string) []pair {
	n := root.get(name)
	if n == nil || n.kind == scalarNode && n.typ == typeNull {
		return nil
	}
	if n.kind != mappingNode || n.tag != "" {
		t.d.errorAt(n, fmt.Sprintf("%s must be a mapping", name),
			"CloudFormation rejects the template; iamlint skips this section.")
		return nil
	}
	t.unique(n, what, model.Error)
	return n.pairs
}

// unique reports the keys a mapping repeats. CloudFormation rejects a
// template that repeats a logical ID or any other name of a section; in a
// property it is a mistake at best.
func (t *template) unique(n *node, what string, sev model.Level) {
	if len(n.entries()) < 2 {
		return
	}
	seen := map[string]*node{}
	for _, p := range n.entries() {
		first, dup := seen[p.key.text]
		if !dup {
			seen[p.key.text] = p.key
			continue
		}
		line := t.file.lines.Pos(first.start).Line
		t.d.add(sev, p.key.start, p.key.end, fmt.Sprintf("duplicate %s %q", what, p.key.text),
			fmt.Sprintf("%q is already defined on line %d. Names must be unique; rename or remove one of them.", p.key.text, line))
	}
}

func (t *template) parameters(root *node, bindings map[string][]*model.Value) {
	for _, p := range t.section(root, "Parameters", "parameter") {
		v := &model.Variable{Name: p.key.text, Label: "parameter " + p.key.text, Range: t.rng(p.key)}
		typ, _ := p.value.get("Type").str()
		if def := p.value.get("Default"); def != nil {
			v.Default = t.value(def)
		}
		if s, ok := p.value.get("NoEcho").str(); ok {
			v.Sensitive = strings.EqualFold(s, "true")
		}
		if b := bindings[v.Name]; len(b) > 0 {
			v.Set = mergeBindings(b)
		}
		t.params[v.Name] = &param{v: v, typ: typ}
		t.mod.Variables = append(t.mod.Variables, v)
	}
}

// mergeBindings combines what several parents pass to one parameter: the
// value when they agree, else an unknown that carries every reference.
func mergeBindings(vs []*model.Value) *model.Value {
	first, same := vs[0], true
	s0, ok0 := scalarText(first)
	for _, v := range vs[1:] {
		s, ok := scalarText(v)
		same = same && ok0 && ok && s == s0
	}
	if same {
		return first
	}
	var refs []model.Ref
	for _, v := range vs {
		refs = append(refs, v.AllRefs()...)
	}
	return unknown(first.Range, refs...)
}

// directivePrefixes start the tags and keys of template preprocessors
// (rain's !Rain::Embed, Rain::Module), which expand them into plain
// CloudFormation before deployment. iamlint reads what they produce as
// unknown, without complaint.
var directivePrefixes = []string{"!Rain::", "Rain::"}

func isDirective(n *node) bool {
	if n == nil {
		return false
	}
	name := n.tag
	if name == "" && len(n.entries()) == 1 {
		name = n.pairs[0].key.text
	}
	for _, p := range directivePrefixes {
		if name != "" && strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// forEachPrefix starts the key of an Fn::ForEach loop of the
// AWS::LanguageExtensions transform, which generates resources.
const forEachPrefix = "Fn::ForEach::"

func (t *template) resources(root *node) {
	for _, p := range t.section(root, "Resources", "logical ID") {
		if strings.HasPrefix(p.key.text, forEachPrefix) {
			t.d.add(model.Note, p.key.start, p.key.end, "resources generated by Fn::ForEach are not checked",
				"iamlint does not expand the AWS::LanguageExtensions loop; the resources it generates are not in the scan.")
			continue
		}
		t.mod.Resources = append(t.mod.Resources, t.resource(p.key, p.value))
	}
	model.SortResources(t.mod.Resources)
}

// samPrefix starts the types of SAM resources, whose Globals section
// supplies defaults.
const samPrefix = "AWS::Serverless::"

func (t *template) resource(key, def *node) *model.Resource {
	r := &model.Resource{Mode: model.Managed, Name: key.text, Address: key.text, Range: t.rng(key), Instances: 1,
		Extent: t.span(key.start, max(key.end, def.end))}
	if def.kind != mappingNode || def.tag != "" {
		t.d.errorAt(key, fmt.Sprintf("resource %q must be a mapping with a Type", key.text), "CloudFormation rejects the template.")
		r.Body = &model.Value{Kind: model.Object, Range: r.Range}
		return r
	}
	t.unique(def, "resource attribute", model.Error)
	typeNode := def.get("Type")
	typ, ok := typeNode.str()
	switch {
	case ok:
	case isDirective(typeNode):
		t.d.add(model.Note, key.start, key.end, fmt.Sprintf("resource %q is a module of a template preprocessor", key.text),
			"iamlint does not expand modules (rain's Rain::Module); check the packaged template, or the module itself.")
	default:
		t.d.errorAt(key, fmt.Sprintf("resource %q has no Type", key.text),
			"Every resource needs a Type such as AWS::IAM::Role; CloudFormation rejects the template.")
	}
	r.Type = typ
	r.Body = t.properties(def.get("Properties"), r.Range)
	if m := def.get("Metadata"); m != nil {
		r.Meta = t.value(m)
	}
	if c := def.get("Condition"); c != nil {
		if name, ok := c.str(); ok {
			// Conditions are evaluated from parameter defaults, which a
			// deployment may override: a false one is not certain.
			if v := t.condition(name, c); v.Kind == model.Bool && !v.Bool {
				r.Instances = model.UnknownInstances
			}
		}
	}
	if g := t.globals[strings.TrimPrefix(typ, samPrefix)]; g != nil && strings.HasPrefix(typ, samPrefix) {
		r.Body = mergeGlobals(r.Body, g)
	}
	r.Policies = policies(r, t.d)
	return r
}

// properties evaluates a resource's Properties: always an Object, empty
// when there are none.
func (t *template) properties(n *node, at model.Range) *model.Value {
	if n == nil {
		return &model.Value{Kind: model.Object, Range: at}
	}
	v := t.value(n)
	if v.Kind != model.Object {
		return &model.Value{Kind: model.Object, Range: v.Range}
	}
	return v
}

func (t *template) outputs(root *node) {
	for _, p := range t.section(root, "Outputs", "output") {
		o := &model.Output{Name: p.key.text, Range: t.rng(p.key)}
		if v := p.value.get("Value"); v != nil {
			o.Value = t.value(v)
		}
		if e := p.value.get("Export").get("Name"); e != nil {
			o.Export = t.value(e)
		}
		t.mod.Outputs = append(t.mod.Outputs, o)
	}
}

// condition evaluates a named condition once: a known Bool, or unknown.
// A condition that is not defined, or that depends on itself, is unknown:
// as in Terraform, an evaluation error is neither a finding nor a
// diagnostic; template validators report it.
func (t *template) condition(name string, at *node) *model.Value {
	if v, ok := t.condValues[name]; ok {
		return v
	}
	n, ok := t.conditions[name]
	if !ok || t.condBusy[name] {
		return unknown(t.rng(at))
	}
	t.condBusy[name] = true
	v := t.value(n)
	delete(t.condBusy, name)
	if v.Kind != model.Bool {
		v = unknown(v.Range, v.AllRefs()...)
	}
	t.condValues[name] = v
	return v
}

// value evaluates a node: literals keep their own ranges, intrinsic
// functions are computed when their arguments are known.
func (t *template) value(n *node) *model.Value {
	rng := t.rng(n)
	switch {
	case n.kind == brokenNode:
		return unknown(rng)
	case n.tag != "":
		return t.shortForm(n, rng)
	case n.kind == scalarNode:
		return scalarValue(n, rng)
	case n.kind == sequenceNode:
		v := &model.Value{Kind: model.List, Range: rng}
		for _, e := range n.elems {
			v.Elems = append(v.Elems, t.value(e))
		}
		return v
	}
	if len(n.pairs) == 1 {
		if name := n.pairs[0].key.text; name == "Ref" || strings.HasPrefix(name, "Fn::") {
			return t.call(name, n.pairs[0].value, n, rng)
		}
		if isDirective(n) {
			return unknown(rng) // expanded by a preprocessor before deployment
		}
	}
	t.unique(n, "key", model.Warning)
	v := &model.Value{Kind: model.Object, Range: rng}
	for _, p := range n.pairs {
		v.Attrs = append(v.Attrs, &model.Attr{Name: p.key.text, NameRange: t.rng(p.key), Value: t.value(p.value)})
	}
	return v
}

func scalarValue(n *node, rng model.Range) *model.Value {
	v := &model.Value{Kind: model.String, Str: n.text, Range: rng}
	switch n.typ {
	case typeNumber:
		if f, err := strconv.ParseFloat(n.text, 64); err == nil {
			v.Kind, v.Num = model.Number, f
		}
	case typeBool:
		v.Kind, v.Bool = model.Bool, strings.EqualFold(n.text, "true")
	case typeNull:
		v.Kind, v.Str = model.Null, ""
	}
	return v
}

// shortForm evaluates a tagged node as the intrinsic function its tag
// stands for.
func (t *template) shortForm(n *node, rng model.Range) *model.Value {
	arg := *n
	arg.tag = ""
	name, ok := shortForms[n.tag]
	if !ok && isDirective(n) {
		return unknown(rng) // expanded by a preprocessor before deployment
	}
	if !ok {
		t.d.add(model.Error, n.start, min(n.start+len(n.tag), n.end), fmt.Sprintf("unknown tag %q", n.tag),
			"CloudFormation knows the short forms "+knownTags()+"; anything else is rejected. iamlint treats the value as unknown.")
		return unknown(rng, t.value(&arg).AllRefs()...)
	}
	return t.call(name, &arg, n, rng)
}

func knownTags() string {
	tags := make([]string, 0, len(shortForms))
	for tag := range shortForms {
		tags = append(tags, tag)
	}
	sort.Strings(tags)
	return strings.Join(tags, " ")
}

func (t *template) call(name string, arg, at *node, rng model.Range) *model.Value {
	fn, ok := t.fns[name]
	if !ok {
		t.d.errorAt(at, fmt.Sprintf("unknown intrinsic function %q", name),
			"CloudFormation rejects the template; iamlint treats the value as unknown.")
		return unknown(rng, t.value(arg).AllRefs()...)
	}
	return fn.eval(t, call{name: name, arg: arg, at: at, rng: rng})
}

// ref evaluates Ref Name: a parameter's value (known when it has a
// default or a parent template sets it), AWS::NoValue (null), or else an
// unknown that names what it reads: a resource, a pseudo parameter.
func (t *template) ref(name string, rng model.Range) *model.Value {
	r := model.Ref{Subject: name, Range: rng}
	if p := t.params[name]; p != nil {
		r.Kind, r.Name = model.RefVariable, name
		return p.read(r)
	}
	if name == "AWS::NoValue" {
		return &model.Value{Kind: model.Null, Range: rng, Refs: []model.Ref{r}}
	}
	if !strings.HasPrefix(name, "AWS::") {
		r.Kind, r.Name = model.RefResource, name // a pseudo parameter reads nothing of the template
	}
	return unknown(rng, r)
}

// read is the value a Ref to the parameter yields. An SSM parameter type's
// default names the SSM parameter, not its value, so that is unknown; a
// list type's default is split at its commas.
func (p *param) read(r model.Ref) *model.Value {
	v := p.v.Value()
	s, ok := scalarText(v)
	if !ok || strings.HasPrefix(p.typ, "AWS::SSM::Parameter::Value<") {
		return unknown(r.Range, r)
	}
	if p.typ == "CommaDelimitedList" || strings.HasPrefix(p.typ, "List<") {
		list := &model.Value{Kind: model.List, Range: r.Range}
		for _, e := range strings.Split(s, ",") {
			list.Elems = append(list.Elems, &model.Value{Kind: model.String, Str: strings.TrimSpace(e), Range: r.Range, Refs: []model.Ref{r}})
		}
		return list
	}
	out := *v
	out.Range, out.Refs = r.Range, []model.Ref{r}
	return &out
}

func unknown(rng model.Range, refs ...model.Ref) *model.Value {
	return &model.Value{Kind: model.Unknown, Range: rng, Refs: refs}
}

// scalarText is a known scalar as CloudFormation sees it: a string.
func scalarText(v *model.Value) (string, bool) {
	if v == nil || len(v.Elems) > 0 || len(v.Attrs) > 0 {
		return "", false
	}
	switch v.Kind {
	case model.String, model.Number:
		return v.Str, true
	case model.Bool:
		return strconv.FormatBool(v.Bool), true
	}
	return "", false
}

func refsOf(vs ...*model.Value) []model.Ref {
	var refs []model.Ref
	for _, v := range vs {
		refs = append(refs, v.AllRefs()...)
	}
	return refs
}
