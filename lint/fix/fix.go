// Package fix writes, as code, the identity that replaces a long-term key:
// the role, its trust, its instance profile, the key user's permissions
// moved onto it, the workload wired to it, and the key (and its user, when
// nothing else refers to it) deleted. It reads a lint.Result (the project
// and its findings with their flows) and returns per-file changes, which
// the CLI prints as a unified diff (iamlint fix), writes (--write) or
// attaches to SARIF results as fixes.
//
// Terraform is edited with hclwrite, hcl/v2's format-preserving writer,
// and the files it touches are formatted as terraform fmt does. What a fix
// cannot decide is a "# TODO(iamlint):" comment in the code it writes,
// never a silent guess. See docs/architecture.md ("Fixes").
package fix

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/iamlint/iamlint/lint"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// Options configure Make.
type Options struct {
	// Rules limits the fixes to these rule IDs; empty means every rule
	// with a fix.
	Rules []string
	// ReadFile reads a file to edit; nil means os.ReadFile. The scan
	// drops sources after the build, so the fixer reads them again.
	ReadFile func(path string) ([]byte, error)
}

// Fixable are the rules that have fixes, for --rule and the docs.
var Fixable = []string{"IAM101", "IAM102", "IAM103", "IAM106", "IAM302", "IAM303"}

// Plan is what Make computed: which findings it fixes, which it cannot,
// and the changes to the files.
type Plan struct {
	Fixes   []Fix
	Skipped []Skipped
	Changes []FileChange // sorted by path; only files that change
	// Kept are the keys the fixes took out of every workload they fixed
	// but could not delete, since something else still uses them: a
	// rescan reports them as long-term keys (IAM105) instead.
	Kept []Kept
	// CIRoles are the roles created for CI systems: what a fixer of the
	// pipelines (workflow files) needs to wire the jobs to them.
	CIRoles []CIRole
}

// Kept is a key left in place, with a TODO(iamlint) comment in it.
type Kept struct {
	Dir     string // the module directory
	Address string
}

// Fix is the fix of one finding.
type Fix struct {
	Finding rules.Finding
	// Description says what the fix does, in one sentence.
	Description string
	// Complete is true when the fix removes the finding: rescanning the
	// changed files no longer reports it. A partial fix writes what it
	// can and leaves TODO(iamlint) comments for the rest.
	Complete bool
}

// Skipped is a finding the fixer has no fix for, with the reason.
type Skipped struct {
	Finding rules.Finding
	Reason  string
}

// FileChange is the whole change to one file.
type FileChange struct {
	Path     string
	Old, New []byte
}

// Edit replaces the bytes [Start, End) of the old file with New.
type Edit = udiff.Edit

// Edits are the change as line-aligned replacements of the old file, the
// form SARIF replacements and review bots take.
func (c FileChange) Edits() []Edit {
	return udiff.Lines(string(c.Old), string(c.New))
}

// Diff is the change as a unified diff with three lines of context, with
// a/ and b/ prefixes so that "git apply" and "patch -p1" take it.
func (c FileChange) Diff() string {
	old, new := "a/"+slashed(c.Path), "b/"+slashed(c.Path)
	d, err := udiff.ToUnified(old, new, string(c.Old), c.Edits(), 3)
	if err != nil {
		return "" // the edits come from the same two texts: cannot happen
	}
	return d
}

// Diff is the unified diff of every change, file by file.
func (p *Plan) Diff() string {
	var b strings.Builder
	for _, c := range p.Changes {
		b.WriteString(c.Diff())
	}
	return b.String()
}

