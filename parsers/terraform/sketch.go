package terraform

import (
	"bytes"
	"strings"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
)

// A Sketch is what a byte-level read of one file tells before any parsing:
// where its top-level blocks are, what each declares and refers to, and
// whether a rule could care about it. Parsing HCL is most of a scan's cost
// and most blocks of a real configuration (buckets, queues, DNS records,
// Kubernetes objects) can hold nothing iamlint reports, so a module
// directory is sketched first, SelectBlocks keeps the blocks that matter
// and the blocks they need, and Parse parses only those.
//
// The selection is conservative: a block is kept when its text could
// matter, and the test suite runs every rule fixture with and without it.
type Sketch struct {
	Path string
	// raw is the file as read; src is what the parsers read: raw with a
	// byte order mark blanked (see blankBOM) and invalid UTF-8 replaced
	// (frontend.ReadableUTF8). Both have the same offsets;
	// positions are computed on raw, so that line 1 counts from after the
	// mark.
	raw, src []byte
	// badUTF8 is the offset of the first byte of raw that is not UTF-8,
	// or -1; src reads such bytes as frontend.Replacement.
	badUTF8 int
	whole   bool // parse the whole file: not native .tf, or not splittable
	// dirWhole asks for the whole directory: the file's content cannot be
	// followed by names (JSON configuration, a tfvars value that may hold a
	// key, a .tf the splitter cannot read).
	dirWhole bool
	// keyIDs: the file may hold a key ID (an AKIA or ASIA literal), which
	// a rule reading literals reads anywhere in it, comments included.
	keyIDs bool
	// keyVars: a tfvars file whose values may hold a key, which makes
	// sources of variables the flow follows.
	keyVars bool
	// checkAll: the blocks the selection skips are still parsed, one at a
	// time and thrown away, for their syntax errors (CheckAll).
	checkAll bool
	blocks   []span
	units    []unit
	// splitOK: split read the whole file into blocks, so each block's
	// nesting is known (span.deep); otherwise Parse measures the file.
	splitOK bool
	// assumes: the file may define a role's trust or assume a role
	// (AssumeRole, assume_role): the code's own accounts, against which a
	// trust is judged, may matter. A file split did not read counts.
	assumes bool
}

// span is one top-level block: [start, end) in the source.
type span struct {
	start, end int
	need       bool
	// deep is where the block nests past model.MaxNesting, or -1: such a
	// block is never handed to the parser (see Sketch.parseShallow).
	deep int
}

// unit is what the selection reasons about: a block, or one attribute of a
// locals block (so that a key in one local does not pull every user of the
// others).
type unit struct {
	block      int
	start, end int
	names      []string // what it declares, as references spell it: var.x, local.x, aws_iam_user.x
	typ        string   // the type of a resource or data block
	kind       blockKind
	seed       bool   // a rule reads it directly (see Seeds)
	source     bool   // it may hold or name key material
	policy     bool   // it may hold or name a policy document
	file       bool   // it reads a file, which may hold a policy, a key or user data
	module     bool   // a call of a module from outside the tree, which may output a key
	local      string // a call of a local module: its source
	// meta are the spans of the meta-arguments (count, for_each, source,
	// version, providers, depends_on) of a call of a module from outside
	// the tree: the flow cannot follow its inputs (had terraform init
	// installed it, the directory would be read whole), so its other
	// arguments need nothing evaluated.
	meta     [][2]int
	metaRefs []string
	metaDone bool
	// provisioner marks a resource with a provisioner, where a key may
	// land whatever the resource's type.
	provisioner bool
	need        bool
	// keyReached and moduleReached mark what the two forward walks reached.
	keyReached, moduleReached bool
	// writerDone and storeDone: what it reaches as a store writer or a
	// named store is listed (select.go storeReaders, storeNames).
	writerDone, storeDone bool
	refsDone              bool
	refs                  []string
}

// blockKind tells the blocks the seeds name by type or setting apart.
type blockKind uint8

