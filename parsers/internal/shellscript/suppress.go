package shellscript

import (
	"bytes"

	"mvdan.cc/sh/v3/syntax"

	"github.com/iamlint/iamlint/parsers/internal/suppression"
	"github.com/iamlint/iamlint/parsers/model"
)

// suppressions finds the script's "# iamlint:ignore" comments, each
// covering the statement it annotates: the one that starts on the next
// line of code for a comment on its own line (a blank line between
// annotates nothing), the outermost one on its line for a comment at the
// end of a line. Without a syntax tree (a script that does not parse),
// only comments on their own line are found, and they annotate the line
// after them.
func (l *lowerer) suppressions(f *syntax.File) []model.Suppression {
	src := l.s.Src
	if !suppression.Mentioned(src) {
		return nil
	}
	var comments []suppression.Span
	var stmts []suppression.Span
	if f != nil {
		syntax.Walk(f, func(n syntax.Node) bool {
			switch n := n.(type) {
			case *syntax.Comment:
				start := l.off(n.Pos())
				comments = append(comments, suppression.Span{Start: start, End: min(start+1+len(n.Text), len(src))})
			case *syntax.Stmt:
				stmts = append(stmts, suppression.Span{Start: l.off(n.Pos()), End: l.off(n.End())})
			}
			return true
		})
	} else {
		for start := 0; start < len(src); {
			line := suppression.Line(src, start)
			if i := bytes.IndexByte(src[line.Start:line.End], '#'); i >= 0 && suppression.OwnLine(src, line.Start+i) {
				comments = append(comments, suppression.Span{Start: line.Start + i, End: trimCR(src, line.Start+i, line.End)})
			}
			start = line.End + 1
		}
	}
	var out []model.Suppression
	for _, c := range comments {
		text, ok := suppression.Text(string(src[c.Start:trimCR(src, c.Start, c.End)]), "#")
		if !ok {
			continue
		}
		s := model.Suppression{Text: text, Range: l.rng(c.Start, c.End)}
		if scope := l.annotated(c, stmts); scope.End > 0 {
			s.Scope = l.rng(scope.Start, scope.End)
		}
		out = append(out, s)
	}
	return out
}

// trimCR leaves a line's "\r" out of a comment.
func trimCR(src []byte, start, end int) int {
	if end > start && src[end-1] == '\r' {
		return end - 1
	}
	return end
}

// annotated is the statement a directive comment covers.
func (l *lowerer) annotated(c suppression.Span, stmts []suppression.Span) suppression.Span {
	src := l.s.Src
	if suppression.OwnLine(src, c.Start) {
		at, ok := suppression.Next(src, c, commentLine(src))
		if !ok {
			return suppression.Span{}
		}
		line := suppression.Line(src, at)
		if stmts == nil {
			return line
		}
		return suppression.Outermost(stmts, func(s suppression.Span) bool { return s.Start >= at && s.Start < line.End+1 })
	}
	// A trailing comment: the outermost statement that starts on its
	// line, else the innermost one that runs onto it (a command continued
	// with \ from the lines above).
	line := suppression.Line(src, c.Start)
	if s := suppression.Outermost(stmts, func(s suppression.Span) bool { return s.Start >= line.Start && s.Start < c.Start }); s.End > 0 {
		return s
	}
	return suppression.Innermost(stmts, func(s suppression.Span) bool { return s.Start < line.Start && s.End >= line.Start })
}

// commentLine reports, for suppression.Next, where a comment starting at
// off ends: a line whose first non-blank is "#" is a comment to its end.
func commentLine(src []byte) func(off int) int {
	return func(off int) int {
		if src[off] != '#' {
			return off
		}
		if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
			return off + i + 1
		}
		return len(src)
	}
}
