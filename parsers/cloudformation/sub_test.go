package cloudformation

import (
	"fmt"
	"strings"
	"testing"
)

// TestSubPositions checks that each ${...} of an Fn::Sub string gets the
// range of exactly its text, in every way YAML writes a string: quoted with
// escapes, block scalars (lines counted inside | and >), folded plain
// scalars, CRLF line ends and non-ASCII text before it.
func TestSubPositions(t *testing.T) {
	const head = "Resources:\n  R:\n    Type: AWS::Test::R\n    Properties:\n"
	cases := []struct {
		name  string
		prop  string // the property, indented four spaces
		value string // the evaluated value, when known
		lines []int  // the line of each reference, in order
	}{
		{"plain", "      P: !Sub ${A}-${B.Arn}\n", "", []int{5, 5}},
		{"double quoted with escapes", "      P: !Sub \"\\t\\\"${A}\\\" \\u00e9 ${B.Arn}\"\n", "", []int{5, 5}},
		{"single quoted", "      P: !Sub 'it''s ${A} ''${B.Arn}'''\n", "", []int{5, 5}},
		{"literal block", "      P: !Sub |\n        line one\n          ${A} indented\n\n        ${B.Arn}\n", "", []int{7, 9}},
		{"literal block keep", "      P: !Sub |+\n        ${A}\n\n        ${B.Arn}\n\n", "", []int{6, 8}},
		{"folded block", "      P: !Sub >-\n        folded ${A}\n        more ${B.Arn}\n\n        para\n", "", []int{6, 7}},
		{"plain over lines", "      P: !Sub first ${A}\n        second ${B.Arn}\n", "", []int{5, 6}},
		{"double quoted over lines", "      P: !Sub \"one ${A} \\\n        two ${B.Arn}\"\n", "", []int{5, 6}},
		{"long form literal", "      P:\n        Fn::Sub: |\n          #!/bin/bash\n          echo ${A} ${B.Arn}\n", "", []int{8, 8}},
		{"non-ASCII first", "      P: !Sub \"é—${A} ${B.Arn}\"\n", "", []int{5, 5}},
		{"literal escape", "      P: !Sub \"${!Literal} ${A} ${B.Arn}\"\n", "", []int{5, 5}},
		{"variable map", "      P: !Sub\n        - \"${X} ${A} ${B.Arn}\"\n        - X: fixed\n", "", []int{6, 6}},
		{"known", "      P: !Sub [\"${!Literal}-${X}\", {X: fixed}]\n", "${Literal}-fixed", nil},
	}
	for _, c := range cases {
		for _, crlf := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/crlf=%v", c.name, crlf), func(t *testing.T) {
				src := head + c.prop
				if crlf {
					src = strings.ReplaceAll(src, "\n", "\r\n")
				}
				m := mustBuild(t, map[string]string{"t.yaml": src})["t.yaml"]
				v := resource(t, m, "R").Attr("P")
				if c.value != "" {
					if s, _ := v.AsString(); s != c.value {
						t.Errorf("value %s, want %q", describe(v), c.value)
					}
				}
				got := v.AllRefs()
				if len(got) != len(c.lines) {
					t.Fatalf("refs %s, want %d", refs(t, src, v), len(c.lines))
				}
				want := []string{"${A}", "${B.Arn}"}
				for i, r := range got {
					if text := at(t, src, r.Range); text != want[i] {
						t.Errorf("ref %s covers %q, want %q", r, text, want[i])
					}
					if r.Range.Start.Line != c.lines[i] {
						t.Errorf("ref %s on line %d, want %d", r, r.Range.Start.Line, c.lines[i])
					}
				}
			})
		}
	}
}

func TestParseSub(t *testing.T) {
	cases := []struct {
		in   string
		want string // literal text as is, variables as <name>
	}{
		{"", ""},
		{"plain", "plain"},
		{"${A}", "<A>"},
		{"a${A}b${B.Attr}c", "a<A>b<B.Attr>c"},
		{"${!A}", "${A}"},
		{"${!A}${B}", "${A}<B>"},
		{"${AWS::Region}", "<AWS::Region>"},
		{"${ A }", "<A>"},
		{"${}", "${}"},
		{"${A", "${A"},
		{"$${A}", "$<A>"},
		{"${!}", "${}"},
		{"}${A}{", "}<A>{"},
	}
	for _, c := range cases {
		var b strings.Builder
		for _, p := range parseSub(c.in) {
			if p.name != "" {
				b.WriteString("<" + p.name + ">")
				if s := c.in[p.start:p.end]; !strings.HasPrefix(s, "${") || !strings.HasSuffix(s, "}") {
					t.Errorf("parseSub(%q): variable %q spans %q", c.in, p.name, s)
				}
			} else {
				b.WriteString(p.lit)
			}
		}
		if got := b.String(); got != c.want {
			t.Errorf("parseSub(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