const (
	otherBlock    blockKind = iota
	resourceBlock           // resource "type" "name"
	dataBlock               // data "type" "name"
	providerBlock           // provider "type": typ is the provider
	backendBlock            // terraform: typ is its backend's type, if any
	outputBlock             // output "name": a sink of the root module
)

// What makes a unit matter is decided on its lower-cased text, by what the
// rules read (Seeds): the sketch notes what kinds of content a unit may
// hold, and the selection keeps those a rule reads.
//   - policy words, for rules that read policies: aws_iam_ (IAM resources,
//     policy documents and references to them), rincipal
//     (Principal/principals of policies written in any form), iam: (IAM
//     actions);
//   - file(: policies, user data and templates read from files, for rules
//     that read policies, literals or the flow;
//   - a credential name, which makes it a source of the flow: access_key,
//     accesskey, secret_key, secretkey, secret_access, secretaccess (or
//     with a hyphen), in access key resources and their references,
//     inputs and environment entries named like keys;
//   - a key-ID literal, which makes it a source too: a literal key reaches
//     sinks. Rules that read literals have the whole file parsed.
//
// Resource types, data sources and provider settings rules read are
// matched by the selection itself (Seeds). A file is searched once for the
// words these start with, so that most blocks, in files without them, are
// not searched at all.
type relevance struct {
	lower, src                           []byte
	iam, principal, file, access, secret bool
	keyIDs                               bool // the file has AKIA or ASIA: a key ID may be a source
}

func newRelevance(src []byte) *relevance {
	lower := bytes.ToLower(src)
	return &relevance{
		lower:     lower,
		src:       src,
		keyIDs:    model.MayHoldKey(src),
		iam:       bytes.Contains(lower, []byte("iam")),
		principal: bytes.Contains(lower, []byte("rincipal")),
		file:      bytes.Contains(lower, []byte("file(")),
		access:    bytes.Contains(lower, []byte("access")),
		secret:    bytes.Contains(lower, []byte("secret")),
	}
}

// classify tells what lower[start:end] may hold: key material, a policy,
// a file read.
func (r *relevance) classify(u *unit) {
	text := r.lower[u.start:u.end]
	u.source = (r.access || r.secret) && hasCredentialName(text) ||
		r.keyIDs && model.MayHoldKey(r.src[u.start:u.end])
	u.policy = r.iam && iamWord(text) || r.principal && bytes.Contains(text, []byte("rincipal"))
	u.file = r.file && bytes.Contains(text, []byte("file("))
}

// hasCredentialName reports whether lower-cased text names a credential.
func hasCredentialName(lower []byte) bool {
	return followedBy(lower, "access", "_key", "-key", "key") || followedBy(lower, "secret", "_key", "-key", "key", "_access", "-access", "access")
}

// followedBy reports whether word occurs in text right before one of the
// suffixes.
func followedBy(text []byte, word string, suffixes ...string) bool {
	for i := 0; ; {
		k := bytes.Index(text[i:], []byte(word))
		if k < 0 {
			return false
		}
		i += k + len(word)
		for _, suffix := range suffixes {
			if bytes.HasPrefix(text[i:], []byte(suffix)) {
				return true
			}
		}
	}
}

// iamWord finds aws_iam_ or iam: in text.
func iamWord(text []byte) bool {
	for i := 0; ; {
		k := bytes.Index(text[i:], []byte("iam"))
		if k < 0 {
			return false
		}
		at := i + k
		i = at + len("iam")
		if i < len(text) && (text[i] == ':' || text[i] == '_' && at >= 4 && string(text[at-4:at]) == "aws_") {
			return true
		}
	}
}

