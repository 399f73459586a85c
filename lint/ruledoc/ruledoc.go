// Package ruledoc renders a rule's documentation (rules.Doc) for every
// place it is shown: `iamlint explain` (Text), docs/rules/<ID>.md
// (Markdown), SARIF help (HelpText, HelpMarkdown) and the README's rule
// table (Table). What depends on an input language (its title, its code
// fence, how to write a suppression in it) is asked of the front-ends
// (lint.FrontEnds), so that a new language documents itself.
package ruledoc

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/iamlint/iamlint/lint"
	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// metas are the front-ends' descriptions, in registration order.
func metas() []frontend.Meta {
	var out []frontend.Meta
	for _, fe := range lint.FrontEnds() {
		out = append(out, fe.Meta())
	}
	return out
}

func metaOf(l model.Language) frontend.Meta {
	for _, m := range metas() {
		if m.Language == l {
			return m
		}
	}
	return frontend.Meta{Language: l, Title: string(l)}
}

// Title is how documentation names a language: "Terraform".
func Title(l model.Language) string { return metaOf(l).Title }

// Fence labels an example's code block for highlighting: the language's
// fence, or json for an example written in the language's JSON form
// (.tf.json, a JSON template), which starts with a brace.
func Fence(l model.Language, code string) string {
	m := metaOf(l)
	if m.JSONForm && strings.HasPrefix(strings.TrimSpace(code), "{") {
		return "json"
	}
	return m.Fence
}

// suppressions are the languages the rule reads that document an inline
// suppression: a Terraform rule's page shows no workflow comment.
func suppressions(r *rules.Rule) []*frontend.SuppressionDoc {
	var out []*frontend.SuppressionDoc
	for _, m := range metas() {
		if m.Suppression != nil && reads(r, m.Language) {
			out = append(out, m.Suppression)
		}
	}
	return out
}

// reads reports whether a rule's page shows lang's suppression: the rule
// reads lang, or, for a rule that reads no language with comments of its
// own (Go, whose findings are suppressed as Terraform and CloudFormation
// document), lang is one of the infrastructure languages.
func reads(r *rules.Rule, lang model.Language) bool {
	for _, m := range metas() {
		if m.Suppression != nil && slices.Contains(r.Languages, m.Language) {
			return slices.Contains(r.Languages, lang)
		}
	}
	return lang == model.Terraform || lang == model.CloudFormation
}

// suppressIntro opens the "Suppress" section of every rule's page.
func suppressIntro(r *rules.Rule) string {
	var where []string
	for _, s := range suppressions(r) {
		where = append(where, s.Where)
	}
	return "When a finding is accepted, say why where it is: " + strings.Join(where, ", ") +
		". Suppressed findings do not fail the run and stay in SARIF, marked as suppressed."
}

func suppressElsewhere(r *rules.Rule) string {
	return fmt.Sprintf("To turn the rule off for a whole repository, list it in `.iamlint.yml` "+
		"(`rules: {disable: [%s]}`); to accept the findings that exist today and catch new ones, "+
		"use a baseline (`--write-baseline`, then `--baseline`).", r.ID)
}

func exampleKind(ex rules.Example) string {
	if ex.Bad {
		return "Bad"
	}
	return "Good"
}

// Text renders a rule's documentation as plain text, for iamlint explain.
func Text(r *rules.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s (%s)\n\n%s.\n\n%s\n\nFix: %s\n", r.ID, r.Name, r.Level, r.Short, wrap(r.Doc.Why), wrap(r.Doc.Fix))
	for _, ex := range r.Doc.Examples {
		fmt.Fprintf(&b, "\n%s (%s):\n\n", exampleKind(ex), Title(ex.Language))
		indent(&b, ex.Code)
	}
	if d := r.FixDiff(); d != "" {
		fmt.Fprintf(&b, "\n%s\n\n", fixIntro)
		indent(&b, d)
	}
	fmt.Fprintf(&b, "\nSuppress:\n\n%s\n", wrap(suppressIntro(r)))
	for _, s := range suppressions(r) {
		b.WriteString("\n")
		indent(&b, fmt.Sprintf(s.Example, r.ID))
	}
	fmt.Fprintf(&b, "\n%s\n", wrap(strings.ReplaceAll(suppressElsewhere(r), "`", "")))
	return b.String()
}

