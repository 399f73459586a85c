package terraform

import (
	"math/big"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/iamlint/iamlint/parsers/model"
)

// The references of an expression, with what the expression reads of each:
// `values(aws_iam_access_key.k)[0].user` reads the attribute user of the
// key's instances, `[for k in aws_iam_access_key.k : k.key_fingerprint]`
// the attribute key_fingerprint, `aws_iam_access_key.k[*].create_date` the
// attribute create_date. hcl's Variables() names only the traversal
// (aws_iam_access_key.k), which would read as the whole key: every
// fingerprint or status derived from a key would carry its secret.
//
// The walker carries the steps the expression around a node applies to its
// value (a suffix) down to the traversals, through the functions whose
// result is (an element of) their argument. Anything it does not know is
// read whole, as before: the refinement only ever narrows what a
// reference reads where the expression says so.

// refsOf returns the references expr reads.
func (b *builder) refsOf(expr hcl.Expression) []model.Ref {
	syn, ok := expr.(hclsyntax.Expression)
	if !ok {
		// JSON syntax: no expression tree to refine.
		var out []model.Ref
		for _, t := range expr.Variables() {
			out = append(out, b.ref(t))
		}
		return out
	}
	w := &refWalker{b: b}
	w.walk(syn, nil)
	return w.out
}

// forScope is a for expression's variables: the value variable reads an
// element of the collection, the key variable only a key or an index.
type forScope struct {
	key, value string
	coll       hclsyntax.Expression
	outer      []forScope // the scopes the collection is evaluated in
}

type refWalker struct {
	b      *builder
	scopes []forScope // innermost last
	out    []model.Ref
}

// elementOf is the step that reads any element of a collection.
var elementOf = hcl.TraverseSplat{}

// rest drops the first step of a suffix that selects an element of a
// collection: the for expression or splat the suffix applies to yields
// the elements its body computes.
func rest(sfx hcl.Traversal) hcl.Traversal {
	if len(sfx) > 0 && selectsElement(sfx[0]) {
		return sfx[1:]
	}
	return sfx
}

func selectsElement(s hcl.Traverser) bool {
	switch s.(type) {
	case hcl.TraverseIndex, hcl.TraverseSplat:
		return true
	}
	return false
}

// anyElement turns a first step that selects one element into one that
// selects any: after concat() or sort(), index 0 is not the argument's 0.
func anyElement(sfx hcl.Traversal) hcl.Traversal {
	if len(sfx) > 0 && selectsElement(sfx[0]) {
		return join(hcl.Traversal{elementOf}, sfx[1:])
	}
	return sfx
}

func join(a, b hcl.Traversal) hcl.Traversal {
	out := make(hcl.Traversal, 0, len(a)+len(b))
	return append(append(out, a...), b...)
}

// Functions whose result is made of their arguments' values.
var (
	// sameShape return (one of) their arguments as they are.
	sameShape = map[string]bool{"try": true, "coalesce": true, "sensitive": true, "nonsensitive": true,
		"tostring": true, "tomap": true, "merge": true}
	// sameElements return a list of their arguments' elements, in another
	// order or number.
	sameElements = map[string]bool{"tolist": true, "toset": true, "concat": true, "compact": true,
		"distinct": true, "reverse": true, "sort": true, "coalescelist": true, "setunion": true, "slice": true}
)

func (w *refWalker) walk(e hclsyntax.Expression, sfx hcl.Traversal) {
	switch e := e.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		w.traversal(e.Traversal, sfx)
	case *hclsyntax.RelativeTraversalExpr:
		w.walk(e.Source, join(e.Traversal, sfx))
	case *hclsyntax.IndexExpr:
		// A key known only when applied selects any element.
		var step hcl.Traverser = elementOf
		if k := w.b.eval(e.Key); k.IsWhollyKnown() && !k.IsNull() {
			step = hcl.TraverseIndex{Key: k}
		}
		w.walk(e.Collection, join(hcl.Traversal{step}, sfx))
		w.walk(e.Key, nil)
	case *hclsyntax.SplatExpr:
		each, ok := anonTraversal(e.Each)
		if !ok {
			w.walk(e.Source, nil)
			return
		}
		w.walk(e.Source, join(join(hcl.Traversal{elementOf}, each), rest(sfx)))
	case *hclsyntax.ParenthesesExpr:
		w.walk(e.Expression, sfx)
	case *hclsyntax.ConditionalExpr:
		w.walk(e.Condition, nil)
		w.walk(e.TrueResult, sfx)
		w.walk(e.FalseResult, sfx)
	case *hclsyntax.FunctionCallExpr:
		w.call(e, sfx)
	case *hclsyntax.ForExpr:
		w.forExpr(e, sfx)
	case *hclsyntax.TupleConsExpr:
		w.tuple(e, sfx)
	case *hclsyntax.ObjectConsExpr:
		w.object(e, sfx)
	case *hclsyntax.ObjectConsKeyExpr:
		if hcl.ExprAsKeyword(e) == "" || e.ForceNonLiteral {
			w.walk(e.Wrapped, nil)
		}
	case *hclsyntax.TemplateWrapExpr:
		w.walk(e.Wrapped, sfx)
	case *hclsyntax.TemplateExpr:
		for _, p := range e.Parts {
			w.walk(p, nil)
		}
	case *hclsyntax.TemplateJoinExpr:
		w.walk(e.Tuple, nil)
	case *hclsyntax.LiteralValueExpr, *hclsyntax.AnonSymbolExpr:
	default:
		// Every other expression (operators, ...) reads its variables whole.
		for _, t := range e.Variables() {
			w.traversal(t, nil)
		}
	}
}

