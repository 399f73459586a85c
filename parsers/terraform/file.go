// Package terraform reads Terraform configurations (.tf, .tf.json, .tfvars,
// .tfvars.json) with hcl/v2 and go-cty and adapts them into the model.
//
// Parsing is split in two so that a scan can parse every file in parallel
// and then assemble each module directory: ParseFile does the syntax of one
// file, BuildModule evaluates a directory's files together (variables,
// tfvars, locals, functions) and emits a model.Module.
//
// Evaluation never fails: whatever cannot be known without running
// Terraform (resource attributes, data sources, unset variables, impure
// functions) is an unknown value, and a rule never fires on an unknown.
package terraform

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/json"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
)

// File is one parsed Terraform file, ready for BuildModule.
type File struct {
	Path   string
	Model  *model.File
	hcl    *hcl.File
	tfvars bool
	lines  model.LineIndex
}

// IsConfig reports whether name is a Terraform configuration or variables
// file by its extension.
func IsConfig(name string) bool {
	for _, ext := range []string{".tf", ".tf.json", ".tfvars", ".tfvars.json"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

func isTfvars(name string) bool {
	return strings.HasSuffix(name, ".tfvars") || strings.HasSuffix(name, ".tfvars.json")
}

// ParseFile parses the whole of one file. It returns the file (nil only
// when nothing of it could be read) and the diagnostics of its syntax
// errors; a file with errors still yields whatever blocks HCL could
// recover.
func ParseFile(path string, src []byte) (*File, []model.Diagnostic) {
	s := NewSketch(path, src)
	s.NeedAll()
	return s.Parse()
}

// Parse parses what SelectBlocks kept of the file: all of it, some of its
// blocks, or nothing. A file with nothing kept still counts as scanned; it
// holds no source, so that the memory of a scan follows what matters.
// Should a kept block not parse on its own, the whole file is parsed, so a
// syntax error reads as it would without the selection.
func (s *Sketch) Parse() (*File, []model.Diagnostic) {
	path, src := s.Path, s.src
	lines := model.NewLineIndex(s.raw)
	if i := bytes.IndexByte(src, 0); i >= 0 {
		p := lines.Pos(i)
		return nil, []model.Diagnostic{{
			Severity: model.Error,
			Summary:  "binary file",
			Detail:   "The file has a NUL byte, so it is not Terraform source. Rename it or exclude it with --exclude.",
			Range:    model.Range{File: path, Start: p, End: p},
		}}
	}
	var encoding []model.Diagnostic
	if s.badUTF8 >= 0 {
		encoding = append(encoding, frontend.EncodingError(path, lines, s.badUTF8, "Terraform"))
	}
	if off := s.nestedPast(); off >= 0 {
		return nil, append(encoding, nestingError(path, lines, off, "file"))
	}
	if s.hasDeep() {
		f, diags := s.parseShallow(lines)
		return f, append(encoding, diags...)
	}
	if !s.whole {
		// A skipped block with a syntax error has the whole file parsed,
		// so that the error reads as it would without the selection.
		if f, ok := s.parseKept(lines); ok && (!s.checkAll || s.skippedParse(lines)) {
			return f, encoding
		}
	}

	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(path, ".json") {
		f, diags = json.Parse(src, path)
	} else {
		f, diags = hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	}
	mf := &model.File{Path: path, Language: model.Terraform, Src: s.raw, Literals: literals(path, src, lines)}
	if f != nil {
		mf.Suppressions = suppressions(path, s.raw, src, f.Body, lines)
	}
	tf := &File{Path: path, Model: mf, hcl: f, tfvars: isTfvars(path), lines: lines}
	return tf, append(encoding, convertDiags(diags, map[string]model.LineIndex{path: lines}, path)...)
}

// parseKept parses the kept blocks one by one, each at its place in the
// file, into one body. It is false when a block has a syntax error.
func (s *Sketch) parseKept(lines model.LineIndex) (*File, bool) {
	mf := &model.File{Path: s.Path, Language: model.Terraform}
	tf := &File{Path: s.Path, Model: mf, lines: lines}
	var blocks hclsyntax.Blocks
	for _, b := range s.blocks {
		if !b.need {
			continue
		}
		p := lines.Pos(b.start)
		f, diags := hclsyntax.ParseConfig(s.src[b.start:b.end], s.Path, hcl.Pos{Line: p.Line, Column: p.Column, Byte: b.start})
		if diags.HasErrors() {
			return nil, false
		}
		blocks = append(blocks, f.Body.(*hclsyntax.Body).Blocks...)
	}
	if len(blocks) == 0 {
		return tf, true
	}
	mf.Src = s.raw
	tf.hcl = s.fileOf(blocks, lines)
	return tf, true
}

// fileOf makes the file of blocks parsed one by one: a body of those
// blocks that spans the whole source, as a parse of the whole file would.
func (s *Sketch) fileOf(blocks hclsyntax.Blocks, lines model.LineIndex) *hcl.File {
	end := lines.Pos(len(s.src))
	endPos := hcl.Pos{Line: end.Line, Column: end.Column, Byte: len(s.src)}
	body := &hclsyntax.Body{
		Attributes: hclsyntax.Attributes{},
		Blocks:     blocks,
		SrcRange:   hcl.Range{Filename: s.Path, Start: hcl.InitialPos, End: endPos},
		EndRange:   hcl.Range{Filename: s.Path, Start: endPos, End: endPos},
	}
	return &hcl.File{Body: body, Bytes: s.src}
}

// skippedParse parses each block the selection did not keep on its own,
// keeping nothing of it: false when one has a syntax error. A large file
// is checked on every CPU, in interleaved shares.
func (s *Sketch) skippedParse(lines model.LineIndex) bool {
	workers := 1
	if len(s.src) > 1<<20 {
		workers = runtime.GOMAXPROCS(0)
	}
	var bad atomic.Bool
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(s.blocks) && !bad.Load(); i += workers {
				b := s.blocks[i]
				if b.need {
					continue
				}
				p := lines.Pos(b.start)
				if _, diags := hclsyntax.ParseConfig(s.src[b.start:b.end], s.Path, hcl.Pos{Line: p.Line, Column: p.Column, Byte: b.start}); diags.HasErrors() {
					bad.Store(true)
				}
			}
		})
	}
	wg.Wait()
	return !bad.Load()
}

