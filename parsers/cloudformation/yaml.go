package cloudformation

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/parsers/yamlerr"
)

// maxAliasValues bounds the values YAML aliases may add to one template.
// yaml.v3 keeps an alias as a pointer to its anchor, so a "billion laughs"
// file parses into a small graph; it is the reader that would expand it.
// CloudFormation itself rejects aliases, so real templates (SAM ones,
// preprocessed by tools that resolve them) stay far below this.
const maxAliasValues = 100_000

// yamlReader turns yaml.v3's nodes into the syntax tree, adding what yaml.v3
// does not keep: byte offsets and where each node ends.
type yamlReader struct {
	src      []byte
	lines    []int // where each line starts, counting line breaks as YAML does
	ascii    bool  // columns are bytes: no conversion from runes needed
	cursor   struct{ line, col, off int }
	done     map[*yaml.Node]*node // anchors already read: an alias shares its anchor's node
	busy     map[*yaml.Node]bool  // anchors being read: an alias inside its own anchor is a cycle
	sizes    map[*node]int
	expanded int
	capped   bool
	depth    int // collections being read: past model.MaxNesting, a collection is unknown
	d        *diags
}

// readYAML parses src[base:] (base skips a byte order mark). It returns nil
// when the text is not YAML, with the reason as a diagnostic.
func readYAML(src []byte, base int, d *diags) *node {
	doc, err := decodeYAML(src[base:])
	if err != nil {
		yamlError(src, base, err, d)
		return nil
	}
	r := &yamlReader{
		src:   src,
		lines: yamlerr.Lines(src, base),
		ascii: isASCII(src),
		done:  map[*yaml.Node]*node{},
		busy:  map[*yaml.Node]bool{},
		sizes: map[*node]int{},
		d:     d,
	}
	if doc == nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	return r.node(doc.Content[0])
}

