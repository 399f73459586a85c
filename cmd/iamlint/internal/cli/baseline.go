package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/iamlint/iamlint/rules"
)

// baselineVersion is the format of the files --write-baseline writes.
const baselineVersion = 1

// baselineFile is what --write-baseline writes and --baseline reads: the
// fingerprints of the findings to accept, which are the SARIF
// partialFingerprints (rule, file, address and key; no line numbers), so
// that moving code or adding lines above a finding does not bring it back.
// Rule, file and message are there for the people who review the file.
type baselineFile struct {
	Version  int             `json:"version"`
	Tool     string          `json:"tool"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Address     string `json:"address,omitempty"`
	Message     string `json:"message"`
}

// writeBaseline writes findings to path, sorted so that the file diffs well.
func writeBaseline(path string, findings []rules.Finding) error {
	doc := baselineFile{Version: baselineVersion, Tool: "iamlint", Findings: []baselineEntry{}}
	seen := map[string]bool{}
	for _, f := range findings {
		fp := f.Fingerprint()
		if seen[fp] {
			continue
		}
		seen[fp] = true
		doc.Findings = append(doc.Findings, baselineEntry{
			Fingerprint: fp,
			Rule:        f.Rule.ID,
			File:        filepath.ToSlash(f.Range.File),
			Address:     f.Address,
			Message:     f.Message,
		})
	}
	sort.Slice(doc.Findings, func(i, j int) bool {
		a, b := doc.Findings[i], doc.Findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Fingerprint < b.Fingerprint
	})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// readBaseline returns the fingerprints a baseline file lists.
func readBaseline(path string) (map[string]bool, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, usageError{fmt.Sprintf("--baseline: %v", err)}
	}
	var doc baselineFile
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&doc); err != nil {
		return nil, usageError{fmt.Sprintf("--baseline %s: not an iamlint baseline: %v", path, err)}
	}
	if doc.Version != baselineVersion {
		return nil, usageError{fmt.Sprintf("--baseline %s: unsupported version %d; this iamlint reads version %d (write a new one with --write-baseline)", path, doc.Version, baselineVersion)}
	}
	set := make(map[string]bool, len(doc.Findings))
	for _, e := range doc.Findings {
		set[e.Fingerprint] = true
	}
	return set, nil
}

// applyBaseline removes the findings the baseline lists and returns the
// rest and how many were removed. A nil baseline removes nothing.
func applyBaseline(findings []rules.Finding, baseline map[string]bool) ([]rules.Finding, int) {
	if baseline == nil {
		return findings, 0
	}
	var kept []rules.Finding
	for _, f := range findings {
		if !baseline[f.Fingerprint()] {
			kept = append(kept, f)
		}
	}
	return kept, len(findings) - len(kept)
}
