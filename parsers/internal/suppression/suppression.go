// Package suppression finds iamlint's inline suppression comments,
// "# iamlint:ignore IAM105 reason", for every front-end.
//
// What a directive says and which item it annotates is the same in every
// language with line comments: the text after the directive word, and the
// item after a comment on its own line or the one on a trailing comment's
// line. Only where the comments and the items (blocks, attributes, mapping
// entries, list elements) are differs, and each front-end already knows
// that. So a front-end lists its comments and items as byte-offset Spans
// and builds its model.Suppression values with this package, rather than
// keeping its own copy of these rules; Terraform and CloudFormation do, and
// the front-ends to come (workflow YAML, shell scripts) should too.
package suppression

import (
	"bytes"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// Word is what starts a directive's text in a comment.
const Word = "iamlint:ignore"

// Span is the stretch [Start, End) of a file in byte offsets. The zero
// Span, ending at 0, stands for none.
type Span struct{ Start, End int }

func (s Span) width() int { return s.End - s.Start }

// Mentioned reports whether src mentions the directive at all. Most files
// do not, and a front-end need not find their comments.
func Mentioned(src []byte) bool { return bytes.Contains(src, []byte(Word)) }

// Text returns what follows the directive word in a line comment that
// starts with one of markers ("#", "//"), trimmed, or false when the
// comment is not a directive: it has none of the markers, or after blanks
// the marker is not followed by Word and then a space, a tab or the end
// ("iamlint:ignored" is not a directive). The comment comes without its
// line ending. A lone "\r" after Word does not end it either: YAML breaks
// lines there, and the text after it is not the directive's.
func Text(comment string, markers ...string) (string, bool) {
	body, ok := "", false
	for _, m := range markers {
		if body, ok = strings.CutPrefix(comment, m); ok {
			break
		}
	}
	if !ok {
		return "", false
	}
	rest, ok := strings.CutPrefix(strings.TrimLeft(body, " \t"), Word)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// Find returns the suppressions of a file: one for each of its
// comments (each without its line ending, in source order) that is a
// directive with one of markers. Its Range is the comment, and its Scope
// what annotated(comment) returns, unless that is the zero Span.
func Find(path string, src []byte, lines model.LineIndex, comments []Span, markers []string, annotated func(Span) Span) []model.Suppression {
	var out []model.Suppression
	for _, c := range comments {
		text, ok := Text(string(src[c.Start:c.End]), markers...)
		if !ok {
			continue
		}
		s := model.Suppression{Text: text, Range: lines.Range(path, c.Start, c.End)}
		if scope := annotated(c); scope.End > 0 {
			s.Scope = lines.Range(path, scope.Start, scope.End)
		}
		out = append(out, s)
	}
	return out
}

// OwnLine reports whether only blanks precede offset off on its line: a
// comment there annotates the item after it, one after code the item on
// its line.
func OwnLine(src []byte, off int) bool {
	for i := off - 1; i >= 0 && src[i] != '\n'; i-- {
		if src[i] != ' ' && src[i] != '\t' {
			return false
		}
	}
	return true
}

// Line is the line that holds offset off, without its "\n".
func Line(src []byte, off int) Span {
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	end := len(src)
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		end = off + i
	}
	return Span{start, end}
}

// Next returns where the code that an own-line comment c annotates starts:
// the first byte after c's line that is neither a blank nor in a further
// comment. ok is false when a blank line or the end of src comes first.
//
// comment(off) is the end of the comment that starts at off, past its line
// ending if it has one, or off when no comment starts there. A line ending
// that does not end a comment makes a blank line.
func Next(src []byte, c Span, comment func(off int) int) (off int, ok bool) {
	p := len(src)
	if i := bytes.IndexByte(src[c.End:], '\n'); i >= 0 {
		p = c.End + i + 1
	}
	for {
		for p < len(src) && (src[p] == ' ' || src[p] == '\t') {
			p++
		}
		if p == len(src) || src[p] == '\n' || src[p] == '\r' {
			return 0, false
		}
		end := comment(p)
		if end <= p {
			return p, true
		}
		p = end
	}
}

// Outermost is the item that match accepts that starts first, the widest
// of those; the zero Span when match accepts none.
func Outermost(items []Span, match func(Span) bool) Span {
	var best Span
	for _, it := range items {
		if match(it) && (best.End == 0 || it.Start < best.Start || it.Start == best.Start && it.width() > best.width()) {
			best = it
		}
	}
	return best
}

// Innermost is the narrowest item that match accepts, the first of those;
// the zero Span when match accepts none.
func Innermost(items []Span, match func(Span) bool) Span {
	var best Span
	for _, it := range items {
		if match(it) && (best.End == 0 || it.width() < best.width()) {
			best = it
		}
	}
	return best
}
