package cloudformation

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/model"
)

// FuzzTemplate parses and builds arbitrary input as YAML and as JSON: it
// must never panic (a recovered panic shows as an internal error), and
// every range it produces must lie in the file with lines and columns that
// agree with its byte offsets. The seeds are the test templates; go test
// -fuzz keeps what it finds under testdata/fuzz/FuzzTemplate.
func FuzzTemplate(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.*"))
	for _, path := range seeds {
		if src, err := os.ReadFile(path); err == nil {
			f.Add(string(src))
		}
	}
	for _, s := range []string{
		"Resources:\n  A:\n    Type: AWS::IAM::User\n    Properties:\n      P: !Sub |\n        x ${A.Arn}\n",
		"Resources:\n  A:\n    Type: AWS::IAM::User\n    Properties:\n      P: !Sub >\n        x\n        ${A}\n",
		"Resources:\n  A:\n    Type: AWS::IAM::User\n    Properties:\n      P: !Sub \"a\\\n   ${B} \\x41\"\n",
		"Resources:\n  A: &a\n    Type: AWS::IAM::User\n  B: *a\n  C:\n    <<: *a\n",
		`{"AWSTemplateFormatVersion": "x", "Resources": {"A": {"Type": "AWS::S3::Bucket", "Properties": {"P": {"Fn::Sub": "\u00e9\n${A}"}}}}}`,
		"AWSTemplateFormatVersion: x\nResources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: t.yaml\n",
		"Resources:\n  # iamlint:ignore IAM105 why\n  K:\n    Type: AWS::IAM::AccessKey # iamlint:ignore\n    Metadata: {iamlint: {ignore: [{id: IAM105}]}}\n",
		"Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: '*', Action: sts:AssumeRole}]}\n",
		// Nesting far past model.MaxNesting, and past yaml.v3's 10,000.
		`{"Resources": {"A": {"Type": "AWS::S3::Bucket", "Properties": {"P": ` + strings.Repeat("[", 2*model.MaxNesting) + strings.Repeat("]", 2*model.MaxNesting) + `}}}}`,
		"Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      P: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n",
		"Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      P:\n        " + strings.Repeat("- ", 20000) + "x\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		c := &rangeChecker{t: t, src: src, lines: model.NewLineIndex([]byte(src))}
		for _, name := range []string{"t.yaml", "t.json"} {
			file, diags := ParseFile(name, []byte(src))
			c.diagnostics(diags)
			if file == nil {
				continue
			}
			mods, diags := Build([]*File{file}, Options{Workers: 1})
			c.diagnostics(diags)
			for _, m := range mods {
				c.module(m)
			}
			for _, l := range file.Model.Literals {
				if c.check(l.Range) != l.Raw {
					t.Fatalf("literal %q does not match its range %v", l.Raw, l.Range)
				}
			}
			for _, s := range file.Model.Suppressions {
				c.check(s.Range)
				if !s.Scope.IsZero() {
					c.check(s.Scope)
				}
			}
		}
	})
}

// rangeChecker checks that ranges lie in src, with lines and columns that
// agree with their byte offsets. It fails at once rather than reporting
// every bad range of a large input.
type rangeChecker struct {
	t     *testing.T
	src   string
	lines model.LineIndex
}

func (c *rangeChecker) diagnostics(diags []model.Diagnostic) {
	for _, d := range diags {
		if strings.HasPrefix(d.Summary, "internal error") {
			c.t.Fatalf("%s", d.Error())
		}
		if !d.Range.IsZero() {
			c.check(d.Range)
		}
	}
}

func (c *rangeChecker) module(m *model.Module) {
	for _, r := range m.Resources {
		c.check(r.Range)
		c.check(r.Extent)
		c.value(r.Body)
		c.value(r.Meta)
		for _, ap := range r.Policies {
			for _, s := range ap.Policy.Statements {
				c.check(s.Range)
				for _, a := range s.Actions {
					c.check(a.Range)
				}
			}
		}
	}
	for _, v := range m.Variables {
		c.check(v.Range)
		c.value(v.Default)
	}
	for _, o := range m.Outputs {
		c.check(o.Range)
		c.value(o.Value)
		c.value(o.Export)
	}
}

func (c *rangeChecker) value(v *model.Value) {
	v.Walk(func(x *model.Value) bool {
		c.check(x.Range)
		for _, a := range x.Attrs {
			c.check(a.NameRange)
		}
		for _, r := range x.Refs {
			c.check(r.Range)
			for _, h := range r.Via {
				c.check(h.Range)
			}
		}
		return true
	})
}

func (c *rangeChecker) check(r model.Range) string {
	c.t.Helper()
	for _, p := range []model.Pos{r.Start, r.End} {
		if p.Byte < 0 || p.Byte > len(c.src) {
			c.t.Fatalf("%v: offset %d outside the file (%d bytes)", r, p.Byte, len(c.src))
		}
		if want := c.lines.Pos(p.Byte); p != want {
			c.t.Fatalf("%v: position %d:%d, but byte %d is at %d:%d", r, p.Line, p.Column, p.Byte, want.Line, want.Column)
		}
	}
	if r.End.Byte < r.Start.Byte {
		c.t.Fatalf("%v: ends before it starts", r)
	}
	return c.src[r.Start.Byte:r.End.Byte]
}

// FuzzSub checks the Fn::Sub string parser: variables span exactly their
// ${...}, parts come in order without overlapping, and the literal text is
// the input with the variables taken out and ${! turned into ${.
func FuzzSub(f *testing.F) {
	for _, s := range []string{"", "${A}", "a${B.C}d", "${!A}", "${", "${}", "$${A}}", "${!}${A", "x${ AWS::Region }y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		end, varDollars := 0, 0
		var lit strings.Builder
		for _, p := range parseSub(s) {
			if p.start < end || p.end < p.start || p.end > len(s) {
				t.Fatalf("parseSub(%q): part %+v out of order", s, p)
			}
			if p.name != "" {
				text := s[p.start:p.end]
				if !strings.HasPrefix(text, "${") || !strings.HasSuffix(text, "}") || strings.TrimSpace(text[2:len(text)-1]) != p.name {
					t.Fatalf("parseSub(%q): variable %q spans %q", s, p.name, text)
				}
				varDollars += strings.Count(text, "$")
			} else {
				lit.WriteString(p.lit)
			}
			end = p.end
		}
		if strings.Count(lit.String(), "$") != strings.Count(s, "$")-varDollars {
			t.Fatalf("parseSub(%q): literal text %q loses or invents a $", s, lit.String())
		}
	})
}
