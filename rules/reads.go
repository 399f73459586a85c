package rules

import (
	"fmt"
	"iter"
	"slices"

	"github.com/iamlint/iamlint/parsers/model"
)

// Reads is what a rule reads of the model. It is load-bearing twice: the
// Pass accessors hand a rule only what it declared (and panic on anything
// else, which every rule's examples exercise), and the front-ends keep
// what the catalog declares (Seeds), so a rule cannot be starved by a
// front-end that guesses, nor read what it did not say.
type Reads struct {
	// Types are the managed resource types the rule reads by type
	// (Pass.Resources, Pass.ResourcesOf) or looks up by name or address
	// (the user a key names, the OIDC provider a trust names).
	Types []string
	// Settings are the provider, backend and data source blocks the rule
	// reads (Pass.Settings).
	Settings []Setting
	// Policies are the kinds of policy documents the rule reads, on any
	// resource (Pass.Policies).
	Policies []model.PolicyKind
	// Literals: the rule reads the free text of files, string literals,
	// heredocs, comments and templates (Pass.Files).
	Literals bool
	// Flow: the rule reads the credential flow analysis, which follows key
	// material from its sources (access keys, literals, inputs named like
	// keys) through every value to the sink table (Options.SinkTypes).
	Flow bool
}

// Setting is a block of configuration a rule reads: provider "aws",
// backend "s3", data "terraform_remote_state"; and the attributes it reads
// of it.
type Setting struct {
	Mode  model.Mode // model.Provider, model.Backend or model.Data
	Type  string
	Attrs []string
}

// Seeds gathers what the rules that read lang declare, for that
// language's front-end. opts adds the configured sinks to the flow's.
func Seeds(catalog []*Rule, opts Options, lang model.Language) model.Seeds {
	var s model.Seeds
	for _, r := range catalog {
		if !slices.Contains(r.Languages, lang) {
			continue
		}
		s.Types = append(s.Types, r.Reads.Types...)
		for _, set := range r.Reads.Settings {
			if set.Mode == model.Data {
				s.Data = append(s.Data, set.Type)
			} else {
				s.Settings = append(s.Settings, model.SettingSeed{Mode: set.Mode, Type: set.Type, Attrs: set.Attrs})
			}
		}
		s.Policies = s.Policies || len(r.Reads.Policies) > 0
		s.ResourcePolicies = s.ResourcePolicies || slices.Contains(r.Reads.Policies, model.ResourcePolicy)
		s.Literals = s.Literals || r.Reads.Literals
		s.Flow = s.Flow || r.Reads.Flow
	}
	if s.Flow {
		s.SinkTypes, s.AnySink = opts.SinkTypes()
		for _, st := range stores {
			if st.mode != model.Managed {
				continue
			}
			if st.name != "" {
				s.StoreTypes = append(s.StoreTypes, st.typ)
			}
			if st.writes != "" {
				s.WriterTypes = append(s.WriterTypes, st.typ)
			}
		}
	}
	return s
}

// mustRead panics unless the pass's rule declared every one of types: a
// rule that reads a type it does not declare may find the front-end has
// dropped it.
func (p *Pass) mustRead(types []string) {
	for _, t := range types {
		if !slices.Contains(p.Rule.Reads.Types, t) {
			panic(fmt.Sprintf("rule %s reads resource type %s, which is not in its Reads.Types", p.Rule.ID, t))
		}
	}
}

// Resources yields every managed resource of a type the rule declared
// (Reads.Types), with its module, in module and source order. Installed
// modules are skipped, and so are resources switched off by count = 0.
func (p *Pass) Resources() iter.Seq2[*model.Module, *model.Resource] {
	return p.resources(p.Rule.Reads.Types)
}

// ResourcesOf is Resources for some of the declared types. It panics on a
// type the rule did not declare.
func (p *Pass) ResourcesOf(types ...string) iter.Seq2[*model.Module, *model.Resource] {
	p.mustRead(types)
	return p.resources(types)
}

func (p *Pass) resources(types []string) iter.Seq2[*model.Module, *model.Resource] {
	return func(yield func(*model.Module, *model.Resource) bool) {
		for _, m := range p.Project.Modules {
			if m.Vendored {
				continue // installed by terraform init: not the user's code
			}
			for _, r := range m.Resources {
				// Instances 0: count = 0 switches the resource off.
				if r.Mode == model.Managed && r.Instances != 0 && slices.Contains(types, r.Type) {
					if !yield(m, r) {
						return
					}
				}
			}
		}
	}
}