// nestedPast returns where a file whose blocks the sketch did not measure
// (JSON, tfvars, a file the splitter cannot read) nests past
// model.MaxNesting, or -1. Such a file is not parsed at all: HCL's parsers
// recurse once or more per level, and a goroutine that runs out of stack
// ends the process, which no recover can catch.
func (s *Sketch) nestedPast() int {
	switch {
	case strings.HasSuffix(s.Path, ".json"):
		return jsonNestedPast(s.src)
	case !s.splitOK:
		return nestedPast(s.src, '{')
	}
	return -1
}

func (s *Sketch) hasDeep() bool {
	for _, b := range s.blocks {
		if b.deep >= 0 {
			return true
		}
	}
	return false
}

// parseShallow parses a file that has blocks nested too deeply: every
// other block the selection kept (all of them for a whole file) is parsed
// on its own, with its own syntax errors, and each deep block is an error
// at the place it passes the limit.
func (s *Sketch) parseShallow(lines model.LineIndex) (*File, []model.Diagnostic) {
	mf := &model.File{Path: s.Path, Language: model.Terraform, Src: s.raw, Literals: literals(s.Path, s.src, lines)}
	tf := &File{Path: s.Path, Model: mf, tfvars: isTfvars(s.Path), lines: lines}
	var diags []model.Diagnostic
	var blocks hclsyntax.Blocks
	for _, b := range s.blocks {
		if b.deep >= 0 {
			diags = append(diags, nestingError(s.Path, lines, b.deep, "block"))
			continue
		}
		if !b.need && !s.whole {
			continue
		}
		p := lines.Pos(b.start)
		f, fd := hclsyntax.ParseConfig(s.src[b.start:b.end], s.Path, hcl.Pos{Line: p.Line, Column: p.Column, Byte: b.start})
		diags = append(diags, convertDiags(fd, map[string]model.LineIndex{s.Path: lines}, s.Path)...)
		if f != nil {
			blocks = append(blocks, f.Body.(*hclsyntax.Body).Blocks...)
		}
	}
	tf.hcl = s.fileOf(blocks, lines)
	mf.Suppressions = suppressions(s.Path, s.raw, s.src, tf.hcl.Body, lines)
	return tf, diags
}

