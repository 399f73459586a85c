package terraform

import (
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/internal/suppression"
	"github.com/iamlint/iamlint/parsers/model"
)

// directivePlaces put a directive with arbitrary text in the three places
// a comment can annotate something: on its own line before a block, on its
// own line before an attribute (with //), and at the end of an attribute's
// line. want is what the directive annotates when the text keeps to one
// line.
var directivePlaces = []struct{ before, after, want string }{
	{"# iamlint:ignore ", "\nresource \"aws_iam_user\" \"u\" {\n  name = \"x\"\n}\n", "resource \"aws_iam_user\" \"u\" {\n  name = \"x\"\n}"},
	{"resource \"aws_iam_user\" \"u\" {\n  // iamlint:ignore ", "\n  name = \"x\"\n}\n", `name = "x"`},
	{"resource \"aws_iam_user\" \"u\" {\n  name = \"x\" #iamlint:ignore\t", "\n}\n", `name = "x"`},
}

// FuzzDirective parses files with arbitrary text after "iamlint:ignore".
// Whatever the text, parsing must not panic, and every suppression must
// lie in the file, with lines and columns that agree with its byte
// offsets: its Range is the comment without its line ending, whose
// directive text is the suppression's Text (trimmed, on one line), and its
// Scope, when set, is a non-empty stretch of the file. When the text stays
// on one line the file has exactly that directive, annotating the item
// after or before it. -fuzz keeps what it finds under
// testdata/fuzz/FuzzDirective.
func FuzzDirective(f *testing.F) {
	for _, s := range []string{
		"",
		"IAM105",
		"IAM105 the deploy key predates OIDC",
		"IAM101,IAM104 rotated daily by ops",
		"IAM102,access-key-in-ec2 legacy image",
		"IAM105: the reason",
		"legacy stack, see OPS-12",
		"IAM1O5 typo",
		"\tIAM105\t\ttabs ",
		"IAM105 windows\r",
		"IAM105 lone\rcarriage return",
		"IAM105\n# iamlint:ignore IAM202 stacked",
		"IAM105\n\nresource \"aws_iam_user\" \"v\" {}",
		"IAM105 } { \"${x}\" /* not a block comment */ # // iamlint:ignore",
		"IAM105 \"unterminated",
		"x\n}\n}\n{",
		"IAM105\u00a0no-break space, IAM106\u2028line separator\u0085",
		"\xff\xfe not UTF-8 \xc3\x28",
		"\ufeffIAM105 byte order mark",
		"IAM105\x00nul",
		"\v\fIAM105\f",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, place := range directivePlaces {
			src := place.before + text + place.after
			file, _ := ParseFile("main.tf", []byte(src))
			if file == nil {
				if !strings.Contains(src, "\x00") {
					t.Fatalf("no file for %q", src)
				}
				continue
			}
			lines := model.NewLineIndex([]byte(src))
			for _, s := range file.Model.Suppressions {
				comment := checkRange(t, src, lines, s.Range)
				if got, ok := suppression.Text(comment, markers...); !ok || got != s.Text {
					t.Errorf("%v: the comment %q says %q, %v; the suppression %q", s.Range, comment, got, ok, s.Text)
				}
				if strings.ContainsAny(s.Text, "\n") || s.Text != strings.TrimSpace(s.Text) {
					t.Errorf("%v: text %q is not one trimmed line", s.Range, s.Text)
				}
				if !s.Scope.IsZero() {
					if checkRange(t, src, lines, s.Scope) == "" {
						t.Errorf("%v: empty scope %v", s.Range, s.Scope)
					}
				}
			}
			if strings.ContainsAny(text, "\n\x00") {
				continue
			}
			// One line: the directive is one comment, annotating want.
			sups := file.Model.Suppressions
			if len(sups) != 1 {
				t.Fatalf("%d suppressions in %q, want 1", len(sups), src)
			}
			if s := sups[0]; s.Text != strings.TrimSpace(text) || s.Scope.IsZero() || src[s.Scope.Start.Byte:s.Scope.End.Byte] != place.want {
				t.Errorf("in %q: suppression %q annotates %v, want %q", src, s.Text, s.Scope, place.want)
			}
		}
	})
}

// checkRange fails unless r is a stretch [Start, End) of src whose lines
// and columns agree with its byte offsets, and returns its text.
func checkRange(t *testing.T, src string, lines model.LineIndex, r model.Range) string {
	t.Helper()
	if r.File != "main.tf" {
		t.Fatalf("%v: range in file %q", r, r.File)
	}
	for _, p := range []model.Pos{r.Start, r.End} {
		if p.Byte < 0 || p.Byte > len(src) {
			t.Fatalf("%v: offset %d outside the file (%d bytes)", r, p.Byte, len(src))
		}
		if want := lines.Pos(p.Byte); p != want {
			t.Fatalf("%v: position %d:%d, but byte %d is at %d:%d", r, p.Line, p.Column, p.Byte, want.Line, want.Column)
		}
	}
	if r.End.Byte < r.Start.Byte {
		t.Fatalf("%v: ends before it starts", r)
	}
	return src[r.Start.Byte:r.End.Byte]
}
