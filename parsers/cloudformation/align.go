package cloudformation

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf16"
)

// YAML reports where a node starts, never where it ends, and neither YAML
// nor JSON says where each character of a decoded string was written. align
// walks a scalar's source alongside its decoded text to find both. Decoding
// stays the reader's job; align only has to agree with it: it follows
// quotes, escapes, indentation and the line folding of plain, quoted and
// block scalars, and gives up (ok == false) as soon as source and text
// disagree, so a position it returns is exact. Callers fall back to the
// whole scalar's range.

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func quoteOf(s style) byte {
	if s == styleSingle {
		return '\''
	}
	return '"'
}

// scalarEnd returns the offset just past a scalar in src: after its closing
// quote, or after the last character of its text.
func scalarEnd(src []byte, n *node) int {
	switch n.style {
	case stylePlain:
		if !strings.Contains(n.text, "\n") && hasAt(src, n.body, n.text) {
			return n.body + len(n.text)
		}
	case styleSingle, styleDouble, styleJSON:
		// Text without quotes or backslashes is written as is.
		q := quoteOf(n.style)
		e := n.body + 1 + len(n.text)
		if !strings.ContainsAny(n.text, "'\"\\\n") && e < len(src) && src[e] == q && hasAt(src, n.body+1, n.text) {
			return e + 1
		}
	}
	if end, ok := align(src, n, nil); ok {
		return end
	}
	return lineEnd(src, n.body)
}

// textOffsets maps each byte of a scalar's text to its offset in src:
// offs[i] is where text[i] was written and offs[len(text)] is just past the
// last character. It returns nil when the text cannot be mapped exactly.
func textOffsets(src []byte, n *node) []int {
	offs := make([]int, len(n.text)+1)
	if _, ok := align(src, n, offs); !ok {
		return nil
	}
	return offs
}

func hasAt(src []byte, at int, s string) bool {
	return at >= 0 && at+len(s) <= len(src) && string(src[at:at+len(s)]) == s
}

// lineEnd is the end of the line holding off, trailing blanks excluded.
func lineEnd(src []byte, off int) int {
	off = min(max(off, 0), len(src))
	end := len(src)
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		end = off + i
	}
	for end > off && isBlank(src[end-1]) {
		end--
	}
	return end
}

// textStart is where a scalar's text begins: after its opening quote, or
// on the line after a block scalar's header.
func textStart(src []byte, n *node) int {
	switch n.style {
	case styleSingle, styleDouble, styleJSON:
		return n.body + 1
	case styleLiteral, styleFolded:
		if i := bytes.IndexByte(src[n.body:], '\n'); i >= 0 {
			return n.body + i + 1
		}
		return len(src)
	}
	return n.body
}

// blockHeaderEnd is the end of a block scalar's indicators: |, >, and the
// chomping and indentation indicators that may follow.
func blockHeaderEnd(src []byte, body int) int {
	end := body + 1
	for end < len(src) && strings.IndexByte("+-0123456789", src[end]) >= 0 {
		end++
	}
	return end
}

