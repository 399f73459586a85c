package terraform

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/iamlint/iamlint/parsers/model"
)

// bodyValue turns a block body into an Object value: attributes and nested
// blocks in source order. Native syntax keeps blocks apart from attributes;
// JSON has no schema here, so its nested blocks arrive as object attributes,
// which rules read the same way through model.Value.Get.
func (b *builder) bodyValue(body hcl.Body, rng hcl.Range) *model.Value {
	v := &model.Value{Kind: model.Object, Range: b.rng(rng)}
	if nb, ok := body.(*hclsyntax.Body); ok {
		for _, a := range nb.Attributes {
			v.Attrs = append(v.Attrs, &model.Attr{Name: a.Name, NameRange: b.rng(a.NameRange), Value: b.exprValue(a.Expr)})
		}
		for _, blk := range nb.Blocks {
			v.Attrs = append(v.Attrs, b.blockAttr(blk))
		}
		sortAttrs(v.Attrs)
		return v
	}
	attrs, diags := body.JustAttributes()
	b.addDiags(diags)
	for _, a := range attrs {
		if a.Name == "dynamic" {
			v.Attrs = append(v.Attrs, b.jsonDynamic(a)...)
			continue
		}
		v.Attrs = append(v.Attrs, &model.Attr{Name: a.Name, NameRange: b.rng(a.NameRange), Value: b.exprValue(a.Expr)})
	}
	sortAttrs(v.Attrs)
	return v
}

// blockAttr converts a nested block. A dynamic block becomes the block it
// generates, marked Dynamic, with its content as the body.
func (b *builder) blockAttr(blk *hclsyntax.Block) *model.Attr {
	if blk.Type == "dynamic" && len(blk.Labels) == 1 {
		a := &model.Attr{Name: blk.Labels[0], NameRange: b.rng(blk.LabelRanges[0]), Block: true, Dynamic: true, Iterator: blk.Labels[0]}
		if it, ok := blk.Body.Attributes["iterator"]; ok {
			if name := hcl.ExprAsKeyword(it.Expr); name != "" {
				a.Iterator = name
			}
		}
		// The content reads the iterator; the for_each, outside it, does not.
		a.Value = &model.Value{Kind: model.Object, Range: b.rng(blk.Range())}
		b.iterators = append(b.iterators, a.Iterator)
		for _, inner := range blk.Body.Blocks {
			if inner.Type == "content" {
				a.Value = b.bodyValue(inner.Body, inner.Range())
			}
		}
		b.iterators = b.iterators[:len(b.iterators)-1]
		if fe, ok := blk.Body.Attributes["for_each"]; ok {
			a.ForEach = b.exprValue(fe.Expr)
		}
		return a
	}
	return &model.Attr{
		Name:      blk.Type,
		NameRange: b.rng(blk.TypeRange),
		Labels:    blk.Labels,
		Block:     true,
		Value:     b.bodyValue(blk.Body, blk.Range()),
	}
}

// jsonDynamic reads "dynamic": {"statement": {"content": {...}}} in JSON.
func (b *builder) jsonDynamic(a *hcl.Attribute) []*model.Attr {
	pairs, diags := hcl.ExprMap(a.Expr)
	if diags.HasErrors() {
		return nil
	}
	var out []*model.Attr
	for _, p := range pairs {
		name, ok := b.key(p.Key)
		if !ok {
			continue
		}
		// The content reads the iterator, whose name the generator gives
		// beside it.
		iter := name
		if members, diags := hcl.ExprMap(p.Value); !diags.HasErrors() {
			for _, m := range members {
				if k, _ := b.key(m.Key); k == "iterator" {
					if it, ok := b.exprValue(m.Value).AsString(); ok {
						iter = it
					}
				}
			}
		}
		b.iterators = append(b.iterators, iter)
		gen := b.exprValue(p.Value)
		b.iterators = b.iterators[:len(b.iterators)-1]
		content := gen.Get("content")
		if content == nil {
			content = &model.Value{Kind: model.Object, Range: gen.Range}
		}
		a := &model.Attr{Name: name, NameRange: b.rng(p.Key.Range()), Block: true, Dynamic: true, Value: content, Iterator: name, ForEach: gen.Get("for_each")}
		if it, ok := gen.Get("iterator").AsString(); ok {
			a.Iterator = it
		}
		out = append(out, a)
	}
	return out
}