// Write writes the changed files in place, keeping their modes.
func (p *Plan) Write() error {
	var errs []error
	for _, c := range p.Changes {
		mode := os.FileMode(0o644)
		if st, err := os.Stat(c.Path); err == nil {
			mode = st.Mode().Perm()
		}
		if err := os.WriteFile(c.Path, c.New, mode); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Make computes the fixes of the result's findings. Each finding is fixed
// in its own language; fixes of several findings that share a key share
// what they create (one role per key and workload kind). A file the fixer
// cannot parse or edit leaves its findings skipped, with the reason.
func Make(res *lint.Result, opts Options) (*Plan, error) {
	if res == nil || res.Project == nil {
		return &Plan{}, nil
	}
	return makePlan(newProjectIndex(res.Project), res.Findings, res.Findings, opts)
}

// MakeEach computes the fix of each finding on its own, as SARIF carries
// them: one plan per finding, by fingerprint, for the findings with a fix.
// The plans share what they look up in the project and the files they
// read.
func MakeEach(res *lint.Result, opts Options) map[string]*Plan {
	out := map[string]*Plan{}
	if res == nil || res.Project == nil {
		return out
	}
	idx := newProjectIndex(res.Project)
	cache := map[string][]byte{}
	read := opts.ReadFile
	if read == nil {
		read = os.ReadFile
	}
	opts.ReadFile = func(path string) ([]byte, error) {
		if b, ok := cache[path]; ok {
			return b, nil
		}
		b, err := read(path)
		if err == nil {
			cache[path] = b
		}
		return b, err
	}
	for _, f := range res.Findings {
		if !slices.Contains(Fixable, f.Rule.ID) || len(opts.Rules) > 0 && !slices.Contains(opts.Rules, f.Rule.ID) {
			continue
		}
		plan, err := makePlan(idx, []rules.Finding{f}, res.Findings, opts)
		if err != nil || len(plan.Fixes) != 1 || len(plan.Changes) == 0 {
			continue
		}
		out[f.Fingerprint()] = plan
	}
	return out
}

// makePlan fixes the findings to fix; all are every finding of the run
// (IAM107's tell where a hard-coded key sits).
func makePlan(idx *projectIndex, toFix, all []rules.Finding, opts Options) (*Plan, error) {
	read := opts.ReadFile
	if read == nil {
		read = os.ReadFile
	}
	w := newWorkspace(idx, read)
	w.findings = all
	plan := &Plan{}
	for i := range toFix {
		f := toFix[i]
		if len(opts.Rules) > 0 && !slices.Contains(opts.Rules, f.Rule.ID) {
			continue
		}
		w.current = &toFix[i]
		if x, why := w.fix(f); why != "" {
			plan.Skipped = append(plan.Skipped, Skipped{Finding: f, Reason: why})
		} else {
			plan.Fixes = append(plan.Fixes, x)
		}
	}
	w.current = nil
	changes := w.finish()
	// A fix that needs a file whose fixed version could not be built is
	// not made; the other fixes are.
	failedBy := map[*rules.Finding]error{}
	for path, err := range w.failed {
		for _, f := range w.touched[path] {
			failedBy[f] = err
		}
	}
	kept := plan.Fixes[:0]
	for _, x := range plan.Fixes {
		err := error(nil)
		for i := range toFix {
			if toFix[i].Fingerprint() == x.Finding.Fingerprint() && toFix[i].Range == x.Finding.Range {
				err = failedBy[&toFix[i]]
			}
		}
		if err != nil {
			plan.Skipped = append(plan.Skipped, Skipped{Finding: x.Finding, Reason: err.Error()})
			continue
		}
		kept = append(kept, x)
	}
	plan.Fixes = kept
	plan.Changes = changes
	plan.Kept = w.keptList
	plan.CIRoles = w.ciRoles
	sort.Slice(plan.Changes, func(i, j int) bool { return plan.Changes[i].Path < plan.Changes[j].Path })
	return plan, nil
}

// fix plans the fix of one finding, or says why there is none.
func (w *workspace) fix(f rules.Finding) (Fix, string) {
	lang := w.languageOf(f.Range.File)
	if lang == model.CloudFormation && f.Rule.ID == "IAM101" {
		return w.fixWorkloadCFN(f)
	}
	if lang == model.CloudFormation && f.Rule.ID == "IAM102" {
		return w.fixFunctionCFN(f)
	}
	if lang == model.CloudFormation && (f.Rule.ID == "IAM302" || f.Rule.ID == "IAM303") {
		return w.fixTrustCFN(f)
	}
	if lang != model.Terraform {
		return Fix{}, fmt.Sprintf("no fix for %s %s yet", languageName(lang), f.Rule.ID)
	}
	switch f.Rule.ID {
	case "IAM101", "IAM102":
		return w.fixWorkload(f)
	case "IAM103":
		return w.fixCI(f)
	case "IAM106":
		return w.fixProvider(f)
	case "IAM302":
		return w.fixExternalID(f)
	case "IAM303":
		return w.fixOIDCSubject(f)
	}
	return Fix{}, "the rule has no fix"
}

func languageName(l model.Language) string {
	if l == "" {
		return "this file"
	}
	return string(l)
}

func slashed(p string) string { return strings.ReplaceAll(p, `\`, "/") }
