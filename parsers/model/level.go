package model

import (
	"fmt"
	"strings"
)

// Level is how serious a finding or a diagnostic is: the one level type of
// iamlint, shared by rules, front-ends, the Go analyzers and every writer.
// The order matters: --fail-on compares levels. The zero value is no level.
type Level int

const (
	Note Level = iota + 1
	Warning
	Error
)

var levelNames = map[Level]string{Note: "note", Warning: "warning", Error: "error"}

// String is the level as SARIF and the text output spell it.
func (l Level) String() string { return levelNames[l] }

// SecuritySeverity is the GitHub code scanning score for a level (the rule
// catalog's table).
func (l Level) SecuritySeverity() string {
	switch l {
	case Error:
		return "8.0"
	case Warning:
		return "5.0"
	}
	return "2.0"
}

// ParseLevel reads "error", "warning" or "note", in any case.
func ParseLevel(s string) (Level, error) {
	for l, name := range levelNames {
		if strings.EqualFold(s, name) {
			return l, nil
		}
	}
	return 0, fmt.Errorf("unknown level %q: want error, warning or note", s)
}
