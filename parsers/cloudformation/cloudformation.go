// Package cloudformation reads AWS CloudFormation templates, YAML and JSON,
// including SAM templates and the templates CDK synthesizes into cdk.out,
// and adapts them into the model.
//
// As in the Terraform front-end, parsing is split in two so that a scan can
// read every file in parallel: ParseFile reads one file and says whether it
// is a template at all (most YAML and JSON files are not, and are skipped
// without a diagnostic); Build evaluates all templates of a scan together,
// so that a nested stack binds its child template's parameters and
// Fn::ImportValue is linked to the output that exports its name.
//
// Short-form tags (!Ref, !GetAtt, !Sub ...) are normalized to the long form
// (Ref, Fn::GetAtt, Fn::Sub ...) before evaluation: rules never see a tag.
// Evaluation never fails. What cannot be known without deploying the stack
// (a resource attribute, a pseudo parameter, a parameter without default)
// is an unknown value that carries the references it reads, each with its
// exact range, down to a ${Name} inside an Fn::Sub string.
package cloudformation

import (
	"bytes"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
)

// File is one parsed template, ready for Build.
type File struct {
	Path  string
	Model *model.File
	root  *node // nil when the template could not be read
	lines model.LineIndex
}

var templateExts = []string{".yaml", ".yml", ".json", ".template"}

// otherTools are YAML and JSON files that belong to other tools. They are
// skipped by name, before they are even read; anything else is told apart
// by its content (LooksLikeTemplate).
var otherTools = map[string]bool{
	"package.json": true, "package-lock.json": true, "composer.json": true, "composer.lock": true,
	"cdk.json": true, "cdk.context.json": true, "jsconfig.json": true, "tslint.json": true,
	".eslintrc.json": true, "renovate.json": true, "pnpm-lock.yaml": true, "docker-compose.yml": true,
	"docker-compose.yaml": true, ".gitlab-ci.yml": true, ".pre-commit-config.yaml": true,
	".pre-commit-hooks.yaml": true, ".golangci.yml": true, ".golangci.yaml": true, "mkdocs.yml": true,
	"codecov.yml": true, ".travis.yml": true, "dependabot.yml": true, "action.yml": true, "action.yaml": true,
}

// IsCandidate reports whether a file may be a CloudFormation template, by
// its name: .yaml, .yml, .json or .template, but not Terraform's .tf.json
// and .tfvars.json, nor the files of well-known tools. In a cdk.out
// directory only *.template.json are templates: manifest.json, tree.json
// and *.assets.json describe them.
func IsCandidate(path string) bool {
	base := strings.ToLower(filepath.Base(path))
	if strings.HasSuffix(base, ".tf.json") || strings.HasSuffix(base, ".tfvars.json") {
		return false
	}
	ok := false
	for _, ext := range templateExts {
		ok = ok || strings.HasSuffix(base, ext)
	}
	if !ok || otherTools[base] || strings.HasPrefix(base, "tsconfig") {
		return false
	}
	for _, dir := range strings.Split(filepath.ToSlash(filepath.Dir(path)), "/") {
		if dir == "cdk.out" {
			return strings.HasSuffix(base, ".template.json")
		}
	}
	return true
}

// LooksLikeTemplate is the byte-level test that spares a full parse of
// files that cannot be templates (Kubernetes manifests, CI workflows): a
// template names AWSTemplateFormatVersion, or has Resources of some AWS::
// type. It also works on the first bytes of a file too large to read.
func LooksLikeTemplate(src []byte) bool {
	return bytes.Contains(src, []byte("AWSTemplateFormatVersion")) ||
		(bytes.Contains(src, []byte("Resources")) && bytes.Contains(src, []byte("AWS::")))
}

// resourceType and resourcesKey recognise a template that could not be
// parsed, so that its syntax error is reported; any other broken YAML is
// someone else's business.
var (
	resourceType = regexp.MustCompile(`"?Type"?\s*:\s*["']?AWS::`)
	resourcesKey = regexp.MustCompile(`(?m)^["']?Resources["']?\s*:|"Resources"\s*:`)
)

func clearlyTemplate(src []byte) bool {
	return bytes.Contains(src, []byte("AWSTemplateFormatVersion")) || (resourcesKey.Match(src) && resourceType.Match(src))
}

// isTemplate confirms what LooksLikeTemplate guessed, on the parsed file.
func isTemplate(root *node) bool {
	if root == nil || root.kind != mappingNode {
		return false
	}
	if root.get("AWSTemplateFormatVersion") != nil {
		return true
	}
	for _, p := range root.get("Resources").entries() {
		if t, ok := p.value.get("Type").str(); ok && strings.HasPrefix(t, "AWS::") {
			return true
		}
	}
	return false
}

