package pipeline

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/parsers/yamlerr"
)

// Parse reads the first YAML document of the source with yaml.v3 and
// returns its root node, or a positioned error diagnostic when the text is
// not YAML. A file of only comments has no root and no error.
func (s *Source) Parse() (root *yaml.Node, diag *model.Diagnostic) {
	base := model.BOMLen(s.Src)
	doc, err := decode(s.Src[base:])
	if err != nil {
		msg, off := yamlerr.Locate(s.Src, base, err)
		end := off
		for end < len(s.Src) && s.Src[end] != '\n' {
			end++
		}
		return nil, &model.Diagnostic{
			Severity: model.Error,
			Summary:  "invalid YAML: " + msg,
			Detail:   "The pipeline could not be read, so none of it was checked. Fix the syntax; yamllint shows more detail.",
			Range:    s.Range(off, end),
		}
	}
	if doc == nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// decode parses the first document; a panic that yaml.v3 does not recover
// itself becomes an error.
func decode(text []byte) (doc *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("yaml: %v", r)
		}
	}()
	doc = &yaml.Node{}
	if err := yaml.Unmarshal(text, doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// Pair is one entry of a mapping.
type Pair struct{ Key, Value *yaml.Node }

// maxMerges bounds how many merge keys (<<: *anchor) one mapping follows,
// nested, so that a file of aliases cannot make the reader expand it.
const maxMerges = 16

// Pairs returns the entries of a mapping, with the entries that merge keys
// (<<: *defaults) bring in first, as YAML merges them: an entry written in
// the mapping wins over a merged one of the same key.
func Pairs(n *yaml.Node) []Pair { return pairs(n, 0) }

func pairs(n *yaml.Node, depth int) []Pair {
	n = Deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var merged, own []Pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Value == "<<" && k.Tag == "!!merge" {
			if depth >= maxMerges {
				continue
			}
			v = Deref(v)
			if v != nil && v.Kind == yaml.SequenceNode {
				for _, e := range v.Content {
					merged = append(merged, pairs(e, depth+1)...)
				}
			} else {
				merged = append(merged, pairs(v, depth+1)...)
			}
			continue
		}
		own = append(own, Pair{k, v})
	}
	if len(merged) == 0 {
		return own
	}
	written := map[string]bool{}
	for _, p := range own {
		written[p.Key.Value] = true
	}
	var out []Pair
	for _, p := range merged {
		if !written[p.Key.Value] {
			out = append(out, p)
		}
	}
	return append(out, own...)
}

// Deref follows an alias to its anchor (once: an anchor is never an
// alias itself).
func Deref(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode {
		return n.Alias
	}
	return n
}

// Get returns the entry key of mapping n, or nils.
func Get(n *yaml.Node, key string) (k, v *yaml.Node) {
	for _, p := range Pairs(n) {
		if p.Key.Value == key {
			k, v = p.Key, p.Value
		}
	}
	return k, v
}

// Str returns the value of a scalar node.
func Str(n *yaml.Node) (string, bool) {
	n = Deref(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

// Span returns the byte offsets of node n: a scalar from its first to its
// last character, a collection from its first entry to the end of its
// last.
func (s *Source) Span(n *yaml.Node) (start, end int) {
	return s.span(n, 0)
}

func (s *Source) span(n *yaml.Node, depth int) (start, end int) {
	start = s.Offset(n.Line, n.Column)
	switch n.Kind {
	case yaml.ScalarNode, yaml.AliasNode:
		if n.Kind == yaml.ScalarNode && n.Value == "" && n.Style == 0 && (start >= len(s.Src) || s.Src[start] == '\n' || s.Src[start] == '#') {
			return start, start // an empty value: "key:" with nothing after
		}
		return start, s.ScalarEnd(start)
	}
	end = start
	if len(n.Content) > 0 && depth < model.MaxNesting {
		_, end = s.span(n.Content[len(n.Content)-1], depth+1)
	}
	if n.Style&yaml.FlowStyle != 0 {
		closer := byte(']')
		if n.Kind == yaml.MappingNode {
			closer = '}'
		}
		for end < len(s.Src) && s.Src[end] != closer {
			end++
		}
		end = min(end+1, len(s.Src))
	}
	return start, end
}

// NodeRange is the range of Span.
func (s *Source) NodeRange(n *yaml.Node) model.Range {
	return s.Range(s.Span(n))
}

// Value converts a node to a model value with exact ranges. Scalars read
// variables the shell's way (VarValue, with defined); collections keep
// each entry's own range; an alias is the value of its anchor, at the
// alias.
func (s *Source) Value(n *yaml.Node, defined func(string) bool) *model.Value {
	return s.value(n, defined, 0)
}

func (s *Source) value(n *yaml.Node, defined func(string) bool, depth int) *model.Value {
	if n == nil {
		return nil
	}
	start, end := s.Span(n)
	rng := s.Range(start, end)
	s.values++
	if depth > model.MaxNesting || s.values > maxValues {
		return &model.Value{Kind: model.Unknown, Range: rng}
	}
	target := Deref(n)
	if target == nil {
		return &model.Value{Kind: model.Unknown, Range: rng}
	}
	switch target.Kind {
	case yaml.ScalarNode:
		switch {
		case target.Tag == "!!null":
			return &model.Value{Kind: model.Null, Range: rng}
		case target.Tag == "!!bool":
			return &model.Value{Kind: model.Bool, Bool: strings.EqualFold(target.Value, "true"), Range: rng}
		case n.Kind == yaml.AliasNode:
			return &model.Value{Kind: model.String, Str: target.Value, Range: rng}
		}
		return s.VarValue(target.Value, start, end, defined)
	case yaml.MappingNode:
		v := &model.Value{Kind: model.Object, Range: rng}
		for _, p := range pairs(target, 0) {
			Set(v, p.Key.Value, s.value(p.Value, defined, depth+1), s.NodeRange(p.Key))
		}
		return v
	case yaml.SequenceNode:
		v := &model.Value{Kind: model.List, Range: rng}
		for _, e := range target.Content {
			v.Elems = append(v.Elems, s.value(e, defined, depth+1))
		}
		return v
	}
	return &model.Value{Kind: model.Unknown, Range: rng}
}

// EntryRange is the range of a mapping entry, from its key to the end of
// its value.
func (s *Source) EntryRange(k, v *yaml.Node) model.Range {
	start, _ := s.Span(k)
	_, end := s.Span(k)
	if v != nil {
		if _, e := s.Span(v); e > end {
			end = e
		}
	}
	return s.Range(start, end)
}
