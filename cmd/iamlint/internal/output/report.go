// Package output writes a scan's findings and diagnostics as text for a
// terminal, as JSON for scripts, as SARIF 2.1.0 for code scanning and as
// GitHub Actions workflow commands.
//
// Each writer is in its own file. Positions in the model count bytes; every
// writer converts columns to what its reader counts: code points for text,
// JSON and GitHub, UTF-16 code units for SARIF. Writers never panic: a
// position past the end of its source or a missing source degrades the
// output, nothing more.
package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// Report is everything a writer prints.
type Report struct {
	Findings []rules.Finding // already sorted (rules.SortFindings)
	// Suppressed are findings that an inline suppression silenced. SARIF
	// keeps them with a suppressions entry and JSON lists them apart; the
	// text and github formats only count them.
	Suppressed  []Suppressed
	Baselined   int                // findings left out because the baseline lists them
	Diagnostics []model.Diagnostic // input that could not be read or parsed
	// Problems are about the iamlint:ignore comments themselves (one
	// without a reason under --require-reason, one that matches nothing).
	// The writers print them with the diagnostics; the summary counts them
	// apart, since they are not the input failing.
	Problems []model.Diagnostic
	Rules    []*rules.Rule     // the whole catalog: SARIF lists every rule
	Sources  map[string][]byte // path -> contents, for quoting lines; may miss files
	// ReadSource reads a file Sources misses (a scan keeps the source
	// only of what it must, to stay small); nil reads nothing.
	ReadSource func(path string) ([]byte, bool)
	Version    string // tool version
	WorkDir    string // absolute directory relative paths start from (SARIF %SRCROOT%)
	// Fixes are the fixes of the findings, by fingerprint; SARIF carries
	// them on each result. Nil: no fixes.
	Fixes map[string]Fix
}

// Fix is one finding's fix: what it does and its changes to each file.
type Fix struct {
	Description string
	Changes     []FixChange
}

// FixChange is a fix's change to one file: replacements of byte ranges of
// the file as it was scanned (Old).
type FixChange struct {
	Path  string
	Old   []byte
	Edits []FixEdit
}

// FixEdit replaces the bytes [Start, End) of the old file with New; an
// empty range inserts.
type FixEdit struct {
	Start, End int
	New        string
}

// Suppressed is a finding with the suppression that silenced it.
type Suppressed struct {
	Finding       rules.Finding
	Justification string      // the reason written with it, may be empty
	Location      model.Range // where the suppression is written, zero when unknown
}

// Options are presentation choices; JSON and SARIF ignore them.
type Options struct {
	// Color adds ANSI colors to text. The caller decides when: a terminal,
	// and neither --no-color nor NO_COLOR.
	Color bool
	// Summary ends text and github output with the line Summary returns,
	// when there is anything to count.
	Summary bool
}

// Formats are the names Write accepts.
var Formats = []string{"text", "json", "sarif", "github"}

// Write writes r to w in format: "text", "json", "sarif" or "github".
func Write(w io.Writer, format string, r *Report, opts Options) error {
	switch format {
	case "text":
		return WriteText(w, r, opts)
	case "json":
		return WriteJSON(w, r)
	case "sarif":
		return WriteSARIF(w, r)
	case "github":
		return WriteGitHub(w, r, opts)
	}
	return fmt.Errorf("unknown format %q: want %s", format, strings.Join(Formats, ", "))
}

// Summary counts the report: "2 errors, 1 warning, 0 notes (3 suppressed,
// 12 in the baseline); 1 input error; 1 suppression without a reason
// (--require-reason)". It is "" when there is nothing to count, so that a
// clean run prints nothing.
func Summary(r *Report) string {
	if r == nil {
		return ""
	}
	var byLevel [model.Error + 1]int
	for _, f := range r.Findings {
		byLevel[levelOf(f)]++
	}
	inputErrors := 0
	for _, d := range r.Diagnostics {
		if d.Severity == model.Error {
			inputErrors++
		}
	}
	unreasoned := 0 // the only problems that are errors
	for _, d := range r.Problems {
		if d.Severity == model.Error {
			unreasoned++
		}
	}
	if len(r.Findings) == 0 && len(r.Suppressed) == 0 && r.Baselined == 0 && inputErrors == 0 && unreasoned == 0 {
		return ""
	}
	s := fmt.Sprintf("%s, %s, %s", count(byLevel[model.Error], "error"), count(byLevel[model.Warning], "warning"), count(byLevel[model.Note], "note"))
	var aside []string
	if n := len(r.Suppressed); n > 0 {
		aside = append(aside, fmt.Sprintf("%d suppressed", n))
	}
	if r.Baselined > 0 {
		aside = append(aside, fmt.Sprintf("%d in the baseline", r.Baselined))
	}
	if len(aside) > 0 {
		s += " (" + strings.Join(aside, ", ") + ")"
	}
	if inputErrors > 0 {
		s += "; " + count(inputErrors, "input error")
	}
	if unreasoned > 0 {
		s += "; " + count(unreasoned, "suppression") + " without a reason (--require-reason)"
	}
	return s
}

// diagnostics are the diagnostics and the problems, for the writers.
func (r *Report) diagnostics() []model.Diagnostic {
	return append(r.Diagnostics[:len(r.Diagnostics):len(r.Diagnostics)], r.Problems...)
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
