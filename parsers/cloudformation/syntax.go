package cloudformation

// The syntax tree both readers produce. YAML and JSON differ in how text is
// written (tags, quoting styles, block scalars, escapes) but not in what a
// template is made of, so the evaluator works on one tree: mappings,
// sequences and scalars, each with its exact span in the file.

type nodeKind uint8

const (
	scalarNode nodeKind = iota
	mappingNode
	sequenceNode
	// brokenNode stands for what could not be read (an alias expanded
	// beyond the limit, an alias to itself); it evaluates to unknown.
	brokenNode
)

// scalarType is what a scalar resolves to without a tag: YAML's core
// schema, JSON's literals.
type scalarType uint8

const (
	typeString scalarType = iota
	typeNumber
	typeBool
	typeNull
)

// style is how a scalar is written, which decides how its decoded text maps
// back to the source (see align.go).
type style uint8

const (
	stylePlain style = iota
	styleSingle
	styleDouble
	styleLiteral // |
	styleFolded  // >
	styleJSON    // a JSON string
)

// node is one value of a template as written.
type node struct {
	kind  nodeKind
	tag   string // a local tag as written ("!Ref", "!GetAtt"), "" when there is none
	typ   scalarType
	style style
	text  string // a scalar's decoded text

	// start and end span the whole node in the file, in bytes, its tag
	// included; body is where a scalar's own text starts: its opening
	// quote or block indicator, after any tag and anchor.
	start, end, body int

	pairs []pair  // mappingNode, in source order
	elems []*node // sequenceNode
}

type pair struct{ key, value *node }

// get returns the value of the first pair whose key is name, or nil.
func (n *node) get(name string) *node {
	if n == nil || n.kind != mappingNode {
		return nil
	}
	for _, p := range n.pairs {
		if p.key.text == name {
			return p.value
		}
	}
	return nil
}

// str returns a scalar's text when the node is a plain, untagged string:
// the only form a logical ID, a condition name or a type may take.
func (n *node) str() (string, bool) {
	if n == nil || n.kind != scalarNode || n.tag != "" || n.typ == typeNull {
		return "", false
	}
	return n.text, true
}

// entries returns a mapping's pairs; nil for anything else.
func (n *node) entries() []pair {
	if n == nil || n.kind != mappingNode {
		return nil
	}
	return n.pairs
}
