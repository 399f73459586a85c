package suppression

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/model"
)

func TestText(t *testing.T) {
	for _, tc := range []struct {
		comment string
		markers []string
		want    string
		ok      bool
	}{
		{"# iamlint:ignore IAM105 the deploy key predates OIDC", []string{"#"}, "IAM105 the deploy key predates OIDC", true},
		{"#iamlint:ignore", []string{"#"}, "", true},
		{"#  \t iamlint:ignore\tIAM101,IAM104  ", []string{"#"}, "IAM101,IAM104", true},
		{"// iamlint:ignore IAM102", []string{"#", "//"}, "IAM102", true},
		{"// iamlint:ignore IAM102", []string{"#"}, "", false},
		{"/* iamlint:ignore IAM102 */", []string{"#", "//"}, "", false},
		{"#iamlint:ignored", []string{"#"}, "", false},
		{"#iamlint:ignore:IAM105", []string{"#"}, "", false},
		{"# not iamlint:ignore", []string{"#"}, "", false},
		{"# IAMLINT:IGNORE", []string{"#"}, "", false},
		{"iamlint:ignore", []string{"#"}, "", false},
		{"# iamlint:ignore\rIAM105", []string{"#"}, "", false},
		{"# iamlint:ignore IAM105 lone\rreturn", []string{"#"}, "IAM105 lone\rreturn", true},
	} {
		got, ok := Text(tc.comment, tc.markers...)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Text(%q, %q) = %q, %v; want %q, %v", tc.comment, tc.markers, got, ok, tc.want, tc.ok)
		}
	}
}

func TestOwnLineAndLine(t *testing.T) {
	src := []byte("a\n \t# c\nb # d\n# e")
	for _, tc := range []struct {
		off  int
		own  bool
		line string
	}{
		{0, true, "a"},
		{4, true, " \t# c"},
		{10, false, "b # d"},
		{14, true, "# e"},
		{len(src), false, "# e"},
	} {
		if got := OwnLine(src, tc.off); got != tc.own {
			t.Errorf("OwnLine(%d) = %v, want %v", tc.off, got, tc.own)
		}
		l := Line(src, tc.off)
		if got := string(src[l.Start:l.End]); got != tc.line {
			t.Errorf("Line(%d) = %q, want %q", tc.off, got, tc.line)
		}
	}
}

// TestNext puts an own-line comment "#!" first in each source, and "@" where
// the code it annotates starts, if any. Comments start with "#" and run to
// the end of their line, line ending included; "/**/" is one that does not
// end its line, like an HCL block comment.
func TestNext(t *testing.T) {
	for _, src := range []string{
		"#!\n@x",
		"#!\n  \t@x = 1\n",
		"#!\r\n@x",
		"#!\n# more\n  # and more\n@x",
		"#!\n/**/ @x",
		"#!\n/**//**/@x",
		"#!\n\nx",
		"#!\n  \nx",
		"#!\r\n\r\nx",
		"#!\n# more\n\nx",
		"#!\n/**/\nx",   // a line ending after a comment that did not end it
		"#!\n\rx",       // a lone "\r" ends a line too
		"#!",            // the end of the file
		"#!\n",          // the end of the file
		"#!\n# more",    // the end of the file
		"#!\n  ",        // the end of the file
		"#! text\n  @x", // the comment's own text is skipped
	} {
		want, wantOK := strings.Index(src, "@"), strings.Contains(src, "@")
		b := []byte(strings.Replace(src, "@", "", 1))
		comment := func(off int) int {
			switch {
			case strings.HasPrefix(string(b[off:]), "/**/"):
				return off + 4
			case b[off] == '#':
				if i := strings.IndexByte(string(b[off:]), '\n'); i >= 0 {
					return off + i + 1
				}
				return len(b)
			}
			return off
		}
		first := Span{0, strings.IndexAny(string(b)+"\n", "\r\n")}
		got, ok := Next(b, first, comment)
		if ok != wantOK || ok && got != want {
			t.Errorf("Next in %q = %d, %v; want %d, %v", src, got, ok, want, wantOK)
		}
	}
}

func TestOutermostInnermost(t *testing.T) {
	items := []Span{{10, 20}, {0, 30}, {10, 25}, {12, 14}, {5, 9}, {12, 13}}
	startsAt10 := func(s Span) bool { return s.Start >= 10 }
	if got, want := Outermost(items, startsAt10), (Span{10, 25}); got != want {
		t.Errorf("Outermost = %v, want %v (first start, then widest)", got, want)
	}
	if got, want := Innermost(items, startsAt10), (Span{12, 13}); got != want {
		t.Errorf("Innermost = %v, want %v (narrowest)", got, want)
	}
	none := func(Span) bool { return false }
	if got := Outermost(items, none); got != (Span{}) {
		t.Errorf("Outermost of none = %v, want the zero Span", got)
	}
	if got := Innermost(items, none); got != (Span{}) {
		t.Errorf("Innermost of none = %v, want the zero Span", got)
	}
	if got, want := Innermost([]Span{{0, 4}, {6, 8}, {9, 11}}, func(Span) bool { return true }), (Span{6, 8}); got != want {
		t.Errorf("Innermost among equals = %v, want the first %v", got, want)
	}
}

// TestFind checks the suppressions built from a file's comments: only
// directives, each with the comment as Range and the annotated Span,
// unless none, as Scope.
func TestFind(t *testing.T) {
	src := "# iamlint:ignore IAM105 why\nkey: 1\n# just a comment\nother: 2 # iamlint:ignore\n"
	comments := []Span{{0, 27}, {35, 51}, {61, 77}}
	scopes := map[int]Span{0: {28, 34}, 61: {}}
	lines := model.NewLineIndex([]byte(src))
	var got []string
	for _, s := range Find("f.yaml", []byte(src), lines, comments, []string{"#"}, func(c Span) Span { return scopes[c.Start] }) {
		scope := "nothing"
		if !s.Scope.IsZero() {
			scope = fmt.Sprintf("%q", src[s.Scope.Start.Byte:s.Scope.End.Byte])
		}
		got = append(got, fmt.Sprintf("%s %q %q -> %s", s.Range, src[s.Range.Start.Byte:s.Range.End.Byte], s.Text, scope))
	}
	want := []string{
		`f.yaml:1:1 "# iamlint:ignore IAM105 why" "IAM105 why" -> "key: 1"`,
		`f.yaml:4:10 "# iamlint:ignore" "" -> nothing`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
