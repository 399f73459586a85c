// Package suppress applies the suppressions written in the scanned code
// (README "Suppressions") to a run's findings:
//
//   - Terraform: a comment "# iamlint:ignore IAM101 reason" (or "//") on
//     the line before a block, attribute or object element, or at the end
//     of its line; the parser records each with the range it covers
//     (model.File.Suppressions).
//   - CloudFormation: Metadata: {iamlint: {ignore: [{id: IAM105, reason: ...}]}}
//     on a resource covers the whole resource (model.Resource.Extent).
//
// A directive suppresses the findings of the rules it lists (IDs or names,
// comma-separated; none means every rule) whose primary location lies
// within what it covers. It also reports directives that are misplaced,
// name unknown rules, lack a reason (with RequireReason) or match nothing
// (with ReportUnused).
package suppress

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// Options say which problems of the directives themselves to report.
type Options struct {
	// RequireReason makes a directive without a reason an error.
	RequireReason bool
	// ReportUnused reports, as notes, directives that suppress nothing.
	ReportUnused bool
	// Ran are the rules that ran: a directive for a rule that did not run
	// is not unused. Nil means every rule.
	Ran []*rules.Rule
}

// Suppressed is a finding that a directive silenced, with the reason.
type Suppressed struct {
	rules.Finding
	Justification string
	Location      model.Range // where the suppression is written
}

// Result is what Apply returns.
type Result struct {
	Findings   []rules.Finding // not suppressed, in the order given
	Suppressed []Suppressed    // in the order given
	// Problems are diagnostics about the directives. Errors (a missing
	// reason under RequireReason) fail the run like findings do.
	Problems []model.Diagnostic
}

// directive is one parsed suppression.
type directive struct {
	rules   []*rules.Rule // nil: every rule
	reason  string
	at      model.Range // where it is written
	scope   model.Range
	used    map[*rules.Rule]bool
	usedAny bool
	source  string // how to show it: "iamlint:ignore IAM105" or "iamlint ignore IAM105"
	// addReason tells how to give it a reason.
	addReason string
}

// Apply splits findings into those that stay and those suppressed.
func Apply(p *model.Project, findings []rules.Finding, opts Options) Result {
	var res Result
	dirs := collect(p, &res.Problems)
	byFile := map[string][]*directive{}
	for _, d := range dirs {
		if !d.scope.IsZero() {
			byFile[d.scope.File] = append(byFile[d.scope.File], d)
		}
	}
	for _, f := range findings {
		if d := match(byFile[f.Range.File], f); d != nil {
			res.Suppressed = append(res.Suppressed, Suppressed{Finding: f, Justification: d.reason, Location: d.at})
			continue
		}
		res.Findings = append(res.Findings, f)
	}
	ran := map[string]bool{}
	for _, r := range opts.Ran {
		ran[r.ID] = true
	}
	allRan := opts.Ran == nil || len(ran) == len(rules.All())
	for _, d := range dirs {
		switch {
		case d.scope.IsZero():
			res.Problems = append(res.Problems, model.Diagnostic{
				Severity: model.Warning,
				Summary:  d.source + " annotates nothing",
				Detail:   "Put it on the line just before a block or attribute, or at the end of its line.",
				Range:    d.at,
			})
			continue
		case opts.RequireReason && d.reason == "":
			res.Problems = append(res.Problems, model.Diagnostic{
				Severity: model.Error,
				Summary:  d.source + " has no reason",
				Detail:   d.addReason + " (--require-reason).",
				Range:    d.at,
			})
		}
		if opts.ReportUnused {
			if unused := d.unused(ran, allRan); unused != "" {
				res.Problems = append(res.Problems, model.Diagnostic{
					Severity: model.Note,
					Summary:  unused,
					Detail:   "Remove it (--report-unused-ignores).",
					Range:    d.at,
				})
			}
		}
	}
	sort.SliceStable(res.Problems, func(i, j int) bool { return res.Problems[i].Range.Less(res.Problems[j].Range) })
	return res
}

// match returns the first directive that suppresses f, and marks it used.
func match(dirs []*directive, f rules.Finding) *directive {
	for _, d := range dirs {
		if !d.scope.Contains(f.Range) {
			continue
		}
		if d.rules == nil {
			d.usedAny = true
			return d
		}
		for _, r := range d.rules {
			if r.ID == f.Rule.ID {
				d.used[r] = true
				return d
			}
		}
	}
	return nil
}

