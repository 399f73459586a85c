// Package model is the typed intermediate representation that every parser
// produces and every rule reads. Terraform and CloudFormation are adapted into
// the same structures, so a rule is written once and knows nothing about HCL
// or YAML.
//
// Every value carries its exact source range and whether it is known. A rule
// must treat an unknown value as "could be anything": it never fires on a
// guess.
package model

import (
	"bytes"
	"sort"
	"strings"
)

// Language names the input language a file or module was written in. Each
// front-end (package parsers/frontend) declares its own and describes it in
// its Meta; these are the built-in ones.
type Language string

const (
	Terraform      Language = "terraform"
	CloudFormation Language = "cloudformation"
	Go             Language = "go"
	// Scripts and CI pipelines: each is its own front-end, and a CI system
	// is a language because its claims, secrets and syntax are its own.
	Shell         Language = "shell"
	GitHubActions Language = "github-actions"
	GitLabCI      Language = "gitlab-ci"
	CircleCI      Language = "circleci"
	Bitbucket     Language = "bitbucket-pipelines"
	Buildkite     Language = "buildkite"
)

// Project is everything one scan produced: the modules (Terraform
// directories, CloudFormation templates), the files they were read from, and
// the diagnostics for input that could not be read or parsed.
type Project struct {
	Modules     []*Module
	Files       []*File
	Diagnostics []Diagnostic
	// Reports are findings a front-end made with its own analysis: the Go
	// analyzers work on type-checked code, not on this model. The engine
	// hands each to the catalog rule it names, so that selection,
	// suppressions and baselines treat them like every other finding.
	Reports []Report
}

// Report is a finding made by a front-end, named by rule ID.
type Report struct {
	RuleID  string
	Level   Level // 0: the rule's default level
	Message string
	Range   Range
	Address string // a stable name for the place: the enclosing function
	Related []Hop
}

// File is one scanned file with its source, kept so that writers can quote
// the offending line and rules can search literal text.
type File struct {
	Path     string
	Language Language
	Src      []byte
	// Literals are the stretches of the file that hold free text: string
	// literals, heredocs, comments, template files. IAM107 searches them for
	// key material. Parsers may leave this empty for a file that cannot hold a
	// key (see the parser's prefilter).
	Literals []Literal
	// Suppressions are the file's inline "iamlint:ignore" comments, each
	// with the stretch of source it covers. Parsers may skip files that do
	// not mention "iamlint:ignore".
	Suppressions []Suppression
}

// Suppression is one inline "iamlint:ignore" directive: a comment on the
// line before a block or attribute, or at the end of its line. Rules never
// read it; the CLI matches findings against Scope.
type Suppression struct {
	// Text is what follows "iamlint:ignore", trimmed: rule IDs or names
	// (comma-separated), then the reason. Empty means every rule, no reason.
	Text  string
	Range Range // the directive itself, where problems with it are reported
	// Scope is the block or attribute the directive annotates; findings
	// whose primary location lies within it are suppressed. Zero when the
	// directive annotates nothing (a comment followed by a blank line).
	Scope Range
}

// MayNameSecret reports whether a module output's name (or a field under
// it) may hold an AWS key: it says access key or secret. An output named
// bucket_arn or db_password cannot carry an access key out of a module the
// scan cannot see into; access_key_id, iam_access_key_secret or
// secret_access_key may.
func MayNameSecret(name string) bool {
	n := strings.ReplaceAll(strings.ToLower(name), "_", "")
	return strings.Contains(n, "accesskey") || strings.Contains(n, "secret")
}

// MayHoldKey is the prefilter parsers apply before collecting Literals: a
// file without the prefix of an AWS access key ID (AKIA, ASIA) holds no key
// ID, nor a secret key "next to one", so its literals need not be
// collected, and a cheap byte scan saves lexing nearly every file twice.
func MayHoldKey(src []byte) bool {
	return bytes.Contains(src, []byte("AKIA")) || bytes.Contains(src, []byte("ASIA"))
}

// Literal is raw source text at a known place. Raw is exactly the bytes of
// the file at Range (escapes not decoded), so any offset into Raw maps back
// to a precise file position with Sub.
type Literal struct {
	Range Range
	Raw   string
}

// Sub returns the range of Raw[i:j].
func (l Literal) Sub(i, j int) Range {
	return Range{File: l.Range.File, Start: advance(l.Range.Start, l.Raw[:i]), End: advance(l.Range.Start, l.Raw[:j])}
}

func advance(p Pos, text string) Pos {
	for i := 0; i < len(text); i++ {
		p.Byte++
		if text[i] == '\n' {
			p.Line++
			p.Column = 1
		} else {
			p.Column++
		}
	}
	return p
}

