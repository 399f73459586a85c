package shellscript

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/iamlint/iamlint/parsers/model"
)

// Words: what a shell word is worth without running the script. A word
// whose parts are all literal (quoted or not, escapes decoded) is a known
// string, and every byte of it knows the script offset it was written at,
// so that a JSON policy inside it can be pointed into. A word that
// expands a variable or a command is unknown, with a reference for each.

// quoting is how the text of a literal part is decoded.
type quoting int

const (
	unquoted  quoting = iota // a bare word: \x is x
	dquoted                  // inside "...": \ escapes only $ ` " \ and the line end
	heredoc                  // an unquoted here-document: \ escapes $ ` \ and the line end
	raw                      // a quoted here-document: nothing is escaped
	rawTabbed                // a quoted <<- here-document: leading tabs are stripped
	tabbed                   // an unquoted <<- here-document
)

// text is a decoded string with, for each of its bytes, the script
// offset it comes from.
type text struct {
	s    []byte
	offs []int
	// lenient keeps a part that expands something as its source text
	// ("${ACCOUNT_ID}") and records where it is in holes, so that a JSON
	// document with a variable inside still parses, and the strings that
	// hold one are then made unknown (see parseJSON).
	lenient bool
	holes   [][2]int
}

func (t *text) add(b byte, off int) {
	t.s = append(t.s, b)
	t.offs = append(t.offs, off)
}

// literalWord decodes a word whose parts are all literal; ok is false
// when a part expands something.
func (l *lowerer) literalWord(w *syntax.Word) (string, []int, bool) {
	var t text
	if !l.appendParts(&t, w.Parts, unquoted, nil) {
		return "", nil, false
	}
	return string(t.s), t.offs, true
}

// appendParts decodes literal parts into t. A variable assigned once to
// a literal is substituted, with the offsets of its assignment; its
// reference is added to refs. It returns false at the first part that is
// not known.
func (l *lowerer) appendParts(t *text, parts []syntax.WordPart, q quoting, refs *[]model.Ref) bool {
	for _, p := range parts {
		switch p := p.(type) {
		case *syntax.Lit:
			l.decode(t, l.off(p.Pos()), l.off(p.End()), q)
		case *syntax.SglQuoted:
			start, end := l.off(p.Pos())+1, l.off(p.End())-1
			if p.Dollar {
				start++
				l.decodeANSI(t, start, end)
				continue
			}
			l.decode(t, start, end, raw)
		case *syntax.DblQuoted:
			if !l.appendParts(t, p.Parts, dquoted, refs) {
				return false
			}
		case *syntax.ParamExp:
			c, ok := l.constOf(p)
			if !ok || refs == nil {
				if !l.hole(t, p) {
					return false
				}
				continue
			}
			t.s = append(t.s, c.s...)
			t.offs = append(t.offs, c.offs...)
			*refs = append(*refs, l.paramRef(p))
		default:
			if !l.hole(t, p) {
				return false
			}
		}
	}
	return true
}

// sourceEnd is the script offset just past byte i of t: past the
// escape when the byte was written escaped (\").
func (l *lowerer) sourceEnd(t text, i int) int {
	off := t.offs[i]
	if off < len(l.s.Src) && l.s.Src[off] == '\\' && t.s[i] != '\\' {
		return off + 2
	}
	return off + 1
}

// hole appends a part that is not known as its source text, when t is
// lenient.
func (l *lowerer) hole(t *text, p syntax.Node) bool {
	if !t.lenient {
		return false
	}
	start, end := l.off(p.Pos()), l.off(p.End())
	h := [2]int{len(t.s), 0}
	for i := start; i < end; i++ {
		t.add(l.s.Src[i], i)
	}
	h[1] = len(t.s)
	t.holes = append(t.holes, h)
	return true
}

// decode appends src[start:end], decoded as q says.
func (l *lowerer) decode(t *text, start, end int, q quoting) {
	src := l.s.Src
	if l.limit > 0 {
		end = min(end, l.limit)
	}
	if start < 0 || end > len(src) || start > end {
		return
	}
	lineStart := start == 0 || src[start-1] == '\n'
	for i := start; i < end; i++ {
		c := src[i]
		if (q == rawTabbed || q == tabbed) && lineStart && c == '\t' {
			continue
		}
		lineStart = c == '\n'
		if c != '\\' || i+1 >= end || q == raw || q == rawTabbed {
			t.add(c, i)
			continue
		}
		next := src[i+1]
		switch {
		case next == '\n':
			i++ // a line continuation is nothing
			lineStart = false
		case q == unquoted,
			q == dquoted && strings.IndexByte("$`\"\\", next) >= 0,
			(q == heredoc || q == tabbed) && strings.IndexByte("$`\\", next) >= 0:
			// An escaped byte starts at its backslash (see sourceEnd).
			t.add(next, i)
			i++
		default:
			t.add(c, i)
		}
	}
}

// decodeANSI appends a $'...' string: the common escapes decoded, the
// rest kept as written.
func (l *lowerer) decodeANSI(t *text, start, end int) {
	src := l.s.Src
	if start < 0 || end > len(src) || start > end {
		return
	}
	for i := start; i < end; i++ {
		c := src[i]
		if c != '\\' || i+1 >= end {
			t.add(c, i)
			continue
		}
		i++
		switch src[i] {
		case 'n':
			t.add('\n', i)
		case 't':
			t.add('\t', i)
		case '\\', '\'', '"':
			t.add(src[i], i)
		default:
			t.add('\\', i-1)
			t.add(src[i], i)
		}
	}
}

