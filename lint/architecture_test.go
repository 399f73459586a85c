package lint_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/iamlint/iamlint/"

// TestImportGraph keeps the dependency direction of docs/architecture.md:
// parsers -> model <- rules <- lint <- cmd. Front-ends never import rules,
// the linter or a sibling front-end; rules read only the model; nothing
// below cmd/ imports cmd/. Test files may import more (rule tests load
// fixtures through the linter).
func TestImportGraph(t *testing.T) {
	sharedParsers := []string{"parsers/model", "parsers/frontend", "parsers/jsonpos", "parsers/yamlerr", "parsers/internal/"}
	forbidden := func(pkg, imp string) string {
		switch {
		case strings.HasPrefix(imp, "cmd/") && !strings.HasPrefix(pkg, "cmd/"):
			return "only cmd/ imports cmd/"
		case strings.HasPrefix(pkg, "parsers/") && (strings.HasPrefix(imp, "rules") || strings.HasPrefix(imp, "lint")):
			return "front-ends produce the model; they never import rules or the linter"
		case strings.HasPrefix(pkg, "parsers/") && strings.HasPrefix(imp, "parsers/") && !strings.HasPrefix(imp, pkg) && !hasAnyPrefix(imp, sharedParsers):
			return "no front-end imports a sibling front-end"
		case strings.HasPrefix(pkg, "rules") && (strings.HasPrefix(imp, "lint") || strings.HasPrefix(imp, "analyzers") ||
			strings.HasPrefix(imp, "parsers/") && imp != "parsers/model"):
			return "rules read only the model"
		case strings.HasPrefix(pkg, "analyzers") && (strings.HasPrefix(imp, "lint") || strings.HasPrefix(imp, "rules") && imp != "rules/keymaterial"):
			return "the analyzers are a front-end's engine; they never import the linter or the rules"
		}
		return ""
	}
	root := ".."
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "testdata" || strings.HasPrefix(name, ".") && path != root {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, spec := range f.Imports {
			imp, _ := strconv.Unquote(spec.Path.Value)
			imp, ok := strings.CutPrefix(imp, module)
			if !ok {
				continue
			}
			checked++
			if why := forbidden(pkg, imp); why != "" {
				t.Errorf("%s imports %s: %s", path, imp, why)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Errorf("only %d imports of the module checked: is the walk right?", checked)
	}
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
