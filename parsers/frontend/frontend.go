// Package frontend is the seam between the files of a scan and the model:
// one FrontEnd per input language (Terraform, CloudFormation, Go, ...), each
// in its own package under parsers/, owning how its files are found, read,
// grouped and built, and how its documentation is written. The linter (package
// lint) walks the paths, offers each file to the front-ends in order, hands
// each front-end the files it matched, and merges what they return.
//
// Adding a language is one package that implements FrontEnd and one line in
// lint.FrontEnds; docs/architecture.md walks through it.
package frontend

import (
	"context"

	"github.com/iamlint/iamlint/parsers/model"
)

// FrontEnd turns the files of one input language into the model.
type FrontEnd interface {
	// Meta describes the language for documentation and tests.
	Meta() Meta
	// Match reports whether the file at path belongs to this front-end.
	// explicit is true for a file named on the command line rather than
	// found by walking a directory; a front-end may claim it whatever its
	// name and let the content decide (Result.Found).
	Match(path string, explicit bool) bool
	// Load reads the inputs that matched, in walk order, and returns what
	// they make. It never fails: a file that cannot be read or parsed is a
	// diagnostic, and every other file is still loaded. A panic while
	// loading one file or group should become a diagnostic for it
	// (InternalError), so that it never hides other findings.
	Load(ctx context.Context, inputs []Input, opts Options) *Result
}

// Input is one file of a scan.
type Input struct {
	Path string // as displayed: the user's path argument joined with the walk
	Root string // the scan root: the directory functions such as file() may read
	// Arg is the index of the path argument the file was found under.
	Arg int
	// Explicit marks a file named as an argument rather than found by walking.
	Explicit bool
}

// Options are what every front-end is loaded with.
type Options struct {
	Workers     int   // parallel parsers; at least 1
	MaxFileSize int64 // larger files are skipped with a warning; at least 1
	// Paths are the scan's path arguments, Exclude the --exclude globs
	// (matched with Excluded), for a front-end that finds its own units,
	// such as Go modules.
	Paths   []string
	Exclude []string
	// ParseAll asks front-ends that parse only what the rules could read
	// (Terraform's block selection) to parse everything.
	ParseAll bool
	// Required makes a missing toolchain (the go command for Go) an error
	// rather than a note.
	Required bool
	// Seeds are what the enabled rules read in this front-end's language
	// (rules.Seeds), for a front-end that skips what no rule can care
	// about. The rules own their declarations; front-ends receive them as
	// data.
	Seeds model.Seeds
}

// Result is what a front-end loaded: modules, files, diagnostics, and
// findings made by its own analysis (Go).
type Result struct {
	model.Project
	// Found is, by input, whether the file turned out to be this language's
	// infrastructure, or could not be read or parsed (which counts as
	// found: it has its own diagnostic). A YAML file that is not a
	// CloudFormation template is not found. Nil means every input was.
	Found []bool
	// Args marks the path arguments under which the front-end found
	// infrastructure of its own (a Go module in a directory argument),
	// beyond its inputs.
	Args map[int]bool
}

// Meta describes a language for the documentation the linter generates
// (iamlint explain, docs/rules, SARIF help) and for tests.
type Meta struct {
	Language model.Language
	Title    string // as documentation writes it: "Terraform"
	Fence    string // the Markdown code fence label: "hcl"
	// JSONForm says the language has a JSON form too (.tf.json, a JSON
	// template): an example that starts with a brace is fenced as JSON.
	JSONForm bool
	// Suppression says how to write an inline suppression in the language;
	// nil when findings in it are suppressed another way.
	Suppression *SuppressionDoc
	// Fixtures name the files a rule's fixture directory
	// (testdata/rules/<ID>) holds in this language, as globs.
	Fixtures []string
}

// SuppressionDoc documents the language's iamlint:ignore syntax. %[1]s in
// Inline and Example stands for the rule ID.
type SuppressionDoc struct {
	Where   string // "a comment on the line before the block or attribute (or at the end of its line) in Terraform"
	Inline  string // one line for SARIF help: "`# iamlint:ignore %[1]s <reason>` on the line before ..."
	Example string // a snippet, in the language, that suppresses the rule
}

// ChangeScoper is implemented by a front-end whose files are linted
// together with others, for --changed-files (pre-commit): a Terraform file
// belongs to its module directory, and a key made in one module reaches a
// sink in another through the modules that call both. Given the changed
// files it takes by name (some may be deleted) and the tree under the
// working directory, it returns the files a scan must read and the
// directories whose findings concern the change. A front-end without it
// scans each changed file that exists on its own, and reports what is in
// that file.
type ChangeScoper interface {
	ScopeChanges(changed, exclude []string) (paths, dirs []string, err error)
}
