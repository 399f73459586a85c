package rules

import (
	"embed"
	"strings"
)

// fixDiffs are what "iamlint fix" makes of each rule's first bad Terraform
// example, as a unified diff. lint/fix's TestDocExamples writes them
// (go test ./lint/fix -update) and fails when the fixer's output drifts,
// so the documentation shows a real before and after.
//
//go:embed fixes
var fixDiffs embed.FS

// FixDiff returns the diff "iamlint fix" makes of the rule's first bad
// Terraform example, or "" when the rule has no fix.
func (r *Rule) FixDiff() string {
	b, err := fixDiffs.ReadFile("fixes/" + r.ID + ".diff")
	d := strings.TrimRight(string(b), "\n")
	if err != nil || d == "" {
		return ""
	}
	return d + "\n"
}
