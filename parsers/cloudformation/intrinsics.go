package cloudformation

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// intrinsic is one intrinsic function: how to evaluate a call, and what it
// takes, for the diagnostic when a call does not fit.
type intrinsic struct {
	eval  func(t *template, c call) *model.Value
	shape string
}

// call is one use of an intrinsic function.
type call struct {
	name string      // the long form: Fn::GetAtt
	arg  *node       // the argument, its short-form tag removed
	at   *node       // the whole call
	rng  model.Range // the whole call, tag included
}

var intrinsics = map[string]intrinsic{
	"Ref":              {(*template).fnRef, "the name of a parameter, a pseudo parameter or a resource"},
	"Condition":        {(*template).fnCondition, "the name of a condition"},
	"Fn::GetAtt":       {(*template).fnGetAtt, `a logical ID and an attribute name: "Resource.Attribute" or [Resource, Attribute]`},
	"Fn::Sub":          {(*template).fnSub, "a string, or a string and a map of variables: [String, {Name: Value}]"},
	"Fn::Join":         {(*template).fnJoin, "a delimiter and a list: [Delimiter, [Values]]"},
	"Fn::Select":       {(*template).fnSelect, "an index and a list: [Index, [Values]]"},
	"Fn::Split":        {(*template).fnSplit, "a delimiter and a string: [Delimiter, String]"},
	"Fn::If":           {(*template).fnIf, "a condition name and two values: [Condition, IfTrue, IfFalse]"},
	"Fn::Equals":       {(*template).fnEquals, "two values: [Value1, Value2]"},
	"Fn::And":          {(*template).fnAnd, "a list of 2 to 10 conditions"},
	"Fn::Or":           {(*template).fnOr, "a list of 2 to 10 conditions"},
	"Fn::Not":          {(*template).fnNot, "a list of one condition"},
	"Fn::Base64":       {(*template).fnBase64, "a string"},
	"Fn::Cidr":         {(*template).fnCidr, "an address block, a count and a size: [IpBlock, Count, CidrBits]"},
	"Fn::FindInMap":    {(*template).fnFindInMap, "a map name and two keys: [MapName, TopLevelKey, SecondLevelKey]"},
	"Fn::GetAZs":       {(*template).fnGetAZs, "a region"},
	"Fn::ImportValue":  {(*template).fnImportValue, "the name of an export"},
	"Fn::Transform":    {(*template).fnTransform, "a macro, {Name: Macro, Parameters: {...}}, or a list of them"},
	"Fn::Length":       {(*template).fnLength, "a list"},
	"Fn::ToJsonString": {(*template).fnToJSONString, "a value"},
}

// shortForms maps YAML's short-form tags to the long form of the function.
var shortForms = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition", "!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub", "!Join": "Fn::Join",
	"!Select": "Fn::Select", "!Split": "Fn::Split", "!If": "Fn::If", "!Equals": "Fn::Equals", "!And": "Fn::And",
	"!Or": "Fn::Or", "!Not": "Fn::Not", "!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr", "!FindInMap": "Fn::FindInMap",
	"!GetAZs": "Fn::GetAZs", "!ImportValue": "Fn::ImportValue", "!Transform": "Fn::Transform",
}

// args returns the elements of a list argument that has lo to hi of them.
func (c call) args(lo, hi int) ([]*node, bool) {
	if c.arg.kind != sequenceNode || c.arg.tag != "" || len(c.arg.elems) < lo || len(c.arg.elems) > hi {
		return nil, false
	}
	return c.arg.elems, true
}

// badShape reports a call whose argument does not fit the function. The
// value is unknown, carrying whatever the argument reads.
func (t *template) badShape(c call) *model.Value {
	t.d.errorAt(c.at, c.name+" takes "+t.fns[c.name].shape,
		"CloudFormation rejects the template; iamlint treats the value as unknown.")
	return unknown(c.rng, t.value(c.arg).AllRefs()...)
}