// decodeYAML parses the first document. yaml.v3 reports errors by
// panicking inside and recovering; a panic it does not recover is turned
// into an error here, so that no input can end the scan.
func decodeYAML(text []byte) (doc *yaml.Node, err error) {
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

// yamlError places a yaml.v3 error at the offending character.
func yamlError(src []byte, base int, err error, d *diags) {
	if d.discard {
		return
	}
	msg, start := yamlerr.Locate(src, base, err)
	detail := "The template could not be read, so none of it was checked. Fix the syntax; `cfn-lint` or `yamllint` show more detail."
	if strings.HasPrefix(msg, "exceeded max depth") {
		// yaml.v3 stops at 10,000 levels and returns no tree at all: past
		// model.MaxNesting the reader would make the value unknown, but
		// here there is nothing to read.
		msg = "nested more than 10000 levels deep"
		detail = "The YAML parser stops at 10,000 levels, so none of the template was read or checked. " +
			"Real templates are a few dozen levels deep at most; flatten the value or generate it differently."
	}
	d.add(model.Error, start, max(lineEnd(src, start), start), "invalid YAML: "+msg, detail)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// offset converts a yaml.v3 position (1-based line, column in characters)
// to a byte offset. Nodes are read in source order, so a cursor keeps the
// conversion linear on long lines (a template minified onto one line).
func (r *yamlReader) offset(line, col int) int {
	if line < 1 || line > len(r.lines) {
		return len(r.src)
	}
	start := r.lines[line-1]
	if r.ascii {
		return min(start+col-1, len(r.src))
	}
	off, c := start, 1
	if r.cursor.line == line && r.cursor.col <= col {
		off, c = r.cursor.off, r.cursor.col
	}
	for c < col && off < len(r.src) {
		_, w := utf8.DecodeRune(r.src[off:])
		off += w
		c++
	}
	r.cursor.line, r.cursor.col, r.cursor.off = line, col, off
	return off
}

// skipProps skips a node's anchor and tag. It returns where the last
// property ends and where the content starts.
func (r *yamlReader) skipProps(p int) (propsEnd, content int) {
	propsEnd = p
	for p < len(r.src) && (r.src[p] == '!' || r.src[p] == '&') {
		for p < len(r.src) && !isBlank(r.src[p]) && strings.IndexByte(",[]{}", r.src[p]) < 0 {
			p++
		}
		propsEnd = p
		p = r.skipSpace(p)
	}
	return propsEnd, p
}

// skipSpace skips blanks, line breaks and comments.
func (r *yamlReader) skipSpace(p int) int {
	for p < len(r.src) {
		switch {
		case isBlank(r.src[p]):
			p++
		case r.src[p] == '#':
			for p < len(r.src) && r.src[p] != '\n' {
				p++
			}
		default:
			return p
		}
	}
	return p
}

var yamlTypes = map[string]scalarType{"!!int": typeNumber, "!!float": typeNumber, "!!bool": typeBool, "!!null": typeNull}

var yamlStyles = []struct {
	bit   yaml.Style
	style style
}{
	{yaml.DoubleQuotedStyle, styleDouble}, {yaml.SingleQuotedStyle, styleSingle},
	{yaml.LiteralStyle, styleLiteral}, {yaml.FoldedStyle, styleFolded},
}

func (r *yamlReader) node(n *yaml.Node) *node {
	if n.Kind == yaml.AliasNode {
		return r.alias(n)
	}
	if done := r.done[n]; done != nil {
		return done
	}
	if n.Anchor != "" {
		r.busy[n] = true
		defer delete(r.busy, n)
	}
	start := r.offset(n.Line, n.Column)
	propsEnd, body := r.skipProps(start)
	out := &node{start: start, body: body}
	// Only explicit tags matter: a local one (!Ref) is an intrinsic
	// function or a mistake, a standard one (!!str) just sets the type.
	if n.Style&yaml.TaggedStyle != 0 && !strings.HasPrefix(n.Tag, "!!") {
		out.tag = n.Tag
	}
	if (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && r.depth >= model.MaxNesting {
		r.tooDeep(n, out)
		return out
	}
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		r.depth++
		defer func() { r.depth-- }()
	}
	switch n.Kind {
	case yaml.ScalarNode:
		r.scalar(n, out, propsEnd)
	case yaml.MappingNode:
		r.mapping(n, out)
	case yaml.SequenceNode:
		out.kind = sequenceNode
		last := out.body
		for _, c := range n.Content {
			out.elems = append(out.elems, r.node(c))
			last = r.spanEnd(c, out.elems[len(out.elems)-1])
		}
		out.end = r.collectionEnd(n, out, last, ']')
	default:
		out.kind = brokenNode
		out.end = out.body
	}
	if n.Anchor != "" {
		r.done[n] = out
	}
	return out
}

// tooDeep makes a collection nested past model.MaxNesting unknown, and
// says where it starts. Its end is where its last descendant starts, found
// without recursing.
func (r *yamlReader) tooDeep(n *yaml.Node, out *node) {
	out.kind = brokenNode
	last := n
	for len(last.Content) > 0 {
		last = last.Content[len(last.Content)-1]
	}
	out.end = max(r.offset(last.Line, last.Column), out.body+1)
	out.end = min(out.end, len(r.src))
	deepError(out, r.d)
}

func (r *yamlReader) scalar(n *yaml.Node, out *node, propsEnd int) {
	out.kind, out.text = scalarNode, n.Value
	if out.tag == "" {
		out.typ = yamlTypes[n.Tag]
	}
	for _, s := range yamlStyles {
		if n.Style&s.bit != 0 {
			out.style = s.style
		}
	}
	if n.Value == "" && out.style == stylePlain {
		out.body = propsEnd // nothing written: do not run on to the next line
	}
	out.end = scalarEnd(r.src, out)
}

func (r *yamlReader) mapping(n *yaml.Node, out *node) {
	out.kind = mappingNode
	last := out.body
	var merges []*node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merges = append(merges, r.node(v))
			last = r.spanEnd(v, merges[len(merges)-1])
			continue
		}
		key, value := r.node(k), r.node(v)
		last = r.spanEnd(v, value)
		if key.kind != scalarNode {
			r.d.errorAt(key, "a mapping key must be a string", "CloudFormation reads only plain keys; this entry is skipped.")
			continue
		}
		out.pairs = append(out.pairs, pair{key, value})
	}
	out.end = r.collectionEnd(n, out, last, '}')
	mergeKeys(out, merges)
}

