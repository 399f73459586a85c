package rules

import (
	"slices"

	"github.com/iamlint/iamlint/parsers/model"
)

// Sink matching: the places of each instance that the sink tables name,
// and what reaches them.

// sinksOf finds the sinks of one instance and what reaches them. An
// installed module's own sinks are not the user's code and are skipped.
func (f *flows) sinksOf(in *instance) {
	if in.mod.Vendored {
		return
	}
	for _, r := range in.mod.Resources {
		if r.Mode != model.Managed || r.Instances == 0 {
			continue // count = 0: switched off
		}
		for _, s := range f.sinkTable() {
			if !matchesType(s.types, r.Type) {
				continue
			}
			body := r.Body
			if s.meta {
				body = r.Meta
			}
			for _, v := range body.At(s.path, s.labels) {
				f.report(in, s, r, r.Address, v)
			}
		}
		if ks, ok := keySources[r.Type]; ok && ks.handOver != "" {
			f.handOver(r, ks.handOver)
		}
	}
	if out, ok := outputSinks[in.mod.Language]; ok && (in.isRoot() || !out.rootOnly) {
		for _, o := range in.mod.Outputs {
			s := sink{rule: "IAM104", what: out.what, fix: fixExport}
			if name, ok := o.Export.AsString(); ok {
				s.what += " (exported as " + quote(name) + ")"
			}
			f.report(in, s, nil, out.prefix+o.Name, o.Value)
		}
	}
}

// handOver reports a key encrypted with a public key (pgp_key): made to be
// handed to someone outside the configuration.
func (f *flows) handOver(key *model.Resource, attr string) {
	a := key.Body.GetAttr(attr)
	if a == nil || a.Value.IsNull() {
		return
	}
	src := keySourceOf(key, partWhole)
	f.found = append(f.found, flowFinding{
		sink:    sink{rule: "IAM104", verb: "is encrypted with " + attr + " to be handed over", fix: fixExport},
		owner:   key,
		address: key.Address,
		carrier: attrRange(a),
		src:     src,
	})
}

func matchesType(types []string, t string) bool {
	for _, x := range types {
		if x == t || x == "*" {
			return true
		}
	}
	return false
}

// report records every source that reaches the sink value v.
func (f *flows) report(in *instance, s sink, owner *model.Resource, address string, v *model.Value) {
	if v == nil {
		return
	}
	var taints []*taint
	f.withEach(in, owner, func() {
		// A sink inside a dynamic block reads its iterator.
		saved := f.iterators
		if owner != nil {
			f.iterators = append(slices.Clip(f.iterators), enclosingIterators(in, owner.Body, v.Range)...)
		}
		taints = f.value(in, v)
		if readBackRules[s.rule] {
			taints = append(taints, f.storesNamedIn(v)...)
		} else {
			taints = slices.DeleteFunc(taints, readsStoreByName)
		}
		if len(taints) == 0 && namedValue(v) {
			if name := s.namedBy(owner); name != "" {
				taints = append(taints, namedSource(name, v))
			}
		}
		f.iterators = saved
	})
	taints = dedupeTaints(taints)
	smtpHere := smtpAt(taints)
	for _, t := range taints {
		if t.src.key != nil && (f.smtpKeys[t.src.key] || smtpHere[t.src.key]) {
			continue // SES SMTP credentials: no role can replace them
		}
		path, carrier := chain(t)
		if carrier.IsZero() {
			carrier = v.Range
		}
		f.found = append(f.found, flowFinding{sink: s, owner: owner, address: address, carrier: carrier, src: t.src, path: path})
	}
}

// smtpAt returns the keys that reach a sink as SES SMTP credentials only:
// their SMTP password, perhaps with their ID (the SMTP user name), and
// neither their secret nor the whole key. A key whose secret is read
// elsewhere is still only SMTP credentials here.
func smtpAt(taints []*taint) map[*model.Resource]bool {
	parts := map[*model.Resource][]keyPart{}
	for _, t := range taints {
		if t.src.key != nil {
			parts[t.src.key] = append(parts[t.src.key], t.src.part)
		}
	}
	out := map[*model.Resource]bool{}
	for key, ps := range parts {
		if slices.Contains(ps, partSMTP) && !slices.Contains(ps, partSecret) && !slices.Contains(ps, partWhole) {
			out[key] = true
		}
	}
	return out
}

// chain lists a taint's hops from the source to the sink, and the range
// of the carrier: the outermost reference, inside the sink's expression.
func chain(t *taint) ([]model.Hop, model.Range) {
	var hops []*model.Hop
	var carrier *model.Hop
	for ; t != nil; t = t.next {
		if t.hop != nil {
			hops = append(hops, t.hop)
		}
		if t.carrier && carrier == nil {
			carrier = t.hop
		}
	}
	// Collected sink first; the flow reads source first.
	slices.Reverse(hops)
	out := make([]model.Hop, 0, len(hops))
	for i, h := range hops {
		if i > 0 && h.Label == hops[i-1].Label {
			if keep, ok := sameHop(hops[i-1], h, carrier); ok {
				out[len(out)-1] = *keep
				continue
			}
		}
		out = append(out, *h)
	}
	var at model.Range
	if carrier != nil {
		at = carrier.Range
	}
	return out, at
}

// sameHop says whether two consecutive hops of one label are one step
// shown twice (a local's definition, then the reference to it in the
// sink), and which to keep: not the carrier, whose range is the finding's
// own; else the narrower of two nested ranges. Two hops of one label in
// unrelated places are both kept.
func sameHop(a, b, carrier *model.Hop) (*model.Hop, bool) {
	switch {
	case b == carrier:
		return a, true
	case a == carrier:
		return b, true
	case a.Range.Contains(b.Range):
		return b, true
	case b.Range.Contains(a.Range):
		return a, true
	}
	return nil, false
}

// enclosingIterators returns the dynamic blocks of body whose content
// contains rng, outermost first.
func enclosingIterators(in *instance, body *model.Value, rng model.Range) []iterator {
	var out []iterator
	var visit func(v *model.Value)
	visit = func(v *model.Value) {
		if v == nil {
			return
		}
		for _, e := range v.Elems {
			visit(e)
		}
		for _, a := range v.Attrs {
			if a.Value == nil || !a.Value.Range.Contains(rng) {
				continue
			}
			if a.Dynamic && a.ForEach != nil {
				out = append(out, iterator{name: a.Iterator, in: in, forEach: a.ForEach})
			}
			visit(a.Value)
		}
	}
	visit(body)
	return out
}
