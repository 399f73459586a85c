// Package cli is iamlint's command line: flags, subcommands, exit codes.
// Command.Main takes the arguments and returns the exit status, so that
// tests run the whole CLI in-process.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/iamlint/iamlint/cmd/iamlint/internal/output"
	"github.com/iamlint/iamlint/lint"
	"github.com/iamlint/iamlint/lint/config"
	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// Exit statuses (README "Exit status").
const (
	ExitClean    = 0 // no finding at or above --fail-on
	ExitFindings = 1 // findings at or above --fail-on
	ExitInput    = 2 // bad usage, a bad configuration or baseline, unreadable input, nothing to scan
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
		case "help":
			err = c.help(args[1:])
		case "graph":
			return c.graph(args[1:])
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

Scans Terraform and CloudFormation files and directories, and the Go
modules under them (default "."), for long-term AWS access keys where a
role would do, and IAM user and role-trust mistakes.

Other commands:
  iamlint rules [--format text|markdown|json]   list the rules
  iamlint explain ID                            show a rule's documentation
  iamlint graph [flags] [PATH ...]              draw users, keys, sinks, roles and
                                                trust as mermaid, dot, json, html or
                                                markdown (iamlint graph --help)
  iamlint version                               print the version
  iamlint help                                  print this help

Exit status:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on, or an iamlint:ignore without a reason
     under --require-reason
  2  bad usage; a bad configuration or baseline file; input that could not
     be read or parsed (Terraform, CloudFormation or Go; every other file is
     still scanned); a path with nothing to scan; no go command under --go on
  3  internal error (a bug: please report it)

Flags:
`

// help prints the usage on standard output: asked for, it is not an error.
func (c Command) help(args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Sprintf("help: unexpected argument %q (for a rule: iamlint explain ID; to scan a directory named help: iamlint ./help)", args[0])}
	}
	scanFlagSet(&scanFlags{}, c.Stdout).Usage()
	return nil
}

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
	format, output, failOn, config string
	baseline, writeBaseline        string
	enable, disable                commaFlag
	exclude                        listFlag
	noColor, quiet                 bool
	requireReason, reportUnused    bool
	changedFiles, parseAll         bool
	goMode, maxFileSize            string
	paths                          []string
	set                            map[string]bool // the flags given on the command line
}

// scanFlagSet defines the scan's flags into f; its usage goes to w.
func scanFlagSet(f *scanFlags, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("iamlint", flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprint(w, scanUsage)
		fs.PrintDefaults()
	}
	fs.StringVar(&f.format, "format", "text", "output `format`: text, json, sarif or github (workflow commands)")
	fs.StringVar(&f.output, "output", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&f.failOn, "fail-on", "warning", "lowest `level` that makes the exit status 1: error, warning, note or never")
	fs.StringVar(&f.baseline, "baseline", "", "report only findings not listed in `FILE`")
	fs.StringVar(&f.writeBaseline, "write-baseline", "", "write the current findings to `FILE` as a baseline, and exit 0")
	fs.BoolVar(&f.requireReason, "require-reason", false, "make an iamlint:ignore without a reason an error")
	fs.BoolVar(&f.reportUnused, "report-unused-ignores", false, "report iamlint:ignore suppressions that match no finding")
	fs.BoolVar(&f.changedFiles, "changed-files", false, "the paths are changed files (pre-commit): scan their modules, with the modules that call them, and report what concerns them")
	fs.BoolVar(&f.noColor, "no-color", false, "no colors in text output (also NO_COLOR=1); colors are used only on a terminal")
	fs.BoolVar(&f.quiet, "quiet", false, "no summary line")
	addInputFlags(fs, f)
	return fs
}

// parseInterleaved parses args into fs, the paths into f.paths and the
// names of the flags given into f.set. Flags may follow paths
// ("iamlint ./infra --format sarif"), as users of other linters expect:
// parse, take a path, parse again.
func parseInterleaved(fs *flag.FlagSet, f *scanFlags, args []string) error {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return usageError{err.Error()}
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
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	return nil
}

// addInputFlags defines the flags that say what to read and how, shared
// by the scan and iamlint graph: the configuration, the rules, the paths
// to skip, the file size cap and the Go mode.
func addInputFlags(fs *flag.FlagSet, f *scanFlags) {
	fs.StringVar(&f.config, "config", "", "read the configuration from `FILE` (default: .iamlint.yml in the scanned directory or above)")
	fs.Var(&f.enable, "enable", "run only these rules (comma-separated `IDs` or names)")
	fs.Var(&f.disable, "disable", "do not run these rules (comma-separated `IDs` or names)")
	fs.Var(&f.exclude, "exclude", "skip paths matching `GLOB` (doublestar syntax, repeatable)")
	fs.BoolVar(&f.parseAll, "parse-all", false, "parse every Terraform block, not only those a rule could care about and what they refer to: slower, and reports every syntax error")
	fs.StringVar(&f.maxFileSize, "max-file-size", "", "skip files larger than `SIZE` with a warning: bytes, or a number with k, m or g, like 16MiB (default 8MiB)")
	fs.StringVar(&f.goMode, "go", lint.GoAuto, "analyze Go modules under the paths; `mode` is auto (only modules that use the AWS SDK, Pulumi AWS or CDK), on (every module; a missing go command is an error) or off")
}

func (c Command) parseScanFlags(args []string) (*scanFlags, error) {
	f := &scanFlags{set: map[string]bool{}}
	fs := scanFlagSet(f, c.Stderr)
	if err := parseInterleaved(fs, f, args); err != nil {
		return nil, err
	}
	if len(f.paths) == 0 && !f.changedFiles {
		f.paths = []string{"."}
	}
	if !slices.Contains([]string{lint.GoAuto, lint.GoOn, lint.GoOff}, f.goMode) {
		return nil, usageError{fmt.Sprintf("--go: unknown mode %q: want auto, on or off", f.goMode)}
	}
	if !slices.Contains(output.Formats, f.format) {
		return nil, usageError{fmt.Sprintf("unknown format %q: want %s", f.format, strings.Join(output.Formats, ", "))}
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
	s, err := settle(f)
	var cerr *config.Error
	switch {
	case errors.As(err, &cerr):
		// path:line:col: message, one a line, as editors read them.
		fmt.Fprintln(c.Stderr, err)
		return ExitInput
	case err != nil:
		fmt.Fprintf(c.Stderr, "iamlint: %s\n", err)
		return ExitInput
	}

	paths := f.paths
	var changed *changedScope
	if f.changedFiles {
		if changed, err = newChangedScope(f.paths, s.exclude); err != nil {
			fmt.Fprintf(c.Stderr, "iamlint: %s\n", err)
			return ExitInput
		}
		if paths = changed.paths; len(paths) == 0 {
			return ExitClean // no infrastructure among the changed files
		}
	}
	r := lintPaths(f, s, paths, changed, nil)

	if f.writeBaseline != "" {
		return c.writeBaselineAndExit(f.writeBaseline, r.findings, r.diags)
	}
	findings, baselined := applyBaseline(r.findings, s.baseline)
	wd, _ := os.Getwd()
	report := &output.Report{
		Findings:    findings,
		Baselined:   baselined,
		Diagnostics: r.diags,
		Problems:    r.problems,
		Rules:       s.catalog,
		Sources:     sources(r.project),
		ReadSource:  readSource(s.maxFileSize),
		Version:     Version(),
		WorkDir:     wd,
	}
	for _, x := range r.suppressed {
		report.Suppressed = append(report.Suppressed, output.Suppressed{Finding: x.Finding, Justification: x.Justification, Location: x.Location})
	}
	if err := c.writeReport(f, report); err != nil {
		fmt.Fprintf(c.Stderr, "iamlint: %s\n", err)
		return ExitInput
	}
	status := exitStatus(r.diags, findings, s.failOn)
	for _, p := range r.problems {
		if p.Severity == model.Error && status == ExitClean {
			status = ExitFindings // a suppression without a reason under --require-reason
		}
	}
	return status
}

// result is what a scan found, before the baseline.
type result struct {
	project    *model.Project
	findings   []rules.Finding
	suppressed []lint.Suppressed
	diags      []model.Diagnostic // about the input
	problems   []model.Diagnostic // about the suppressions
}

// lint runs the linter with the settings, and keeps what concerns the
// changed files, if any.
// keep are resource types to keep beyond what the rules read.
func lintPaths(f *scanFlags, s *settings, paths []string, changed *changedScope, keep []string) result {
	linter := lint.New(lint.Options{
		Exclude:       s.exclude,
		MaxFileSize:   s.maxFileSize,
		Rules:         s.rules,
		Levels:        s.levels,
		RuleOptions:   s.options,
		Go:            f.goMode,
		ParseAll:      f.parseAll,
		RequireReason: f.requireReason,
		ReportUnused:  f.reportUnused,
		KeepTypes:     keep,
	})
	res, _ := linter.Lint(context.Background(), paths) // the background context is never done
	r := result{project: res.Project, findings: res.Findings, suppressed: res.Suppressed, diags: res.Diagnostics, problems: res.Problems}
	if changed != nil {
		r.findings = slices.DeleteFunc(r.findings, func(x rules.Finding) bool { return !changed.concerns(x) })
		r.suppressed = slices.DeleteFunc(r.suppressed, func(x lint.Suppressed) bool { return !changed.concerns(x.Finding) })
		r.diags = changed.diagnostics(r.diags)
		r.problems = changed.diagnostics(r.problems)
	}
	return r
}

func (c Command) writeBaselineAndExit(path string, findings []rules.Finding, diags []model.Diagnostic) int {
	if err := writeBaseline(path, findings); err != nil {
		fmt.Fprintf(c.Stderr, "iamlint: --write-baseline: %s\n", err)
		return ExitInput
	}
	fmt.Fprintf(c.Stderr, "iamlint: wrote %s with %s\n", path, count(len(findings), "finding"))
	for _, d := range diags {
		if d.Severity == model.Error {
			// The baseline may be missing what could not be parsed.
			fmt.Fprintf(c.Stderr, "iamlint: %s\n", d.Error())
			return ExitInput
		}
	}
	return ExitClean
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func (c Command) writeReport(f *scanFlags, report *output.Report) error {
	opts := output.Options{Summary: !f.quiet}
	if f.output == "" {
		opts.Color = useColor(c.Stdout, f.noColor, os.Getenv)
		if f.format == "json" || f.format == "sarif" {
			c.summary(f, report)
		}
		return output.Write(c.Stdout, f.format, report, opts)
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
	werr := output.Write(out, f.format, report, opts)
	if cerr := out.Close(); werr == nil {
		werr = cerr
	}
	if f.format == "json" || f.format == "sarif" || f.format == "github" {
		c.summary(f, report)
	}
	return werr
}

// summary prints the summary line on standard error, for the formats whose
// output is for machines.
func (c Command) summary(f *scanFlags, report *output.Report) {
	if s := output.Summary(report); s != "" && !f.quiet {
		fmt.Fprintf(c.Stderr, "iamlint: %s\n", s)
	}
}

// never is a --fail-on level above every finding.
const never = model.Level(100)

func parseFailOn(s string) (model.Level, error) {
	if s == "never" {
		return never, nil
	}
	l, err := model.ParseLevel(s)
	if err != nil {
		return 0, usageError{fmt.Sprintf("--fail-on: %v, or never", err)}
	}
	return l, nil
}

func exitStatus(diags []model.Diagnostic, findings []rules.Finding, failOn model.Level) int {
	for _, d := range diags {
		if d.Severity == model.Error {
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
		if f.Src != nil {
			m[f.Path] = f.Src
		}
	}
	return m
}

// readSource reads a file the scan did not keep the source of, for
// quoting its lines, within the size cap.
func readSource(maxSize int64) func(string) ([]byte, bool) {
	return func(path string) ([]byte, bool) {
		src, err := frontend.ReadFile(path, maxSize)
		return src, err == nil
	}
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