// NewSketch reads a file's bytes without parsing them.
func NewSketch(path string, src []byte) *Sketch {
	text, bad := frontend.ReadableUTF8(src)
	s := &Sketch{Path: path, raw: src, src: blankBOM(text), badUTF8: bad}
	switch {
	case isTfvars(path):
		s.whole = true
		// A tfvars value that may be a key makes a source of its variable,
		// and tfvars are not split into names: the directory is read whole
		// when a rule follows the flow.
		s.keyVars = model.MayHoldKey(s.src) || hasCredentialName(bytes.ToLower(s.src))
	case strings.HasSuffix(path, ".json"):
		s.whole, s.dirWhole = true, true
	case bytes.Contains(s.src, []byte(directive)):
		// Suppression comments scope to the next item: the whole file.
		s.whole = true
		s.dirWhole = !s.split()
	default:
		// Key literals count anywhere, comments included: the selection
		// reads the whole file for a rule that reads literals.
		s.keyIDs = model.MayHoldKey(s.src)
		s.dirWhole = !s.split()
		s.whole = s.dirWhole
	}
	return s
}

// LocalSources returns every local path ("./x", "../y") the text assigns
// to an attribute named source, in native syntax or JSON: the module
// calls of a file, found without parsing it. An attribute of another block
// named source (a provisioner's) may be among them; that only joins
// directories that need not be.
func LocalSources(src []byte) []string {
	var out []string
	for i := 0; ; {
		k := bytes.Index(src[i:], []byte("source"))
		if k < 0 {
			return out
		}
		at := i + k
		i = at + len("source")
		if at > 0 && isIdentByte(src[at-1]) || i < len(src) && isIdentByte(src[i]) {
			continue
		}
		j := i
		if j < len(src) && src[j] == '"' {
			j++ // a JSON key
		}
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
		if j >= len(src) || (src[j] != '=' && src[j] != ':') {
			continue
		}
		for j++; j < len(src) && (src[j] == ' ' || src[j] == '\t'); j++ {
		}
		if j >= len(src) || src[j] != '"' {
			continue
		}
		end := bytes.IndexAny(src[j+1:], "\"\n")
		if end < 0 {
			return out
		}
		if v := string(src[j+1 : j+1+end]); strings.HasPrefix(v, "./") || strings.HasPrefix(v, "../") {
			out = append(out, v)
		}
	}
}

// NeedAll makes Parse read the whole file.
func (s *Sketch) NeedAll() { s.whole = true }

// CheckAll makes Parse report the syntax errors of every block, as a
// whole parse does, while building only the blocks the selection keeps:
// the others are parsed one at a time and thrown away, which costs a
// fraction of a whole parse of a large file (HCL's parse of one 8 MB file
// holds all of its syntax at once) and keeps no memory. A file named on
// the command line (pre-commit) gets it: the user's own files get every
// syntax error, and the same selection as in a directory scan.
func (s *Sketch) CheckAll() { s.checkAll = true }

