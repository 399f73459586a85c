package terraform

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/iamlint/iamlint/parsers/model"
)

// hclRange converts an HCL range with the line index of its file. HCL
// counts columns in grapheme clusters; the model counts bytes (see
// model.Pos), so every range is rebuilt from its byte offsets.
func hclRange(l model.LineIndex, file string, r hcl.Range) model.Range {
	return l.Range(file, r.Start.Byte, r.End.Byte)
}

// convertRange converts an HCL range using the index of its file. A range
// into a file without an index keeps HCL's own columns.
func convertRange(r hcl.Range, idx map[string]model.LineIndex) model.Range {
	if l, ok := idx[r.Filename]; ok {
		return hclRange(l, r.Filename, r)
	}
	return model.Range{
		File:  r.Filename,
		Start: model.Pos{Line: r.Start.Line, Column: r.Start.Column, Byte: r.Start.Byte},
		End:   model.Pos{Line: r.End.Line, Column: r.End.Column, Byte: r.End.Byte},
	}
}

// convertDiags converts HCL diagnostics; one without a subject is about
// file.
func convertDiags(diags hcl.Diagnostics, idx map[string]model.LineIndex, file string) []model.Diagnostic {
	var out []model.Diagnostic
	for _, d := range diags {
		sev := model.Error
		if d.Severity == hcl.DiagWarning {
			sev = model.Warning
		}
		md := model.Diagnostic{Severity: sev, Summary: lowerFirst(d.Summary), Detail: d.Detail, Range: model.Range{File: file}}
		if d.Subject != nil {
			md.Range = convertRange(*d.Subject, idx)
		}
		out = append(out, md)
	}
	return out
}

func lowerFirst(s string) string {
	// Keep acronyms: "JSON value" stays, "Invalid block" becomes "invalid block".
	if len(s) > 1 && s[0] >= 'A' && s[0] <= 'Z' && (s[1] < 'A' || s[1] > 'Z') {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}
