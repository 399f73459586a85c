package rules

import (
	"fmt"
	"sort"
	"sync"

	"github.com/iamlint/iamlint/parsers/model"
)

// The credential flow analysis (docs/architecture.md "The credential flow") answers one
// question for IAM101-IAM105: which key material reaches which sink, and
// through what. Nodes are the addressable values of each module instance
// (locals, variables, module outputs); an edge is a reference from a value
// to the node it reads. Reachability is computed backwards from each sink,
// memoized per node and field, so every node is evaluated once per
// instance: time is linear in the size of the graph.
//
// The analysis knows no language: how references read is Ref.Kind, and
// what differs between front-ends is data they set on the model or rows of
// the tables. flow_graph.go expands the module instances, flow_eval.go
// follows references, flow_sources.go and flow_tables.go say where key
// material comes from, flow_sinks.go and flow_match.go where it must not
// go.

// source is where key material comes from.
type source struct {
	id    string // identity, for one finding per (sink, source)
	label string // `access key "aws_iam_access_key.deploy"`
	rng   model.Range
	key   *model.Resource // the access key, nil for a literal or a name
	part  keyPart
}

// taint is one way a value carries key material: a chain of hops ending at
// the source. Chains share their tails, so memoized results cost nothing
// to extend.
type taint struct {
	src     *source
	hop     *model.Hop // nil for a step that adds nothing to show
	next    *taint
	carrier bool      // hop is the reference in the sink's own expression
	store   storeRead // the step names a store or reads one back (flow_stores.go)
}

// flowFinding is a key reaching a sink.
type flowFinding struct {
	sink    sink
	owner   *model.Resource // the resource or output holding the sink
	address string
	carrier model.Range // where the key material is in the sink
	src     *source
	path    []model.Hop // source first
}

// flows is the analysis of one project, computed once and shared by the
// rules that need it.
type flows struct {
	once    sync.Once
	project *model.Project
	sinks   []sink // the sink table with the configured sinks; nil means the built-in one
	found   []flowFinding
	covered map[*model.Resource]bool // keys that reach a sink
	memo    map[nodeKey][]*taint
	busy    map[nodeKey]bool
	indexes map[*model.Module]*moduleIndex
	// byFile finds the instance of a module that is one file (a
	// template) by its file: a nested stack's parameter is written in its
	// parent, and a link names the module that defines an output.
	byFile map[string]*instance
	// each is the for_each of the block being evaluated: each.key and
	// each.value read it. Locals and outputs cannot use each, so one
	// scope at a time is enough.
	each *eachScope
	// iterators are the dynamic blocks around the value being evaluated,
	// innermost last.
	iterators []iterator
	// smtpKeys are the keys read only as SES SMTP credentials anywhere.
	smtpKeys   map[*model.Resource]bool
	literals   map[string]*source
	all        []*instance // every module instance, for the stores named in text
	storeMemo  map[storeKey][]*taint
	storeNames *[]namedStore // nil until first needed
	writers    map[*model.Module]map[string][]*model.Resource
	notes      []model.Diagnostic
	noted      map[*model.Resource]bool
	unfollowed []*model.Resource // module calls not in the scan whose outputs a sink reads
}

// analyze runs the analysis on first use.
func (f *flows) analyze() {
	f.once.Do(func() {
		f.memo = map[nodeKey][]*taint{}
		f.busy = map[nodeKey]bool{}
		f.indexes = map[*model.Module]*moduleIndex{}
		f.literals = map[string]*source{}
		f.noted = map[*model.Resource]bool{}
		f.covered = map[*model.Resource]bool{}
		f.smtpKeys = smtpOnlyKeys(f.project)
		all, limits := instances(f.project)
		f.notes = append(f.notes, limits...)
		f.all = all
		f.storeMemo = map[storeKey][]*taint{}
		f.writers = map[*model.Module]map[string][]*model.Resource{}
		f.byFile = map[string]*instance{}
		for _, in := range all {
			if in.mod.File != "" {
				f.byFile[in.mod.File] = in
			}
		}
		for _, in := range all {
			f.sinksOf(in)
		}
		f.found = dedupeFlows(f.found)
		f.moduleNotes()
		for _, ff := range f.found {
			if ff.src.key != nil {
				f.covered[ff.src.key] = true
			}
		}
	})
}

// notFollowed notes, once per call, that a module whose outputs a value
// reads is not in the scan: a registry or git module that terraform init
// has not installed, or a local one outside the scanned tree.
func (f *flows) notFollowed(in *instance, call string) {
	r := f.index(in.mod).call(in.mod, call)
	if r == nil || f.noted[r] {
		return
	}
	f.noted[r] = true
	f.unfollowed = append(f.unfollowed, r)
}

// maxModuleNotes is how many modules not in the scan are noted one by one;
// past it, one note sums them up: a monorepo of registry modules without
// terraform init would otherwise drown the report.
const maxModuleNotes = 5

// moduleNotes turns the modules not followed into notes.
func (f *flows) moduleNotes() {
	sort.Slice(f.unfollowed, func(i, j int) bool { return f.unfollowed[i].Range.Less(f.unfollowed[j].Range) })
	const detail = "Run terraform init so that .terraform/modules/modules.json lists them, or scan their directories too."
	for _, r := range f.unfollowed {
		src, _ := r.Attr("source").AsString()
		if len(f.unfollowed) > maxModuleNotes {
			f.notes = append(f.notes, model.Diagnostic{
				Severity: model.Note,
				Summary: fmt.Sprintf("%d module calls whose outputs reach sinks are not in the scan (%s, source %s, and others), so what flows through them is not followed",
					len(f.unfollowed), quote(r.Address), src),
				Detail: detail,
				Range:  r.Range,
			})
			return
		}
		f.notes = append(f.notes, model.Diagnostic{
			Severity: model.Note,
			Summary:  fmt.Sprintf("module %s (%s) is not in the scan, so what flows through its outputs is not followed", quote(r.Name), src),
			Detail:   detail,
			Range:    r.Range,
		})
	}
}

// dedupeTaints keeps the first way each source arrives; an env entry named
// like a key is dropped when real key material already arrives there.
func dedupeTaints(ts []*taint) []*taint {
	seen := map[string]bool{}
	var out []*taint
	for _, t := range ts {
		id := t.src.id
		if t.src.key != nil {
			id = fmt.Sprintf("%s\x00%d", id, t.src.part)
		}
		if readsStoreByName(t) {
			id += "\x00by name" // kept apart: only some sinks read a store they name
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, t)
		}
	}
	return out
}

// dedupeFlows keeps one finding per (rule, sink, source), however many
// instances of a module or parts of a key (ID and secret) lead there,
// preferring the secret as the carrier to show.
func dedupeFlows(fs []flowFinding) []flowFinding {
	type id struct {
		rule, sink, src string
	}
	best := map[id]int{}
	var out []flowFinding
	for _, ff := range fs {
		sinkID := ff.address + "\x00" + ff.sink.what
		if ff.owner != nil {
			sinkID += fmt.Sprint(ff.owner.Range)
		}
		k := id{ff.sink.rule, sinkID, ff.src.id}
		if i, ok := best[k]; ok {
			if ff.src.part == partSecret && out[i].src.part != partSecret {
				out[i] = ff
			}
			continue
		}
		best[k] = len(out)
		out = append(out, ff)
	}
	return out
}