// split finds the top-level blocks and their units. It returns false when
// the text is not plain blocks at the top level (an attribute, an
// unbalanced brace, an unterminated string or heredoc).
func (s *Sketch) split() bool {
	src := s.src
	rel := newRelevance(src)
	s.assumes = bytes.Contains(rel.lower, []byte("assumerole")) || bytes.Contains(rel.lower, []byte("assume_role"))
	for i := skipSpace(src, 0); i < len(src); i = skipSpace(src, i) {
		start := i
		typ, labels, open, ok := header(src, i)
		if !ok {
			return false
		}
		end, attrs, deep, ok := skipBraced(src, open, typ == "locals" || typ == "module")
		if !ok {
			return false
		}
		i = end
		b := len(s.blocks)
		s.blocks = append(s.blocks, span{start: start, end: end, deep: deep})
		if deep >= 0 {
			continue // no units: nothing selects it, Parse reports it
		}
		text := rel.lower[start:end]
		blockUnit := unit{block: b, start: start, end: end}
		rel.classify(&blockUnit)
		switch {
		case typ == "provider" && len(labels) == 1:
			blockUnit.kind, blockUnit.typ = providerBlock, labels[0]
		case typ == "terraform":
			blockUnit.kind, blockUnit.typ = backendBlock, backendType(src[open:end])
		case typ == "output" && len(labels) == 1:
			blockUnit.kind = outputBlock
			blockUnit.names = []string{"output." + labels[0]}
		case typ == "resource" && len(labels) == 2:
			blockUnit.kind, blockUnit.typ = resourceBlock, labels[0]
			blockUnit.names = []string{labels[0] + "." + labels[1]}
			blockUnit.provisioner = bytes.Contains(text, []byte("provisioner"))
		case typ == "data" && len(labels) == 2:
			blockUnit.kind, blockUnit.typ = dataBlock, labels[0]
			blockUnit.names = []string{"data." + labels[0] + "." + labels[1]}
		case typ == "module" && len(labels) == 1:
			blockUnit.names = []string{"module." + labels[0]}
			if m := localSource(src[open:end]); m != "" {
				blockUnit.local = m
			} else {
				blockUnit.module = true
				blockUnit.meta = metaArguments(attrs, end)
			}
		case typ == "variable" && len(labels) == 1:
			blockUnit.names = []string{"var." + labels[0]}
		case typ == "locals" && len(attrs) > 0:
			for k, a := range attrs {
				aend := end
				if k+1 < len(attrs) {
					aend = attrs[k+1].start
				}
				u := unit{block: b, start: a.start, end: aend, names: []string{"local." + a.name}}
				rel.classify(&u)
				s.units = append(s.units, u)
			}
			continue
		}
		s.units = append(s.units, blockUnit)
	}
	s.splitOK = true
	return true
}

// moduleMetaArguments are the arguments of a module block Terraform
// reads itself rather than passing to the module.
var moduleMetaArguments = map[string]bool{"source": true, "version": true, "count": true, "for_each": true, "providers": true, "depends_on": true}

// metaArguments returns the spans of the meta-arguments among a module
// block's attributes; an attribute runs to the next or to the block's end.
func metaArguments(attrs []attrStart, end int) [][2]int {
	var spans [][2]int
	for k, a := range attrs {
		if !moduleMetaArguments[a.name] {
			continue
		}
		aend := end
		if k+1 < len(attrs) {
			aend = attrs[k+1].start
		}
		spans = append(spans, [2]int{a.start, aend})
	}
	return spans
}

// backendType returns the type of the backend a terraform block's body
// declares (backend "s3" {), or "".
func backendType(body []byte) string {
	for i := 0; ; {
		k := bytes.Index(body[i:], []byte("backend"))
		if k < 0 {
			return ""
		}
		at := i + k
		i = at + len("backend")
		if at > 0 && isIdentByte(body[at-1]) || i < len(body) && isIdentByte(body[i]) {
			continue
		}
		if _, labels, _, ok := header(body, at); ok && len(labels) == 1 {
			return labels[0]
		}
	}
}

// skipSpace skips whitespace and comments between top-level items.
func skipSpace(src []byte, i int) int {
	for i < len(src) {
		switch c := src[i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case c == '#' || (c == '/' && i+1 < len(src) && src[i+1] == '/'):
			i = lineEnd(src, i)
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := bytes.Index(src[i+2:], []byte("*/"))
			if end < 0 {
				return i // unterminated: header fails on it
			}
			i += end + 4
		default:
			return i
		}
	}
	return i
}

func lineEnd(src []byte, i int) int {
	if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(src)
}

