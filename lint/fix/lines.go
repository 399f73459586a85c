package fix

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// lineKind says what a line of a Terraform file is part of, which decides
// whether deleting it is an exact edit.
type lineKind int

const (
	lineOther   lineKind = iota
	lineHeredoc          // text inside a heredoc: a script line, a JSON line
	lineItem             // one whole member of an object constructor or element of a list
	lineBody             // an attribute or block line of a block body
)

// lineInfo is what the lexer says about one line.
type lineInfo struct {
	kind lineKind
	// heredocStart is the offset of the heredoc's opening marker, for
	// lineHeredoc.
	heredocStart int
}

// classifyLines lexes a Terraform file and classifies each line that a
// token starts on (1-based). Lexing, not parsing, is enough: the nesting
// of brackets and the heredoc markers are in the tokens, and a file the
// scan could parse lexes.
//
// A line is a lineItem when the innermost bracket open at its start is an
// object constructor or a list, and its tokens are balanced and end with
// the line (a trailing comma or comment aside): deleting it leaves the
// collection well formed, since HCL allows a trailing comma.
func classifyLines(src []byte) map[int]lineInfo {
	toks, _ := hclsyntax.LexConfig(src, "", hcl.InitialPos)
	type open struct {
		typ   hclsyntax.TokenType
		value bool // an object constructor or list rather than a block body
		start int
	}
	var stack []open
	out := map[int]lineInfo{}
	line, depth := 0, 0
	balanced := true
	closeLine := func() {
		if info, ok := out[line]; ok && info.kind == lineItem && (!balanced || len(stack) != depth) {
			info.kind = lineOther
			out[line] = info
		}
	}
	for i, t := range toks {
		if t.Range.Start.Line > line {
			closeLine()
			line, depth, balanced = t.Range.Start.Line, len(stack), true
			info := lineInfo{kind: lineOther}
			closer := t.Type == hclsyntax.TokenCHeredoc || t.Type == hclsyntax.TokenCBrace || t.Type == hclsyntax.TokenCBrack || t.Type == hclsyntax.TokenCParen
			if len(stack) > 0 && !closer {
				top := stack[len(stack)-1]
				switch {
				case top.typ == hclsyntax.TokenOHeredoc:
					info = lineInfo{kind: lineHeredoc, heredocStart: top.start}
				case top.value:
					info.kind = lineItem
				case top.typ == hclsyntax.TokenOBrace:
					info.kind = lineBody
				}
			}
			out[line] = info
		}
		switch t.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl, hclsyntax.TokenOHeredoc, hclsyntax.TokenOQuote:
			value := t.Type == hclsyntax.TokenOBrack || t.Type == hclsyntax.TokenOBrace && i > 0 && valueBrace(toks[i-1].Type)
			stack = append(stack, open{typ: t.Type, value: value, start: t.Range.Start.Byte})
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenTemplateSeqEnd, hclsyntax.TokenCHeredoc, hclsyntax.TokenCQuote:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			if len(stack) < depth {
				balanced = false
			}
		}
	}
	closeLine()
	return out
}

// valueBrace reports whether a "{" after a token of type t opens an object
// constructor (after "=", "(", "[", ",", ":" or another "{") rather than a
// block body (after the block's type or labels).
func valueBrace(t hclsyntax.TokenType) bool {
	switch t {
	case hclsyntax.TokenEqual, hclsyntax.TokenOParen, hclsyntax.TokenOBrack, hclsyntax.TokenComma, hclsyntax.TokenColon,
		hclsyntax.TokenNewline, hclsyntax.TokenQuestion, hclsyntax.TokenFatArrow:
		return true
	}
	return false
}

// templateCalls returns the byte spans of the arguments of every
// templatefile() call in the file.
func (fs *fileState) templateCalls() [][2]int {
	if fs.calls != nil {
		return fs.calls
	}
	fs.calls = [][2]int{}
	toks, _ := hclsyntax.LexConfig(fs.old, "", hcl.InitialPos)
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].Type != hclsyntax.TokenIdent || string(toks[i].Bytes) != "templatefile" || toks[i+1].Type != hclsyntax.TokenOParen {
			continue
		}
		depth := 0
		for j := i + 1; j < len(toks); j++ {
			switch toks[j].Type {
			case hclsyntax.TokenOParen, hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
				depth++
			case hclsyntax.TokenCParen, hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenTemplateSeqEnd:
				depth--
			}
			if depth == 0 {
				fs.calls = append(fs.calls, [2]int{toks[i+1].Range.Start.Byte, toks[j].Range.End.Byte})
				break
			}
		}
	}
	return fs.calls
}