// constant is the literal value of a variable assigned once.
type constant struct {
	s    []byte
	offs []int
}

// constOf returns the value of a plain $NAME or ${NAME} whose variable is
// assigned once, to a literal.
func (l *lowerer) constOf(p *syntax.ParamExp) (constant, bool) {
	if p.Param == nil || p.Excl || p.Length || p.Index != nil || p.Slice != nil || p.Repl != nil || p.Exp != nil || p.Names != 0 {
		return constant{}, false
	}
	c, ok := l.consts[p.Param.Value]
	return c, ok
}

// paramRef is the reference a parameter expansion makes: a local when the
// script assigns the variable, else an input.
func (l *lowerer) paramRef(p *syntax.ParamExp) model.Ref {
	rng := l.nodeRange(p)
	if p.Param == nil {
		return model.Ref{Kind: model.RefOther, Range: rng}
	}
	name := p.Param.Value
	ref := model.Ref{Subject: "$" + name, Name: name, Range: rng}
	switch {
	case isPositional(name):
		// Inside a function, $1 reads what its calls pass; outside, the
		// script's own arguments are nothing a rule can follow.
		ref.Kind = model.RefOther
		if f := l.enclosing(l.off(p.Pos())); f != nil {
			ref.Kind, ref.Name = model.RefLocal, l.localName(argLocal(f.name, strings.Replace(name, "*", "@", 1)))
		}
	case !isName(name):
		ref.Kind = model.RefOther // $?, $$, $#: not a value a script names
	case l.assigns[name] > 0:
		ref.Kind, ref.Name = model.RefLocal, l.localName(name)
	default:
		ref.Kind = model.RefVariable
		if l.inputs[name] == nil {
			v := &model.Variable{Name: name, Label: "$" + name, Range: rng}
			l.inputs[name] = v
			l.res.Variables = append(l.res.Variables, v)
		}
	}
	return ref
}

// isPositional matches $1..$9, ${10}..., $@ and $*.
func isPositional(s string) bool {
	if s == "@" || s == "*" {
		return true
	}
	if s == "" || s == "0" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if c != '_' && !alnum {
			return false
		}
	}
	return true
}

// word is the value of a word in a command's arguments.
func (l *lowerer) word(w *syntax.Word) *model.Value {
	return l.parts(w.Parts, l.nodeRange(w), unquoted)
}

// parts is the value of word parts at rng, decoded as q says.
func (l *lowerer) parts(parts []syntax.WordPart, rng model.Range, q quoting) *model.Value {
	var t text
	var refs []model.Ref
	if l.appendParts(&t, parts, q, &refs) {
		return &model.Value{Kind: model.String, Str: string(t.s), Range: rng, Refs: refs}
	}
	v := &model.Value{Kind: model.Unknown, Range: rng}
	var pattern strings.Builder
	l.unknownParts(v, &pattern, parts, q)
	v.Pattern = pattern.String()
	return v
}

// unknownParts gathers the references and the pattern of parts that are
// not all known.
func (l *lowerer) unknownParts(v *model.Value, pattern *strings.Builder, parts []syntax.WordPart, q quoting) {
	for _, p := range parts {
		switch p := p.(type) {
		case *syntax.Lit, *syntax.SglQuoted:
			var t text
			l.appendParts(&t, []syntax.WordPart{p}, q, nil)
			pattern.Write(t.s)
		case *syntax.DblQuoted:
			l.unknownParts(v, pattern, p.Parts, dquoted)
		case *syntax.ParamExp:
			pattern.WriteByte('*')
			if p.Param != nil {
				v.Refs = append(v.Refs, l.paramRef(p))
			}
			if p.Exp != nil && p.Exp.Word != nil {
				// ${X:-default}: the default may be what is used.
				v.Refs = append(v.Refs, l.word(p.Exp.Word).AllRefs()...)
			}
		case *syntax.CmdSubst:
			pattern.WriteByte('*')
			at := l.nodeRange(p)
			l.adopt(v, l.output(p.Stmts, at), at)
		default:
			pattern.WriteByte('*')
		}
	}
}

// adopt moves the references of out, what a $(...) at rng prints, into v,
// keeping track of those that name resources. A reference written
// elsewhere (a key read back from a file the script wrote) is placed at
// the $(...): that is where its value enters v.
func (l *lowerer) adopt(v, out *model.Value, rng model.Range) {
	out.Walk(func(x *model.Value) bool {
		for i, r := range x.Refs {
			if !rng.Contains(r.Range) {
				r.Range = rng
			}
			if k, ok := l.keyAt[refSlot{x, i}]; ok {
				l.addKeyRef(v, k, r.Attr, r.Range)
				continue
			}
			v.Refs = append(v.Refs, r)
		}
		return true
	})
}

// refSlot is one reference of a value.
type refSlot struct {
	v *model.Value
	i int
}

// addKeyRef adds a reference to resource r to v. Its name is the
// resource's address, which is known only when the script is done.
func (l *lowerer) addKeyRef(v *model.Value, r *model.Resource, attr string, at model.Range) {
	v.Refs = append(v.Refs, model.Ref{Kind: model.RefResource, Attr: attr, Range: at})
	slot := refSlot{v, len(v.Refs) - 1}
	l.keyRefs = append(l.keyRefs, keyRef{v: v, i: slot.i, r: r})
	l.keyAt[slot] = r
}
