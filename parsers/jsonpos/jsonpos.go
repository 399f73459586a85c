// Package jsonpos parses JSON into model values that keep the exact range
// of every element, so that a policy written as a JSON string (a Terraform
// heredoc, a file(), a CloudFormation string) can be pointed into.
//
// It is built on encoding/json's token stream: the standard library does
// the parsing, this package only tracks where each token starts and ends,
// which encoding/json does not report.
package jsonpos

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/iamlint/iamlint/parsers/model"
)

// maxDepth bounds nesting: the parser recurses once per level, and a
// hostile document must not exhaust the stack. It is the front-ends' limit,
// so that a document they read in another form (jsonencode, a YAML
// mapping) is read as a string too.
const maxDepth = model.MaxNesting

// ErrTooDeep is what an *Error nested past model.MaxNesting matches
// (errors.Is): valid JSON that is not read, which a caller may report,
// unlike text that is not JSON at all.
var ErrTooDeep = errors.New("JSON nested too deeply")

// Error is a syntax error at a position.
type Error struct {
	Pos model.Pos
	Msg string
	err error // ErrTooDeep, or nil
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Column, e.Msg) }

// Unwrap makes errors.Is(err, ErrTooDeep) work.
func (e *Error) Unwrap() error { return e.err }

// Parse parses src, which starts at position start of file, into a value.
// Objects keep member order and name ranges; every value has its range.
// A byte order mark at the start of src (a whole file read by file()) is
// skipped: it counts in byte offsets, not in columns (see model.LineIndex).
func Parse(src []byte, file string, start model.Pos) (*model.Value, error) {
	if n := model.BOMLen(src); n > 0 {
		src = src[n:]
		start.Byte += n
	}
	p := &parser{src: src, file: file, start: start, dec: json.NewDecoder(bytes.NewReader(src))}
	p.dec.UseNumber()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); !errors.Is(err, io.EOF) {
		return nil, p.errorAt(int(p.dec.InputOffset()), "unexpected data after the JSON value")
	}
	return v, nil
}

type parser struct {
	src   []byte
	file  string
	start model.Pos
	dec   *json.Decoder
	// A cursor: tokens come in order, so positions are computed by
	// advancing from the last one, in linear time overall.
	curOff int
	curPos model.Pos
}

// pos converts an offset in src to a file position.
func (p *parser) pos(off int) model.Pos {
	if off < p.curOff || p.curPos.Line == 0 {
		p.curOff, p.curPos = 0, p.start
	}
	for ; p.curOff < off && p.curOff < len(p.src); p.curOff++ {
		p.curPos.Byte++
		if p.src[p.curOff] == '\n' {
			p.curPos.Line++
			p.curPos.Column = 1
		} else {
			p.curPos.Column++
		}
	}
	return p.curPos
}

func (p *parser) rng(from, to int) model.Range {
	return model.Range{File: p.file, Start: p.pos(from), End: p.pos(to)}
}

func (p *parser) errorAt(off int, msg string) error {
	return &Error{Pos: p.pos(off), Msg: msg}
}

// tokenStart is where the next token begins: after whitespace and the
// separators encoding/json consumes silently.
func (p *parser) tokenStart() int {
	off := int(p.dec.InputOffset())
	for off < len(p.src) {
		switch p.src[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
		default:
			return off
		}
	}
	return off
}

func (p *parser) token() (json.Token, int, error) {
	start := p.tokenStart()
	tok, err := p.dec.Token()
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, start, p.errorAt(int(se.Offset), se.Error())
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, start, p.errorAt(len(p.src), "unexpected end of JSON")
		}
		return nil, start, p.errorAt(start, err.Error())
	}
	return tok, start, nil
}

func (p *parser) value(depth int) (*model.Value, error) {
	if depth > maxDepth {
		return nil, &Error{Pos: p.pos(p.tokenStart()), Msg: fmt.Sprintf("JSON nested more than %d levels deep", maxDepth), err: ErrTooDeep}
	}
	tok, start, err := p.token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			return p.object(start, depth)
		case '[':
			return p.array(start, depth)
		}
		return nil, p.errorAt(start, fmt.Sprintf("unexpected %q", rune(t)))
	case string:
		return &model.Value{Kind: model.String, Str: t, Range: p.rng(start, int(p.dec.InputOffset()))}, nil
	case json.Number:
		f, _ := strconv.ParseFloat(string(t), 64)
		return &model.Value{Kind: model.Number, Str: string(t), Num: f, Range: p.rng(start, int(p.dec.InputOffset()))}, nil
	case bool:
		return &model.Value{Kind: model.Bool, Bool: t, Range: p.rng(start, int(p.dec.InputOffset()))}, nil
	case nil:
		return &model.Value{Kind: model.Null, Range: p.rng(start, int(p.dec.InputOffset()))}, nil
	}
	return nil, p.errorAt(start, "unexpected token")
}

func (p *parser) object(start, depth int) (*model.Value, error) {
	v := &model.Value{Kind: model.Object}
	for p.dec.More() {
		tok, keyStart, err := p.token()
		if err != nil {
			return nil, err
		}
		name, ok := tok.(string)
		if !ok {
			return nil, p.errorAt(keyStart, "object key is not a string")
		}
		keyRange := p.rng(keyStart, int(p.dec.InputOffset()))
		member, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		v.Attrs = append(v.Attrs, &model.Attr{Name: name, NameRange: keyRange, Value: member})
	}
	if _, _, err := p.token(); err != nil { // the closing brace
		return nil, err
	}
	v.Range = p.rng(start, int(p.dec.InputOffset()))
	return v, nil
}

func (p *parser) array(start, depth int) (*model.Value, error) {
	v := &model.Value{Kind: model.List}
	for p.dec.More() {
		e, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		v.Elems = append(v.Elems, e)
	}
	if _, _, err := p.token(); err != nil { // the closing bracket
		return nil, err
	}
	v.Range = p.rng(start, int(p.dec.InputOffset()))
	return v, nil
}

// ParseString parses JSON that is the decoded value of a string written at
// rng (a quoted Terraform string, a CloudFormation scalar): escapes make
// positions inside it unknowable, so every element gets rng.
func ParseString(s string, rng model.Range) (*model.Value, error) {
	v, err := Parse([]byte(s), rng.File, model.Pos{Line: 1, Column: 1})
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Pos = rng.Start // a position in the string is not one in the file
		}
		return nil, err
	}
	v.Walk(func(x *model.Value) bool {
		x.Range = rng
		for _, a := range x.Attrs {
			a.NameRange = rng
		}
		return true
	})
	return v, nil
}