func (t *template) fnRef(c call) *model.Value {
	name, ok := c.arg.str()
	if !ok || name == "" {
		return t.badShape(c)
	}
	return t.ref(name, c.rng)
}

func (t *template) fnCondition(c call) *model.Value {
	if inner := c.arg.get("Condition"); inner != nil && len(c.arg.pairs) == 1 {
		// {Condition: {Condition: Name}}, as the SAM transform writes it.
		return t.fnCondition(call{name: c.name, arg: inner, at: c.at, rng: c.rng})
	}
	name, ok := c.arg.str()
	if !ok {
		return t.badShape(c)
	}
	return t.condition(name, c.at)
}

// fnGetAtt reads a resource attribute: unknown, with a reference to the
// resource and the attribute.
func (t *template) fnGetAtt(c call) *model.Value {
	if s, ok := c.arg.str(); ok {
		id, attr, found := strings.Cut(s, ".")
		if !found || id == "" || attr == "" {
			return t.badShape(c)
		}
		return unknown(c.rng, model.Ref{Subject: id, Kind: model.RefResource, Name: id, Attr: attr, Range: c.rng})
	}
	args, ok := c.args(2, 2)
	if !ok {
		return t.badShape(c)
	}
	id, ok := args[0].str()
	if !ok || id == "" {
		return t.badShape(c)
	}
	// The attribute name may itself be a Ref to a parameter.
	attr := t.value(args[1])
	ref := model.Ref{Subject: id, Kind: model.RefResource, Name: id, Range: c.rng}
	ref.Attr, _ = attr.AsString()
	return unknown(c.rng, append([]model.Ref{ref}, attr.AllRefs()...)...)
}

func (t *template) fnJoin(c call) *model.Value {
	args, ok := c.args(2, 2)
	if !ok {
		return t.badShape(c)
	}
	delim, list := t.value(args[0]), t.value(args[1])
	refs := refsOf(delim, list)
	sep, ok := scalarText(delim)
	if !ok || list.Kind != model.List {
		return unknown(c.rng, refs...)
	}
	parts := make([]string, len(list.Elems))
	size, known := 0, true
	var holes []int
	for i, e := range list.Elems {
		if i > 0 {
			size += len(sep)
		}
		s, ok := scalarText(e)
		if !ok {
			// What is known of a part joins the pattern: CDK writes every
			// ARN as ["arn:", {Ref: AWS::Partition}, ":iam::111122223333:root"].
			known = false
			if e.Kind == model.Unknown && e.Pattern != "" {
				s = e.Pattern
				for _, h := range e.Holes {
					holes = append(holes, size+h)
				}
			} else {
				s = "*"
				holes = append(holes, size)
			}
		}
		size += len(s)
		if size > maxStringBytes {
			return unknown(c.rng, refs...)
		}
		parts[i] = s
	}
	if !known {
		u := unknown(c.rng, refs...)
		u.Pattern, u.Holes = strings.Join(parts, sep), holes
		return u
	}
	return &model.Value{Kind: model.String, Str: strings.Join(parts, sep), Range: c.rng, Refs: refs}
}

// fnSelect picks an element: the element itself, with its own range and
// references, when the index and the list are known.
func (t *template) fnSelect(c call) *model.Value {
	args, ok := c.args(2, 2)
	if !ok {
		return t.badShape(c)
	}
	index, list := t.value(args[0]), t.value(args[1])
	if s, ok := scalarText(index); ok && list.Kind == model.List {
		if i, err := strconv.Atoi(s); err == nil && i >= 0 && i < len(list.Elems) {
			return list.Elems[i]
		}
	}
	return unknown(c.rng, refsOf(index, list)...)
}

