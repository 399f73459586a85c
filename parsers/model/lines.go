package model

import "sort"

// BOM is the UTF-8 byte order mark. Some editors on Windows write it at the
// start of a file; editors do not show it, so positions do not count it.
const BOM = "\xef\xbb\xbf"

// BOMLen is the length of the byte order mark src starts with: 3 or 0.
func BOMLen(src []byte) int {
	if len(src) >= 3 && src[0] == 0xef && src[1] == 0xbb && src[2] == 0xbf {
		return len(BOM)
	}
	return 0
}

// LineIndex maps byte offsets of a file to positions: lines end at "\n"
// and columns count bytes (see Pos). Parsers build one per file.
//
// Line 1 starts after a byte order mark, so that its columns are the ones
// an editor shows; byte offsets still count the mark (Pos.Byte is an offset
// into the file as it is on disk).
type LineIndex []int // byte offset of the start of each line

// NewLineIndex indexes the lines of src.
func NewLineIndex(src []byte) LineIndex {
	idx := LineIndex{BOMLen(src)}
	for i, c := range src {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

// Pos is the position of byte offset off. An offset inside the byte order
// mark is column 1.
func (l LineIndex) Pos(off int) Pos {
	line := sort.Search(len(l), func(i int) bool { return l[i] > off }) - 1
	if line < 0 {
		line = 0
	}
	return Pos{Line: line + 1, Column: max(off-l[line]+1, 1), Byte: off}
}

// Range is the range of file between byte offsets start and end.
func (l LineIndex) Range(file string, start, end int) Range {
	return Range{File: file, Start: l.Pos(start), End: l.Pos(end)}
}
