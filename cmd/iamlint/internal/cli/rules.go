package cli

import (
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/iamlint/iamlint/cmd/iamlint/internal/output"
	"github.com/iamlint/iamlint/lint/ruledoc"
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
		return ruledoc.Table(c.Stdout, all)
	case "json":
		return output.WriteRulesJSON(c.Stdout, all)
	}
	return usageError{fmt.Sprintf("rules: unknown format %q: want text, markdown or json", *format)}
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
	_, err := io.WriteString(c.Stdout, ruledoc.Text(r))
	return err
}
