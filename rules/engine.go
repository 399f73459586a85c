package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// Pass is what a rule's Check gets: the project and a way to report.
type Pass struct {
	Project  *model.Project
	Rule     *Rule
	Options  Options
	findings []Finding
	shared   *flows
	users    map[*model.Module]*userIndex // built on first use by userOf
}

// flows returns the credential flow analysis of the project, computed once
// for all the rules of a run. It panics unless the rule declared
// Reads.Flow.
func (p *Pass) flows() *flows {
	if !p.Rule.Reads.Flow {
		panic("rule " + p.Rule.ID + " reads the credential flow, which its Reads do not declare")
	}
	p.shared.analyze()
	return p.shared
}

// Report records a finding at the rule's default level unless f.Level is set.
func (p *Pass) Report(f Finding) {
	f.Rule = p.Rule
	if f.Level == 0 {
		f.Level = p.Rule.Level
	}
	p.findings = append(p.findings, f)
}

// Run runs rules over the project and returns their findings in a
// deterministic order (path, line, column, rule ID, message), and notes
// about what the analysis could not see, such as a module that is not
// installed.
func Run(project *model.Project, rules []*Rule) ([]Finding, []model.Diagnostic) {
	return RunWith(project, rules, Options{})
}

// RunWith is Run with the user's configuration: extra sinks, trusted
// accounts.
func RunWith(project *model.Project, rules []*Rule, opts Options) ([]Finding, []model.Diagnostic) {
	var all []Finding
	var crashed []model.Diagnostic
	shared := &flows{project: project, sinks: opts.sinkTable()}
	for _, r := range rules {
		pass := &Pass{Project: project, Rule: r, Options: opts, shared: shared}
		if d, ok := check(pass); !ok {
			crashed = append(crashed, d)
		}
		pass.frontEndReports()
		all = append(all, pass.findings...)
	}
	SortFindings(all)
	return dedupe(all), append(shared.notes, crashed...)
}

// check runs the pass's rule. A panic (a bug, such as a rule reading what
// it did not declare) becomes an error diagnostic instead of ending the
// run, so that the other rules' findings are still reported; the findings
// the rule made before it are kept.
func check(p *Pass) (d model.Diagnostic, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			d = model.Diagnostic{
				Severity: model.Error,
				Summary:  fmt.Sprintf("internal error in rule %s: %v", p.Rule.ID, r),
				Detail:   "This is a bug in iamlint; please report it, with the file if you can.",
				Range:    model.Range{File: "."},
			}
		}
	}()
	p.Rule.Check(p)
	return model.Diagnostic{}, true
}

// SortFindings orders findings the way every writer prints them.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Range.File != b.Range.File {
			return a.Range.File < b.Range.File
		}
		if a.Range.Start.Line != b.Range.Start.Line {
			return a.Range.Start.Line < b.Range.Start.Line
		}
		if a.Range.Start.Column != b.Range.Start.Column {
			return a.Range.Start.Column < b.Range.Start.Column
		}
		if a.Rule.ID != b.Rule.ID {
			return a.Rule.ID < b.Rule.ID
		}
		return a.Message < b.Message
	})
}

// dedupe drops exact repeats (same rule, place and message): one finding
// per place, however many module instances or copies produce it.
func dedupe(fs []Finding) []Finding {
	out := fs[:0]
	for i, f := range fs {
		if i > 0 {
			p := fs[i-1]
			if p.Rule == f.Rule && p.Range == f.Range && p.Message == f.Message {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

func fingerprint(parts ...string) string {
	h := sha256.New()
	for i, p := range parts {
		if i == 1 {
			p = filepath.ToSlash(p)
		}
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// quote formats a value for a message the way actionlint does: in double
// quotes, with nothing escaped that a reader would not want escaped.
func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// frontEndReports hands the pass's rule the findings a front-end made with
// its own analysis (model.Project.Reports).
func (p *Pass) frontEndReports() {
	for _, r := range p.Project.Reports {
		if r.RuleID != p.Rule.ID {
			continue
		}
		f := Finding{Level: r.Level, Message: r.Message, Range: r.Range, Address: r.Address, Key: r.Message}
		for _, h := range r.Related {
			f.Related = append(f.Related, Related{Range: h.Range, Message: h.Label})
		}
		p.Report(f)
	}
}