func (t *template) fnSplit(c call) *model.Value {
	args, ok := c.args(2, 2)
	if !ok {
		return t.badShape(c)
	}
	delim, source := t.value(args[0]), t.value(args[1])
	refs := refsOf(delim, source)
	sep, ok1 := scalarText(delim)
	s, ok2 := scalarText(source)
	if !ok1 || !ok2 || sep == "" {
		return unknown(c.rng, refs...)
	}
	list := &model.Value{Kind: model.List, Range: c.rng}
	for _, e := range strings.Split(s, sep) {
		list.Elems = append(list.Elems, &model.Value{Kind: model.String, Str: e, Range: c.rng, Refs: refs})
	}
	return list
}

// fnIf is the chosen branch when the condition is known, else an unknown
// that carries the references of both branches.
func (t *template) fnIf(c call) *model.Value {
	args, ok := c.args(3, 3)
	if !ok {
		return t.badShape(c)
	}
	name, ok := args[0].str()
	if !ok {
		return t.badShape(c)
	}
	cond := t.condition(name, args[0])
	if args[0].typ == typeBool {
		cond = scalarValue(args[0], t.rng(args[0])) // !If [true, ...]: the SAM transform accepts it
	}
	yes, no := t.value(args[1]), t.value(args[2])
	if cond.Kind == model.Bool {
		if cond.Bool {
			return yes
		}
		return no
	}
	return unknown(c.rng, refsOf(yes, no)...)
}

func (t *template) fnEquals(c call) *model.Value {
	args, ok := c.args(2, 2)
	if !ok {
		return t.badShape(c)
	}
	a, b := t.value(args[0]), t.value(args[1])
	sa, okA := scalarText(a)
	sb, okB := scalarText(b)
	if !okA || !okB {
		return unknown(c.rng, refsOf(a, b)...)
	}
	return &model.Value{Kind: model.Bool, Bool: sa == sb, Range: c.rng, Refs: refsOf(a, b)}
}

// fnAnd and fnOr short-circuit on a known operand: false for And, true
// for Or decides whatever the others are.
func (t *template) fnAnd(c call) *model.Value { return t.logic(c, 2, 10, false) }
func (t *template) fnOr(c call) *model.Value  { return t.logic(c, 2, 10, true) }

func (t *template) fnNot(c call) *model.Value {
	v := t.logic(c, 1, 1, true)
	if v.Kind == model.Bool {
		v.Bool = !v.Bool
	}
	return v
}

// logic folds conditions with Or (decider true) or And (decider false).
func (t *template) logic(c call, lo, hi int, decider bool) *model.Value {
	args, ok := c.args(lo, hi)
	if !ok {
		return t.badShape(c)
	}
	known := true
	var refs []model.Ref
	for _, a := range args {
		v := t.condArg(a)
		refs = append(refs, v.AllRefs()...)
		switch {
		case v.Kind != model.Bool:
			known = false
		case v.Bool == decider:
			return &model.Value{Kind: model.Bool, Bool: decider, Range: c.rng, Refs: refs}
		}
	}
	if !known {
		return unknown(c.rng, refs...)
	}
	return &model.Value{Kind: model.Bool, Bool: !decider, Range: c.rng, Refs: refs}
}

// condArg evaluates an operand of Fn::And, Fn::Or or Fn::Not, where
// {Condition: Name} names a condition (elsewhere it is an ordinary
// property called Condition, as in an IAM policy statement).
func (t *template) condArg(n *node) *model.Value {
	if n.kind == mappingNode && n.tag == "" && len(n.pairs) == 1 && n.pairs[0].key.text == "Condition" {
		return t.fnCondition(call{name: "Condition", arg: n.pairs[0].value, at: n, rng: t.rng(n)})
	}
	return t.value(n)
}

func (t *template) fnBase64(c call) *model.Value {
	v := t.value(c.arg)
	s, ok := scalarText(v)
	if !ok || base64.StdEncoding.EncodedLen(len(s)) > maxStringBytes {
		return unknown(c.rng, v.AllRefs()...)
	}
	return &model.Value{Kind: model.String, Str: base64.StdEncoding.EncodeToString([]byte(s)), Range: c.rng, Refs: v.AllRefs()}
}

