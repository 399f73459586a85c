package cloudformation

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// JSON templates are read with encoding/json's tokenizer rather than as
// YAML: yaml.v3 rejects valid JSON (a "\/" escape, a tab before the first
// brace) and accepts invalid JSON (trailing commas) that CloudFormation
// refuses. The decoder's input offset after each token gives exact spans.

type jsonReader struct {
	src   []byte
	base  int
	dec   *json.Decoder
	depth int
	// deep lists the values nested past model.MaxNesting: each is read as
	// a brokenNode (unknown) and reported where it starts.
	deep []*node
}

// readJSON parses src[base:] as one JSON value. On a syntax error it
// returns the offset of the error. The reader recurses once per level, so
// a value nested past model.MaxNesting is skipped without recursing and
// becomes unknown; deep lists those values.
func readJSON(src []byte, base int) (root *node, errOff int, deep []*node, err error) {
	dec := json.NewDecoder(bytes.NewReader(src[base:]))
	dec.UseNumber()
	r := &jsonReader{src: src, base: base, dec: dec}
	n, err := r.value()
	if err == nil {
		if _, extra := dec.Token(); !errors.Is(extra, io.EOF) {
			err = errors.New("data after the end of the template")
		}
	}
	if err != nil {
		return nil, r.errorOffset(err), nil, err
	}
	return n, 0, r.deep, nil
}

// errorOffset is where a syntax error is: the offending byte (for an error
// inside a string or literal, the start of it), or the end of the input for
// a truncated file.
func (r *jsonReader) errorOffset(err error) int {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return min(r.base+int(se.Offset), len(r.src))
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return len(r.src)
	}
	return r.base + int(r.dec.InputOffset())
}

// next reads a token and returns it with its span. The decoder consumes
// the separators before a token, so its start is found by skipping them.
func (r *jsonReader) next() (json.Token, int, int, error) {
	prev := r.base + int(r.dec.InputOffset())
	tok, err := r.dec.Token()
	if err != nil {
		return nil, 0, 0, err
	}
	end := r.base + int(r.dec.InputOffset())
	start := prev
	for start < end && (isBlank(r.src[start]) || r.src[start] == ',' || r.src[start] == ':') {
		start++
	}
	return tok, start, end, nil
}

func (r *jsonReader) value() (*node, error) {
	tok, start, end, err := r.next()
	if err != nil {
		return nil, err
	}
	n := &node{kind: scalarNode, start: start, end: end, body: start}
	switch t := tok.(type) {
	case json.Delim:
		if r.depth >= model.MaxNesting {
			return r.skip(n)
		}
		r.depth++
		defer func() { r.depth-- }()
		switch t {
		case '{':
			return r.object(n)
		case '[':
			return r.array(n)
		}
		return nil, fmt.Errorf("unexpected %q", rune(t)) // the decoder reports this first
	case string:
		n.text, n.style = t, styleJSON
	case json.Number:
		n.text, n.typ = t.String(), typeNumber
	case bool:
		n.text, n.typ = fmt.Sprint(t), typeBool
	case nil:
		n.text, n.typ = "null", typeNull
	}
	return n, nil
}

// skip reads past the collection n opens, without recursing, and makes n
// a brokenNode: a value too deep to read is unknown.
func (r *jsonReader) skip(n *node) (*node, error) {
	n.kind = brokenNode
	for open := 1; open > 0; {
		tok, _, end, err := r.next()
		if err != nil {
			return nil, err
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				open++
			} else {
				open--
			}
		}
		n.end = end
	}
	r.deep = append(r.deep, n)
	return n, nil
}

// deepError reports a value nested past model.MaxNesting.
func deepError(n *node, d *diags) {
	d.add(model.Error, n.start, n.start+1, fmt.Sprintf("nested more than %d levels deep", model.MaxNesting),
		"The value that starts here is not read: iamlint treats it as unknown and checks the rest of the template. "+
			"Real templates are a few dozen levels deep at most; flatten the value or generate it differently.")
}

func (r *jsonReader) object(n *node) (*node, error) {
	n.kind = mappingNode
	for r.dec.More() {
		k, err := r.value()
		if err != nil {
			return nil, err
		}
		v, err := r.value()
		if err != nil {
			return nil, err
		}
		n.pairs = append(n.pairs, pair{k, v})
	}
	return r.close(n)
}

func (r *jsonReader) array(n *node) (*node, error) {
	n.kind = sequenceNode
	for r.dec.More() {
		e, err := r.value()
		if err != nil {
			return nil, err
		}
		n.elems = append(n.elems, e)
	}
	return r.close(n)
}

func (r *jsonReader) close(n *node) (*node, error) {
	_, _, end, err := r.next()
	if err != nil {
		return nil, err
	}
	n.end = end
	return n, nil
}

// jsonError reports a JSON syntax error at its place.
func jsonError(src []byte, off int, err error, d *diags) {
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		msg = "unexpected end of file"
	}
	end := off + 1
	if off >= len(src) {
		end = off
	}
	d.add(model.Error, off, end, "invalid JSON: "+msg,
		"CloudFormation rejects a JSON template that is not well-formed: check for a trailing comma, "+
			"a missing comma or quote, or an unclosed bracket.")
}
