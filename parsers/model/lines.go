package model

import "sort"

// LineIndex maps byte offsets of a file to positions: lines end at "\n"
// and columns count bytes (see Pos). Parsers build one per file.
type LineIndex []int // byte offset of the start of each line

// NewLineIndex indexes the lines of src.
func NewLineIndex(src []byte) LineIndex {
	idx := LineIndex{0}
	for i, c := range src {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

// Pos is the position of byte offset off.
func (l LineIndex) Pos(off int) Pos {
	line := sort.Search(len(l), func(i int) bool { return l[i] > off }) - 1
	if line < 0 {
		line = 0
	}
	return Pos{Line: line + 1, Column: off - l[line] + 1, Byte: off}
}

// Range is the range of file between byte offsets start and end.
func (l LineIndex) Range(file string, start, end int) Range {
	return Range{File: file, Start: l.Pos(start), End: l.Pos(end)}
}
