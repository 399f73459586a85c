package iackeys

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/iamlint/iamlint/analyzers/internal/gotypes"
)

// The flow is flow-insensitive and field-based: each variable, parameter,
// named result and struct field holds the union of every value assigned to
// it anywhere in the package, and each function's results the union of
// what its return statements give. transfer adds one node's effect to that
// state; run repeats it over the package until nothing changes.

// add records that obj may hold t.
func (s *state) add(obj types.Object, t taint) {
	if obj == nil || t.empty() {
		return
	}
	if _, ok := obj.(*types.Var); !ok {
		return
	}
	old := s.vars[obj]
	if t.subsetOf(old) {
		return
	}
	s.vars[obj] = old.union(t)
	s.changed = true
}

func (s *state) addResult(fn *function, i int, t taint) {
	if fn == nil || i >= len(fn.results) || t.empty() || t.subsetOf(fn.results[i]) {
		return
	}
	fn.results[i] = fn.results[i].union(t)
	s.changed = true
}

// result is what result i of fn may hold: its return statements and, for a
// named result, the variable.
func (s *state) result(fn *function, i int) taint {
	if i >= len(fn.results) {
		return nil
	}
	return fn.results[i].union(s.vars[fn.sig.Results().At(i)])
}

// transfer adds the effect of node n, inside function fn, to the state.
func (s *state) transfer(n ast.Node, fn *function) {
	switch n := n.(type) {
	case *ast.AssignStmt:
		if len(n.Lhs) == len(n.Rhs) {
			for i := range n.Lhs {
				s.assign(n.Lhs[i], s.eval(n.Rhs[i]))
			}
		} else if len(n.Rhs) == 1 {
			for i, t := range s.evalTuple(n.Rhs[0], len(n.Lhs)) {
				s.assign(n.Lhs[i], t)
			}
		}
	case *ast.ValueSpec:
		if len(n.Names) == len(n.Values) {
			for i := range n.Names {
				s.assign(n.Names[i], s.eval(n.Values[i]))
			}
		} else if len(n.Values) == 1 {
			for i, t := range s.evalTuple(n.Values[0], len(n.Names)) {
				s.assign(n.Names[i], t)
			}
		}
	case *ast.RangeStmt:
		t := s.eval(n.X)
		if n.Key != nil {
			s.assign(n.Key, t)
		}
		if n.Value != nil {
			s.assign(n.Value, t)
		}
	case *ast.SendStmt:
		s.assign(n.Chan, s.eval(n.Value))
	case *ast.ReturnStmt:
		if fn == nil {
			return
		}
		if len(n.Results) == len(fn.results) {
			for i, r := range n.Results {
				s.addResult(fn, i, s.eval(r))
			}
		} else if len(n.Results) == 1 {
			for i, t := range s.evalTuple(n.Results[0], len(fn.results)) {
				s.addResult(fn, i, t)
			}
		}
	case *ast.CompositeLit:
		// Field-based: T{F: v} makes field F of every T hold v.
		if st, ok := structOf(s.info.TypeOf(n)); ok {
			for name, v := range gotypes.FieldValues(s.info, n) {
				if f := fieldByName(st, name); f != nil {
					s.add(f, s.eval(v))
				}
			}
		}
	case *ast.CallExpr:
		s.transferCall(n)
	}
}

// assign records that the location lhs may hold t. Assigning to a field,
// an element or through a pointer also taints the variable it belongs to,
// so that passing the whole struct or map passes the key on.
func (s *state) assign(lhs ast.Expr, t taint) {
	if t.empty() {
		return
	}
	switch l := ast.Unparen(lhs).(type) {
	case *ast.Ident:
		if l.Name != "_" {
			s.add(s.info.ObjectOf(l), t)
		}
	case *ast.SelectorExpr:
		if sel := s.info.Selections[l]; sel != nil {
			if sel.Kind() == types.FieldVal {
				s.add(sel.Obj(), t)
			}
			s.assign(l.X, t)
		} else {
			s.add(s.info.ObjectOf(l.Sel), t) // pkg.Var
		}
	case *ast.IndexExpr:
		s.assign(l.X, t)
	case *ast.StarExpr:
		s.assign(l.X, t)
	}
}

