package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/iamlint/iamlint/cmd/iamlint/internal/output"
	"github.com/iamlint/iamlint/lint"
	"github.com/iamlint/iamlint/lint/config"
	"github.com/iamlint/iamlint/lint/fix"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

const fixUsage = `usage: iamlint fix [--write] [--rule IDs] [flags] [PATH ...]

Writes the fixes of the findings under PATH (default ".") as code in each
finding's own language: the role that replaces the key, its trust and
instance profile, the key user's permissions moved onto it, the workload
wired to it, and the key (and its user, when nothing else refers to it)
deleted. What a fix cannot decide is a "# TODO(iamlint):" comment.

Prints a unified diff of every fix (apply it with "git apply" or
"patch -p1"), or with --write changes the files in place. The scan's flags
and .iamlint.yml apply as for a scan.

Exit status: 0 fixes printed or written, or nothing to fix; 2 bad usage,
configuration, or input that could not be parsed (the rest is still
fixed); 3 internal error.

Flags:
`

// fixFlagSet is the scan's flags with the fix's own.
func fixFlagSet(f *scanFlags, w io.Writer) *flag.FlagSet {
	fs := scanFlagSet(f, w)
	fs.Usage = func() {
		fmt.Fprint(w, fixUsage)
		fs.PrintDefaults()
	}
	fs.BoolVar(&f.write, "write", false, "apply the fixes to the files instead of printing a diff")
	fs.Var(&f.fixRules, "rule", "fix only the findings of these rules (comma-separated `IDs` or names)")
	return fs
}

// fix runs "iamlint fix".
func (c Command) fix(args []string) int {
	f := &scanFlags{set: map[string]bool{}}
	f, err := c.parseFlags(f, fixFlagSet(f, c.Stderr), args)
	if errors.Is(err, flag.ErrHelp) {
		return ExitClean
	}
	if err != nil {
		fmt.Fprintf(c.Stderr, "iamlint: %s\n", err)
		return ExitInput
	}
	var only []string
	for _, name := range f.fixRules {
		r := rules.Lookup(name)
		if r == nil {
			fmt.Fprintf(c.Stderr, "iamlint: --rule: unknown rule %q\n", name)
			return ExitInput
		}
		only = append(only, r.ID)
	}
	s, err := settle(f)
	var cerr *config.Error
	switch {
	case errors.As(err, &cerr):
		fmt.Fprintln(c.Stderr, err)
		return ExitInput
	case err != nil:
		fmt.Fprintf(c.Stderr, "iamlint: %s\n", err)
		return ExitInput
	}
	r := lintPaths(f, s, f.paths, nil, nil)
	findings, _ := applyBaseline(r.findings, s.baseline)
	plan, err := fix.Make(&lint.Result{Project: r.project, Findings: findings}, fix.Options{Rules: only})
	if err != nil {
		fmt.Fprintf(c.Stderr, "iamlint: %s\n", err)
		return ExitInternal
	}
	inputErrors := false
	for _, d := range r.diags {
		if d.Severity == model.Error {
			fmt.Fprintf(c.Stderr, "iamlint: %s\n", d.Error())
			inputErrors = true
		}
	}
	if f.write {
		if err := plan.Write(); err != nil {
			fmt.Fprintf(c.Stderr, "iamlint: %s\n", err)
			return ExitInput
		}
		for _, ch := range plan.Changes {
			fmt.Fprintf(c.Stdout, "fixed %s\n", ch.Path)
		}
	} else if _, err := io.WriteString(c.Stdout, plan.Diff()); err != nil {
		fmt.Fprintf(c.Stderr, "iamlint: %s\n", err)
		return ExitInput
	}
	if !f.quiet {
		c.fixSummary(plan)
	}
	if inputErrors {
		return ExitInput // as a scan does: what could not be parsed was not fixed
	}
	return ExitClean
}

// fixSummary says on standard error what was fixed and what was not.
func (c Command) fixSummary(plan *fix.Plan) {
	partial := 0
	for _, x := range plan.Fixes {
		if !x.Complete {
			partial++
		}
	}
	fmt.Fprintf(c.Stderr, "iamlint: %s (%d partial, with TODO(iamlint) comments) in %s; %s without a fix\n",
		fixCount(len(plan.Fixes)), partial, count(len(plan.Changes), "file"), count(len(plan.Skipped), "finding"))
	for _, sk := range plan.Skipped {
		fmt.Fprintf(c.Stderr, "  %s: %s: no fix: %s\n", sk.Finding.Range, sk.Finding.Rule.ID, sk.Reason)
	}
}

func fixCount(n int) string {
	if n == 1 {
		return "1 fix"
	}
	return fmt.Sprintf("%d fixes", n)
}

// sarifFixes computes each finding's own fix, for SARIF results: a fix
// per finding, so that a viewer can apply one without the others. A
// finding whose fix fails to compute has none.
func sarifFixes(project *model.Project, findings []rules.Finding) map[string]output.Fix {
	out := map[string]output.Fix{}
	for fp, plan := range fix.MakeEach(&lint.Result{Project: project, Findings: findings}, fix.Options{}) {
		x := output.Fix{Description: plan.Fixes[0].Description}
		for _, c := range plan.Changes {
			fc := output.FixChange{Path: c.Path, Old: c.Old}
			for _, e := range c.Edits() {
				fc.Edits = append(fc.Edits, output.FixEdit{Start: e.Start, End: e.End, New: e.New})
			}
			x.Changes = append(x.Changes, fc)
		}
		out[fp] = x
	}
	return out
}
