package pipeline

import (
	"bytes"

	"go.yaml.in/yaml/v3"

	"github.com/iamlint/iamlint/parsers/internal/suppression"
	"github.com/iamlint/iamlint/parsers/model"
)

// Suppressions finds the "# iamlint:ignore ..." comments of a pipeline,
// each with the entry it annotates, as in YAML templates: the mapping
// entry or list element on the next line (other comments may come
// between, a blank line may not), or for a comment at the end of a line,
// the outermost entry that starts on it. root may be nil when the file
// does not parse: then there is nothing to annotate.
func (s *Source) Suppressions(root *yaml.Node) []model.Suppression {
	if root == nil || !suppression.Mentioned(s.Src) {
		return nil
	}
	items := s.entries(root)
	comments := s.comments()
	src := s.Src
	return suppression.Find(s.Path, src, s.Lines, comments, []string{"#"}, func(c suppression.Span) suppression.Span {
		var line suppression.Span
		if suppression.OwnLine(src, c.Start) {
			at, ok := suppression.Next(src, c, func(off int) int {
				if src[off] != '#' {
					return off
				}
				if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
					return off + i + 1
				}
				return len(src)
			})
			if !ok {
				return suppression.Span{}
			}
			line = suppression.Line(src, at)
			line.Start = at
		} else {
			line = suppression.Line(src, c.Start)
			line.End++
		}
		return suppression.Outermost(items, func(it suppression.Span) bool {
			return it.Start >= line.Start && it.Start < line.End
		})
	})
}

// comments finds the YAML comments of the file: a # at the start of a line
// or after a blank, outside quotes. (A # inside a block scalar is read as
// a comment too; only a directive there would matter, and it would
// annotate the script line after it.)
func (s *Source) comments() []suppression.Span {
	var out []suppression.Span
	src := s.Src
	var quote byte
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			quote = 0
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			if i == 0 || src[i-1] == ' ' || src[i-1] == ':' || src[i-1] == '[' || src[i-1] == ',' || src[i-1] == '-' {
				quote = c
			}
		case c == '#' && (i == 0 || src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n'):
			end := i
			for end < len(src) && src[end] != '\n' {
				end++
			}
			if end > i && src[end-1] == '\r' {
				end--
			}
			out = append(out, suppression.Span{Start: i, End: end})
			i = end - 1
		}
	}
	return out
}

// entries lists what a directive can annotate: every mapping entry, from
// its key to the end of its value, and every list element.
func (s *Source) entries(root *yaml.Node) []suppression.Span {
	var out []suppression.Span
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil || n.Kind == yaml.AliasNode || depth > model.MaxNesting {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				r := s.EntryRange(n.Content[i], n.Content[i+1])
				out = append(out, suppression.Span{Start: r.Start.Byte, End: r.End.Byte})
				walk(n.Content[i+1], depth+1)
			}
		case yaml.SequenceNode:
			for _, e := range n.Content {
				start, end := s.Span(e)
				out = append(out, suppression.Span{Start: start, End: end})
				walk(e, depth+1)
			}
		}
	}
	walk(root, 0)
	return out
}