// align maps n's text onto src. When offs is not nil it must hold
// len(n.text)+1 entries. It returns the offset just past the scalar.
func align(src []byte, n *node, offs []int) (end int, ok bool) {
	if n.body < 0 || n.body >= len(src) {
		return 0, false
	}
	text := n.text
	escapes := n.style == styleDouble || n.style == styleJSON
	i, j := 0, textStart(src, n)
	last := j // just past the last character matched
	for i < len(text) {
		if j < len(src) {
			c := src[j]
			switch {
			case c == '\\' && escapes:
				dec, w, ok := unescape(src[j:], n.style == styleJSON)
				if !ok || !strings.HasPrefix(text[i:], dec) {
					return 0, false
				}
				for k := range len(dec) {
					set(offs, i+k, j)
				}
				i, j, last = i+len(dec), j+w, j+w
				continue
			case c == '"' && escapes:
				// The closing quote: only folded whitespace may be left.
			case c == '\'' && n.style == styleSingle:
				if j+1 < len(src) && src[j+1] == '\'' && text[i] == '\'' {
					set(offs, i, j)
					i, j, last = i+1, j+2, j+2
					continue
				}
			case c == text[i]:
				set(offs, i, j)
				i, j = i+1, j+1
				if !isBlank(c) {
					last = j
				}
				continue
			case isBlank(c):
				j++ // indentation, or a line break folded into the text
				continue
			}
		}
		if text[i] == ' ' || text[i] == '\n' {
			set(offs, i, j) // whitespace made by folding line breaks
			i++
			continue
		}
		return 0, false
	}
	set(offs, len(text), last)
	switch n.style {
	case styleSingle, styleDouble, styleJSON:
		for j < len(src) && isBlank(src[j]) {
			j++
		}
		if j >= len(src) || src[j] != quoteOf(n.style) {
			return 0, false
		}
		return j + 1, true
	case styleLiteral, styleFolded:
		if len(text) == 0 {
			return blockHeaderEnd(src, n.body), true
		}
	}
	return last, true
}

func set(offs []int, i, v int) {
	if offs != nil {
		offs[i] = v
	}
}

// yamlEscapes and jsonEscapes are the one-character escapes of double-quoted
// YAML and of JSON strings.
var (
	yamlEscapes = map[byte]string{
		'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v", 'f': "\f",
		'r': "\r", 'e': "\x1b", ' ': " ", '"': `"`, '/': "/", '\\': `\`,
		'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029",
	}
	jsonEscapes = map[byte]string{'"': `"`, '\\': `\`, '/': "/", 'b': "\b", 'f': "\f", 'n': "\n", 'r': "\r", 't': "\t"}
	yamlHexLen  = map[byte]int{'x': 2, 'u': 4, 'U': 8}
)

// unescape decodes the escape sequence at the start of s (s[0] is the
// backslash) and returns its text and its length in the source.
func unescape(s []byte, json bool) (text string, width int, ok bool) {
	if len(s) < 2 {
		return "", 0, false
	}
	c := s[1]
	if json {
		if e, ok := jsonEscapes[c]; ok {
			return e, 2, true
		}
		if c == 'u' {
			return unescapeUTF16(s)
		}
		return "", 0, false
	}
	if e, ok := yamlEscapes[c]; ok {
		return e, 2, true
	}
	if n, ok := yamlHexLen[c]; ok {
		if len(s) < 2+n {
			return "", 0, false
		}
		v, err := strconv.ParseUint(string(s[2:2+n]), 16, 32)
		if err != nil {
			return "", 0, false
		}
		return string(rune(v)), 2 + n, true
	}
	if c == '\r' || c == '\n' {
		// An escaped line break joins the lines, dropping the next line's
		// indentation.
		w := 2
		if c == '\r' && len(s) > 2 && s[2] == '\n' {
			w = 3
		}
		for w < len(s) && (s[w] == ' ' || s[w] == '\t') {
			w++
		}
		return "", w, true
	}
	return "", 0, false
}

// unescapeUTF16 decodes \uXXXX, or a surrogate pair \uXXXX\uXXXX, the way
// encoding/json does: a lone surrogate is U+FFFD.
func unescapeUTF16(s []byte) (string, int, bool) {
	hex := func(b []byte) (rune, bool) {
		if len(b) < 4 {
			return 0, false
		}
		v, err := strconv.ParseUint(string(b[:4]), 16, 16)
		return rune(v), err == nil
	}
	r1, ok := hex(s[2:])
	if !ok {
		return "", 0, false
	}
	if utf16.IsSurrogate(r1) && len(s) >= 12 && s[6] == '\\' && s[7] == 'u' {
		if r2, ok := hex(s[8:]); ok {
			if r := utf16.DecodeRune(r1, r2); r != '\uFFFD' {
				return string(r), 12, true
			}
		}
	}
	return string(r1), 6, true
}