// fnCidr is unknown: no rule needs address blocks.
func (t *template) fnCidr(c call) *model.Value {
	args, ok := c.args(3, 3)
	if !ok {
		return t.badShape(c)
	}
	var refs []model.Ref
	for _, a := range args {
		refs = append(refs, t.value(a).AllRefs()...)
	}
	return unknown(c.rng, refs...)
}

// fnFindInMap reads the Mappings section when the keys are known. The
// fourth argument of the AWS::LanguageExtensions form, {DefaultValue: v},
// is the value for missing keys.
func (t *template) fnFindInMap(c call) *model.Value {
	args, ok := c.args(3, 4)
	if !ok {
		return t.badShape(c)
	}
	var keys []string
	var refs []model.Ref
	known := true
	for _, a := range args[:3] {
		v := t.value(a)
		refs = append(refs, v.AllRefs()...)
		s, ok := scalarText(v)
		known = known && ok
		keys = append(keys, s)
	}
	if known {
		if n := t.mappings.get(keys[0]).get(keys[1]).get(keys[2]); n != nil {
			return t.mapValue(n)
		}
		if len(args) == 4 {
			if def := args[3].get("DefaultValue"); def != nil {
				return t.value(def)
			}
		}
	}
	return unknown(c.rng, refs...)
}

// mapValue evaluates an entry of Mappings once, however often it is read.
func (t *template) mapValue(n *node) *model.Value {
	if v, ok := t.mapValues[n]; ok {
		return v
	}
	v := t.value(n)
	t.mapValues[n] = v
	return v
}

// fnGetAZs is an unknown list.
func (t *template) fnGetAZs(c call) *model.Value {
	return unknown(c.rng, t.value(c.arg).AllRefs()...)
}

// fnImportValue reads an output of another stack: unknown, with a
// reference that names the export when the name is known. Build links it
// to the exporting output when that template is in the scan.
func (t *template) fnImportValue(c call) *model.Value {
	name := t.value(c.arg)
	ref := model.Ref{Subject: "Fn::ImportValue", Kind: model.RefImport, Range: c.rng}
	if s, ok := scalarText(name); ok {
		ref.Attr = s
	}
	return unknown(c.rng, ref)
}

// fnTransform is unknown: a macro's output is known only once it runs. It
// takes a macro, or a list of them.
func (t *template) fnTransform(c call) *model.Value {
	macros := []*node{c.arg}
	if c.arg.kind == sequenceNode {
		macros = c.arg.elems
	}
	for _, m := range macros {
		if m.kind != mappingNode || m.get("Name") == nil {
			return t.badShape(c)
		}
	}
	return unknown(c.rng)
}

func (t *template) fnLength(c call) *model.Value {
	v := t.value(c.arg)
	if v.Kind != model.List {
		return unknown(c.rng, v.AllRefs()...)
	}
	n := len(v.Elems)
	return &model.Value{Kind: model.Number, Num: float64(n), Str: strconv.Itoa(n), Range: c.rng, Refs: v.AllRefs()}
}

func (t *template) fnToJSONString(c call) *model.Value {
	v := t.value(c.arg)
	b, err := json.Marshal(plain(v))
	if !v.Known() || err != nil || len(b) > maxStringBytes {
		return unknown(c.rng, v.AllRefs()...)
	}
	return &model.Value{Kind: model.String, Str: string(b), Range: c.rng, Refs: v.AllRefs()}
}

// plain converts a known value to Go values for encoding/json.
func plain(v *model.Value) any {
	switch v.Kind {
	case model.String:
		return v.Str
	case model.Number:
		return json.Number(v.Str)
	case model.Bool:
		return v.Bool
	case model.List:
		out := make([]any, len(v.Elems))
		for i, e := range v.Elems {
			out[i] = plain(e)
		}
		return out
	case model.Object:
		out := make(map[string]any, len(v.Attrs))
		for _, a := range v.Attrs {
			out[a.Name] = plain(a.Value)
		}
		return out
	}
	return nil
}