// Module is one unit of evaluation: a Terraform module directory or a
// CloudFormation template.
type Module struct {
	Dir       string
	File      string // the template of a CloudFormation module; empty for Terraform
	Language  Language
	Resources []*Resource // in source order: file, then position
	Variables []*Variable
	Locals    []*Local
	Outputs   []*Output
	// Links resolve references to other modules of the scan: imports of
	// CloudFormation exports, outputs of nested stacks.
	Links []Link
	// Installed maps the keys of the registry and git modules that
	// "terraform init" installed for this root module (a, a.b) to their
	// directories, from .terraform/modules/modules.json.
	Installed map[string]string
	// Vendored marks such an installed module: not the user's code, so its
	// own findings are not reported, but flows through it are followed.
	Vendored bool
}

// Refs returns every reference made anywhere in the module: in resource
// bodies and metadata, locals, outputs and their export names.
func (m *Module) Refs() []Ref {
	var refs []Ref
	for _, r := range m.Resources {
		refs = append(refs, r.Body.AllRefs()...)
		refs = append(refs, r.Meta.AllRefs()...)
	}
	for _, l := range m.Locals {
		refs = append(refs, l.Value.AllRefs()...)
	}
	for _, o := range m.Outputs {
		refs = append(refs, o.Value.AllRefs()...)
		refs = append(refs, o.Export.AllRefs()...)
	}
	return refs
}

// Mode says what kind of block a Resource is.
type Mode int

const (
	Managed    Mode = iota // resource "type" "name" / a CloudFormation resource
	Data                   // data "type" "name"
	Provider               // provider "name"
	Backend                // terraform { backend "type" }
	ModuleCall             // module "name"
)

var modeNames = [...]string{"resource", "data", "provider", "backend", "module"}

func (m Mode) String() string { return modeNames[m] }

// Resource is an addressable block: a managed resource, a data source, a
// provider configuration, a backend or a module call.
type Resource struct {
	Mode    Mode
	Type    string // aws_iam_access_key, AWS::IAM::AccessKey, aws (provider), s3 (backend)
	Name    string // the Terraform name, the provider alias, the CloudFormation logical ID
	Address string // aws_iam_access_key.deploy, data.aws_iam_policy_document.x, provider.aws.east, a CloudFormation logical ID
	Range   Range  // the declaration header: `resource "t" "n"`, a logical ID key
	// Extent is the whole declaration: from the header to the end of the
	// body (the closing brace, the end of a logical ID's mapping). Inline
	// suppressions of CloudFormation's Metadata cover it.
	Extent Range
	Body   *Value // an Object: attributes and nested blocks (CloudFormation: Properties) in source order
	// Meta holds what sits beside the body: a CloudFormation resource's
	// Metadata (cfn-init, iamlint suppressions). Nil when there is none.
	Meta *Value
	// Instances is the number of copies: count or the size of for_each when
	// known (0: the resource is switched off), UnknownInstances when they
	// are not known (a variable, a CloudFormation Condition that a
	// parameter decides), and 1 otherwise.
	Instances int
	// Policies are the policy documents the resource holds: a role's trust
	// policy, an inline or managed policy, a bucket policy.
	Policies []*AttachedPolicy
}

// Attr returns the attribute or nested block called name, or nil.
func (r *Resource) Attr(name string) *Value { return r.Body.Get(name) }

// UnknownInstances is Resource.Instances when the number of copies cannot
// be known without running the tool.
const UnknownInstances = -1

// Variable is a Terraform input variable or a CloudFormation parameter.
type Variable struct {
	Name string
	// Label is how a value's way through the variable is shown: var.x,
	// parameter X.
	Label     string
	Range     Range
	Default   *Value // nil when there is none
	Set       *Value // the value assigned by a .tfvars file, nil when none
	Sensitive bool
}

// Value is what the scan knows of the variable: the assigned value, else the
// default, else nil.
func (v *Variable) Value() *Value {
	if v.Set != nil {
		return v.Set
	}
	return v.Default
}

// Local is a Terraform local value.
type Local struct {
	Name  string
	Label string // how a value's way through the local is shown: local.x
	Range Range
	Value *Value
}

// Output is a Terraform output or a CloudFormation output.
type Output struct {
	Name      string
	Range     Range
	Value     *Value
	Sensitive bool
	Export    *Value // a CloudFormation output's Export Name, nil when not exported
}

// SortResources orders resources by file and position, the order rules see.
func SortResources(rs []*Resource) {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Range.Less(rs[j].Range) })
}
