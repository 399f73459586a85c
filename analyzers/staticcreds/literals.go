package staticcreds

import (
	"go/ast"
	"go/token"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/iamlint/iamlint/analyzers"
)

// The patterns of rule IAM107, the same as the Terraform front-end's
// (rules/iam107_hardcoded_access_key.go). They are repeated here rather
// than imported so that the vet tool does not link the rule engine.
var (
	// keyIDPattern matches an access key ID (long-term AKIA, temporary
	// ASIA) not embedded in a longer word.
	keyIDPattern = regexp.MustCompile(`(?:^|[^A-Za-z0-9])((?:AKIA|ASIA)[A-Z2-7]{16})(?:$|[^A-Za-z0-9])`)
	// secretPattern matches a 40-character base64 run not embedded in a
	// longer one.
	secretPattern = regexp.MustCompile(`(?:^|[^A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?:$|[^A-Za-z0-9/+=])`)
)

// secretNearLines is how far from a key ID a secret may be to count as its
// pair.
const secretNearLines = 5

type keyMatch struct {
	text     string
	pos, end token.Pos
	line     int
}

// checkLiterals reports IAM107 for the access keys written in the string
// literals and comments of f.
func checkLiterals(pass *analysis.Pass, f *ast.File) {
	var ids, secrets []keyMatch
	search := func(pos token.Pos, raw string) {
		ids = append(ids, findKeys(pass.Fset, pos, raw, keyIDPattern)...)
		secrets = append(secrets, findKeys(pass.Fset, pos, raw, secretPattern)...)
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
		reportKey(pass, id, "access key ID "+quote(id.text)+" is hard-coded", strings.HasSuffix(id.text, "EXAMPLE"))
	}
	for _, s := range secrets {
		if looksRandom(s.text) && nearAny(s, ids) {
			reportKey(pass, s, "secret access key "+quote(s.text[:4]+strings.Repeat("*", 8))+" is hard-coded", strings.HasSuffix(s.text, "EXAMPLEKEY"))
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

// looksRandom requires upper case, lower case and a digit, as 40 random
// base64 characters have with near certainty, and hex digests and words
// never do.
func looksRandom(s string) bool {
	return strings.ContainsAny(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
		strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz") &&
		strings.ContainsAny(s, "0123456789")
}

func nearAny(s keyMatch, ids []keyMatch) bool {
	for _, id := range ids {
		if d := s.line - id.line; -secretNearLines <= d && d <= secretNearLines {
			return true
		}
	}
	return false
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
