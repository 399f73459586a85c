package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

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

// readBaseline returns the fingerprints a baseline file lists. A file that
// is not a baseline is a usage error that says where and what is wrong in
// JSON's terms.
func readBaseline(path string) (map[string]bool, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, usageError{fmt.Sprintf("--baseline: %v", err)}
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, usageError{fmt.Sprintf("--baseline %s: the file is empty, not an iamlint baseline (write one with --write-baseline)", path)}
	}
	var doc baselineFile
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, usageError{baselineError(path, raw, err)}
	}
	if doc.Version == 0 {
		return nil, usageError{fmt.Sprintf("--baseline %s: not an iamlint baseline: no \"version\" (write one with --write-baseline)", path)}
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

// baselineError describes why raw did not decode as a baseline, with the
// line and column where encoding/json stopped.
func baselineError(path string, raw []byte, err error) string {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	at, what := -1, err.Error()
	switch {
	case errors.As(err, &syn) && syn.Offset >= int64(len(raw)) && strings.Contains(syn.Error(), "unexpected end"):
		at, what = len(raw), "the JSON ends early"
	case errors.As(err, &syn):
		at, what = int(syn.Offset)-1, "invalid JSON: "+syn.Error() // Offset is just past the bad byte
	case errors.As(err, &typ):
		at = valueStart(raw, int(typ.Offset))
		found := jsonKind(typ.Value)
		if typ.Field == "" {
			what = fmt.Sprintf("want an object with \"version\" and \"findings\", found %s", found)
		} else {
			what = fmt.Sprintf("%s: want %s, found %s", typ.Field, jsonType(typ.Type), found)
		}
	}
	if at < 0 {
		return fmt.Sprintf("--baseline %s: not an iamlint baseline: %s", path, what)
	}
	line, col := lineCol(raw, at)
	return fmt.Sprintf("--baseline %s:%d:%d: not an iamlint baseline: %s", path, line, col, what)
}

// valueStart finds where the JSON value that ends at off (a scalar) or
// opens at off-1 (an array or object) begins: encoding/json reports type
// errors just past what it read.
func valueStart(raw []byte, off int) int {
	i := min(off, len(raw)) - 1
	if i < 0 {
		return 0
	}
	switch raw[i] {
	case '[', '{':
		return i
	case '"':
		for j := i - 1; j >= 0; j-- {
			if raw[j] != '"' {
				continue
			}
			k := j
			for k > 0 && raw[k-1] == '\\' {
				k--
			}
			if (j-k)%2 == 0 { // an unescaped quote opens the string
				return j
			}
		}
		return i
	}
	for i > 0 && !strings.ContainsRune(" \t\r\n,:[{", rune(raw[i-1])) {
		i--
	}
	return i
}

// lineCol converts a byte offset into a 1-based line and column (in code
// points, like the report's columns).
func lineCol(raw []byte, off int) (line, col int) {
	off = min(off, len(raw))
	before := raw[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	if nl := bytes.LastIndexByte(before, '\n'); nl >= 0 {
		before = before[nl+1:]
	}
	return line, utf8.RuneCount(before) + 1
}

// jsonKind words encoding/json's description of a value ("array",
// "number 1.5") as a JSON type with its article.
func jsonKind(v string) string {
	v, _, _ = strings.Cut(v, " ")
	switch v {
	case "array", "object":
		return "an " + v
	case "bool":
		return "a boolean"
	}
	return "a " + v
}

// jsonType names the JSON type a Go type decodes from.
func jsonType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	}
	return "a number"
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
