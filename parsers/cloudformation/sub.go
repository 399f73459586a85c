package cloudformation

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// subPart is a piece of an Fn::Sub string: literal text, or a ${Name}
// variable.
type subPart struct {
	lit  string // literal text, with ${!X} already turned into ${X}
	name string // the variable: Param, Resource.Attr, AWS::Region; "" for literal text
	// start and end span the part in the string; for a variable, the whole
	// ${...}.
	start, end int
}

// parseSub splits an Fn::Sub string into literal text and variables.
// ${!Literal} is the literal text ${Literal}; a ${ without its closing
// brace, and an empty ${}, are literal text too, as CloudFormation leaves
// them.
func parseSub(s string) []subPart {
	var parts []subPart
	var lit strings.Builder
	litStart := 0
	flush := func(end int) {
		if lit.Len() > 0 {
			parts = append(parts, subPart{lit: lit.String(), start: litStart, end: end})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		open := strings.Index(s[i:], "${")
		if open < 0 {
			lit.WriteString(s[i:])
			break
		}
		open += i
		lit.WriteString(s[i:open])
		if open+2 < len(s) && s[open+2] == '!' {
			lit.WriteString("${")
			i = open + 3
			continue
		}
		closing := strings.IndexByte(s[open+2:], '}')
		name := ""
		if closing >= 0 {
			name = strings.TrimSpace(s[open+2 : open+2+closing])
		}
		if name == "" {
			lit.WriteString("${")
			i = open + 2
			continue
		}
		flush(open)
		end := open + 2 + closing + 1
		parts = append(parts, subPart{name: name, start: open, end: end})
		i, litStart = end, end
	}
	flush(len(s))
	return parts
}

// fnSub evaluates Fn::Sub: a string, or a string and a map of variables.
// Each ${Name} reads a variable of the map, a parameter, a pseudo
// parameter, a resource (Ref) or, written Name.Attr, a resource attribute
// (GetAtt); each reference gets the range of its ${...} text. The result
// is known when every variable is.
func (t *template) fnSub(c call) *model.Value {
	text, vars := c.arg, (*node)(nil)
	if c.arg.kind == sequenceNode && c.arg.tag == "" && len(c.arg.elems) == 2 {
		text, vars = c.arg.elems[0], c.arg.elems[1]
		if text.kind == mappingNode && text.tag == "" {
			text, vars = vars, text // [{Name: Value}, String], as the SAM transform writes it
		}
	}
	if text.kind == sequenceNode || text.kind == mappingNode && !isDirective(text) ||
		vars != nil && (vars.kind != mappingNode || vars.tag != "") {
		return t.badShape(c)
	}
	bound := map[string]*model.Value{}
	for _, p := range vars.entries() {
		bound[p.key.text] = t.value(p.value)
	}
	s, ok := text.str()
	var offs []int
	if ok {
		offs = textOffsets(t.src, text)
	} else if s, ok = scalarText(t.value(text)); !ok {
		// A string made by a function or a preprocessor: unknown until then.
		return unknown(c.rng, refsOf(append(slices.Collect(maps.Values(bound)), t.value(text))...)...)
	}
	var out, pattern strings.Builder
	var refs []model.Ref
	var holes []int
	known := true
	for _, part := range parseSub(s) {
		if part.name == "" {
			out.WriteString(part.lit)
			pattern.WriteString(part.lit)
			continue
		}
		rng := t.subRange(text, offs, part)
		var v *model.Value
		if b, ok := bound[part.name]; ok {
			v = b
			for _, r := range b.AllRefs() {
				r.Via = append(slices.Clip(r.Via), model.Hop{Label: fmt.Sprintf("${%s} of Fn::Sub", part.name), Range: rng})
				refs = append(refs, r)
			}
		} else {
			v = t.subVariable(part.name, rng)
			refs = append(refs, v.Refs...)
		}
		if s, ok := scalarText(v); ok && out.Len()+len(s) <= maxStringBytes {
			out.WriteString(s)
			pattern.WriteString(s)
		} else {
			known = false
			if v.Kind == model.Unknown && v.Pattern != "" {
				for _, h := range v.Holes {
					holes = append(holes, pattern.Len()+h)
				}
				pattern.WriteString(v.Pattern) // a !Join or !Sub bound in the variable map
			} else {
				holes = append(holes, pattern.Len())
				pattern.WriteString("*")
			}
		}
	}
	if !known {
		u := unknown(c.rng, refs...)
		if pattern.Len() <= maxStringBytes {
			u.Pattern, u.Holes = pattern.String(), holes
		}
		return u
	}
	return &model.Value{Kind: model.String, Str: out.String(), Range: c.rng, Refs: refs}
}

// subVariable reads ${Name} or ${Name.Attr} outside the variable map.
func (t *template) subVariable(name string, rng model.Range) *model.Value {
	if id, attr, ok := strings.Cut(name, "."); ok {
		return unknown(rng, model.Ref{Subject: id, Kind: model.RefResource, Name: id, Attr: attr, Range: rng})
	}
	return t.ref(name, rng)
}

// subRange is the range of a ${...} in the file. Where the string's text
// cannot be mapped to the source exactly (see align), it is the range of
// the whole string.
func (t *template) subRange(text *node, offs []int, part subPart) model.Range {
	if offs == nil {
		return t.rng(text)
	}
	return t.span(offs[part.start], offs[part.end-1]+1)
}