// header reads `type "label" label {` and returns the block type, its
// labels and the offset of the opening brace.
func header(src []byte, i int) (typ string, labels []string, open int, ok bool) {
	j := identEnd(src, i)
	if j == i {
		return "", nil, 0, false
	}
	typ = string(src[i:j])
	for i = j; i < len(src); {
		switch src[i] {
		case ' ', '\t':
			i++
		case '{':
			return typ, labels, i, true
		case '"':
			end := bytes.IndexAny(src[i+1:], "\"\\\n$%")
			if end < 0 || src[i+1+end] != '"' {
				return "", nil, 0, false // escapes and templates in labels: let HCL read it
			}
			labels = append(labels, string(src[i+1:i+1+end]))
			i += end + 2
		default:
			k := identEnd(src, i)
			if k == i {
				return "", nil, 0, false
			}
			labels = append(labels, string(src[i:k]))
			i = k
		}
	}
	return "", nil, 0, false
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

func isIdentByte(c byte) bool { return isIdentStart(c) || c == '-' || (c >= '0' && c <= '9') }

func identEnd(src []byte, i int) int {
	if i >= len(src) || !isIdentStart(src[i]) {
		return i
	}
	for i++; i < len(src) && isIdentByte(src[i]); i++ {
	}
	return i
}

// attrStart is an attribute of a block's own body: `name =`.
type attrStart struct {
	name  string
	start int
}

// skipBraced returns the offset just past the brace that closes the one at
// open, following strings, templates, heredocs and comments as HCL's
// scanner does. With wantAttrs it also returns the attributes that start a
// line of the block's own body. deep is the offset where the block's
// nesting passes model.MaxNesting, or -1.
//
// Nesting is what makes HCL's parser and evaluator recurse: frames (the
// block's brace is the first) and, within one element of a frame (up to a
// comma, or a newline in braces), operators (a chain a+b+c, a?b:c?d, !!x is
// a tree as deep as it is long) and the bracketed terms that follow one
// another (x[y][z], f(a)(b)). Counting them is conservative: a real
// element has a handful.
func skipBraced(src []byte, open int, wantAttrs bool) (end int, attrs []attrStart, deep int, ok bool) {
	return scanNested(src, open, '{', wantAttrs, false)
}

// nestedPast returns where text that the splitter cannot read (a tfvars
// file, a file with a syntax error, a template string of JSON
// configuration) nests past model.MaxNesting, or -1. first is what the text
// is: '{' a body of attributes and blocks, 't' a template. It reads on
// through what would be syntax errors, as HCL's parser does.
func nestedPast(src []byte, first byte) int {
	_, _, deep, _ := scanNested(src, -1, first, false, true)
	return deep
}

// scanNested is skipBraced from a first frame (see skipBraced); lenient
// reads past syntax errors to the end of src.
func scanNested(src []byte, open int, first byte, wantAttrs, lenient bool) (end int, attrs []attrStart, deep int, ok bool) {
	// Frames: '{' '[' '(' brackets in an expression, 'i' a template
	// interpolation or directive, '"' a quoted string, 'h' a heredoc's
	// template (its marker in markers), 't' a template to the end of src.
	// ops counts, per frame, the operators and terms of its current
	// element; total is their sum.
	var stackBuf [64]byte
	var opsBuf [64]int32
	stack := append(stackBuf[:0], first)
	ops := append(opsBuf[:0], 0)
	total := int32(0)
	var markers [][]byte
	deep = -1
	lineStart := true
	for i := open + 1; i < len(src); {
		c := src[i]
		top := stack[len(stack)-1]
		if top == '"' || top == 'h' || top == 't' {
			if top == 'h' && src[i-1] == '\n' {
				e := lineEnd(src, i)
				if bytes.Equal(bytes.TrimSpace(src[i:e]), markers[len(markers)-1]) {
					stack, ops, markers = stack[:len(stack)-1], ops[:len(ops)-1], markers[:len(markers)-1]
					i = e
					continue
				}
				if bytes.IndexByte(src[i:e], '{') < 0 {
					i = e + 1 // no ${ or %{ on the line: on to the next one
					continue
				}
			}
			switch {
			case c == '\\' && top == '"':
				i += 2
			case c == '"' && top == '"':
				stack, ops = stack[:len(stack)-1], ops[:len(ops)-1]
				i++
			case c == '\n' && top == '"':
				if !lenient {
					return 0, nil, -1, false // a quoted string ends on its line
				}
				stack, ops = stack[:len(stack)-1], ops[:len(ops)-1]
			case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == '{':
				if stack, ops = append(stack, 'i'), append(ops, 0); deep < 0 && len(stack)+int(total) > model.MaxNesting {
					deep = i
				}
				i += 2
			case (c == '$' || c == '%') && i+2 < len(src) && src[i+1] == c && src[i+2] == '{':
				i += 3 // $${ and %%{ are literal
			case (top == 'h' || top == 't') && c != '\n':
				// Template text: on to the line's end (where the next line
				// may be the marker) or a possible interpolation.
				for i++; i < len(src) && src[i] != '\n' && src[i] != '$' && src[i] != '%'; i++ {
				}
			default:
				i++
			}
			continue
		}
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			if lineStart && wantAttrs && len(stack) == 1 && isIdentStart(c) {
				if name, ok := attrName(src, i); ok {
					attrs = append(attrs, attrStart{name: name, start: i})
				}
			}
			lineStart = false
		}
		switch c {
		case '\n':
			lineStart = true
			if top == '{' {
				total -= ops[len(ops)-1]
				ops[len(ops)-1] = 0
			}
		case ',':
			total -= ops[len(ops)-1]
			ops[len(ops)-1] = 0
		case '!', '-', '+', '*', '%', '?', '>', '=', '&', '|':
			ops[len(ops)-1]++
			if total++; deep < 0 && len(stack)+int(total) > model.MaxNesting {
				deep = i
			}
		case '"', '{', '[', '(':
			if stack, ops = append(stack, c), append(ops, 0); deep < 0 && len(stack)+int(total) > model.MaxNesting {
				deep = i
			}
		case '}', ']', ')':
			if lenient && len(stack) == 1 {
				break // a stray closer
			}
			if top != opener(c) && (c != '}' || top != 'i') && !lenient {
				return 0, nil, -1, false
			}
			total -= ops[len(ops)-1]
			stack, ops = stack[:len(stack)-1], ops[:len(ops)-1]
			if len(stack) == 0 {
				return i + 1, attrs, deep, true
			}
			if top != 'i' { // a bracketed term; a template's parts are a flat list
				ops[len(ops)-1]++
				if total++; deep < 0 && len(stack)+int(total) > model.MaxNesting {
					deep = i
				}
			}
		case '#':
			i = lineEnd(src, i)
			continue
		case '/':
			if i+1 < len(src) && src[i+1] == '/' {
				i = lineEnd(src, i)
				continue
			}
			if i+1 < len(src) && src[i+1] == '*' {
				j := bytes.Index(src[i+2:], []byte("*/"))
				if j < 0 {
					return 0, nil, deep, false // the rest is a comment
				}
				i += j + 4
				continue
			}
			ops[len(ops)-1]++
			if total++; deep < 0 && len(stack)+int(total) > model.MaxNesting {
				deep = i
			}
		case '<':
			if i+1 < len(src) && src[i+1] == '<' {
				if marker, body, ok := heredocStart(src, i+2); ok {
					if stack, ops = append(stack, 'h'), append(ops, 0); deep < 0 && len(stack)+int(total) > model.MaxNesting {
						deep = i
					}
					markers = append(markers, marker)
					i = body
					continue
				}
				if !lenient {
					return 0, nil, -1, false
				}
			}
			ops[len(ops)-1]++
			if total++; deep < 0 && len(stack)+int(total) > model.MaxNesting {
				deep = i
			}
		}
		i++
	}
	return 0, nil, deep, false
}

