package staticcreds

import (
	"go/ast"
	"go/token"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/iamlint/iamlint/analyzers"
	"github.com/iamlint/iamlint/rules/keymaterial"
)

type keyMatch struct {
	text     string
	pos, end token.Pos
	line     int
}

// checkLiterals reports IAM107 for the access keys written in the string
// literals and comments of f, as rule IAM107 defines them (rules/keymaterial,
// a leaf package: the vet tool does not link the rule engine).
func checkLiterals(pass *analysis.Pass, f *ast.File) {
	var ids, secrets []keyMatch
	search := func(pos token.Pos, raw string) {
		ids = append(ids, findKeys(pass.Fset, pos, raw, keymaterial.KeyIDPattern)...)
		secrets = append(secrets, findKeys(pass.Fset, pos, raw, keymaterial.SecretPattern)...)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			search(lit.Pos(), lit.Value)
		}
		return true
	})
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			search(c.Pos(), c.Text)
		}
	}
	for _, id := range ids {
		reportKey(pass, id, "access key ID "+quote(id.text)+" is hard-coded", keymaterial.IsExampleKeyID(id.text))
	}
	for _, s := range secrets {
		if keymaterial.LooksRandom(s.text) && nearAny(s, ids) {
			reportKey(pass, s, "secret access key "+quote(keymaterial.Redact(s.text))+" is hard-coded", keymaterial.IsExampleSecret(s.text))
		}
	}
}

func reportKey(pass *analysis.Pass, k keyMatch, what string, example bool) {
	level, text := analyzers.Error, what+"; remove it, rotate the key, and use a role instead"
	if example {
		level, text = analyzers.Note, what+"; it is AWS's documentation example, but replace it with a role all the same"
	}
	pass.Report(analyzers.Diagnostic(analyzers.IAM107, level, k.pos, k.end, text))
}

// findKeys returns the matches of re in raw, the source text starting at
// pos. Offsets into raw are offsets into the file, since raw is exactly the
// source (quotes and escapes included).
func findKeys(fset *token.FileSet, pos token.Pos, raw string, re *regexp.Regexp) []keyMatch {
	var out []keyMatch
	for _, m := range re.FindAllStringSubmatchIndex(raw, -1) {
		start := pos + token.Pos(m[2])
		out = append(out, keyMatch{
			text: raw[m[2]:m[3]],
			pos:  start,
			end:  pos + token.Pos(m[3]),
			line: fset.Position(start).Line,
		})
	}
	return out
}

func nearAny(s keyMatch, ids []keyMatch) bool {
	for _, id := range ids {
		if keymaterial.Near(s.line, id.line) {
			return true
		}
	}
	return false
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