// traversal records a reference, or follows a for expression's variable
// to the collection it iterates over.
func (w *refWalker) traversal(t hcl.Traversal, sfx hcl.Traversal) {
	root := t.RootName()
	for i := len(w.scopes) - 1; i >= 0; i-- {
		s := w.scopes[i]
		switch root {
		case s.key:
			return // a key or an index: a name, never key material
		case s.value:
			saved := w.scopes
			w.scopes = s.outer
			w.walk(s.coll, join(join(hcl.Traversal{elementOf}, t[1:]), sfx))
			w.scopes = saved
			return
		}
	}
	r := w.b.ref(join(t, sfx))
	r.Range = w.b.rng(t.SourceRange())
	w.out = append(w.out, r)
}

// anonTraversal is the traversal a splat applies to each element:
// `x[*].a.b` applies .a.b; false when it is anything else.
func anonTraversal(e hclsyntax.Expression) (hcl.Traversal, bool) {
	switch e := e.(type) {
	case *hclsyntax.AnonSymbolExpr:
		return nil, true
	case *hclsyntax.RelativeTraversalExpr:
		if _, ok := e.Source.(*hclsyntax.AnonSymbolExpr); ok {
			return e.Traversal, true
		}
	}
	return nil, false
}

func (w *refWalker) call(e *hclsyntax.FunctionCallExpr, sfx hcl.Traversal) {
	args := e.Args
	switch {
	case sameShape[e.Name]:
		for _, a := range args {
			w.walk(a, sfx)
		}
	case sameElements[e.Name]:
		for _, a := range args {
			w.walk(a, anyElement(sfx))
		}
	case (e.Name == "one" || e.Name == "element") && len(args) > 0:
		w.walk(args[0], join(hcl.Traversal{elementOf}, sfx))
		for _, a := range args[1:] {
			w.walk(a, nil)
		}
	case e.Name == "values" && len(args) == 1:
		w.walk(args[0], anyElement(sfx))
	case e.Name == "lookup" && len(args) >= 2:
		var key hcl.Traverser = elementOf
		if k := w.b.eval(args[1]); k.IsKnown() && !k.IsNull() && k.Type() == cty.String {
			key = hcl.TraverseIndex{Key: k}
		}
		w.walk(args[0], join(hcl.Traversal{key}, sfx))
		for _, a := range args[2:] {
			w.walk(a, sfx)
		}
	default:
		// An opaque function (jsonencode, join, format, ...): its
		// result is made of whole arguments.
		for _, a := range args {
			w.walk(a, nil)
		}
	}
}

// forExpr reads the collection only through the value variable, where
// the body and the condition use it.
func (w *refWalker) forExpr(e *hclsyntax.ForExpr, sfx hcl.Traversal) {
	saved := w.scopes
	w.scopes = append(w.scopes[:len(w.scopes):len(w.scopes)], forScope{key: e.KeyVar, value: e.ValVar, coll: e.CollExpr, outer: saved})
	if e.KeyExpr != nil {
		w.walk(e.KeyExpr, nil)
	}
	w.walk(e.ValExpr, rest(sfx))
	if e.CondExpr != nil {
		// The condition passes no value on, but what it reads decides how
		// many elements there are, which others read (count, for_each).
		w.walk(e.CondExpr, nil)
	}
	w.scopes = saved
}

func (w *refWalker) tuple(e *hclsyntax.TupleConsExpr, sfx hcl.Traversal) {
	if len(sfx) > 0 {
		if idx, ok := sfx[0].(hcl.TraverseIndex); ok && idx.Key.IsKnown() && !idx.Key.IsNull() && idx.Key.Type() == cty.Number {
			if i, acc := idx.Key.AsBigFloat().Int64(); acc == big.Exact && i >= 0 && int(i) < len(e.Exprs) {
				w.walk(e.Exprs[i], sfx[1:])
				return
			}
		}
	}
	for _, x := range e.Exprs {
		w.walk(x, rest(sfx))
	}
}

func (w *refWalker) object(e *hclsyntax.ObjectConsExpr, sfx hcl.Traversal) {
	name, named := stepName(sfx)
	if !named {
		for _, item := range e.Items {
			w.walk(item.KeyExpr, nil)
			w.walk(item.ValueExpr, rest(sfx))
		}
		return
	}
	for _, item := range e.Items {
		k, known := w.b.key(item.KeyExpr)
		if !known {
			w.walk(item.KeyExpr, nil)
		}
		if !known || k == name {
			w.walk(item.ValueExpr, sfx[1:])
		}
	}
}

// stepName is the member name the first step of a suffix selects.
func stepName(sfx hcl.Traversal) (string, bool) {
	if len(sfx) == 0 {
		return "", false
	}
	switch s := sfx[0].(type) {
	case hcl.TraverseAttr:
		return s.Name, true
	case hcl.TraverseIndex:
		if s.Key.IsKnown() && !s.Key.IsNull() && s.Key.Type() == cty.String {
			return s.Key.AsString(), true
		}
	}
	return "", false
}