// firstIn returns the first managed resource of m of the given declared
// types, switched off or not, that match accepts, or nil: what a rule
// looks up by name or address. A callback rather than an iterator, so
// that a lookup per key allocates nothing.
func (p *Pass) firstIn(m *model.Module, types []string, match func(*model.Resource) bool) *model.Resource {
	p.mustRead(types)
	for _, r := range m.Resources {
		if r.Mode == model.Managed && slices.Contains(types, r.Type) && match(r) {
			return r
		}
	}
	return nil
}

// Settings yields the blocks of the settings the rule declared
// (Reads.Settings), with their module, in every module: installed
// modules' settings still tell which accounts the code works in, so a rule
// that reports on them skips m.Vendored itself.
func (p *Pass) Settings() iter.Seq2[*model.Module, *model.Resource] {
	return func(yield func(*model.Module, *model.Resource) bool) {
		for _, m := range p.Project.Modules {
			for _, r := range m.Resources {
				if slices.ContainsFunc(p.Rule.Reads.Settings, func(s Setting) bool { return s.Mode == r.Mode && s.Type == r.Type }) && !yield(m, r) {
					return
				}
			}
		}
	}
}

// Files yields the scanned files, for their Literals. It panics unless the
// rule declared Reads.Literals.
func (p *Pass) Files() iter.Seq[*model.File] {
	if !p.Rule.Reads.Literals {
		panic(fmt.Sprintf("rule %s reads literals, which its Reads do not declare", p.Rule.ID))
	}
	return slices.Values(p.Project.Files)
}

// Policies yields the policies of the given kind held by managed resources
// of the user's modules (a data "aws_iam_policy_document" is reported
// where it is used), once per document even when several resources share
// it. It panics on a kind the rule did not declare (Reads.Policies).
func (p *Pass) Policies(kind model.PolicyKind) iter.Seq[attachedPolicy] {
	return p.policies(kind, false)
}

// policies is Policies; everywhere adds installed modules and every kind
// of block, each document as often as it is attached.
func (p *Pass) policies(kind model.PolicyKind, everywhere bool) iter.Seq[attachedPolicy] {
	if !slices.Contains(p.Rule.Reads.Policies, kind) {
		panic(fmt.Sprintf("rule %s reads %v policies, which are not in its Reads.Policies", p.Rule.ID, kind))
	}
	return func(yield func(attachedPolicy) bool) {
		var seen map[*model.Policy]bool // once per document, unless everywhere
		if !everywhere {
			seen = map[*model.Policy]bool{}
		}
		for _, m := range p.Project.Modules {
			if m.Vendored && !everywhere {
				continue
			}
			for _, r := range m.Resources {
				if r.Mode != model.Managed && !everywhere {
					continue
				}
				for _, ap := range r.Policies {
					if ap.Kind != kind || ap.Policy == nil || seen[ap.Policy] {
						continue
					}
					if seen != nil {
						seen[ap.Policy] = true
					}
					if !yield(attachedPolicy{mod: m, owner: r, attached: ap}) {
						return
					}
				}
			}
		}
	}
}

// userIndex finds the IAM users of a module by name and by address, so
// that resolving the user of each key or attachment does not scan the
// module again: a script or template with thousands of keys stays linear.
type userIndex struct {
	byName, byAddress map[string]*model.Resource
}

// usersOf indexes the users of m once per pass; the first user of a name
// or address wins, as a scan in source order would find it.
func (p *Pass) usersOf(m *model.Module) *userIndex {
	if idx := p.users[m]; idx != nil {
		return idx
	}
	p.mustRead(userTypes)
	idx := &userIndex{byName: map[string]*model.Resource{}, byAddress: map[string]*model.Resource{}}
	for _, r := range m.Resources {
		if r.Mode != model.Managed || !slices.Contains(userTypes, r.Type) {
			continue
		}
		if n, ok := r.Attr(userNameAttrs[r.Type]).AsString(); ok && idx.byName[n] == nil {
			idx.byName[n] = r
		}
		if idx.byAddress[r.Address] == nil {
			idx.byAddress[r.Address] = r
		}
	}
	if p.users == nil {
		p.users = map[*model.Module]*userIndex{}
	}
	p.users[m] = idx
	return idx
}
