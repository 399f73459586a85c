package suppress

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

var oneRuleWord = regexp.MustCompile(`^(` + ruleWord + `)$`)

// FuzzSplit reads arbitrary directive text with split, then applies a
// directive with that text to findings in and out of its scope.
//
// split: every name is a non-empty rule word (no blank, comma or colon);
// the reason is trimmed; without names the reason is the whole trimmed
// text, with names the text starts with them and ends with the reason; a
// text that starts with a rule's ID or name and a space names that rule.
//
// Apply: every finding is kept or suppressed, in order; the one outside
// the scope is kept; one inside is suppressed, with the reason, exactly
// when the directive names no rules or names its rule; each unknown name
// is one warning, a missing reason one error (RequireReason), and every
// problem is reported where the directive is written. -fuzz keeps what it
// finds under testdata/fuzz/FuzzSplit.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"",
		"IAM105",
		"IAM105 the reason",
		"IAM101,IAM105\tthe reason",
		"IAM105: the reason",
		"IAM105, IAM202 the reason",
		"IAM105,,IAM202,: the reason",
		"access-key-long-term the reason",
		"access-key-long-term,IAM202",
		"iam105 lower case",
		"IAM1O5 typo",
		"IAM105 IAM202 two words",
		"the reason for everything",
		"legacy stack, see OPS-12",
		"  \t IAM105 \t padded \t ",
		"IAM105\u00a0no-break space",
		"IAM105\u3000ideographic space",
		"IAM105\r\nreason",
		"IAM105\vreason",
		"IAM105:",
		",IAM105",
		":",
		"a-b-c-d-e-f",
		"AB1,CD2,EF3 unknown",
		"\xffIAM105 \xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		names, reason := split(text)
		checkSplit(t, text, names, reason)
		checkApply(t, text, names, reason)
	})
}

func checkSplit(t *testing.T, text string, names []string, reason string) {
	t.Helper()
	trimmed := strings.TrimSpace(text)
	if reason != strings.TrimSpace(reason) {
		t.Errorf("split(%q): reason %q is not trimmed", text, reason)
	}
	if names == nil {
		if reason != trimmed {
			t.Errorf("split(%q): no names, and reason %q is not the text", text, reason)
		}
	} else {
		// The names are the text's first words, joined by commas (a
		// space may follow a comma), then comes the reason.
		head := strings.TrimSpace(strings.TrimSuffix(trimmed, reason))
		compact := strings.Join(strings.FieldsFunc(head, unicode.IsSpace), "")
		if len(names) == 0 || !strings.HasPrefix(compact, strings.Join(names, ",")) || !strings.HasSuffix(trimmed, reason) {
			t.Errorf("split(%q) = %q, %q: not the text's first words and the rest", text, names, reason)
		}
	}
	for _, n := range names {
		if n == "" || strings.ContainsFunc(n, unicode.IsSpace) || strings.ContainsAny(n, ",:") || !oneRuleWord.MatchString(n) {
			t.Errorf("split(%q): bad name %q", text, n)
		}
	}
	for _, r := range rules.All() {
		for _, id := range []string{r.ID, r.Name} {
			if strings.HasPrefix(text, id+" ") && !slices.Contains(names, id) {
				t.Errorf("split(%q) = %q: %s is not among the names", text, names, id)
			}
		}
	}
}

func checkApply(t *testing.T, text string, names []string, reason string) {
	t.Helper()
	const file = "main.tf"
	rng := func(start, end int) model.Range {
		return model.Range{File: file, Start: model.Pos{Line: start + 1, Column: 1, Byte: start * 10}, End: model.Pos{Line: end + 1, Column: 1, Byte: end * 10}}
	}
	at, scope := rng(0, 1), rng(1, 4)
	p := &model.Project{Files: []*model.File{{Path: file, Language: model.Terraform, Suppressions: []model.Suppression{{Text: text, Range: at, Scope: scope}}}}}
	r105, r202 := rules.Lookup("IAM105"), rules.Lookup("IAM202")
	findings := []rules.Finding{
		{Rule: r105, Level: model.Warning, Range: rng(2, 3), Message: "inside"},
		{Rule: r202, Level: model.Warning, Range: rng(1, 2), Message: "inside"},
		{Rule: r105, Level: model.Warning, Range: rng(5, 6), Message: "outside"},
	}
	res := Apply(p, findings, Options{RequireReason: true, ReportUnused: true})

	named := map[*rules.Rule]bool{}
	unknown := 0
	for _, n := range names {
		if r := rules.Lookup(n); r != nil {
			named[r] = true
		} else {
			unknown++
		}
	}
	applied := names == nil || len(named) > 0
	var kept, suppressed []string
	for _, f := range findings {
		if scope.Contains(f.Range) && (names == nil || named[f.Rule]) {
			suppressed = append(suppressed, f.Rule.ID+" "+f.Message)
		} else {
			kept = append(kept, f.Rule.ID+" "+f.Message)
		}
	}
	var gotKept, gotSuppressed []string
	for _, f := range res.Findings {
		gotKept = append(gotKept, f.Rule.ID+" "+f.Message)
	}
	for _, s := range res.Suppressed {
		gotSuppressed = append(gotSuppressed, s.Rule.ID+" "+s.Message)
		if s.Justification != reason || s.Location != at {
			t.Errorf("Apply(%q): suppressed %s with %q at %v, want %q at %v", text, s.Rule.ID, s.Justification, s.Location, reason, at)
		}
	}
	if !slices.Equal(gotKept, kept) || !slices.Equal(gotSuppressed, suppressed) {
		t.Errorf("Apply(%q), names %q: kept %q, suppressed %q; want kept %q, suppressed %q", text, names, gotKept, gotSuppressed, kept, suppressed)
	}

	errs, warnings := 0, 0
	for _, d := range res.Problems {
		if d.Range != at || d.Summary == "" {
			t.Errorf("Apply(%q): problem %q at %v, not at the directive %v", text, d.Summary, d.Range, at)
		}
		switch d.Severity {
		case model.Error:
			errs++
		case model.Warning:
			warnings++
		}
	}
	if wantErrs := btoi(applied && reason == ""); errs != wantErrs || warnings != unknown {
		t.Errorf("Apply(%q), names %q, reason %q: %d errors, %d warnings; want %d, %d", text, names, reason, errs, warnings, wantErrs, unknown)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