// transferCall passes arguments to the parameters of the package's own
// functions and of callbacks, and into mutated receivers and writers.
func (s *state) transferCall(call *ast.CallExpr) {
	if tv, ok := s.info.Types[call.Fun]; ok && tv.IsType() {
		return // a conversion
	}
	recv := s.receiver(call)
	if fn := s.localCallee(call); fn != nil {
		s.bindParams(fn, call.Args)
		if recv != nil && fn.sig.Recv() != nil {
			s.add(fn.sig.Recv(), s.eval(recv))
		}
		return
	}
	callee, _ := typeutil.Callee(s.info, call).(*types.Func)
	if callee != nil {
		key := funcKey(callee)
		if mutators[key] && recv != nil {
			var in taint
			for _, a := range call.Args {
				in = in.union(s.eval(a))
			}
			s.assign(recv, in.material())
		}
		if w, ok := writerFuncs[key]; ok {
			writer := recv
			args := call.Args
			if callee.Signature().Recv() == nil {
				if w >= len(args) {
					return
				}
				writer, args = args[w], append(append([]ast.Expr(nil), args[:w]...), args[w+1:]...)
			}
			var in taint
			for _, a := range args {
				in = in.union(s.eval(a))
			}
			if writer != nil {
				s.assign(writer, in.material())
			}
		}
	}
	// Callbacks given to another package's function (ApplyT, All...)
	// receive what the receiver and the other arguments hold.
	cbs := s.callbacks(call)
	if len(cbs) == 0 {
		return
	}
	var in taint
	if recv != nil {
		in = s.eval(recv)
	}
	for _, a := range call.Args {
		if _, ok := cbs[a]; !ok {
			in = in.union(s.eval(a))
		}
	}
	in = in.material()
	for _, fn := range cbs {
		for i := 0; i < fn.sig.Params().Len(); i++ {
			s.add(fn.sig.Params().At(i), in)
		}
	}
}

// bindParams adds each argument's taint to its parameter.
func (s *state) bindParams(fn *function, args []ast.Expr) {
	params := fn.sig.Params()
	if params.Len() == 0 {
		return
	}
	for i, a := range args {
		p := min(i, params.Len()-1)
		if i >= params.Len() && !fn.sig.Variadic() {
			break
		}
		s.add(params.At(p), s.eval(a))
	}
}

// receiver returns the receiver expression of a method call, or nil.
func (s *state) receiver(call *ast.CallExpr) ast.Expr {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if selection := s.info.Selections[sel]; selection != nil && selection.Kind() == types.MethodVal {
		return sel.X
	}
	return nil
}

// localCallee returns the package's own function a call runs: a declared
// function or method (not through an interface), or a function literal
// called in place.
func (s *state) localCallee(call *ast.CallExpr) *function {
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return s.funcs[lit]
	}
	if fn, ok := typeutil.Callee(s.info, call).(*types.Func); ok {
		return s.funcs[fn.Origin()]
	}
	return nil
}

// callbacks returns the arguments of call that are the package's own
// functions: function literals and references to declared functions.
func (s *state) callbacks(call *ast.CallExpr) map[ast.Expr]*function {
	var out map[ast.Expr]*function
	for _, a := range call.Args {
		var fn *function
		switch x := ast.Unparen(a).(type) {
		case *ast.FuncLit:
			fn = s.funcs[x]
		case *ast.Ident:
			if f, ok := s.info.Uses[x].(*types.Func); ok {
				fn = s.funcs[f.Origin()]
			}
		}
		if fn != nil {
			if out == nil {
				out = map[ast.Expr]*function{}
			}
			out[a] = fn
		}
	}
	return out
}

// eval returns what the value of e may hold.
func (s *state) eval(e ast.Expr) taint {
	if e == nil {
		return nil
	}
	if t, ok := s.cache[e]; ok {
		return t
	}
	s.cache[e] = nil // cut cycles; a later round completes the value
	t := s.evalUncached(e)
	if !canCarry(s.info.TypeOf(e)) {
		t = nil
	}
	s.cache[e] = t
	return t
}

func (s *state) evalUncached(e ast.Expr) taint {
	switch e := e.(type) {
	case *ast.Ident:
		return s.vars[s.info.ObjectOf(e)]
	case *ast.ParenExpr:
		return s.eval(e.X)
	case *ast.SelectorExpr:
		return s.evalSelector(e)
	case *ast.CallExpr:
		return unionAll(s.evalCall(e))
	case *ast.StarExpr:
		return s.eval(e.X)
	case *ast.UnaryExpr:
		if e.Op == token.AND || e.Op == token.ARROW {
			return s.eval(e.X)
		}
	case *ast.BinaryExpr:
		return s.eval(e.X).union(s.eval(e.Y)).material()
	case *ast.IndexExpr:
		if tv, ok := s.info.Types[e.X]; ok && tv.IsValue() {
			return s.eval(e.X)
		}
	case *ast.SliceExpr:
		return s.eval(e.X)
	case *ast.TypeAssertExpr:
		return s.eval(e.X)
	case *ast.CompositeLit:
		var t taint
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				t = t.union(s.eval(kv.Value))
				if _, isMap := s.info.TypeOf(e).Underlying().(*types.Map); isMap {
					t = t.union(s.eval(kv.Key))
				}
				continue
			}
			t = t.union(s.eval(elt))
		}
		return t
	}
	return nil
}

