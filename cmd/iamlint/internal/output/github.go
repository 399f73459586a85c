package output

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// WriteGitHub writes diagnostics, then findings, as GitHub Actions workflow
// commands, which the runner turns into annotations on the pull request and
// the run:
//
//	::error file=main.tf,line=5,endLine=5,col=1,endColumn=39,title=IAM105 access-key-long-term::access key ...
//
// Levels map to error, warning and notice. Columns count code points;
// col and endColumn are given only for a range on one line, which is what
// GitHub can underline. With opts.Summary, the summary ends the output as
// a plain log line.
func WriteGitHub(w io.Writer, r *Report, opts Options) error {
	if r == nil {
		r = &Report{}
	}
	g := &githubWriter{src: newSourceSet(r), workDir: r.WorkDir}
	for _, d := range sortedDiagnostics(r.diagnostics()) {
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		g.command(githubLevels[severityName(d.Severity)], d.Range, "iamlint", msg)
	}
	for _, f := range r.Findings {
		rule := ruleOf(f)
		msg := f.Message
		if fix := strings.TrimSpace(rule.Doc.Fix); fix != "" {
			msg += "\n\nFix: " + fix
		}
		g.command(githubLevels[levelOf(f).String()], f.Range, strings.TrimSpace(rule.ID+" "+rule.Name), msg)
	}
	if s := Summary(r); opts.Summary && s != "" {
		g.buf.WriteString(s + "\n")
	}
	_, err := w.Write(g.buf.Bytes())
	return err
}

var githubLevels = map[string]string{"error": "error", "warning": "warning", "note": "notice"}

type githubWriter struct {
	buf     bytes.Buffer
	src     *sourceSet
	workDir string
}

func (g *githubWriter) command(level string, rg model.Range, title, msg string) {
	var props []string
	if rg.File != "" {
		props = append(props, "file="+escapeProperty(g.path(rg.File)))
	}
	if !rg.IsZero() && rg.Start.Line > 0 {
		props = append(props, fmt.Sprintf("line=%d", rg.Start.Line))
		end := max(rg.End.Line, rg.Start.Line)
		props = append(props, fmt.Sprintf("endLine=%d", end))
		if end == rg.Start.Line {
			col := g.src.runeCol(rg.File, rg.Start)
			endCol := max(g.src.runeCol(rg.File, rg.End), col)
			props = append(props, fmt.Sprintf("col=%d", col), fmt.Sprintf("endColumn=%d", endCol))
		}
	}
	if title != "" {
		props = append(props, "title="+escapeProperty(title))
	}
	fmt.Fprintf(&g.buf, "::%s %s::%s\n", level, strings.Join(props, ","), escapeData(msg))
}

// path is the file relative to the work directory, with forward slashes:
// GitHub resolves annotation paths from the repository root, where the
// workflow runs iamlint.
func (g *githubWriter) path(p string) string {
	if filepath.IsAbs(p) && g.workDir != "" {
		if rel, err := filepath.Rel(g.workDir, p); err == nil && !escapes(rel) {
			p = rel
		}
	}
	return filepath.ToSlash(p)
}

// escapeData and escapeProperty encode what would end a workflow command
// early, as the Actions toolkit does.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
