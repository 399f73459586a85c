// Package pipelinetest holds what the CI front-ends' fuzz tests share:
// seeds of awkward YAML, and the checks every built pipeline must pass
// whatever its input.
package pipelinetest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iamlint/iamlint/parsers/internal/pipeline"
	"github.com/iamlint/iamlint/parsers/model"
)

// Seeds are YAML shapes that have broken range finding or readers
// elsewhere: aliases, merge keys, flow collections, block scalars at the
// end of the file, tabs, a byte order mark, broken syntax.
var Seeds = []string{
	"",
	"a: &x [1, 2]\nb: *x\n",
	"base: &b {variables: {K: $X}}\njob:\n  <<: *b\n  script: [echo]\n",
	"x: |\n",
	"jobs:\n  j:\n    steps:\n      - run: >-\n          a\n         b\n",
	"\xef\xbb\xbfjobs: {a: {steps: [{run: \"x\\\"y\"}]}}\n",
	"key: [unclosed\n",
	"- a\n- b: c\n  d: 'e''f'\n",
	"a:\n\tb: c\n",
	"steps:\n  - command: \"x\"\n    env: {AWS_SECRET_ACCESS_KEY: $S}\n",
}

// Fuzz is a CI front-end's fuzz target: seeded with the rule fixtures
// named name (testdata/rules/*/name) and Seeds, it checks every input
// with Check. Each front-end's FuzzBuild calls it with its own build.
func Fuzz(f *testing.F, lang model.Language, name string, build pipeline.BuildFunc) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "rules", "*", filepath.FromSlash(name)))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	for _, s := range Seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		Check(t, lang, name, src, build)
	})
}

// Check builds src with build and checks the result: no panic, every range
// inside the file with its line and column true to its byte offset.
func Check(t *testing.T, lang model.Language, path string, src []byte, build pipeline.BuildFunc) {
	mod, file, diags, _ := pipeline.Build(lang, path, src, ".", build)
	CheckModule(t, src, mod, file, diags)
}

// CheckModule checks what a front-end built from src.
func CheckModule(t *testing.T, src []byte, mod *model.Module, file *model.File, diags []model.Diagnostic) {
	t.Helper()
	lines := model.NewLineIndex(src)
	check := func(what string, r model.Range) {
		if r.IsZero() {
			return
		}
		if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
			t.Fatalf("%s: range %d-%d outside the file of %d bytes", what, r.Start.Byte, r.End.Byte, len(src))
		}
		if lines.Pos(r.Start.Byte) != r.Start || lines.Pos(r.End.Byte) != r.End {
			t.Fatalf("%s: position %v-%v does not match its offsets", what, r.Start, r.End)
		}
	}
	for _, d := range diags {
		check("diagnostic "+d.Summary, d.Range)
	}
	if file != nil {
		for _, s := range file.Suppressions {
			check("suppression", s.Range)
			check("suppression scope", s.Scope)
		}
	}
	if mod == nil {
		return
	}
	for _, r := range mod.Resources {
		check(r.Address, r.Range)
		check(r.Address+" extent", r.Extent)
		r.Body.Walk(func(v *model.Value) bool {
			check(r.Address+" value", v.Range)
			for _, ref := range v.Refs {
				check(r.Address+" "+ref.Subject, ref.Range)
			}
			for _, a := range v.Attrs {
				check(r.Address+" "+a.Name, a.NameRange)
			}
			return true
		})
	}
}
