// Package gotypes holds the small type-checker helpers the analyzers share:
// matching a package path, a named type, and the fields of a struct literal.
package gotypes

import (
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"io"
	"strings"
)

// PkgPath is the import path of pkg with any vendor prefix removed, so that
// a vendored SDK matches its real path.
func PkgPath(pkg *types.Package) string {
	path := pkg.Path()
	if i := strings.LastIndex(path, "/vendor/"); i >= 0 {
		return path[i+len("/vendor/"):]
	}
	return strings.TrimPrefix(path, "vendor/")
}

// Named returns the named type behind t, looking through aliases and one
// pointer, or nil.
func Named(t types.Type) *types.Named {
	if t == nil {
		return nil
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, _ := t.(*types.Named)
	return n
}

// IsNamed reports whether t (or *t) is the named type pkg.name.
func IsNamed(t types.Type, pkg, name string) bool {
	n := Named(t)
	return n != nil && n.Obj().Pkg() != nil && n.Obj().Name() == name && PkgPath(n.Obj().Pkg()) == pkg
}

// FieldValues maps the field names of a struct composite literal to their
// value expressions, keyed or not.
func FieldValues(info *types.Info, lit *ast.CompositeLit) map[string]ast.Expr {
	out := map[string]ast.Expr{}
	var st *types.Struct
	if t := info.TypeOf(lit); t != nil {
		st, _ = t.Underlying().(*types.Struct)
		if st == nil {
			if p, ok := t.Underlying().(*types.Pointer); ok {
				st, _ = p.Elem().Underlying().(*types.Struct)
			}
		}
	}
	for i, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				out[id.Name] = kv.Value
			}
			continue
		}
		if st != nil && i < st.NumFields() {
			out[st.Field(i).Name()] = elt
		}
	}
	return out
}

// Format writes the source text of node.
func Format(w io.Writer, fset *token.FileSet, node ast.Node) error {
	return format.Node(w, fset, node)
}
