package model

import "fmt"

// Pos is a position in a file. Columns count bytes, so that every writer can
// convert them to what its consumer expects (runes for a terminal, UTF-16
// code units for SARIF) from the line's source.
type Pos struct {
	Line   int // 1-based
	Column int // 1-based, in bytes from the start of the line
	Byte   int // 0-based offset from the start of the file
}

// Range is a half-open stretch [Start, End) of one file.
type Range struct {
	File       string
	Start, End Pos
}

// IsZero reports whether the range points nowhere (a diagnostic about a
// whole path, for example).
func (r Range) IsZero() bool { return r.Start.Line == 0 }

// Less orders ranges by file, then start position, then end position.
func (r Range) Less(o Range) bool {
	if r.File != o.File {
		return r.File < o.File
	}
	if r.Start.Byte != o.Start.Byte {
		return r.Start.Byte < o.Start.Byte
	}
	return r.End.Byte < o.End.Byte
}

// Contains reports whether o lies within r.
func (r Range) Contains(o Range) bool {
	return r.File == o.File && r.Start.Byte <= o.Start.Byte && o.End.Byte <= r.End.Byte
}

// String formats the start as path:line:col, the form editors jump to.
func (r Range) String() string {
	if r.IsZero() {
		return r.File
	}
	return fmt.Sprintf("%s:%d:%d", r.File, r.Start.Line, r.Start.Column)
}

// Diagnostic reports input that could not be read or parsed, or a limit that
// was hit. Errors make the scan exit with status 2; the rest of the input is
// still scanned.
type Diagnostic struct {
	Severity Level
	Summary  string // short, lowercase: "invalid block definition"
	Detail   string // full sentences with the fix, may be empty
	Range    Range  // Range.File is always set; positions when known
}

func (d Diagnostic) Error() string {
	msg := d.Range.String() + ": " + d.Summary
	if d.Detail != "" {
		msg += ": " + d.Detail
	}
	return msg
}
