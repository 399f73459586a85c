// Package terraform reads Terraform configurations (.tf, .tf.json, .tfvars,
// .tfvars.json) with hcl/v2 and go-cty and adapts them into the model.
//
// Parsing is split in two so that a scan can parse every file in parallel
// and then assemble each module directory: ParseFile does the syntax of one
// file, BuildModule evaluates a directory's files together (variables,
// tfvars, locals, functions) and emits a model.Module.
//
// Evaluation never fails: whatever cannot be known without running
// Terraform (resource attributes, data sources, unset variables, impure
// functions) is an unknown value, and a rule never fires on an unknown.
package terraform

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/json"

	"github.com/iamlint/iamlint/parsers/model"
)

// File is one parsed Terraform file, ready for BuildModule.
type File struct {
	Path   string
	Model  *model.File
	hcl    *hcl.File
	tfvars bool
	lines  model.LineIndex
}

// IsConfig reports whether name is a Terraform configuration or variables
// file by its extension.
func IsConfig(name string) bool {
	for _, ext := range []string{".tf", ".tf.json", ".tfvars", ".tfvars.json"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

func isTfvars(name string) bool {
	return strings.HasSuffix(name, ".tfvars") || strings.HasSuffix(name, ".tfvars.json")
}

// ParseFile parses one file. It returns the file (nil only when nothing of
// it could be read) and the diagnostics of its syntax errors; a file with
// errors still yields whatever blocks HCL could recover.
func ParseFile(path string, src []byte) (*File, []model.Diagnostic) {
	lines := model.NewLineIndex(src)
	if i := bytes.IndexByte(src, 0); i >= 0 {
		p := lines.Pos(i)
		return nil, []model.Diagnostic{{
			Severity: model.SevError,
			Summary:  "binary file",
			Detail:   "The file has a NUL byte, so it is not Terraform source. Rename it or exclude it with --exclude.",
			Range:    model.Range{File: path, Start: p, End: p},
		}}
	}
	src = blankBOM(src)

	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(path, ".json") {
		f, diags = json.Parse(src, path)
	} else {
		f, diags = hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	}
	lang := model.Terraform
	mf := &model.File{Path: path, Language: lang, Src: src, Literals: literals(path, src, lines)}
	if f != nil {
		mf.Suppressions = suppressions(path, src, f.Body, lines)
	}
	tf := &File{Path: path, Model: mf, hcl: f, tfvars: isTfvars(path), lines: lines}
	return tf, convertDiags(diags, map[string]model.LineIndex{path: lines}, path)
}

// blankBOM replaces a UTF-8 byte order mark with spaces. HCL does not accept
// the mark, and blanking it rather than cutting it keeps every byte offset
// and column true to the file.
func blankBOM(src []byte) []byte {
	if !bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		return src
	}
	out := bytes.Clone(src)
	copy(out, "   ")
	return out
}

// literals returns the free-text stretches of a file: quoted strings,
// heredoc bodies and comments in native syntax, the whole file for JSON.
func literals(path string, src []byte, lines model.LineIndex) []model.Literal {
	if !model.MayHoldKey(src) {
		return nil
	}
	if strings.HasSuffix(path, ".json") || !utf8.Valid(src) {
		return []model.Literal{wholeFile(path, src, lines)}
	}
	toks, _ := hclsyntax.LexConfig(src, path, hcl.InitialPos)
	var out []model.Literal
	for _, t := range toks {
		switch t.Type {
		case hclsyntax.TokenQuotedLit, hclsyntax.TokenStringLit, hclsyntax.TokenComment:
			out = append(out, model.Literal{Range: hclRange(lines, path, t.Range), Raw: string(t.Bytes)})
		}
	}
	return out
}

func wholeFile(path string, src []byte, lines model.LineIndex) model.Literal {
	return model.Literal{
		Range: model.Range{File: path, Start: model.Pos{Line: 1, Column: 1}, End: lines.Pos(len(src))},
		Raw:   string(src),
	}
}