func opener(closer byte) byte {
	switch closer {
	case '}':
		return '{'
	case ']':
		return '['
	}
	return '('
}

// attrName reads `name =` (not `name ==`) at i.
func attrName(src []byte, i int) (string, bool) {
	j := identEnd(src, i)
	k := j
	for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
		k++
	}
	if k < len(src) && src[k] == '=' && (k+1 >= len(src) || src[k+1] != '=') {
		return string(src[i:j]), true
	}
	return "", false
}

// heredocStart reads the opening of a heredoc whose `<<` ends at i:
// `<<EOT` or `<<-EOT` then a newline. It returns the marker and where the
// body starts; the body runs up to the line that holds only the marker,
// and its ${ } and %{ } are expressions, which skipBraced follows.
func heredocStart(src []byte, i int) (marker []byte, body int, ok bool) {
	if i < len(src) && src[i] == '-' {
		i++
	}
	j := identEnd(src, i)
	if j == i {
		return nil, 0, false
	}
	nl := bytes.IndexByte(src[j:], '\n')
	if nl < 0 || len(bytes.TrimSpace(src[j:j+nl])) > 0 {
		return nil, 0, false
	}
	return src[i:j], j + nl + 1, true
}

// localSource returns a module block's source when it is a local path.
func localSource(body []byte) string {
	if sources := LocalSources(body); len(sources) > 0 {
		return sources[0]
	}
	return ""
}

