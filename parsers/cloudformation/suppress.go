package cloudformation

import (
	"bytes"

	"github.com/iamlint/iamlint/parsers/internal/suppression"
	"github.com/iamlint/iamlint/parsers/model"
)

// suppressions finds the "# iamlint:ignore ..." comments of a YAML template
// (README "Suppressions"), each with the entry it annotates: the mapping
// entry or list element that starts on the next line (other comments may
// come between, a blank line may not), or, for a comment at the end of a
// line, the outermost one that starts on that line. JSON has no comments:
// its templates use the Metadata form, which the CLI reads from the
// resource.
func suppressions(path string, src []byte, root *node, comments []span, lines model.LineIndex) []model.Suppression {
	if !suppression.Mentioned(src) {
		return nil
	}
	items := entries(root)
	cs := make([]suppression.Span, len(comments))
	for i, c := range comments {
		cs[i] = suppression.Span{Start: c.start, End: c.end}
	}
	return suppression.Find(path, src, lines, cs, []string{"#"}, func(c suppression.Span) suppression.Span {
		var line suppression.Span
		if suppression.OwnLine(src, c.Start) {
			at, ok := suppression.Next(src, c, commentLine(src))
			if !ok {
				return suppression.Span{}
			}
			line = suppression.Line(src, at)
			line.Start = at
		} else {
			line = suppression.Line(src, c.Start)
			line.End++ // an entry may start at the line's "\n"
		}
		return suppression.Outermost(items, func(it suppression.Span) bool {
			return it.Start >= line.Start && it.Start < line.End
		})
	})
}

// commentLine reports, for suppression.Next, where a comment starting at off
// ends: a line whose first non-blank is "#" is a comment to its end.
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

// entries lists what a directive can annotate: every mapping entry, from
// its key to the end of its value, and every list element.
func entries(root *node) []suppression.Span {
	var out []suppression.Span
	seen := map[*node]bool{}
	var walk func(n *node)
	walk = func(n *node) {
		if seen[n] {
			return // an alias: its anchor is listed
		}
		seen[n] = true
		for _, p := range n.pairs {
			out = append(out, suppression.Span{Start: p.key.start, End: max(p.key.end, p.value.end)})
			walk(p.value)
		}
		for _, e := range n.elems {
			out = append(out, suppression.Span{Start: e.start, End: e.end})
			walk(e)
		}
	}
	walk(root)
	return out
}
