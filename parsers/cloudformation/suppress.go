package cloudformation

import (
	"bytes"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// directive starts an inline suppression comment (rules.md "Suppressions").
const directive = "iamlint:ignore"

// suppressions finds the "# iamlint:ignore ..." comments of a YAML template,
// each with the entry it annotates: the mapping entry or list element that
// starts on the next line (other comments may come between, a blank line
// may not), or, for a comment at the end of a line, the outermost one that
// starts on that line. JSON has no comments: its templates use the
// Metadata form, which the CLI reads from the resource.
func suppressions(path string, src []byte, root *node, comments []span, lines model.LineIndex) []model.Suppression {
	if !bytes.Contains(src, []byte(directive)) {
		return nil
	}
	items := entries(root)
	var out []model.Suppression
	for _, c := range comments {
		text, ok := directiveText(string(src[c.start:c.end]))
		if !ok {
			continue
		}
		s := model.Suppression{Text: text, Range: lines.Range(path, c.start, c.end)}
		var scope span
		if ownLine(src, c.start) {
			scope = itemAfter(src, c.end, items)
		} else {
			scope = outermost(items, lines.Pos(c.start).Line, lines)
		}
		if scope.end > 0 {
			s.Scope = lines.Range(path, scope.start, scope.end)
		}
		out = append(out, s)
	}
	return out
}

// directiveText returns what follows the directive in a comment, or false
// when the comment is not one.
func directiveText(comment string) (string, bool) {
	c := strings.TrimLeft(strings.TrimPrefix(comment, "#"), " \t")
	rest, ok := strings.CutPrefix(c, directive)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// entries lists what a directive can annotate: every mapping entry, from
// its key to the end of its value, and every list element.
func entries(root *node) []span {
	var out []span
	seen := map[*node]bool{}
	var walk func(n *node)
	walk = func(n *node) {
		if seen[n] {
			return // an alias: its anchor is listed
		}
		seen[n] = true
		for _, p := range n.pairs {
			out = append(out, span{p.key.start, max(p.key.end, p.value.end)})
			walk(p.value)
		}
		for _, e := range n.elems {
			out = append(out, span{e.start, e.end})
			walk(e)
		}
	}
	walk(root)
	return out
}

func ownLine(src []byte, off int) bool {
	for i := off - 1; i >= 0 && src[i] != '\n'; i-- {
		if src[i] != ' ' && src[i] != '\t' {
			return false
		}
	}
	return true
}

// itemAfter is the outermost entry that starts on the first line after an
// own-line comment ending at off, skipping further comments; a blank line
// means the comment annotates nothing.
func itemAfter(src []byte, off int, items []span) span {
	for p := off; p < len(src); {
		nl := bytes.IndexByte(src[p:], '\n')
		if nl < 0 {
			return span{}
		}
		p += nl + 1
		line := bytes.TrimLeft(src[p:], " \t")
		start := len(src) - len(line)
		switch {
		case len(line) == 0 || line[0] == '\n' || line[0] == '\r':
			return span{}
		case line[0] == '#':
			continue
		}
		var best span
		for _, it := range items {
			if it.start >= start && it.start < start+lineLen(line) && (best.end == 0 || it.start < best.start || it.start == best.start && it.end > best.end) {
				best = it
			}
		}
		return best
	}
	return span{}
}

func lineLen(line []byte) int {
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		return i
	}
	return len(line)
}

// outermost is the widest entry that starts on a line.
func outermost(items []span, line int, lines model.LineIndex) span {
	var best span
	for _, it := range items {
		if lines.Pos(it.start).Line == line && (best.end == 0 || it.start < best.start || it.start == best.start && it.end > best.end) {
			best = it
		}
	}
	return best
}
