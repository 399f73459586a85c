package iackeys

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/iamlint/iamlint/analyzers/internal/gotypes"
)

// checkSinks reports key material reaching a sink at node n, and notes
// which parts of each key are read.
func (s *state) checkSinks(n ast.Node, _ *function) {
	switch n := n.(type) {
	case *ast.CompositeLit:
		t := s.info.TypeOf(n)
		for _, elt := range n.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			id, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			if sk := fieldSinks[fieldKey(t, id.Name)]; sk != nil {
				s.sinkValue(kv.Value, sk, typeName(t)+"."+id.Name)
			}
		}
	case *ast.AssignStmt:
		if len(n.Lhs) != len(n.Rhs) {
			return
		}
		for i, lhs := range n.Lhs {
			sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
			if !ok {
				continue
			}
			if selection := s.info.Selections[sel]; selection != nil && selection.Kind() == types.FieldVal {
				if sk := fieldSinks[fieldKey(selection.Recv(), sel.Sel.Name)]; sk != nil {
					s.sinkValue(n.Rhs[i], sk, typeName(selection.Recv())+"."+sel.Sel.Name)
				}
			}
		}
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(s.info, n).(*types.Func)
		if !ok {
			return
		}
		if cs, ok := callSinks[funcKey(fn)]; ok && cs.arg < len(n.Args) {
			s.sinkValue(n.Args[cs.arg], cs.sink, callName(n, fn))
		}
	case *ast.SelectorExpr:
		s.noteRead(n.X, n.Sel.Name)
	}
}

// noteRead records that x.name reads a key's secret or SES SMTP password.
func (s *state) noteRead(x ast.Expr, name string) {
	_, isField := materialFields[name]
	if k, ok := materialMethods[name]; ok && k == secret {
		isField = true
	}
	if !isField && !smtpFields[name] {
		return
	}
	for _, src := range s.eval(x).handles().sources() {
		if smtpFields[name] {
			s.sources[src].smtpRead = true
		} else {
			s.sources[src].secretRead = true
		}
	}
}

// sinkValue reports each key whose material value v, given to the sink
// where, holds.
func (s *state) sinkValue(v ast.Expr, sk *sink, where string) {
	t := s.eval(v)
	for _, src := range t.sources() {
		c := s.carrier(v, src)
		ct := s.eval(c)
		what := "access key " + s.sources[src].name
		switch {
		case ct.has(src, secret):
			what = "the secret of " + what
		case ct.has(src, keyID):
			what = "the ID of " + what
		}
		s.sources[src].reached = true
		s.report(sk.rule, sk.level, c.Pos(), c.End(),
			what+" reaches "+sk.what+" through "+where+"; "+sk.fix, s.sources[src])
	}
}

// carrier returns the narrowest expression inside v that carries key src:
// key.Secret inside pulumi.Sprintf("...%s", key.Secret), a variable that
// holds it, or v itself.
func (s *state) carrier(v ast.Expr, src int) ast.Expr {
	for {
		next := s.carrierStep(v, src)
		if next == nil {
			return v
		}
		v = next
	}
}

// carrierStep returns the sub-expression of e the key comes from, or nil
// when e itself is where it enters.
func (s *state) carrierStep(e ast.Expr, src int) ast.Expr {
	switch x := e.(type) {
	case *ast.ParenExpr:
		return x.X
	case *ast.SelectorExpr:
		return nil // a field, or a key's material
	case *ast.CallExpr:
		if _, ok := s.srcOf[x]; ok {
			return nil
		}
		if tv, ok := s.info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return x.Args[0]
		}
		recv := s.receiver(x)
		if recv != nil {
			if _, ok := materialMethods[ast.Unparen(x.Fun).(*ast.SelectorExpr).Sel.Name]; ok && s.eval(recv).has(src, handle) {
				return nil
			}
		}
		cands := append([]ast.Expr{recv}, x.Args...)
		if recv == nil {
			cands = x.Args
		}
		return s.pick(cands, src)
	case *ast.CompositeLit:
		var cands []ast.Expr
		for _, elt := range x.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			cands = append(cands, elt)
		}
		return s.pick(cands, src)
	case *ast.BinaryExpr:
		return s.pick([]ast.Expr{x.X, x.Y}, src)
	case *ast.StarExpr:
		return x.X
	case *ast.UnaryExpr:
		return x.X
	case *ast.IndexExpr:
		return x.X
	case *ast.SliceExpr:
		return x.X
	case *ast.TypeAssertExpr:
		return x.X
	}
	return nil
}

// pick returns the first candidate carrying the secret of key src, else the
// first carrying anything of it, else nil.
func (s *state) pick(cands []ast.Expr, src int) ast.Expr {
	var first ast.Expr
	for _, c := range cands {
		t := s.eval(c)
		if t.has(src, secret) {
			return c
		}
		if first == nil && t.hasSource(src) {
			first = c
		}
	}
	return first
}

// typeName is pkg.Name of a named type, looking through a pointer.
func typeName(t types.Type) string {
	if n := gotypes.Named(t); n != nil && n.Obj().Pkg() != nil {
		return n.Obj().Pkg().Name() + "." + n.Obj().Name()
	}
	return types.TypeString(t, nil)
}

// callName names the callee of a sink call for messages: ctx.Export,
// fn.AddEnvironment.
func callName(call *ast.CallExpr, fn *types.Func) string {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
			return id.Name + "." + fn.Name()
		}
	}
	return fn.Name()
}
