package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/iamlint/iamlint/lint"
	"github.com/iamlint/iamlint/lint/config"
	"github.com/iamlint/iamlint/lint/graph"
	"github.com/iamlint/iamlint/parsers/model"
)

const graphUsage = `usage: iamlint graph [flags] [PATH ...]

Draws what the scan holds: IAM users and their access keys, where each key
ends up (instances, functions, CI secrets, exports), who may assume which
role and under which conditions, and the policies attached to whom, with
the findings on the nodes and edges they concern. Nodes are grouped by
module or stack.

  --format mermaid    a Mermaid flowchart (GitHub renders it in Markdown)
  --format dot        Graphviz DOT (dot -Tsvg)
  --format json       nodes, edges and findings (docs/graph.schema.json)
  --format markdown   a summary table and a Mermaid diagram of the keys and
                      their sinks, for $GITHUB_STEP_SUMMARY or a PR comment
  --format html       one self-contained offline report: the graph, and the
                      findings with their source and fix, filterable

Exit status: 0 drawn; 2 bad usage, a bad configuration, or input that could
not be read or parsed (the graph of the rest is still written); 3 internal
error.

Flags:
`

// mermaidMaxEdges is Mermaid's default maxEdges (a secure setting a
// diagram cannot raise): past it, mermaid.parse and GitHub refuse the
// diagram.
const mermaidMaxEdges = 500

type graphFlags struct {
	scanFlags
	focus string
	depth int
	title string
	hops  bool
}

func graphFlagSet(f *graphFlags, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("iamlint graph", flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprint(w, graphUsage)
		fs.PrintDefaults()
	}
	fs.StringVar(&f.format, "format", "mermaid", "output `format`: "+strings.Join(graph.Formats, ", "))
	fs.StringVar(&f.output, "output", "", "write the graph to `FILE` instead of standard output")
	fs.StringVar(&f.focus, "focus", "", "draw only the neighbourhood of the node at `ADDRESS` (aws_iam_user.ci, a logical ID, or a node ID of --format json)")
	fs.IntVar(&f.depth, "depth", 2, "with --focus, how many edges away from it to draw (`N`; -1: no limit)")
	fs.BoolVar(&f.hops, "hops", false, "draw each hop of a flow (local, module input, template variable) as a node; by default the hops are collapsed into the edge and listed in json and html")
	fs.StringVar(&f.title, "title", "", "the report's `title` (markdown, html; default: the paths)")
	addInputFlags(fs, &f.scanFlags)
	return fs
}

// graph is "iamlint graph": the scan, drawn.
func (c Command) graph(args []string) int {
	f := &graphFlags{scanFlags: scanFlags{set: map[string]bool{}, failOn: "never"}}
	fs := graphFlagSet(f, c.Stderr)
	if err := parseInterleaved(fs, &f.scanFlags, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitClean
		}
		fmt.Fprintf(c.Stderr, "iamlint graph: %s\n", err)
		return ExitInput
	}
	if len(f.paths) == 0 {
		f.paths = []string{"."}
	}
	if !slices.Contains(graph.Formats, f.format) {
		fmt.Fprintf(c.Stderr, "iamlint graph: unknown format %q: want %s\n", f.format, strings.Join(graph.Formats, ", "))
		return ExitInput
	}
	if !slices.Contains([]string{lint.GoAuto, lint.GoOn, lint.GoOff}, f.goMode) {
		fmt.Fprintf(c.Stderr, "iamlint graph: --go: unknown mode %q: want auto, on or off\n", f.goMode)
		return ExitInput
	}
	s, err := settle(&f.scanFlags)
	var cerr *config.Error
	switch {
	case errors.As(err, &cerr):
		fmt.Fprintln(c.Stderr, err)
		return ExitInput
	case err != nil:
		fmt.Fprintf(c.Stderr, "iamlint graph: %s\n", err)
		return ExitInput
	}

	r := lintPaths(&f.scanFlags, s, f.paths, nil, graph.KeepTypes())
	status := ExitClean
	for _, d := range r.diags {
		if d.Severity == model.Error {
			fmt.Fprintf(c.Stderr, "iamlint graph: %s\n", d.Error())
			status = ExitInput
		}
	}
	kept := sources(r.project)
	fallback := readSource(s.maxFileSize)
	g := graph.Build(&lint.Result{Project: r.project, Findings: r.findings, Diagnostics: r.diags}, graph.Options{
		ReadSource: func(path string) ([]byte, bool) {
			if src, ok := kept[path]; ok {
				return src, true
			}
			return fallback(path)
		},
	})
	if f.hops {
		g = g.ExpandHops()
	}
	if f.focus != "" {
		if g, err = g.Focus(f.focus, f.depth); err != nil {
			fmt.Fprintf(c.Stderr, "iamlint graph: %s\n", err)
			return ExitInput
		}
	}
	title := f.title
	if title == "" {
		title = strings.Join(f.paths, " ")
		if abs, err := filepath.Abs(title); err == nil && (title == "." || title == "./") {
			title = filepath.Base(abs) // the directory's name says more than "."
		}
		if f.focus != "" {
			title += fmt.Sprintf(" (around %s, depth %d)", f.focus, f.depth)
		}
	}
	if f.format == "mermaid" && len(g.Edges) > mermaidMaxEdges {
		fmt.Fprintf(c.Stderr, "iamlint graph: note: %d edges; Mermaid draws at most %d unless its maxEdges is raised (GitHub does not): narrow it with --focus ADDRESS --depth N, or use --format html\n", len(g.Edges), mermaidMaxEdges)
	}
	if err := writeGraph(c.Stdout, f.output, f.format, g, graph.Info{Version: Version(), Title: title}); err != nil {
		fmt.Fprintf(c.Stderr, "iamlint graph: %s\n", err)
		return ExitInput
	}
	return status
}

func writeGraph(stdout io.Writer, path, format string, g *graph.Graph, info graph.Info) error {
	if path == "" {
		return graph.Write(stdout, format, g, info)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	werr := graph.Write(out, format, g, info)
	if cerr := out.Close(); werr == nil {
		werr = cerr
	}
	return werr
}
