package cloudformation

import "github.com/iamlint/iamlint/parsers/model"

// diags collects the diagnostics of one file, placed by byte offsets.
type diags struct {
	path  string
	lines model.LineIndex
	list  []model.Diagnostic
	// discard: the list will not be shown (a JSON template read again as
	// YAML), so nothing costly is done to place a diagnostic.
	discard bool
}

func (d *diags) add(sev model.Level, start, end int, summary, detail string) {
	d.list = append(d.list, model.Diagnostic{Severity: sev, Summary: summary, Detail: detail, Range: d.lines.Range(d.path, start, end)})
}

func (d *diags) errorAt(n *node, summary, detail string) {
	d.add(model.Error, n.start, n.end, summary, detail)
}
