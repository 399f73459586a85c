// Package cli is iamlint's command line: flags, subcommands, exit codes.
// Command.Main takes the arguments and returns the exit status, so that
// tests run the whole CLI in-process.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/iamlint/iamlint/cmd/iamlint/internal/output"
	"github.com/iamlint/iamlint/cmd/iamlint/internal/scan"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// Exit statuses (design.md "CLI contract").
const (
	ExitClean    = 0 // no finding at or above --fail-on
	ExitFindings = 1 // findings at or above --fail-on
	ExitInput    = 2 // bad usage, or input that could not be read or parsed
	ExitInternal = 3 // a bug in iamlint
)

// Command runs iamlint with its standard streams.
type Command struct {
	Stdout io.Writer
	Stderr io.Writer
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// Main runs the command line args (without the program name) and returns
// the exit status.
func (c Command) Main(args []string) (status int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(c.Stderr, "iamlint: internal error: %v\nThis is a bug; please report it.\n%s", r, debug.Stack())
			status = ExitInternal
		}
	}()
	var err error
	if len(args) > 0 {
		switch args[0] {
		case "rules":
			err = c.rules(args[1:])
		case "explain":
			err = c.explain(args[1:])
		case "version":
			_, err = fmt.Fprintf(c.Stdout, "iamlint %s\n", Version())
		default:
			return c.scan(args)
		}
	} else {
		return c.scan(args)
	}
	var ue usageError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(c.Stderr, "iamlint: %s\n", err)
		return ExitInput
	case err != nil:
		fmt.Fprintf(c.Stderr, "iamlint: %s\n", err)
		return ExitInternal
	}
	return ExitClean
}

const scanUsage = `usage: iamlint [flags] [PATH ...]

Scans Terraform files and directories (default ".") for long-term AWS access
keys where a role would do, and IAM user and role-trust mistakes.

Other commands:
  iamlint rules [--format text|markdown|json]   list the rules
  iamlint explain ID                            show a rule's documentation
  iamlint version                               print the version

Exit status: 0 clean, 1 findings at or above --fail-on, 2 bad usage or
input that could not be parsed, 3 internal error.

Flags:
`

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// commaFlag collects comma-separated values from a repeatable flag.
type commaFlag []string

func (l *commaFlag) String() string { return strings.Join(*l, ",") }
func (l *commaFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

type scanFlags struct {
	format, output, failOn string
	enable, disable        commaFlag
	exclude                listFlag
	paths                  []string
}

func (c Command) parseScanFlags(args []string) (*scanFlags, error) {
	f := &scanFlags{}
	fs := flag.NewFlagSet("iamlint", flag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	fs.Usage = func() {
		fmt.Fprint(c.Stderr, scanUsage)
		fs.PrintDefaults()
	}
	fs.StringVar(&f.format, "format", "text", "output format: text, json or sarif")
	fs.StringVar(&f.output, "output", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&f.failOn, "fail-on", "warning", "lowest level that makes the exit status 1: error, warning, note or never")
	fs.Var(&f.enable, "enable", "run only these rules (comma-separated `IDs` or names)")
	fs.Var(&f.disable, "disable", "do not run these rules (comma-separated `IDs` or names)")
	fs.Var(&f.exclude, "exclude", "skip paths matching `GLOB` (doublestar syntax, repeatable)")
	// Flags may follow paths ("iamlint ./infra --format sarif"), as users
	// of other linters expect: parse, take a path, parse again.
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			f.paths = append(f.paths, args[1:]...)
			break
		}
		f.paths = append(f.paths, args[0])
		args = args[1:]
	}
	if len(f.paths) == 0 {
		f.paths = []string{"."}
	}
	switch f.format {
	case "text", "json", "sarif":
	default:
		return nil, usageError{fmt.Sprintf("unknown format %q: want text, json or sarif", f.format)}
	}
	return f, nil
}

func (c Command) scan(args []string) int {
	f, err := c.parseScanFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		return ExitClean
	}
	if err != nil {
		fmt.Fprintf(c.Stderr, "iamlint: %s\n", err)
		return ExitInput
	}
	failOn, err := parseFailOn(f.failOn)
	if err != nil {
		fmt.Fprintf(c.Stderr, "iamlint: %s\n", err)
		return ExitInput
	}
	selected, err := rules.Select(f.enable, f.disable)
	if err != nil {
		fmt.Fprintf(c.Stderr, "iamlint: %s\n", err)
		return ExitInput
	}

	project := scan.Scan(f.paths, scan.Options{Exclude: f.exclude})
	findings, notes := rules.Run(project, selected)
	project.Diagnostics = append(project.Diagnostics, notes...)

	wd, _ := os.Getwd()
	report := &output.Report{
		Findings:    findings,
		Diagnostics: project.Diagnostics,
		Rules:       rules.All(),
		Sources:     sources(project),
		Version:     Version(),
		WorkDir:     wd,
	}
	if err := c.writeReport(f, report); err != nil {
		fmt.Fprintf(c.Stderr, "iamlint: %s\n", err)
		return ExitInput
	}
	return exitStatus(project.Diagnostics, findings, failOn)
}

func (c Command) writeReport(f *scanFlags, report *output.Report) error {
	if f.output == "" {
		return output.Write(c.Stdout, f.format, report)
	}
	if dir := filepath.Dir(f.output); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	out, err := os.Create(f.output)
	if err != nil {
		return err
	}
	werr := output.Write(out, f.format, report)
	if cerr := out.Close(); werr == nil {
		werr = cerr
	}
	return werr
}

// never is a --fail-on level above every finding.
const never = rules.Level(100)

func parseFailOn(s string) (rules.Level, error) {
	if s == "never" {
		return never, nil
	}
	l, err := rules.ParseLevel(s)
	if err != nil {
		return 0, usageError{fmt.Sprintf("--fail-on: %v, or never", err)}
	}
	return l, nil
}

func exitStatus(diags []model.Diagnostic, findings []rules.Finding, failOn rules.Level) int {
	for _, d := range diags {
		if d.Severity == model.SevError {
			return ExitInput
		}
	}
	for _, f := range findings {
		if f.Level >= failOn {
			return ExitFindings
		}
	}
	return ExitClean
}

func sources(p *model.Project) map[string][]byte {
	m := make(map[string][]byte, len(p.Files))
	for _, f := range p.Files {
		m[f.Path] = f.Src
	}
	return m
}

// baseVersion is the release this tree is working towards; development
// builds report it with a "-devel" suffix, so versions always start with a
// number, as SARIF consumers expect.
const baseVersion = "0.1.0"

// Version is the module version when built by "go install …@version", else
// the base version marked as a development build with its VCS revision.
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return baseVersion + "-devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return strings.TrimPrefix(v, "v")
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return baseVersion + "-devel+" + s.Value[:12]
		}
	}
	return baseVersion + "-devel"
}
