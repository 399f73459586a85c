package cloudformation

import (
	"sort"

	"github.com/iamlint/iamlint/parsers/model"
)

// lineIndex maps byte offsets to the model's positions: lines end at "\n"
// and columns count bytes (see model.Pos).
type lineIndex []int // byte offset of the start of each line

func newLineIndex(src []byte) lineIndex {
	idx := lineIndex{0}
	for i, c := range src {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) pos(off int) model.Pos {
	line := sort.Search(len(l), func(i int) bool { return l[i] > off }) - 1
	if line < 0 {
		line = 0
	}
	return model.Pos{Line: line + 1, Column: off - l[line] + 1, Byte: off}
}

func (l lineIndex) rng(file string, start, end int) model.Range {
	return model.Range{File: file, Start: l.pos(start), End: l.pos(end)}
}