// evalSelector evaluates x.f: a key's material field, a field of the
// package's own struct (field-based), or a part of another package's value
// that holds key material.
func (s *state) evalSelector(e *ast.SelectorExpr) taint {
	sel := s.info.Selections[e]
	if sel == nil {
		return s.vars[s.info.ObjectOf(e.Sel)] // pkg.Var
	}
	if sel.Kind() != types.FieldVal {
		return nil // a method value
	}
	x := s.eval(e.X)
	t := s.vars[sel.Obj()]
	if k, ok := materialFields[e.Sel.Name]; ok {
		t = t.union(x.as(k))
	}
	if obj := gotypes.Named(sel.Recv()); obj == nil || obj.Obj().Pkg() != s.pass.Pkg {
		t = t.union(x.material())
	}
	return t
}

// evalTuple evaluates e for an assignment to n variables.
func (s *state) evalTuple(e ast.Expr, n int) []taint {
	out := make([]taint, n)
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		copy(out, s.evalCall(x))
	case *ast.IndexExpr, *ast.TypeAssertExpr, *ast.UnaryExpr: // v, ok := m[k] / x.(T) / <-ch
		out[0] = s.eval(e)
	}
	if tuple, ok := s.info.TypeOf(e).(*types.Tuple); ok {
		for i := range out {
			if i < tuple.Len() && !canCarry(tuple.At(i).Type()) {
				out[i] = nil
			}
		}
	}
	return out
}

// evalCall returns what each result of call may hold.
func (s *state) evalCall(call *ast.CallExpr) []taint {
	if tv, ok := s.info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			return []taint{s.eval(call.Args[0])}
		}
		return nil
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := s.info.Uses[id].(*types.Builtin); ok {
			if b.Name() == "append" {
				var t taint
				for _, a := range call.Args {
					t = t.union(s.eval(a))
				}
				return []taint{t}
			}
			return nil
		}
	}
	if src, ok := s.srcOf[call]; ok {
		return []taint{of(src, handle)}
	}
	recv := s.receiver(call)
	if recv != nil {
		name := ast.Unparen(call.Fun).(*ast.SelectorExpr).Sel.Name
		if k, ok := materialMethods[name]; ok {
			if h := s.eval(recv).as(k); !h.empty() {
				return []taint{h}
			}
		}
	}
	if fn := s.localCallee(call); fn != nil {
		out := make([]taint, len(fn.results))
		for i := range out {
			out[i] = s.result(fn, i)
		}
		return out
	}
	// Another package's function. A resource constructor returns a
	// resource, not the values it was given; callbacks decide what an
	// ApplyT gives; otherwise the result may hold whatever went in.
	if isResource(s.info.TypeOf(call)) {
		return nil
	}
	if cbs := s.callbacks(call); len(cbs) > 0 {
		var t taint
		for _, fn := range cbs {
			for i := range fn.results {
				t = t.union(s.result(fn, i))
			}
		}
		return []taint{t.material()}
	}
	var t taint
	if recv != nil {
		t = s.eval(recv)
	}
	for _, a := range call.Args {
		t = t.union(s.eval(a))
	}
	return []taint{t.material()}
}

func unionAll(ts []taint) taint {
	var out taint
	for _, t := range ts {
		out = out.union(t)
	}
	return out
}

// canCarry reports whether a value of type t can hold key material: not a
// boolean, a number or an error.
func canCarry(t types.Type) bool {
	if t == nil {
		return true
	}
	if tuple, ok := t.(*types.Tuple); ok {
		for i := 0; i < tuple.Len(); i++ {
			if canCarry(tuple.At(i).Type()) {
				return true
			}
		}
		return false
	}
	if b, ok := t.Underlying().(*types.Basic); ok {
		return b.Info()&types.IsString != 0 || b.Kind() == types.UnsafePointer || b.Kind() == types.UntypedNil || b.Kind() == types.Invalid
	}
	return !types.Identical(t, types.Universe.Lookup("error").Type())
}

// isResource reports whether t is a Pulumi resource (it has URN()) or a CDK
// construct (it has Node()).
func isResource(t types.Type) bool {
	if t == nil {
		return false
	}
	if tuple, ok := t.(*types.Tuple); ok {
		if tuple.Len() == 0 {
			return false
		}
		t = tuple.At(0).Type()
	}
	for _, m := range [...]string{"URN", "Node"} {
		if obj, _, _ := types.LookupFieldOrMethod(t, true, nil, m); obj != nil {
			if _, ok := obj.(*types.Func); ok {
				return true
			}
		}
	}
	return false
}

// structOf returns the struct type behind t (or *t).
func structOf(t types.Type) (*types.Struct, bool) {
	if t == nil {
		return nil, false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	return st, ok
}

func fieldByName(st *types.Struct, name string) *types.Var {
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i).Name() == name {
			return st.Field(i)
		}
	}
	return nil
}
