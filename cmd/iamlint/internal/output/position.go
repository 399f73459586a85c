package output

import (
	"bytes"
	"sort"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// sourceSet hands out the lines of the scanned files, reading (when the
// report has not got it) and splitting each file once, on first use.
type sourceSet struct {
	src   map[string][]byte
	read  func(string) ([]byte, bool)
	lines map[string][][]byte
}

func newSourceSet(r *Report) *sourceSet {
	return &sourceSet{src: r.Sources, read: r.ReadSource, lines: map[string][][]byte{}}
}

// line returns line n (1-based) of file without its line ending, and false
// when the file's source or that line is missing.
func (s *sourceSet) line(file string, n int) ([]byte, bool) {
	if n < 1 {
		return nil, false
	}
	lines, ok := s.lines[file]
	if !ok {
		src, ok := s.src[file]
		if !ok && s.read != nil {
			src, ok = s.read(file)
		}
		if !ok {
			s.lines[file] = nil
			return nil, false
		}
		// Positions on line 1 count from after a byte order mark
		// (model.LineIndex), and the mark is not shown.
		lines = bytes.Split(src[model.BOMLen(src):], []byte("\n"))
		s.lines[file] = lines
	}
	if n > len(lines) {
		return nil, false
	}
	return bytes.TrimSuffix(lines[n-1], []byte("\r")), true
}

// runeCol is p's column in code points, or its byte column when the source
// line is missing (the best there is).
func (s *sourceSet) runeCol(file string, p model.Pos) int {
	if line, ok := s.line(file, p.Line); ok {
		return runeColumn(line, p.Column)
	}
	return max(p.Column, 1)
}

// utf16Col is p's column in UTF-16 code units, or its byte column when the
// source line is missing.
func (s *sourceSet) utf16Col(file string, p model.Pos) int {
	if line, ok := s.line(file, p.Line); ok {
		return utf16Column(line, p.Column)
	}
	return max(p.Column, 1)
}

// runeColumn converts a 1-based byte column on line to a 1-based column in
// code points.
func runeColumn(line []byte, col int) int {
	return convertColumn(line, col, func(rune) int { return 1 })
}

// utf16Column converts a 1-based byte column on line to a 1-based column in
// UTF-16 code units, what SARIF counts by default.
func utf16Column(line []byte, col int) int {
	return convertColumn(line, col, func(r rune) int { return max(utf16.RuneLen(r), 1) })
}

// convertColumn counts the units of line before byte column col. Invalid
// UTF-8 counts one unit per byte, and bytes past the end of the line count
// one each, so a stale position still maps somewhere near instead of failing.
func convertColumn(line []byte, col int, units func(rune) int) int {
	if col < 1 {
		return 1
	}
	off := col - 1
	n := 1
	if off > len(line) {
		n += off - len(line)
		off = len(line)
	}
	for i := 0; i < off; {
		r, size := utf8.DecodeRune(line[i:off])
		n += units(r)
		i += size
	}
	return n
}

// levelOf is the finding's level, falling back to its rule's default, so a
// finding built by hand still prints a level.
func levelOf(f rules.Finding) model.Level {
	for _, l := range []model.Level{f.Level, ruleOf(f).Level} {
		if l >= model.Note && l <= model.Error {
			return l
		}
	}
	return model.Warning
}

// ruleOf never returns nil, so writers need not check.
func ruleOf(f rules.Finding) *rules.Rule {
	if f.Rule == nil {
		return &rules.Rule{}
	}
	return f.Rule
}

// fingerprintOf is f.Fingerprint without its nil-rule panic.
func fingerprintOf(f rules.Finding) string {
	f.Rule = ruleOf(f)
	return f.Fingerprint()
}

// severityName spells a diagnostic's level; one without a valid level
// is an error, so that a front-end's slip never hides a problem.
func severityName(s model.Level) string {
	if name := s.String(); name != "" {
		return name
	}
	return model.Error.String()
}

// sortedDiagnostics returns a sorted copy: parsers may report in the order
// their goroutines finish, and output must not depend on it.
func sortedDiagnostics(ds []model.Diagnostic) []model.Diagnostic {
	out := append([]model.Diagnostic(nil), ds...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Range, out[j].Range
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Start.Line != b.Start.Line {
			return a.Start.Line < b.Start.Line
		}
		if a.Start.Column != b.Start.Column {
			return a.Start.Column < b.Start.Column
		}
		return out[i].Summary < out[j].Summary
	})
	return out
}
