package rules

import "github.com/iamlint/iamlint/parsers/model"

// The tables beside the sinks (flow_sinks.go): where key material comes
// from, which attributes hand on what another attribute holds, and which
// outputs leave the configuration. They are data, so that a new front-end
// or resource type extends them without code.

type keyPart int

const (
	partWhole keyPart = iota
	partID
	partSecret
	partSMTP
)

// keySource is a resource type that makes an access key, and which part of
// the key reading it gives.
type keySource struct {
	// self is what reading the resource itself gives: the whole key
	// object (a Terraform resource), or its ID (a CloudFormation Ref).
	self keyPart
	// attrs are the attributes that carry key material, and which part of
	// the key each is; any other attribute (user, status) carries none.
	attrs map[string]keyPart
	// handOver is the attribute that encrypts the key for someone outside
	// the configuration (pgp_key): set, the key is made to leave it.
	handOver string
}

// keySources are the managed resource types that make access keys.
var keySources = map[string]keySource{
	"aws_iam_access_key": {self: partWhole, attrs: map[string]keyPart{
		"id":                             partID,
		"secret":                         partSecret,
		"encrypted_secret":               partSecret,
		"ses_smtp_password_v4":           partSMTP,
		"encrypted_ses_smtp_password_v4": partSMTP,
	}, handOver: "pgp_key"},
	"AWS::IAM::AccessKey": {self: partID, attrs: map[string]keyPart{
		"SecretAccessKey": partSecret,
	}},
	// A script's `aws iam create-access-key`: its output is the whole
	// response; --query or jq select a part of it.
	"aws iam create-access-key": {self: partWhole, attrs: map[string]keyPart{
		"AccessKeyId":     partID,
		"SecretAccessKey": partSecret,
	}},
}

// keyPartOf says which part of a key a reference to key resource r reads,
// by its first field ("" for the resource itself); false when it reads no
// key material.
func keyPartOf(r *model.Resource, field string) (keyPart, bool) {
	ks, ok := keySources[r.Type]
	if !ok || r.Mode != model.Managed {
		return 0, false
	}
	if field == "" {
		return ks.self, true
	}
	p, ok := ks.attrs[field]
	return p, ok
}

// passThrough is an attribute whose value is whatever another attribute
// of the same resource holds.
type passThrough struct {
	mode model.Mode
	typ  string
	attr string // the attribute read
	from string // the attribute it hands on, whole
}

var passThroughs = []passThrough{
	{mode: model.Data, typ: "template_file", attr: "rendered", from: "vars"},
	{mode: model.Managed, typ: "terraform_data", attr: "output", from: "input"},
	// cloud-init: the rendered user data is its parts, every "part" block.
	{mode: model.Data, typ: "cloudinit_config", attr: "rendered", from: "part"},
	{mode: model.Data, typ: "template_cloudinit_config", attr: "rendered", from: "part"},
}

// passedThrough returns what field of r hands on: the attribute or block
// it copies, all of them when the block repeats; nil when it hands on
// nothing.
func passedThrough(r *model.Resource, field string) *model.Value {
	for _, p := range passThroughs {
		if p.mode != r.Mode || p.typ != r.Type || p.attr != field {
			continue
		}
		var all []*model.Value
		for _, a := range r.Body.Attrs {
			if a.Name == p.from {
				all = append(all, a.Value)
			}
		}
		if len(all) == 1 {
			return all[0]
		}
		return &model.Value{Kind: model.List, Elems: all}
	}
	return nil
}

// outputSink says which outputs of a module in a language leave the
// configuration, and how a finding names them. An exported output (a
// CloudFormation Export) also says under which name.
type outputSink struct {
	rootOnly bool   // only a root module's outputs: a module's own go to its caller
	prefix   string // the output's address: prefix + name
	what     string // %s is the address
}

// outputSinks are per language: every output of a stack is readable by
// whoever can describe it, nested or not; an export hands it to every
// stack of the account.
var outputSinks = map[model.Language]outputSink{
	model.Terraform:      {rootOnly: true, prefix: "output.", what: "root module output %s"},
	model.CloudFormation: {prefix: "Outputs.", what: "stack output %s"},
}