// nestingError is the error for a block or file that nests past
// model.MaxNesting at offset off.
func nestingError(path string, lines model.LineIndex, off int, what string) model.Diagnostic {
	p := lines.Pos(off)
	return model.Diagnostic{
		Severity: model.Error,
		Summary:  fmt.Sprintf("nested more than %d levels deep", model.MaxNesting),
		Detail: fmt.Sprintf("iamlint reads no deeper than %d levels of brackets, strings and operators, so this %s "+
			"was not read or checked; the rest of the scan was. Real configurations are a few dozen levels deep "+
			"at most: flatten the expression, or move the data to a file.", model.MaxNesting, what),
		Range: model.Range{File: path, Start: p, End: lines.Pos(off + 1)},
	}
}

// jsonNestedPast returns where JSON nests past model.MaxNesting, or -1: its
// arrays and objects, and the templates its strings hold ("${...}"), which
// HCL parses as native expressions.
func jsonNestedPast(src []byte) int {
	depth := 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '[', '{':
			if depth++; depth > model.MaxNesting {
				return i
			}
		case ']', '}':
			depth = max(depth-1, 0)
		case '"':
			start, tmpl := i+1, false
			for i++; i < len(src) && src[i] != '"'; i++ {
				switch src[i] {
				case '\\':
					i++
				case '{':
					tmpl = tmpl || src[i-1] == '$' || src[i-1] == '%'
				}
			}
			if tmpl {
				if d := nestedPast(src[start:min(i, len(src))], 't'); d >= 0 {
					return start + d
				}
			}
		}
	}
	return -1
}

// blankBOM replaces a UTF-8 byte order mark with spaces. HCL does not accept
// the mark, and blanking it rather than cutting it keeps every byte offset
// true to the file; the line index (model.NewLineIndex) starts line 1 after
// the mark, so columns are right too.
func blankBOM(src []byte) []byte {
	if model.BOMLen(src) == 0 {
		return src
	}
	out := bytes.Clone(src)
	copy(out, "   ")
	return out
}

// literals returns the free-text stretches of a file: quoted strings,
// heredoc bodies and comments in native syntax, the whole file for JSON.
// src is valid UTF-8 (the sketch reads invalid bytes as
// frontend.Replacement), so the lexer sees all of it.
func literals(path string, src []byte, lines model.LineIndex) []model.Literal {
	if !model.MayHoldKey(src) {
		return nil
	}
	if strings.HasSuffix(path, ".json") {
		return []model.Literal{wholeFile(path, src, lines)}
	}
	toks, _ := hclsyntax.LexConfig(src, path, hcl.InitialPos)
	var out []model.Literal
	for _, t := range toks {
		switch t.Type {
		case hclsyntax.TokenQuotedLit, hclsyntax.TokenStringLit, hclsyntax.TokenComment:
			out = append(out, model.Literal{Range: hclRange(lines, path, t.Range), Raw: string(t.Bytes)})
		}
	}
	return out
}

func wholeFile(path string, src []byte, lines model.LineIndex) model.Literal {
	return model.Literal{
		Range: model.Range{File: path, Start: model.Pos{Line: 1, Column: 1}, End: lines.Pos(len(src))},
		Raw:   string(src),
	}
}