// fixIntro introduces the diff iamlint fix makes of the bad example.
const fixIntro = "iamlint fix writes the fix as code; this is what it makes of the first bad Terraform example (iamlint fix prints it, iamlint fix --write applies it):"

// Markdown renders a rule's documentation page, docs/rules/<ID>.md.
func Markdown(r *rules.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s %s\n\n", r.ID, r.Name)
	fmt.Fprintf(&b, "Default level: **%s**. %s.\n\n", r.Level, r.Short)
	fmt.Fprintf(&b, "## Why\n\n%s\n\n## Fix\n\n%s\n", r.Doc.Why, r.Doc.Fix)
	for _, ex := range r.Doc.Examples {
		fmt.Fprintf(&b, "\n## %s (%s)\n\n```%s\n%s\n```\n", exampleKind(ex), Title(ex.Language), Fence(ex.Language, ex.Code), strings.TrimRight(ex.Code, "\n"))
	}
	if d := r.FixDiff(); d != "" {
		fmt.Fprintf(&b, "\n## Fixed by `iamlint fix`\n\n%s\n\n```diff\n%s```\n", fixIntro, d)
	}
	fmt.Fprintf(&b, "\n## Suppress\n\n%s\n\n", suppressIntro(r))
	for _, m := range metas() {
		if m.Suppression != nil && reads(r, m.Language) {
			fmt.Fprintf(&b, "```%s\n%s```\n\n", m.Fence, fmt.Sprintf(m.Suppression.Example, r.ID))
		}
	}
	fmt.Fprintf(&b, "%s\n", suppressElsewhere(r))
	b.WriteString("\nThis page is generated from the rule's documentation in `rules/`; edit it there.\n")
	return b.String()
}

// HelpText is the rule's SARIF help as plain text: why, then the fix.
func HelpText(r *rules.Rule) string {
	text := r.Doc.Why
	if r.Doc.Fix != "" {
		text = strings.TrimLeft(text+"\n\nFix: "+r.Doc.Fix, "\n")
	}
	return text
}

// HelpMarkdown is the rule's SARIF help in Markdown, without a heading
// (GitHub shows the rule name above it): why, fix, the examples, and how
// to suppress.
func HelpMarkdown(r *rules.Rule) string {
	var paras []string
	if r.Doc.Why != "" {
		paras = append(paras, r.Doc.Why)
	}
	if r.Doc.Fix != "" {
		paras = append(paras, "**Fix:** "+r.Doc.Fix)
	}
	for _, ex := range r.Doc.Examples {
		code := strings.Trim(ex.Code, "\n")
		paras = append(paras, fmt.Sprintf("%s (%s):", exampleKind(ex), Title(ex.Language)), fenced(code, Fence(ex.Language, code)))
	}
	if r.ID != "" {
		var inline []string
		for _, s := range suppressions(r) {
			inline = append(inline, fmt.Sprintf(s.Inline, r.ID))
		}
		paras = append(paras, "**Suppress:** say why where the finding is: "+strings.Join(inline, ", or ")+".")
	}
	return strings.Join(paras, "\n\n")
}

// Table writes the rule table that the README embeds.
func Table(w io.Writer, all []*rules.Rule) error {
	var b strings.Builder
	b.WriteString("| ID | name | level | what it finds |\n|---|---|---|---|\n")
	for _, r := range all {
		fmt.Fprintf(&b, "| [%s](docs/rules/%s.md) | `%s` | %s | %s |\n", r.ID, r.ID, r.Name, r.Level, r.Short)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func indent(b *strings.Builder, code string) {
	for _, line := range strings.Split(strings.TrimRight(code, "\n"), "\n") {
		b.WriteString("    " + line + "\n")
	}
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

// fenced wraps code in a fence longer than any run of backticks inside it.
func fenced(code, lang string) string {
	longest, run := 0, 0
	for _, c := range code {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	return fence + lang + "\n" + code + "\n" + fence
}