func sortAttrs(attrs []*model.Attr) {
	// Insertion order from a map is random; the name's position is not.
	for i := 1; i < len(attrs); i++ {
		for j := i; j > 0 && attrs[j].NameRange.Less(attrs[j-1].NameRange); j-- {
			attrs[j], attrs[j-1] = attrs[j-1], attrs[j]
		}
	}
}

// exprValue converts an expression. Object and tuple constructors keep a
// range per member; anything else is evaluated as a whole, and carries the
// references it reads.
func (b *builder) exprValue(expr hcl.Expression) *model.Value {
	rng := b.rng(expr.Range())
	if pairs, diags := hcl.ExprMap(expr); !diags.HasErrors() {
		v := &model.Value{Kind: model.Object, Range: rng}
		for _, p := range pairs {
			name, ok := b.key(p.Key)
			a := &model.Attr{Name: name, NameRange: b.rng(p.Key.Range()), Value: b.exprValue(p.Value)}
			if !ok {
				a.NamePattern = b.pattern(unwrapKey(p.Key))
			}
			v.Attrs = append(v.Attrs, a)
		}
		return v
	}
	if elems, diags := hcl.ExprList(expr); !diags.HasErrors() {
		v := &model.Value{Kind: model.List, Range: rng}
		for _, e := range elems {
			v.Elems = append(v.Elems, b.exprValue(e))
		}
		return v
	}
	v := fromCty(b.eval(expr), rng)
	if v.Kind == model.Unknown {
		v.Pattern, v.Holes = b.patternHoles(expr)
	}
	for _, t := range expr.Variables() {
		v.Refs = append(v.Refs, b.ref(t))
	}
	v.Refs = b.annotateTemplates(expr, v.Refs)
	return v
}

// unwrapKey returns the expression an object constructor's key wraps.
func unwrapKey(expr hcl.Expression) hcl.Expression {
	if k, ok := expr.(*hclsyntax.ObjectConsKeyExpr); ok {
		return k.Wrapped
	}
	return expr
}

// key reads an object key: a bare word, or an expression that evaluates to a
// known string.
func (b *builder) key(expr hcl.Expression) (string, bool) {
	if kw := hcl.ExprAsKeyword(expr); kw != "" {
		return kw, true
	}
	k := b.eval(expr)
	if k.IsKnown() && !k.IsNull() && k.Type() == cty.String {
		return k.AsString(), true
	}
	return "", false
}

// fromCty converts an evaluated value. Every part gets the range of the
// expression it came from: a computed value has no finer source.
func fromCty(v cty.Value, rng model.Range) *model.Value {
	v, _ = v.UnmarkDeep()
	out := &model.Value{Range: rng}
	switch {
	case !v.IsKnown():
		out.Kind = model.Unknown
	case v.IsNull():
		out.Kind = model.Null
	case v.Type() == cty.String:
		out.Kind, out.Str = model.String, v.AsString()
	case v.Type() == cty.Number:
		out.Kind = model.Number
		out.Num, out.Str = numberText(v)
	case v.Type() == cty.Bool:
		out.Kind, out.Bool = model.Bool, v.True()
	case v.Type().IsListType() || v.Type().IsTupleType() || v.Type().IsSetType():
		out.Kind = model.List
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out.Elems = append(out.Elems, fromCty(e, rng))
		}
	case v.Type().IsMapType() || v.Type().IsObjectType():
		out.Kind = model.Object
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out.Attrs = append(out.Attrs, &model.Attr{Name: k.AsString(), NameRange: rng, Value: fromCty(e, rng)})
		}
	default:
		out.Kind = model.Unknown
	}
	return out
}

