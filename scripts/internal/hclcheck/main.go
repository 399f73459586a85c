// Command hclcheck is the reference parser of scripts/corpus-check.sh: it
// tells, for each file, whether the language's own parser accepts it, so
// that a parse error from iamlint can be told apart from a broken file.
// Terraform (.tf, .tfvars) is read with HashiCorp's hclsyntax.ParseConfig
// and .tf.json, .tfvars.json with hcl/v2/json.Parse, as Terraform does,
// then checked against the part of Terraform's file schema that holds
// whatever the providers and the Terraform version: the labels of the
// top-level blocks, and the bodies that hold only arguments (locals, a
// .tfvars file, the arguments of variable and output blocks);
// CloudFormation candidates (.yaml, .yml, .json, .template, or any file
// under -yaml) with encoding/json when they start with a brace, else with
// yaml.v3, every document of the stream. A template also says whether it
// looks like one: AWSTemplateFormatVersion, or a Resources mapping with an
// AWS:: Type.
//
// Usage:
//
//	go run ./scripts/internal/hclcheck [-yaml] [FILE...]
//
// Without FILE arguments it reads the file names from standard input, one
// a line. It prints one JSON object a line:
//
//	{"file":"a.tf","lang":"hcl","valid":false,"stage":"syntax","error":"a.tf:3:1: Invalid expression; ..."}
//
// and exits 0 once every file has been checked, whatever they hold; 1 when
// a file could not be read.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"go.yaml.in/yaml/v3"
)

// result is one output line.
type result struct {
	File     string `json:"file"`
	Lang     string `json:"lang"` // hcl, hcl-json, json or yaml
	Valid    bool   `json:"valid"`
	Stage    string `json:"stage,omitempty"`    // what rejected an invalid file: syntax, or Terraform's structure
	Template bool   `json:"template,omitempty"` // a valid YAML or JSON file that looks like a CloudFormation template
	Error    string `json:"error,omitempty"`    // the first error, as file:line:col: message
}

func main() {
	forceYAML := flag.Bool("yaml", false, "read every file as a CloudFormation candidate (YAML or JSON), whatever its name")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: hclcheck [-yaml] [FILE...]\n\nFiles are read from standard input, one a line, when none is given.\n")
		flag.PrintDefaults()
	}
	flag.Parse()

	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	status := 0
	check := func(path string) {
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "hclcheck: %v\n", err)
			status = 1
			return
		}
		if err := enc.Encode(checkFile(path, src, *forceYAML)); err != nil {
			fmt.Fprintf(os.Stderr, "hclcheck: %v\n", err)
			os.Exit(1)
		}
	}
	if flag.NArg() > 0 {
		for _, path := range flag.Args() {
			check(path)
		}
	} else {
		sc := bufio.NewScanner(os.Stdin)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if line := strings.TrimRight(sc.Text(), "\r"); line != "" {
				check(line)
			}
		}
		if err := sc.Err(); err != nil {
			fmt.Fprintf(os.Stderr, "hclcheck: reading file names: %v\n", err)
			status = 1
		}
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(os.Stderr, "hclcheck: %v\n", err)
		status = 1
	}
	os.Exit(status)
}

func checkFile(path string, src []byte, forceYAML bool) result {
	tfvars := strings.HasSuffix(path, ".tfvars") || strings.HasSuffix(path, ".tfvars.json")
	var f *hcl.File
	var diags hcl.Diagnostics
	var lang string
	switch {
	case forceYAML:
		return templateResult(path, src)
	case strings.HasSuffix(path, ".tf.json") || strings.HasSuffix(path, ".tfvars.json"):
		lang = "hcl-json"
		f, diags = hcljson.Parse(src, path)
	case strings.HasSuffix(path, ".tf") || tfvars:
		lang = "hcl"
		f, diags = hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	default:
		return templateResult(path, src)
	}
	if diags.HasErrors() {
		return hclResult(path, lang, "syntax", diags)
	}
	return hclResult(path, lang, "structure", structure(f.Body, tfvars))
}

// The top-level blocks of a Terraform file and their labels
// (terraform/internal/configs/parser_config.go, configFileSchema). Block
// types it does not list are left alone: which exist depends on the
// Terraform version.
var fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "terraform"},
	{Type: "required_providers"},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "ephemeral", LabelNames: []string{"type", "name"}},
	{Type: "check", LabelNames: []string{"name"}},
	{Type: "moved"},
	{Type: "import"},
	{Type: "removed"},
}}

// The arguments of the blocks whose content is checked: an argument
// written as a block is an error.
var (
	terraformSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "backend", LabelNames: []string{"type"}}}}
	variableSchema  = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "description"}, {Name: "default"}, {Name: "type"}, {Name: "sensitive"}, {Name: "nullable"}, {Name: "ephemeral"},
	}}
	outputSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "description"}, {Name: "value"}, {Name: "sensitive"}, {Name: "depends_on"}, {Name: "ephemeral"},
	}}
)

