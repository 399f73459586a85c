package rules

import "fmt"

// reportFlows reports the flow findings of the pass's rule: a key reaching
// one of its sinks, at the expression that carries it, with the source as a
// related location and every hop as the flow.
func reportFlows(p *Pass) {
	for _, ff := range p.flows().found {
		if ff.sink.rule != p.Rule.ID {
			continue
		}
		where := "reaches " + fmt.Sprintf(ff.sink.what, quote(ff.address))
		if ff.sink.verb != "" {
			where = ff.sink.verb
		}
		f := Finding{
			Range:   ff.carrier,
			Address: ff.address,
			Key:     ff.src.label + "\x00" + where,
			Message: fmt.Sprintf("%s %s; %s", ff.src.label, where, ff.sink.fix),
			Related: []Related{{Range: ff.src.rng, Message: fmt.Sprintf("the key material comes from here: %s", ff.src.label)}},
		}
		f.Flow = append(f.Flow, Related{Range: ff.src.rng, Message: ff.src.label})
		for _, h := range ff.path {
			f.Flow = append(f.Flow, Related{Range: h.Range, Message: h.Label})
		}
		p.Report(f)
	}
}
