// Package lint is iamlint as a library: it loads a tree of infrastructure
// code the way the command line does, runs the rule catalog over it, and
// applies level overrides and inline suppressions. The CLI, the rule
// tests and the benchmarks all call it, and so can any program that embeds
// iamlint.
//
// The pipeline, from file to finding (docs/architecture.md):
//
//	walk the paths ─▶ FrontEnd.Match ─▶ FrontEnd.Load ─▶ model.Project
//	   ─▶ rules.RunWith ─▶ level overrides ─▶ suppressions ─▶ Result
//
// One front-end per input language (package parsers/frontend) turns files
// into the one model that every rule reads.
package lint

import (
	"context"

	"github.com/iamlint/iamlint/lint/internal/suppress"
	"github.com/iamlint/iamlint/parsers/bitbucket"
	"github.com/iamlint/iamlint/parsers/buildkite"
	"github.com/iamlint/iamlint/parsers/circleci"
	"github.com/iamlint/iamlint/parsers/cloudformation"
	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/githubactions"
	"github.com/iamlint/iamlint/parsers/gitlabci"
	"github.com/iamlint/iamlint/parsers/golang"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/parsers/shell"
	"github.com/iamlint/iamlint/parsers/terraform"
	"github.com/iamlint/iamlint/rules"
)

// FrontEnds returns the input languages iamlint reads, in the order each
// file is offered to them: the first whose Match takes a file owns it.
// Adding a language is one package under parsers/ and one line here.
func FrontEnds() []frontend.FrontEnd {
	return []frontend.FrontEnd{
		terraform.FrontEnd{},
		// CI pipelines claim their YAML by path, before CloudFormation
		// looks at YAML by content.
		githubactions.FrontEnd{},
		gitlabci.FrontEnd{},
		circleci.FrontEnd{},
		bitbucket.FrontEnd{},
		buildkite.FrontEnd{},
		// Before CloudFormation, which claims any file named on the
		// command line: a script named by pre-commit is a script.
		shell.FrontEnd{},
		cloudformation.FrontEnd{},
		golang.FrontEnd{},
	}
}

// Options configure a Linter. The zero value lints with every rule at its
// documented level, every front-end, and the default limits.
type Options struct {
	// Exclude are doublestar globs of paths to skip, matched against the
	// path relative to each path argument and against the path as shown.
	Exclude []string
	// MaxFileSize skips larger files with a warning; 0 means
	// frontend.DefaultMaxFileSize.
	MaxFileSize int64
	// Workers is how many files are parsed at once; 0 means one per CPU.
	Workers int
	// Rules are the rules to run; nil means rules.All().
	Rules []*rules.Rule
	// Levels override the level of a rule's findings, by rule ID, where a
	// finding is at its rule's default level.
	Levels map[string]model.Level
	// RuleOptions are the user's extra sinks and trusted accounts.
	RuleOptions rules.Options
	// Go is the Go front-end's mode: GoAuto (also ""), GoOn or GoOff.
	Go string
	// ParseAll parses every Terraform block, not only those a rule could
	// read: slower, and every syntax error is reported.
	ParseAll bool
	// RequireReason makes an iamlint:ignore without a reason an error;
	// ReportUnused reports iamlint:ignore directives that match nothing.
	RequireReason, ReportUnused bool
	// FrontEnds are the input languages; nil means FrontEnds().
	FrontEnds []frontend.FrontEnd
	// KeepTypes are resource types to keep in the model beyond those the
	// rules read (front-ends may skip what no rule reads): iamlint graph
	// draws policy attachments that no rule needs.
	KeepTypes []string
}

// Linter lints trees of infrastructure code. It holds no state between
// runs; one Linter may lint many trees, one at a time or concurrently.
type Linter struct {
	opts Options
}

// New returns a Linter with the given options.
func New(opts Options) *Linter {
	if opts.Rules == nil {
		opts.Rules = rules.All()
	}
	return &Linter{opts: opts}
}

// Result is what a run found.
type Result struct {
	// Project is the model the rules read: modules, files, diagnostics.
	Project *model.Project
	// Findings are the findings that stay, sorted by path, line, column
	// and rule, at their configured level.
	Findings []rules.Finding
	// Suppressed are the findings an inline iamlint:ignore silenced.
	Suppressed []Suppressed
	// Diagnostics are about the input: files that could not be read or
	// parsed (errors), what the analysis could not follow (notes).
	Diagnostics []model.Diagnostic
	// Problems are about the suppressions themselves: misplaced, unknown
	// rules, without a reason under RequireReason (an error), unused under
	// ReportUnused.
	Problems []model.Diagnostic
}

// Suppressed is a finding that an inline directive silenced, with the
// reason written there.
type Suppressed struct {
	rules.Finding
	Justification string
	Location      model.Range // where the directive is written
}

// Lint reads the files and directories at paths, runs the rules, and
// applies level overrides and suppressions. Problems with the input are
// diagnostics in the result, never an error: every file that can be read
// is linted. The error is only the context's.
func (l *Linter) Lint(ctx context.Context, paths []string) (*Result, error) {
	o := l.opts
	project := scan(ctx, paths, scanOptions{
		Exclude:     o.Exclude,
		Workers:     o.Workers,
		MaxFileSize: o.MaxFileSize,
		Go:          o.Go,
		ParseAll:    o.ParseAll,
		Rules:       o.Rules,
		RuleOptions: o.RuleOptions,
		FrontEnds:   o.FrontEnds,
		KeepTypes:   o.KeepTypes,
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	findings, notes := rules.RunWith(project, o.Rules, o.RuleOptions)
	project.Diagnostics = append(project.Diagnostics, notes...)
	overrideLevels(findings, o.Levels)
	sup := suppress.Apply(project, findings, suppress.Options{RequireReason: o.RequireReason, ReportUnused: o.ReportUnused, Ran: o.Rules})
	r := &Result{Project: project, Findings: sup.Findings, Diagnostics: project.Diagnostics, Problems: sup.Problems}
	for _, s := range sup.Suppressed {
		r.Suppressed = append(r.Suppressed, Suppressed{Finding: s.Finding, Justification: s.Justification, Location: s.Location})
	}
	return r, nil
}

// overrideLevels gives the findings of the rules named in levels their
// configured level, when they are at their rule's default level: a
// variant the rule reports lower or higher keeps its own.
func overrideLevels(findings []rules.Finding, levels map[string]model.Level) {
	for i, f := range findings {
		if l, ok := levels[f.Rule.ID]; ok && f.Level == f.Rule.Level {
			findings[i].Level = l
		}
	}
}
