package suppress

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/parsers/terraform"
	"github.com/iamlint/iamlint/rules"
)

func project(t *testing.T, src string) *model.Project {
	t.Helper()
	f, diags := terraform.ParseFile("main.tf", []byte(src))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	mod, _, diags := terraform.BuildModule(".", []*terraform.File{f}, terraform.Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return &model.Project{Files: []*model.File{f.Model}, Modules: []*model.Module{mod}}
}

func summary(res Result) string {
	var b strings.Builder
	for _, f := range res.Findings {
		fmt.Fprintf(&b, "kept %d %s\n", f.Range.Start.Line, f.Rule.ID)
	}
	for _, s := range res.Suppressed {
		fmt.Fprintf(&b, "suppressed %d %s %q\n", s.Range.Start.Line, s.Rule.ID, s.Justification)
	}
	for _, d := range res.Problems {
		fmt.Fprintf(&b, "%d: %s: %s\n", d.Range.Start.Line, d.Severity, d.Summary)
	}
	return b.String()
}

const tf = `# iamlint:ignore IAM105 the deploy key predates OIDC
resource "aws_iam_access_key" "a" {
  user = "a"
}

resource "aws_iam_access_key" "b" { # iamlint:ignore
  user = "b"
}

# iamlint:ignore access-key-long-term,IAM202
resource "aws_iam_access_key" "c" {
  user = "c"
}

# iamlint:ignore IAM1O5 typo
resource "aws_iam_access_key" "d" {
  user = "d"
}

# iamlint:ignore legacy stack, see OPS-12
resource "aws_iam_user_login_profile" "p" {
  user = "p"
}

resource "aws_iam_access_key" "e" {
  user = "e"
}
# iamlint:ignore IAM105 nothing follows

`

func TestApply(t *testing.T) {
	p := project(t, tf)
	findings, _ := rules.Run(p, rules.All())
	res := Apply(p, findings, Options{RequireReason: true, ReportUnused: true})
	want := `kept 16 IAM105
kept 25 IAM105
suppressed 2 IAM105 "the deploy key predates OIDC"
suppressed 6 IAM105 ""
suppressed 11 IAM105 ""
suppressed 21 IAM202 "legacy stack, see OPS-12"
6: error: iamlint:ignore has no reason
10: error: iamlint:ignore access-key-long-term,IAM202 has no reason
10: note: iamlint:ignore access-key-long-term,IAM202: no IAM202 finding here
15: warning: iamlint:ignore: unknown rule "IAM1O5"; did you mean "IAM105"?
28: warning: iamlint:ignore IAM105 annotates nothing
`
	if got := summary(res); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}

	// Without the options, only the misplaced and unknown are reported.
	res = Apply(p, findings, Options{})
	if got := len(res.Problems); got != 2 {
		t.Errorf("%d problems without options, want 2:\n%s", got, summary(res))
	}

	// A directive for a rule that did not run is not unused.
	ran, _ := rules.Select([]string{"IAM105"}, nil)
	findings, _ = rules.Run(p, ran)
	res = Apply(p, findings, Options{ReportUnused: true, Ran: ran})
	for _, d := range res.Problems {
		if d.Severity == model.Note {
			t.Errorf("unused reported for a rule that did not run: %s", d.Summary)
		}
	}
}

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		text, names, reason string
	}{
		{"", "", ""},
		{"IAM105", "IAM105", ""},
		{"IAM105 the reason", "IAM105", "the reason"},
		{"IAM101,IAM105\tthe reason", "IAM101,IAM105", "the reason"},
		{"IAM105: the reason", "IAM105", "the reason"},
		{"access-key-long-term the reason", "access-key-long-term", "the reason"},
		{"the reason for everything", "", "the reason for everything"},
		{"IAM105, IAM202 the reason", "IAM105,IAM202", "the reason"},
		{"IAM105, IAM202 the reason", "IAM105,IAM202", "the reason"},
		{"IAM105 vendor key", "IAM105", "vendor key"},
		{"IAM105, and more", "IAM105", "and more"},
	} {
		names, reason := split(tc.text)
		if strings.Join(names, ",") != tc.names || reason != tc.reason {
			t.Errorf("split(%q) = %q, %q; want %q, %q", tc.text, names, reason, tc.names, tc.reason)
		}
	}
}

// TestMetadata checks CloudFormation's Metadata form on a model built by
// hand, as the CloudFormation front-end fills it: the whole resource is
// covered.
func TestMetadata(t *testing.T) {
	rng := func(l1, l2 int) model.Range {
		return model.Range{File: "t.yaml", Start: model.Pos{Line: l1, Column: 3, Byte: l1 * 100}, End: model.Pos{Line: l2, Column: 1, Byte: l2 * 100}}
	}
	str := func(s string, line int) *model.Value {
		return &model.Value{Kind: model.String, Str: s, Range: rng(line, line)}
	}
	entry := func(line int, attrs ...*model.Attr) *model.Value {
		return &model.Value{Kind: model.Object, Range: rng(line, line+1), Attrs: attrs}
	}
	meta := &model.Value{Kind: model.Object, Range: rng(3, 8), Attrs: []*model.Attr{{Name: "iamlint", Value: &model.Value{
		Kind: model.Object, Range: rng(4, 8), Attrs: []*model.Attr{{Name: "ignore", Value: &model.Value{
			Kind: model.List, Range: rng(5, 8), Elems: []*model.Value{
				entry(5, &model.Attr{Name: "id", Value: str("IAM105", 5)}, &model.Attr{Name: "reason", Value: str("vendor needs a key", 6)}),
				entry(7, &model.Attr{Name: "reason", Value: str("no id", 7)}),
			},
		}}},
	}}}}
	key := &model.Resource{Mode: model.Managed, Type: "AWS::IAM::AccessKey", Name: "Key", Address: "Key", Range: rng(2, 2), Extent: rng(2, 11), Meta: meta}
	p := &model.Project{Modules: []*model.Module{{Language: model.CloudFormation, File: "t.yaml", Resources: []*model.Resource{key}}}}
	r105 := rules.Lookup("IAM105")
	findings := []rules.Finding{
		{Rule: r105, Level: model.Warning, Range: rng(2, 2), Message: "inside"},
		{Rule: r105, Level: model.Warning, Range: rng(12, 12), Message: "outside"},
	}
	res := Apply(p, findings, Options{})
	want := `kept 12 IAM105
suppressed 2 IAM105 "vendor needs a key"
7: warning: iamlint ignore entry without an id
`
	if got := summary(res); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
