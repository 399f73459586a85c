package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// Evaluation runs code from the scanned files, so it is bounded: a few
// lines of HCL can ask for a billion values (setproduct of three
// range(1024)s, nested for expressions, locals that double a string at each
// step). Whatever would exceed these limits evaluates to unknown, which is
// always safe for the rules.
const (
	maxValueElems  = 10000   // elements in one value, counted through nesting
	maxValueBytes  = 1 << 20 // bytes of string in one value
	maxForNesting  = 2       // for expressions inside for expressions
	maxProductSize = maxValueElems
)

// tooBig reports whether v exceeds the value limits.
func tooBig(v cty.Value) bool {
	elems, bytes := 0, 0
	var walk func(cty.Value) bool
	walk = func(v cty.Value) bool {
		if !v.IsKnown() || v.IsNull() {
			return false
		}
		v, _ = v.Unmark()
		ty := v.Type()
		switch {
		case ty == cty.String:
			bytes += len(v.AsString())
			return bytes > maxValueBytes
		case ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType() || ty.IsObjectType():
			for it := v.ElementIterator(); it.Next(); {
				elems++
				if elems > maxValueElems {
					return true
				}
				if _, e := it.Element(); walk(e) {
					return true
				}
			}
		}
		return false
	}
	return walk(v)
}

// tooDeep reports whether expr nests for expressions beyond maxForNesting.
func tooDeep(expr hcl.Expression) bool {
	syn, ok := expr.(hclsyntax.Expression)
	if !ok {
		return false
	}
	w := &forDepth{}
	_ = hclsyntax.Walk(syn, w) // the walker reports no diagnostics
	return w.max > maxForNesting
}

// forDepth is an hclsyntax.Walker measuring for-expression nesting.
type forDepth struct{ depth, max int }

func (w *forDepth) Enter(n hclsyntax.Node) hcl.Diagnostics {
	if _, ok := n.(*hclsyntax.ForExpr); ok {
		w.depth++
		w.max = max(w.max, w.depth)
	}
	return nil
}

func (w *forDepth) Exit(n hclsyntax.Node) hcl.Diagnostics {
	if _, ok := n.(*hclsyntax.ForExpr); ok {
		w.depth--
	}
	return nil
}

// boundedSetProduct is setproduct refusing products above maxProductSize.
func boundedSetProduct(inner function.Function) function.Function {
	return function.New(&function.Spec{
		VarParam: &function.Parameter{Name: "sets", Type: cty.DynamicPseudoType},
		Type: func(args []cty.Value) (cty.Type, error) {
			return inner.ReturnType(typesOf(args))
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			size := 1
			for _, a := range args {
				if a.IsKnown() && !a.IsNull() && a.CanIterateElements() {
					size *= a.LengthInt()
				}
				if size > maxProductSize {
					return cty.DynamicVal, errTooBig
				}
			}
			return inner.Call(args)
		},
	})
}

func typesOf(args []cty.Value) []cty.Type {
	tys := make([]cty.Type, len(args))
	for i, a := range args {
		tys[i] = a.Type()
	}
	return tys
}

type limitError struct{}

func (limitError) Error() string { return "value too large to evaluate" }

var errTooBig error = limitError{}