// ref converts a traversal into the address it reads. The subject is the
// addressable object (var.x, aws_iam_user.u, data.t.n, module.m); an index
// right after it is kept apart, and the rest becomes Attr.
func (b *builder) ref(t hcl.Traversal) model.Ref {
	r := model.Ref{Range: b.rng(t.SourceRange())}
	steps := []string{t.RootName()}
	rest := t[1:]
	// How many attribute steps belong to the subject.
	want := 1
	switch t.RootName() {
	case "data":
		want = 2
	}
	for want > 0 && len(rest) > 0 {
		a, ok := rest[0].(hcl.TraverseAttr)
		if !ok {
			break
		}
		steps = append(steps, a.Name)
		rest, want = rest[1:], want-1
	}
	r.Subject = strings.Join(steps, ".")
	r.Kind, r.Name = b.refKind(t.RootName(), r.Subject, len(steps) > 1)
	if len(rest) > 0 {
		if idx, ok := rest[0].(hcl.TraverseIndex); ok && isResourceRoot(t.RootName()) {
			r.Index = indexText(idx.Key)
			rest = rest[1:]
		}
	}
	var attr strings.Builder
	for _, s := range rest {
		switch s := s.(type) {
		case hcl.TraverseAttr:
			if attr.Len() > 0 {
				attr.WriteByte('.')
			}
			attr.WriteString(s.Name)
		case hcl.TraverseIndex:
			attr.WriteString(indexText(s.Key))
		case hcl.TraverseSplat:
			attr.WriteString("[*]")
		}
	}
	r.Attr = attr.String()
	return r
}

// refKind says what a reference with this root and subject reads, and
// its name. member is false for
// a bare root (each, var), which reads nothing the rules follow. A dynamic
// block's iterator in scope hides a root of the same name, as in
// Terraform.
func (b *builder) refKind(root, subject string, member bool) (kind model.RefKind, name string) {
	if !member {
		return model.RefOther, ""
	}
	rest := subject[len(root)+1:]
	for i := len(b.iterators) - 1; i >= 0; i-- {
		if b.iterators[i] == root {
			if rest == "key" {
				return model.RefIteratorKey, root
			}
			return model.RefIterator, root
		}
	}
	switch root {
	case "var":
		return model.RefVariable, rest
	case "local":
		return model.RefLocal, rest
	case "module":
		return model.RefModule, rest
	case model.ForEachIterator:
		if rest == "key" {
			return model.RefIteratorKey, root
		}
		return model.RefIterator, root
	case "count":
		return model.RefIteratorKey, root
	case "path", "terraform", "self":
		return model.RefOther, ""
	case "data":
		return model.RefData, subject
	}
	return model.RefResource, subject
}

// isResourceRoot reports whether a traversal root names a resource, data
// source or module call, whose instances (count, for_each) an index
// selects: module.app[0].secret reads output secret of an instance.
func isResourceRoot(root string) bool {
	switch root {
	case "var", "local", "path", "terraform", "count", "each", "self":
		return false
	}
	return true
}

// numberText is a number as a float and as Terraform prints it. Most
// numbers in configurations are small integers, and big.Float's Text is
// slow enough to show in profiles, so those take strconv.
func numberText(v cty.Value) (float64, string) {
	bf := v.AsBigFloat()
	f, _ := bf.Float64()
	if i, acc := bf.Int64(); acc == big.Exact {
		return f, strconv.FormatInt(i, 10)
	}
	return f, bf.Text('f', -1)
}

func indexText(k cty.Value) string {
	switch {
	case !k.IsKnown() || k.IsNull():
		return "[*]"
	case k.Type() == cty.String:
		return fmt.Sprintf("[%q]", k.AsString())
	case k.Type() == cty.Number:
		_, text := numberText(k)
		return "[" + text + "]"
	}
	return "[*]"
}

// pattern is what is known of an unknown string template: its literal
// parts and known interpolations, "*" for the rest.
func (b *builder) pattern(expr hcl.Expression) string {
	p, _ := b.patternHoles(expr)
	return p
}

// patternHoles is pattern, with the offsets of the "*" that stand for
// unknown parts (model.Value.Holes).
func (b *builder) patternHoles(expr hcl.Expression) (string, []int) {
	tmpl, ok := expr.(*hclsyntax.TemplateExpr)
	if !ok {
		return "", nil
	}
	var out strings.Builder
	var holes []int
	for _, part := range tmpl.Parts {
		v := b.eval(part)
		if v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
			out.WriteString(v.AsString())
		} else {
			holes = append(holes, out.Len())
			out.WriteString("*")
		}
	}
	return out.String(), holes
}
