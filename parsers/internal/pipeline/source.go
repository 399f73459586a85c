// Package pipeline holds what the CI front-ends (GitHub Actions, GitLab
// CI, CircleCI, Bitbucket Pipelines, Buildkite) share: exact ranges for
// YAML scalars, which yaml.v3 and actionlint give only a start for;
// reading ${{ secrets.X }} and $X as references; building jobs and steps
// into the model's CI vocabulary (model.CIJobType, model.CIStepType); the
// repository a pipeline belongs to, from the checkout's git remote; inline
// suppressions; and the seam where each run:/script: block is handed to a
// shell lowering (LowerScripts).
package pipeline

import (
	"unicode/utf8"

	"github.com/iamlint/iamlint/parsers/model"
)

// Source is one pipeline file with its line index.
type Source struct {
	Path  string
	Src   []byte
	Lines model.LineIndex
	// values counts the values Value has made, which aliases can make
	// exponentially many of ("billion laughs"); past maxValues they are
	// unknown.
	values int
}

// maxValues bounds the values one file's aliases may expand to: real
// pipelines have a few thousand.
const maxValues = 100_000

// NewSource indexes src.
func NewSource(path string, src []byte) *Source {
	return &Source{Path: path, Src: src, Lines: model.NewLineIndex(src)}
}

// Offset converts a YAML position (1-based line and column, columns in
// characters, as yaml.v3 and actionlint count them; line 1 after a byte
// order mark) to a byte offset.
func (s *Source) Offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(s.Lines) {
		return len(s.Src)
	}
	off := s.Lines[line-1]
	for c := 1; c < col && off < len(s.Src) && s.Src[off] != '\n'; c++ {
		_, size := utf8.DecodeRune(s.Src[off:])
		off += size
	}
	return off
}

// Range is the range between byte offsets.
func (s *Source) Range(start, end int) model.Range {
	return s.Lines.Range(s.Path, start, max(start, end))
}

// ScalarSpan returns where the scalar that starts at YAML position
// (line, col) ends, as byte offsets: a quoted scalar to its closing quote,
// a block scalar (| or >) to the end of its last content line, a plain one
// to the end of its line, before a comment, or before the next flow
// indicator inside [ ] or { }.
func (s *Source) ScalarSpan(line, col int) (start, end int) {
	start = s.Offset(line, col)
	return start, s.ScalarEnd(start)
}

// ScalarEnd is ScalarSpan's end for a scalar at byte offset off.
func (s *Source) ScalarEnd(off int) int {
	src := s.Src
	if off >= len(src) {
		return len(src)
	}
	switch src[off] {
	case '"':
		for i := off + 1; i < len(src); i++ {
			switch src[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return len(src)
	case '\'':
		for i := off + 1; i < len(src); i++ {
			if src[i] == '\'' {
				if i+1 < len(src) && src[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return len(src)
	case '|', '>':
		return s.blockEnd(off)
	}
	flow := s.inFlow(off)
	end := off
	for end < len(src) && src[end] != '\n' {
		c := src[end]
		if c == '#' && end > off && (src[end-1] == ' ' || src[end-1] == '\t') {
			break
		}
		if flow && (c == ',' || c == ']' || c == '}') {
			break
		}
		end++
	}
	for end > off && (src[end-1] == ' ' || src[end-1] == '\t' || src[end-1] == '\r') {
		end--
	}
	return end
}

// inFlow reports whether the scalar at off is inside a flow collection:
// an unclosed [ or { precedes it on its line.
func (s *Source) inFlow(off int) bool {
	depth := 0
	for i := s.lineStart(off); i < off; i++ {
		switch s.Src[i] {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		case '"', '\'':
			end := s.ScalarEnd(i)
			if end > off {
				return false
			}
			i = end - 1
		}
	}
	return depth > 0
}

func (s *Source) lineStart(off int) int {
	for off > 0 && s.Src[off-1] != '\n' {
		off--
	}
	return off
}

// indentOf is the indentation of the line holding off: its leading blanks,
// and a sequence item's "- " too (its entries are indented that far).
func (s *Source) indentOf(off int) int {
	i := s.lineStart(off)
	start := i
	for i < len(s.Src) && (s.Src[i] == ' ' || (s.Src[i] == '-' && i+1 < len(s.Src) && s.Src[i+1] == ' ')) {
		i++
	}
	return i - start
}

// blockEnd is the end of a block scalar whose indicator is at off: its
// content is the lines below indented more than the line of the key, and
// blank lines among them.
func (s *Source) blockEnd(off int) int {
	parent := s.indentOf(off)
	src := s.Src
	i := off
	for i < len(src) && src[i] != '\n' {
		i++
	}
	end := i // an empty block scalar ends on its indicator's line
	for i < len(src) {
		lineStart := i + 1
		j := lineStart
		for j < len(src) && src[j] == ' ' {
			j++
		}
		k := j
		for k < len(src) && src[k] != '\n' {
			k++
		}
		blank := j == k || (k-j == 1 && src[j] == '\r')
		if !blank && j-lineStart <= parent {
			break
		}
		if !blank {
			end = k
			if end > lineStart && src[end-1] == '\r' {
				end--
			}
		}
		if k >= len(src) {
			break
		}
		i = k
	}
	return end
}
