package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/iamlint/iamlint/cmd/iamlint/internal/output"
	"github.com/iamlint/iamlint/rules"
)

// rules lists the catalog. The markdown form is the README's rule table; a
// test keeps the two in step.
func (c Command) rules(args []string) error {
	fs := flag.NewFlagSet("iamlint rules", flag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	format := fs.String("format", "text", "text, markdown or json")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("rules: unexpected argument %q", fs.Arg(0))}
	}
	all := rules.All()
	switch *format {
	case "text":
		tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
		for _, r := range all {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Name, r.Level, r.Short)
		}
		return tw.Flush()
	case "markdown":
		return RulesMarkdown(c.Stdout, all)
	case "json":
		type ruleJSON struct {
			ID, Name, Level, Short, Why, Fix string
		}
		var out []ruleJSON
		for _, r := range all {
			out = append(out, ruleJSON{r.ID, r.Name, r.Level.String(), r.Short, r.Doc.Why, r.Doc.Fix})
		}
		enc := json.NewEncoder(c.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return usageError{fmt.Sprintf("rules: unknown format %q: want text, markdown or json", *format)}
}

// RulesMarkdown writes the rule table that the README embeds.
func RulesMarkdown(w io.Writer, all []*rules.Rule) error {
	var b strings.Builder
	b.WriteString("| ID | name | level | what it finds |\n|---|---|---|---|\n")
	for _, r := range all {
		fmt.Fprintf(&b, "| [%s](docs/rules/%s.md) | `%s` | %s | %s |\n", r.ID, r.ID, r.Name, r.Level, r.Short)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// explain prints one rule's documentation.
func (c Command) explain(args []string) error {
	if len(args) != 1 {
		return usageError{"usage: iamlint explain ID (for example: iamlint explain IAM105)"}
	}
	r := rules.Lookup(args[0])
	if r == nil {
		_, err := rules.Select([]string{args[0]}, nil)
		return usageError{err.Error()}
	}
	_, err := io.WriteString(c.Stdout, Explain(r))
	return err
}

// Explain renders a rule's documentation as plain text.
func Explain(r *rules.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s (%s)\n\n%s.\n\n%s\n\nFix: %s\n", r.ID, r.Name, r.Level, r.Short, wrap(r.Doc.Why), wrap(r.Doc.Fix))
	for _, ex := range r.Doc.Examples {
		kind := "Good"
		if ex.Bad {
			kind = "Bad"
		}
		fmt.Fprintf(&b, "\n%s (%s):\n\n", kind, ex.Language.Title())
		indent(&b, ex.Code)
	}
	fmt.Fprintf(&b, "\nSuppress:\n\n%s\n\n", wrap(suppressIntro))
	indent(&b, suppressTerraform(r))
	b.WriteString("\n")
	indent(&b, suppressCloudFormation(r))
	fmt.Fprintf(&b, "\n%s\n", wrap(strings.ReplaceAll(suppressElsewhere(r), "`", "")))
	return b.String()
}

func indent(b *strings.Builder, code string) {
	for _, line := range strings.Split(strings.TrimRight(code, "\n"), "\n") {
		b.WriteString("    " + line + "\n")
	}
}

// The "Suppress" section of every rule's documentation.
const suppressIntro = "When a finding is accepted, say why where it is: a comment on the line " +
	"before the block or attribute (or at the end of its line) in Terraform, the resource's " +
	"Metadata in CloudFormation. Suppressed findings do not fail the run and stay in SARIF, marked " +
	"as suppressed."

func suppressTerraform(r *rules.Rule) string {
	return fmt.Sprintf("# iamlint:ignore %s <why this is acceptable>\nresource \"...\" \"...\" {\n  ...\n}\n", r.ID)
}

func suppressCloudFormation(r *rules.Rule) string {
	return fmt.Sprintf("Resource:\n  Type: ...\n  Metadata:\n    iamlint:\n      ignore:\n        - id: %s\n          reason: <why this is acceptable>\n", r.ID)
}

func suppressElsewhere(r *rules.Rule) string {
	return fmt.Sprintf("To turn the rule off for a whole repository, list it in `.iamlint.yml` "+
		"(`rules: {disable: [%s]}`); to accept the findings that exist today and catch new ones, "+
		"use a baseline (`--write-baseline`, then `--baseline`).", r.ID)
}

// wrap folds text at 78 columns.
func wrap(s string) string {
	var b strings.Builder
	col := 0
	for _, w := range strings.Fields(s) {
		if col > 0 && col+1+len(w) > 78 {
			b.WriteByte('\n')
			col = 0
		} else if col > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += len(w)
	}
	return b.String()
}

// RuleMarkdown renders a rule's documentation page, docs/rules/<ID>.md.
func RuleMarkdown(r *rules.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s %s\n\n", r.ID, r.Name)
	fmt.Fprintf(&b, "Default level: **%s**. %s.\n\n", r.Level, r.Short)
	fmt.Fprintf(&b, "## Why\n\n%s\n\n## Fix\n\n%s\n", r.Doc.Why, r.Doc.Fix)
	for _, ex := range r.Doc.Examples {
		kind := "Good"
		if ex.Bad {
			kind = "Bad"
		}
		lang := output.FenceLanguage(ex.Language, ex.Code)
		fmt.Fprintf(&b, "\n## %s (%s)\n\n```%s\n%s\n```\n", kind, ex.Language.Title(), lang, strings.TrimRight(ex.Code, "\n"))
	}
	fmt.Fprintf(&b, "\n## Suppress\n\n%s\n\n```hcl\n%s```\n\n```yaml\n%s```\n\n%s\n",
		suppressIntro, suppressTerraform(r), suppressCloudFormation(r), suppressElsewhere(r))
	b.WriteString("\nThis page is generated from the rule's documentation in `rules/`; edit it there.\n")
	return b.String()
}
