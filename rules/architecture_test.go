package rules_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoLanguageSwitch keeps the rules language-blind: no rule, and not
// the flow, compares or switches on a module's or file's language. What
// differs between languages is data the front-ends set on the model (a
// reference's kind, a variable's label) or a row of a table keyed by
// language (outputSinks); a documentation example names its language in
// a composite literal, which is not a comparison.
func TestNoLanguageSwitch(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) < 10 {
		t.Fatalf("rule sources: %v %v", files, err)
	}
	fset := token.NewFileSet()
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BinaryExpr:
				if (n.Op == token.EQL || n.Op == token.NEQ) && (isLanguage(n.X) || isLanguage(n.Y)) {
					t.Errorf("%s: compares a language; make the difference data on the model or a table row", fset.Position(n.Pos()))
				}
			case *ast.SwitchStmt:
				if n.Tag != nil && isLanguage(n.Tag) {
					t.Errorf("%s: switches on a language; make the difference data on the model or a table row", fset.Position(n.Pos()))
				}
			}
			return true
		})
	}
}

// isLanguage matches x.Language and model.Terraform, model.CloudFormation,
// model.Go.
func isLanguage(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if sel.Sel.Name == "Language" {
		return true
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "model" && (sel.Sel.Name == "Terraform" || sel.Sel.Name == "CloudFormation" || sel.Sel.Name == "Go")
}