// ParseFile reads one file. It returns nil, and no diagnostic, for a file
// that is not a CloudFormation template. A template that cannot be parsed
// yields a File without content (so that its source can be quoted) and a
// positioned diagnostic.
func ParseFile(path string, src []byte) (*File, []model.Diagnostic) {
	if !LooksLikeTemplate(src) || bytes.IndexByte(src, 0) >= 0 {
		return nil, nil
	}
	lines := model.NewLineIndex(src)
	d := &diags{path: path, lines: lines}
	// A file that is not UTF-8 is read all the same, with one error at
	// its first invalid byte (frontend.ReadableUTF8); text has the same
	// offsets as src.
	text, bad := frontend.ReadableUTF8(src)
	if bad >= 0 {
		d.list = append(d.list, frontend.EncodingError(path, lines, bad, "CloudFormation"))
	}
	root, isJSON := parse(path, text, d)
	if root == nil && !clearlyTemplate(src) || root != nil && !isTemplate(root) {
		return nil, nil
	}
	f := &File{Path: path, root: root, lines: lines, Model: &model.File{Path: path, Language: model.CloudFormation, Src: text}}
	if root != nil && !isJSON {
		f.Model.Suppressions = suppressions(path, src, root, comments(text, scalarSpans(root)), lines)
	}
	if root != nil {
		f.Model.Literals = literals(path, text, root, isJSON, lines)
	}
	return f, d.list
}

// parse reads JSON when the file starts with a brace, else YAML, and says
// which it read. A JSON template that is not well-formed is an error, and is
// then read as YAML, which accepts most such mistakes, so that its content
// is still checked.
func parse(path string, src []byte, d *diags) (root *node, isJSON bool) {
	base := model.BOMLen(src)
	if first := bytes.TrimLeft(src[base:], " \t\r\n"); len(first) == 0 || first[0] != '{' {
		return readYAML(src, base, d), false
	}
	root, off, deep, err := readJSON(src, base)
	if err == nil {
		for _, n := range deep {
			deepError(n, d)
		}
		return root, true
	}
	if ext := filepath.Ext(path); ext == ".yaml" || ext == ".yml" {
		return readYAML(src, base, d), false // YAML flow style, not JSON
	}
	jsonError(src, off, err, d)
	return readYAML(src, base, &diags{path: path, lines: d.lines, discard: true}), true
}

type span struct{ start, end int }

// literals returns the free text of a template for IAM107: every scalar
// (keys too) and every comment of a YAML file, the whole of a JSON one.
// src is the template's text, valid UTF-8 (frontend.ReadableUTF8).
func literals(path string, src []byte, root *node, isJSON bool, lines model.LineIndex) []model.Literal {
	if !model.MayHoldKey(src) {
		return nil
	}
	lit := func(s span) model.Literal {
		return model.Literal{Range: lines.Range(path, s.start, s.end), Raw: string(src[s.start:s.end])}
	}
	if isJSON {
		return []model.Literal{lit(span{0, len(src)})}
	}
	scalars := scalarSpans(root)
	var out []model.Literal
	for _, s := range scalars {
		out = append(out, lit(s))
	}
	for _, c := range comments(src, scalars) {
		out = append(out, lit(c))
	}
	return out
}

// scalarSpans returns where the scalars of a tree are written, in source
// order.
func scalarSpans(root *node) []span {
	var scalars []span
	seen := map[*node]bool{}
	var walk func(n *node)
	walk = func(n *node) {
		if seen[n] {
			return // an alias: its anchor was collected
		}
		seen[n] = true
		if n.kind == scalarNode && n.end > n.body {
			scalars = append(scalars, span{n.body, n.end})
		}
		for _, p := range n.pairs {
			walk(p.key)
			walk(p.value)
		}
		for _, e := range n.elems {
			walk(e)
		}
	}
	walk(root)
	sort.Slice(scalars, func(i, j int) bool { return scalars[i].start < scalars[j].start })
	return scalars
}

// comments finds the YAML comments of src: a # at the start of a line or
// after a blank, outside every scalar.
func comments(src []byte, scalars []span) []span {
	var out []span
	k := 0
	for p := 0; p < len(src); p++ {
		for k < len(scalars) && scalars[k].end <= p {
			k++
		}
		if k < len(scalars) && scalars[k].start <= p {
			p = scalars[k].end - 1
			continue
		}
		if src[p] == '#' && (p == 0 || isBlank(src[p-1])) {
			end := lineEnd(src, p)
			out = append(out, span{p, end})
			p = end
		}
	}
	return out
}