// mergeKeys applies YAML merge keys (<<: *defaults): entries the mapping
// does not set itself come from the merged mappings, the first one first.
// CloudFormation does not read them, but tools that preprocess templates
// (SAM) resolve them before it sees the template.
func mergeKeys(out *node, merges []*node) {
	if len(merges) == 0 {
		return
	}
	have := map[string]bool{}
	for _, p := range out.pairs {
		have[p.key.text] = true
	}
	var sources []*node
	for _, m := range merges {
		if m.kind == sequenceNode {
			sources = append(sources, m.elems...)
		} else {
			sources = append(sources, m)
		}
	}
	for _, m := range sources {
		for _, p := range m.pairs {
			if !have[p.key.text] {
				have[p.key.text] = true
				out.pairs = append(out.pairs, p)
			}
		}
	}
}

// spanEnd is where child, as written in its parent, ends: an alias ends
// after its own name, not where its anchor does.
func (r *yamlReader) spanEnd(child *yaml.Node, read *node) int {
	if child.Kind == yaml.AliasNode {
		return min(r.offset(child.Line, child.Column)+1+len(child.Value), len(r.src))
	}
	return read.end
}

// collectionEnd is just past a flow collection's closing bracket, or the end
// of a block collection's last entry.
func (r *yamlReader) collectionEnd(n *yaml.Node, out *node, last int, closer byte) int {
	if n.Style&yaml.FlowStyle == 0 {
		return max(last, out.body)
	}
	p := max(last, out.body+1)
	for p < len(r.src) {
		switch c := r.src[p]; {
		case c == closer:
			return p + 1
		case c == ',':
			p++
		case c == '#' || isBlank(c):
			p = r.skipSpace(p)
		default:
			return max(last, out.body+1)
		}
	}
	return len(r.src)
}

// alias shares the anchor's node, within the expansion budget.
func (r *yamlReader) alias(n *yaml.Node) *node {
	start := r.offset(n.Line, n.Column)
	broken := &node{kind: brokenNode, start: start, body: start, end: min(start+1+len(n.Value), len(r.src))}
	target := n.Alias
	if target == nil {
		return broken
	}
	if r.busy[target] {
		r.d.errorAt(broken, fmt.Sprintf("alias *%s is used inside its own anchor", n.Value),
			"The value would be infinite. CloudFormation does not accept YAML aliases; write the value out.")
		return broken
	}
	read := r.done[target]
	if read == nil {
		read = r.node(target)
	}
	size := r.size(read)
	if r.expanded+size > maxAliasValues {
		if !r.capped {
			r.capped = true
			r.d.errorAt(broken, fmt.Sprintf("YAML aliases expand to more than %d values", maxAliasValues),
				"iamlint stops expanding aliases here and treats the rest as unknown. CloudFormation does not accept "+
					"YAML aliases; write the values out.")
		}
		return broken
	}
	r.expanded += size
	return read
}

// size counts the values n stands for, aliases expanded, saturating just
// above the limit.
func (r *yamlReader) size(n *node) int {
	if s, ok := r.sizes[n]; ok {
		return s
	}
	s := 1
	for _, p := range n.pairs {
		s += r.size(p.key) + r.size(p.value)
		if s > maxAliasValues {
			break
		}
	}
	for _, e := range n.elems {
		s += r.size(e)
		if s > maxAliasValues {
			break
		}
	}
	s = min(s, maxAliasValues+1)
	r.sizes[n] = s
	return s
}
