// Package output writes a scan's findings and diagnostics as text for a
// terminal, as JSON for scripts and as SARIF 2.1.0 for code scanning.
//
// Each writer is in its own file. Positions in the model count bytes; every
// writer converts columns to what its reader counts: code points for text
// and JSON, UTF-16 code units for SARIF. Writers never panic: a position past
// the end of its source or a missing source degrades the output, nothing more.
package output

import (
	"fmt"
	"io"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// Report is everything a writer prints.
type Report struct {
	Findings    []rules.Finding    // already sorted (rules.SortFindings)
	Diagnostics []model.Diagnostic // input that could not be read or parsed
	Rules       []*rules.Rule      // the whole catalog: SARIF lists every rule
	Sources     map[string][]byte  // path -> contents, for quoting lines; may miss files
	Version     string             // tool version
	WorkDir     string             // absolute directory relative paths start from (SARIF %SRCROOT%)
}

// Write writes r to w in format: "text", "json" or "sarif".
func Write(w io.Writer, format string, r *Report) error {
	switch format {
	case "text":
		return WriteText(w, r, TextOptions{})
	case "json":
		return WriteJSON(w, r)
	case "sarif":
		return WriteSARIF(w, r)
	}
	return fmt.Errorf("unknown format %q: want text, json or sarif", format)
}
