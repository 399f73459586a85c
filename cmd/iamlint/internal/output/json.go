package output

import (
	"bytes"
	"encoding/json"
	"io"
	"path/filepath"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// The JSON document is a public contract for scripts: add fields, never
// rename or remove them. Lists are always present, empty as [].
type jsonReport struct {
	Version  string        `json:"version"`
	Findings []jsonFinding `json:"findings"`
	// Suppressed are findings an inline suppression silenced; they do not
	// count for the exit status.
	Suppressed  []jsonSuppressed `json:"suppressed"`
	Baselined   int              `json:"baselined"` // findings left out because the baseline lists them
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
}

type jsonSuppressed struct {
	jsonFinding
	Justification string `json:"justification"`
}

type jsonFinding struct {
	RuleID      string        `json:"rule_id"`
	RuleName    string        `json:"rule_name"`
	Level       string        `json:"level"`
	Message     string        `json:"message"`
	File        string        `json:"file"`
	Start       *jsonPos      `json:"start"`
	End         *jsonPos      `json:"end"`
	Address     string        `json:"address"`
	Fingerprint string        `json:"fingerprint"`
	Related     []jsonRelated `json:"related"`
	Flow        []jsonRelated `json:"flow,omitempty"` // credential flows: source first
}

type jsonRelated struct {
	File    string   `json:"file"`
	Start   *jsonPos `json:"start"`
	End     *jsonPos `json:"end"`
	Message string   `json:"message"`
}

type jsonDiagnostic struct {
	Severity string   `json:"severity"`
	Summary  string   `json:"summary"`
	Detail   string   `json:"detail"`
	File     string   `json:"file"`
	Start    *jsonPos `json:"start,omitempty"` // absent when only the file is known
	End      *jsonPos `json:"end,omitempty"`
}

// jsonPos is 1-based; the column counts code points, like the text output.
type jsonPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// WriteJSON writes r as one indented JSON document.
func WriteJSON(w io.Writer, r *Report) error {
	if r == nil {
		r = &Report{}
	}
	src := newSourceSet(r)
	doc := jsonReport{
		Version:     r.Version,
		Findings:    make([]jsonFinding, 0, len(r.Findings)),
		Suppressed:  make([]jsonSuppressed, 0, len(r.Suppressed)),
		Baselined:   r.Baselined,
		Diagnostics: make([]jsonDiagnostic, 0, len(r.Diagnostics)+len(r.Problems)),
	}
	for _, f := range r.Findings {
		doc.Findings = append(doc.Findings, src.jsonFinding(f))
	}
	for _, s := range r.Suppressed {
		doc.Suppressed = append(doc.Suppressed, jsonSuppressed{src.jsonFinding(s.Finding), s.Justification})
	}
	for _, d := range sortedDiagnostics(r.diagnostics()) {
		jd := jsonDiagnostic{
			Severity: severityName(d.Severity),
			Summary:  d.Summary,
			Detail:   d.Detail,
			File:     filepath.ToSlash(d.Range.File),
		}
		if !d.Range.IsZero() {
			jd.Start, jd.End = src.jsonRange(d.Range)
		}
		doc.Diagnostics = append(doc.Diagnostics, jd)
	}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // messages quote "<" and "&" as they are
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// jsonFinding converts one finding.
func (s *sourceSet) jsonFinding(f rules.Finding) jsonFinding {
	rule := ruleOf(f)
	jf := jsonFinding{
		RuleID:      rule.ID,
		RuleName:    rule.Name,
		Level:       levelOf(f).String(),
		Message:     f.Message,
		File:        filepath.ToSlash(f.Range.File),
		Address:     f.Address,
		Fingerprint: fingerprintOf(f),
		Related:     make([]jsonRelated, 0, len(f.Related)),
	}
	jf.Start, jf.End = s.jsonRange(f.Range)
	for _, rel := range f.Related {
		jr := jsonRelated{File: filepath.ToSlash(rel.Range.File), Message: rel.Message}
		jr.Start, jr.End = s.jsonRange(rel.Range)
		jf.Related = append(jf.Related, jr)
	}
	for _, hop := range f.Flow {
		jr := jsonRelated{File: filepath.ToSlash(hop.Range.File), Message: hop.Message}
		jr.Start, jr.End = s.jsonRange(hop.Range)
		jf.Flow = append(jf.Flow, jr)
	}
	return jf
}

// jsonRange converts a range's start and end. An end before the start (or
// unset) becomes the start, so consumers can rely on start <= end; a range
// with no position is all zeros.
func (s *sourceSet) jsonRange(rg model.Range) (start, end *jsonPos) {
	if rg.IsZero() {
		return &jsonPos{}, &jsonPos{}
	}
	start = &jsonPos{Line: rg.Start.Line, Column: s.runeCol(rg.File, rg.Start)}
	end = &jsonPos{Line: rg.End.Line, Column: s.runeCol(rg.File, rg.End)}
	if end.Line < start.Line || (end.Line == start.Line && end.Column < start.Column) {
		*end = *start
	}
	return start, end
}

// jsonRule is one rule of "iamlint rules --format json": the same
// snake_case naming as the report, whose rule_id and rule_name are its id
// and name.
type jsonRule struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Level string `json:"level"` // the default level
	Short string `json:"short"`
	Why   string `json:"why"`
	Fix   string `json:"fix"`
}

// WriteRulesJSON writes the catalog as a JSON array, one object a rule.
func WriteRulesJSON(w io.Writer, all []*rules.Rule) error {
	out := make([]jsonRule, 0, len(all))
	for _, r := range all {
		out = append(out, jsonRule{r.ID, r.Name, r.Level.String(), r.Short, r.Doc.Why, r.Doc.Fix})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