// references returns what a unit's text may refer to, spelled as unit
// names are: var.x, local.x, module.x, data.t.x, t.x. Words in strings and
// comments count too; an extra name only keeps an extra block.
func references(text []byte) []string {
	var out []string
	for i := 0; i < len(text); {
		if !isIdentStart(text[i]) || (i > 0 && (isIdentByte(text[i-1]) || text[i-1] == '.')) {
			i++
			continue
		}
		j := i
		var parts [3][]byte
		n := 0
		for n < 3 {
			k := identEnd(text, j)
			if k == j {
				break
			}
			parts[n] = text[j:k]
			n++
			j = k
			if j >= len(text) || text[j] != '.' {
				break
			}
			j++
		}
		outputRef := "" // module.NAME.OUTPUT, right after module.NAME
		if n >= 2 && string(parts[0]) == "module" {
			after := i + len("module.") + len(parts[1])
			if moduleOutputMaySecret(text, after) {
				out = append(out, "module."+string(parts[1])+secretOutput)
			}
			if output := moduleOutput(text, after); output != "" {
				outputRef = "module." + string(parts[1]) + "." + output
			}
		}
		switch {
		case n >= 3 && string(parts[0]) == "data":
			out = append(out, "data."+string(parts[1])+"."+string(parts[2]))
		case n >= 2 && bytes.IndexByte(parts[0], '_') >= 0 || n >= 2 && isScope(parts[0]):
			out = append(out, string(parts[0])+"."+string(parts[1]))
		}
		if outputRef != "" {
			out = append(out, outputRef)
		}
		if j == i {
			j++
		}
		i = j
	}
	return out
}

// secretOutput marks a reference to a module's output that may hold
// credentials by its name (model.MayNameSecret), or to the whole module.
const secretOutput = "#secret"

// moduleOutput returns the output named after `module.NAME` at i, past
// index brackets, or "" for the module as a whole.
func moduleOutput(text []byte, i int) string {
	for i < len(text) && text[i] == '[' {
		j := bytes.IndexByte(text[i:], ']')
		if j < 0 {
			return ""
		}
		i += j + 1
	}
	if i >= len(text) || text[i] != '.' {
		return ""
	}
	return string(text[i+1 : identEnd(text, i+1)])
}

// moduleOutputMaySecret reads what follows `module.NAME` at i: index
// brackets, then `.output.field...`.
func moduleOutputMaySecret(text []byte, i int) bool {
	for i < len(text) && text[i] == '[' {
		j := bytes.IndexByte(text[i:], ']')
		if j < 0 {
			return true
		}
		i += j + 1
	}
	if i >= len(text) || text[i] != '.' {
		return true // the whole module
	}
	for i < len(text) && text[i] == '.' {
		j := identEnd(text, i+1)
		if model.MayNameSecret(string(text[i+1 : j])) {
			return true
		}
		i = j
		for i < len(text) && text[i] == '[' {
			k := bytes.IndexByte(text[i:], ']')
			if k < 0 {
				return true
			}
			i += k + 1
		}
	}
	return false
}

func isScope(word []byte) bool {
	switch string(word) {
	case "var", "local", "module":
		return true
	}
	return false
}