// structure checks a parsed file against Terraform's schema: a .tfvars
// file holds only arguments; a configuration file holds blocks with the
// right number of labels.
func structure(body hcl.Body, tfvars bool) hcl.Diagnostics {
	if tfvars {
		_, diags := body.JustAttributes()
		return diags
	}
	content, _, diags := body.PartialContent(fileSchema)
	// Terraform's configuration loader rejects a second resource, data
	// source or module call of one address (configs.Module's duplicate
	// checks); within one file this checker can see it too.
	declared := map[string]*hcl.Block{}
	for _, blk := range content.Blocks {
		var d hcl.Diagnostics
		switch blk.Type {
		case "resource", "data", "module":
			addr := blk.Type + "." + strings.Join(blk.Labels, ".")
			if first := declared[addr]; first != nil {
				d = append(d, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate " + blk.Type + " configuration",
					Detail: fmt.Sprintf("%s was already declared at %s.", addr, first.DefRange), Subject: blk.DefRange.Ptr()})
			} else {
				declared[addr] = blk
			}
		}
		switch blk.Type {
		case "locals":
			_, d = blk.Body.JustAttributes()
		case "terraform":
			_, _, d = blk.Body.PartialContent(terraformSchema)
		case "variable":
			_, _, d = blk.Body.PartialContent(variableSchema)
		case "output":
			_, _, d = blk.Body.PartialContent(outputSchema)
		}
		diags = append(diags, d...)
	}
	return diags
}

func hclResult(path, lang, stage string, diags hcl.Diagnostics) result {
	r := result{File: path, Lang: lang, Valid: !diags.HasErrors()}
	if !r.Valid {
		r.Stage = stage
	}
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		where := path
		if d.Subject != nil {
			where = fmt.Sprintf("%s:%d:%d", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column)
		}
		r.Error = fmt.Sprintf("%s: %s; %s", where, d.Summary, d.Detail)
		break
	}
	return r
}

var bom = []byte("\xef\xbb\xbf")

// templateResult reads a CloudFormation candidate the way CloudFormation
// does: JSON when it starts with a brace, YAML otherwise. A .yaml or .yml
// file that starts with a brace but is not JSON may still be YAML flow
// style.
func templateResult(path string, src []byte) result {
	text := bytes.TrimPrefix(src, bom)
	if first := bytes.TrimLeft(text, " \t\r\n"); len(first) > 0 && first[0] == '{' {
		var v any
		err := json.Unmarshal(text, &v)
		if err == nil {
			return result{File: path, Lang: "json", Valid: true, Template: jsonTemplate(v)}
		}
		if ext := strings.ToLower(filepath.Ext(path)); ext != ".yaml" && ext != ".yml" {
			return result{File: path, Lang: "json", Stage: "syntax", Error: jsonError(path, text, err)}
		}
	}
	docs, err := yamlDocuments(text)
	if err != nil {
		return result{File: path, Lang: "yaml", Stage: "syntax", Error: fmt.Sprintf("%s: %v", path, err)}
	}
	r := result{File: path, Lang: "yaml", Valid: true}
	for _, d := range docs {
		r.Template = r.Template || yamlTemplate(d)
	}
	return r
}

func jsonError(path string, text []byte, err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(text)) {
		return fmt.Sprintf("%s: %v", path, err)
	}
	before := text[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("%s:%d:%d: %v", path, line, col, err)
}

// yamlDocuments parses every document of the stream. yaml.v3 reports its
// errors by panicking and recovering inside; a panic it lets through is an
// error here too.
func yamlDocuments(text []byte) (docs []*yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			docs, err = nil, fmt.Errorf("yaml.v3 panicked: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(text))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, &doc)
	}
}

// yamlTemplate is cloudformation.isTemplate on a yaml.v3 document.
func yamlTemplate(doc *yaml.Node) bool {
	root := deref(doc)
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = deref(root.Content[0])
	}
	if root.Kind != yaml.MappingNode {
		return false
	}
	if yamlGet(root, "AWSTemplateFormatVersion") != nil {
		return true
	}
	resources := yamlGet(root, "Resources")
	if resources == nil || resources.Kind != yaml.MappingNode {
		return false
	}
	for i := 1; i < len(resources.Content); i += 2 {
		if def := deref(resources.Content[i]); def.Kind == yaml.MappingNode {
			if t := yamlGet(def, "Type"); t != nil && t.Kind == yaml.ScalarNode && strings.HasPrefix(t.Value, "AWS::") {
				return true
			}
		}
	}
	return false
}

func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func yamlGet(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := deref(m.Content[i]); k.Kind == yaml.ScalarNode && k.Value == key {
			return deref(m.Content[i+1])
		}
	}
	return nil
}

// jsonTemplate is cloudformation.isTemplate on a decoded JSON value.
func jsonTemplate(v any) bool {
	root, ok := v.(map[string]any)
	if !ok {
		return false
	}
	if _, ok := root["AWSTemplateFormatVersion"]; ok {
		return true
	}
	resources, _ := root["Resources"].(map[string]any)
	for _, def := range resources {
		if d, ok := def.(map[string]any); ok {
			if t, ok := d["Type"].(string); ok && strings.HasPrefix(t, "AWS::") {
				return true
			}
		}
	}
	return false
}