// unused describes what of d matched nothing among the rules that ran, or
// returns "".
func (d *directive) unused(ran map[string]bool, allRan bool) string {
	if d.rules == nil {
		if d.usedAny || !allRan {
			return ""
		}
		return d.source + " matched no finding"
	}
	var ids []string
	for _, r := range d.rules {
		if !d.used[r] && (ran[r.ID] || len(ran) == 0) {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return fmt.Sprintf("%s: no %s finding here", d.source, strings.Join(ids, " or "))
}

// collect reads the directives of the project: comments the parsers
// recorded, and CloudFormation Metadata.
func collect(p *model.Project, problems *[]model.Diagnostic) []*directive {
	var out []*directive
	for _, f := range p.Files {
		for _, s := range f.Suppressions {
			names, reason := split(s.Text)
			d := &directive{reason: reason, at: s.Range, scope: s.Scope, source: "iamlint:ignore",
				addReason: "Say why the finding is acceptable after the rule IDs"}
			if names != nil {
				d.source += " " + strings.Join(names, ",")
				d.rules = resolve(names, s.Range, problems)
				if len(d.rules) == 0 {
					continue // nothing it names exists: reported, not applied
				}
			}
			d.used = map[*rules.Rule]bool{}
			out = append(out, d)
		}
	}
	for _, m := range p.Modules {
		for _, r := range m.Resources {
			out = append(out, metadata(r, problems)...)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.Less(out[j].at) })
	return out
}

// metadata reads a CloudFormation resource's
// Metadata: {iamlint: {ignore: [{id: IAM105, reason: "..."}]}}.
func metadata(r *model.Resource, problems *[]model.Diagnostic) []*directive {
	ignore := r.Meta.Get("iamlint").Get("ignore")
	if ignore == nil {
		return nil
	}
	bad := func(at model.Range, msg string) {
		*problems = append(*problems, model.Diagnostic{
			Severity: model.Warning,
			Summary:  msg,
			Detail:   `Write Metadata: {iamlint: {ignore: [{id: IAM105, reason: "why"}]}} on the resource.`,
			Range:    at,
		})
	}
	if ignore.Kind != model.List {
		bad(ignore.Range, "iamlint ignore metadata is not a list")
		return nil
	}
	var out []*directive
	for _, e := range ignore.Elems {
		id, ok := e.Get("id").AsString()
		if !ok || id == "" {
			bad(e.Range, "iamlint ignore entry without an id")
			continue
		}
		reason, _ := e.Get("reason").AsString()
		names := splitNames(id)
		d := &directive{
			rules:  resolve(names, e.Range, problems),
			reason: strings.TrimSpace(reason),
			at:     e.Range,
			scope:  extent(r),
			used:   map[*rules.Rule]bool{},
			source: "iamlint ignore " + strings.Join(names, ","),
		}
		if len(d.rules) > 0 {
			d.addReason = fmt.Sprintf("Add one: {id: %s, reason: why}", d.rules[0].ID)
		}
		if len(d.rules) > 0 {
			out = append(out, d)
		}
	}
	return out
}

// extent is the whole resource: its Extent, or what the parser gave of it.
func extent(r *model.Resource) model.Range {
	if !r.Extent.IsZero() {
		return r.Extent
	}
	ext := r.Range
	for _, v := range []*model.Value{r.Body, r.Meta} {
		if v != nil && v.Range.File == ext.File && v.Range.End.Byte > ext.End.Byte {
			ext.End = v.Range.End
		}
	}
	return ext
}

// ruleList matches a word that names rules, comma-separated: IDs (IAM105,
// and misspellings such as IAM1O5, which are then reported) and names
// (access-key-long-term).
var ruleList = regexp.MustCompile(`^(` + ruleWord + `)(,(` + ruleWord + `))*,?:?$`)

const ruleWord = `[A-Za-z]{2,}[0-9][A-Za-z0-9]*|[a-z0-9]+(-[a-z0-9]+)+`

// split reads a directive's text: "IAM101,IAM105 the reason" (or
// "IAM101, IAM105 the reason") names rules; a text whose first word names
// none ("legacy stack, see JIRA-1") is all reason and the directive covers
// every rule. Any Unicode space separates words: a no-break space pasted
// from a wiki must not turn "IAM105 reason" into a directive for every
// rule.
func split(text string) (names []string, reason string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, ""
	}
	first, rest := cutWord(text)
	if !ruleList.MatchString(first) {
		return nil, text
	}
	for strings.HasSuffix(first, ",") {
		next, after := cutWord(rest)
		if next == "" || !ruleList.MatchString(next) {
			break
		}
		first, rest = first+next, after
	}
	return splitNames(first), strings.TrimSpace(rest)
}

// cutWord splits text at its first Unicode space, past leading spaces.
func cutWord(text string) (word, rest string) {
	text = strings.TrimLeftFunc(text, unicode.IsSpace)
	i := strings.IndexFunc(text, unicode.IsSpace)
	if i < 0 {
		return text, ""
	}
	_, size := utf8.DecodeRuneInString(text[i:])
	return text[:i], text[i+size:]
}

func splitNames(s string) []string {
	var names []string
	for _, n := range strings.Split(strings.TrimRight(s, ":"), ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	return names
}

// resolve looks the names up in the catalog and reports unknown ones.
func resolve(names []string, at model.Range, problems *[]model.Diagnostic) []*rules.Rule {
	var out []*rules.Rule
	for _, n := range names {
		r := rules.Lookup(n)
		if r == nil {
			_, err := rules.Select([]string{n}, nil)
			*problems = append(*problems, model.Diagnostic{
				Severity: model.Warning,
				Summary:  fmt.Sprintf("iamlint:ignore: %v", err),
				Range:    at,
			})
			continue
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}
