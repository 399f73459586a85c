package output

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// ANSI SGR codes for Options.Color.
const (
	ansiBold   = "1"
	ansiRed    = "31"
	ansiGreen  = "32"
	ansiYellow = "33"
	ansiCyan   = "36"
	ansiGray   = "90"
)

var levelColors = map[string]string{"error": ansiRed, "warning": ansiYellow, "note": ansiCyan}

// WriteText writes diagnostics, then findings, in the compiler convention
// editors understand:
//
//	main.tf:3:11: error: message [IAM105 access-key-long-term]
//	  |
//	3 | resource "aws_iam_access_key" "deploy" {
//	  |          ^~~~~~~~~~~~~~~~~~~~
//	  main.tf:1:1: related message
//	  fix: what to do
//
// Columns count code points; the underline counts terminal cells, so it
// lines up under wide characters too. With opts.Summary, a blank line and
// the summary end the output.
func WriteText(w io.Writer, r *Report, opts Options) error {
	if r == nil {
		r = &Report{}
	}
	t := &textWriter{src: newSourceSet(r), color: opts.Color}
	for _, d := range sortedDiagnostics(r.diagnostics()) {
		t.diagnostic(d)
	}
	for _, f := range r.Findings {
		t.finding(f)
	}
	if s := Summary(r); opts.Summary && s != "" {
		if t.buf.Len() > 0 {
			t.buf.WriteByte('\n')
		}
		t.buf.WriteString(t.paint(ansiBold, s) + "\n")
	}
	// One write: a failing writer is reported once, and nothing is half
	// written by us.
	_, err := w.Write(t.buf.Bytes())
	return err
}

type textWriter struct {
	buf   bytes.Buffer
	src   *sourceSet
	color bool
}

func (t *textWriter) diagnostic(d model.Diagnostic) {
	sev := severityName(d.Severity)
	msg := d.Summary
	if d.Detail != "" {
		msg += ": " + d.Detail
	}
	t.header(d.Range, sev, msg)
	t.buf.WriteByte('\n')
	t.quote(d.Range)
}

func (t *textWriter) finding(f rules.Finding) {
	rule := ruleOf(f)
	t.header(f.Range, levelOf(f).String(), f.Message)
	if tag := strings.TrimSpace(rule.ID + " " + rule.Name); tag != "" {
		t.buf.WriteString(t.paint(ansiGray, " ["+tag+"]"))
	}
	t.buf.WriteByte('\n')
	t.quote(f.Range)
	for _, rel := range f.Related {
		t.buf.WriteString("  " + t.position(rel.Range))
		if rel.Message != "" {
			t.buf.WriteString(": " + rel.Message)
		}
		t.buf.WriteByte('\n')
	}
	if via := flowLine(f.Flow); via != "" {
		t.buf.WriteString("  via " + via + "\n")
	}
	if fix := strings.TrimSpace(rule.Doc.Fix); fix != "" {
		// Continuation lines stay indented under "fix:".
		fmt.Fprintf(&t.buf, "  fix: %s\n", strings.ReplaceAll(fix, "\n", "\n       "))
	}
}

// header writes "path:line:col: level: message" without the newline.
func (t *textWriter) header(rg model.Range, level, msg string) {
	t.buf.WriteString(t.paint(ansiBold, t.position(rg)+":"))
	t.buf.WriteString(" " + t.paint(levelColors[level], level+":") + " " + msg)
}

// position is path:line:col with a code point column, or the path alone when
// the range has no position.
func (t *textWriter) position(rg model.Range) string {
	if rg.IsZero() {
		return rg.File
	}
	return fmt.Sprintf("%s:%d:%d", rg.File, rg.Start.Line, t.src.runeCol(rg.File, rg.Start))
}

// quote writes the range's first line with a gutter and an underline:
// '^' at the start, '~' to the end of the range on that line. It writes
// nothing when the source is missing or the position does not fit it.
func (t *textWriter) quote(rg model.Range) {
	line, ok := t.src.line(rg.File, rg.Start.Line)
	if !ok {
		return
	}
	start := rg.Start.Column - 1
	if start < 0 || start > len(line) {
		return // a stale position: quoting the line would mislead
	}
	end := start // no end: a lone caret
	switch {
	case rg.End.Line > rg.Start.Line:
		end = len(line)
	case rg.End.Line == rg.Start.Line:
		end = min(max(rg.End.Column-1, start), len(line))
	}

	var ind strings.Builder
	for _, r := range string(line[:start]) {
		// Copy tabs so the caret lines up whatever the tab width.
		if r == '\t' {
			ind.WriteByte('\t')
		} else {
			ind.WriteString(strings.Repeat(" ", cells(r)))
		}
	}
	under := 0
	for _, r := range string(line[start:end]) {
		under += max(cells(r), 1) // a tab or a combining mark still gets a mark
	}
	ind.WriteString(t.paint(ansiGreen, "^"+strings.Repeat("~", max(under-1, 0))))

	num := strconv.Itoa(rg.Start.Line)
	pad := strings.Repeat(" ", len(num))
	bar := t.paint(ansiGray, "|")
	fmt.Fprintf(&t.buf, "%s %s\n", pad, bar)
	fmt.Fprintf(&t.buf, "%s %s %s\n", t.paint(ansiGray, num), bar, sanitize(line))
	fmt.Fprintf(&t.buf, "%s %s %s\n", pad, bar, ind.String())
}

// cells is how many terminal columns r takes: two for East Asian wide
// characters and most emoji, none for combining marks.
func cells(r rune) int {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	case r == utf8.RuneError:
		return 1
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// sanitize replaces control characters other than tab, one for one so
// columns still line up, so that a hostile file cannot send escape sequences
// to the terminal.
func sanitize(line []byte) string {
	return strings.Map(func(r rune) rune {
		if r != '\t' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)) {
			return '?'
		}
		return r
	}, string(line))
}

func (t *textWriter) paint(code, s string) string {
	if !t.color || code == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// flowLine summarizes a credential flow as the hops between the source
// (already shown as a related location) and the sink:
// "local.boot_vars -> template variable ${secret} of boot.sh.tftpl".
func flowLine(hops []rules.Related) string {
	if len(hops) < 3 {
		return ""
	}
	labels := make([]string, 0, len(hops)-1)
	for _, h := range hops[1:] {
		labels = append(labels, h.Message)
	}
	return strings.Join(labels, " -> ")
}
