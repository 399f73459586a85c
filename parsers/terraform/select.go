package terraform

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// Seeds are what the rules read, as the selection needs it: the blocks a
// rule reads directly and the flows it follows. The rules own it (a
// model.Seeds built from their declarations, see NewSeeds); the selection
// only knows how each kind of read shows in the text. The zero value
// keeps only calls of local modules.
type Seeds struct {
	Types map[string]bool // resource types rules read by type
	Data  map[string]bool // data source types rules read
	// Providers and Backends are the lower-cased attribute names rules
	// read of provider and backend blocks, by provider or backend type: a
	// provider block, or a terraform block with a backend, of one of those
	// types and naming one of them is kept. Other providers (github,
	// kubernetes) configure nothing a rule reads.
	Providers, Backends map[string][][]byte
	Policies            bool // policy documents, wherever they are
	// ResourcePolicies: rules read the policies of resources that hold
	// only resource policies (bucket, queue, key policies), not only
	// identity and trust policies. Without it such a block is not kept
	// for its policy words alone.
	ResourcePolicies bool
	Literals         bool // free text: key-ID literals anywhere in a file
	Flow             bool // key material from its sources to the sinks
	Sinks            Sinks
	// Stores are the types of blocks that keep a value workloads read
	// back by name; Writers those that write into the store they refer
	// to. A key reaching either reaches what reads the store.
	Stores, Writers map[string]bool
}

// Sinks are the resource types the credential flow reads as sinks.
type Sinks struct {
	Types map[string]bool
	All   bool // a sink matches any type: every block may be one
}

// NewSeeds makes Seeds of what the rules declare (rules.Seeds).
func NewSeeds(s model.Seeds) Seeds {
	out := Seeds{
		Types:            set(s.Types),
		Data:             set(s.Data),
		Policies:         s.Policies,
		ResourcePolicies: s.ResourcePolicies,
		Literals:         s.Literals,
		Flow:             s.Flow,
		Sinks:            Sinks{Types: set(s.SinkTypes), All: s.AnySink},
		Stores:           set(s.StoreTypes),
		Writers:          set(s.WriterTypes),
	}
	for _, set := range s.Settings {
		byType := &out.Providers
		if set.Mode == model.Backend {
			byType = &out.Backends
		}
		if *byType == nil {
			*byType = map[string][][]byte{}
		}
		for _, a := range set.Attrs {
			(*byType)[set.Type] = append((*byType)[set.Type], []byte(strings.ToLower(a)))
		}
	}
	return out
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, x := range list {
		m[x] = true
	}
	return m
}

// holds tells whether key material may land in the unit: an output, a
// provisioner, or a resource of a sink type.
func (s Sinks) holds(u *unit) bool {
	return s.All || u.kind == outputBlock || u.provisioner || u.kind == resourceBlock && s.Types[u.typ]
}

// seed tells whether a rule reads the unit directly. trust says the
// module tree may assume roles (see Sketch.assumes).
func (s *Seeds) seed(f *Sketch, u *unit, trust bool) bool {
	switch {
	case s.Flow && u.source, (s.Policies || s.Literals || s.Flow) && u.file:
		return true
	case s.Policies && u.policy && s.policySeed(u, trust):
		return true
	case u.kind == resourceBlock:
		return s.Types[u.typ]
	case u.kind == dataBlock:
		return s.Data[u.typ]
	case u.kind == providerBlock:
		return namesOneOf(f.src[u.start:u.end], s.Providers[u.typ])
	case u.kind == backendBlock:
		return namesOneOf(f.src[u.start:u.end], s.Backends[u.typ])
	}
	return false
}

// policySeed tells whether a unit with policy words is read for them.
//   - A resource that holds only resource policies (a queue's, a
//     bucket's) is not, unless a rule reads those.
//   - A policy document data source is read for itself only for the
//     accounts its resources name (the code's own accounts, against which
//     a role's trust is judged), and scopes never span module trees: in a
//     tree with no role trust it is read only when a kept block refers to
//     it, as an attached policy.
func (s *Seeds) policySeed(u *unit, trust bool) bool {
	switch u.kind {
	case resourceBlock:
		return s.ResourcePolicies || !resourcePoliciesOnly[u.typ]
	case dataBlock:
		return trust || u.typ != policyDocType
	}
	return true
}

// namesOneOf reports whether text holds one of the lower-cased words, in
// any case.
func namesOneOf(text []byte, words [][]byte) bool {
	for _, w := range words {
		if containsFold(text, w) {
			return true
		}
	}
	return false
}

// containsFold reports whether text holds word, a lower-cased ASCII word,
// in any case: a provider block is searched where it lies, not copied.
func containsFold(text, word []byte) bool {
	if len(word) == 0 {
		return true
	}
	first, upper := word[0], word[0]
	if 'a' <= first && first <= 'z' {
		upper -= 'a' - 'A'
	}
	for i := 0; i+len(word) <= len(text); i++ {
		if c := text[i]; c != first && c != upper {
			continue
		}
		if bytes.EqualFold(text[i:i+len(word)], word) {
			return true
		}
	}
	return false
}

// SelectBlocks decides which blocks of one module directory's files Parse
// reads. It keeps:
//
//   - seeds: blocks a rule reads directly (see Seeds and relevance), and
//     calls of local modules (they make the callee a non-root module);
//   - when a rule follows the flow, the flow forward from every possible
//     source of key material: any block that refers to a name a kept
//     source (or a block already kept this way) declares, so that every
//     sink a key can reach is read;
//   - the sinks a call of a module from outside the tree reaches through
//     an output named like a key (the flow notes it was not followed);
//   - backward, every block a kept block refers to, so that its values
//     evaluate as they would with the whole directory.
//
// A directory holding a file that cannot be followed by names is read
// whole.
func SelectBlocks(files []*Sketch, seeds Seeds) {
	SelectModules(map[string][]*Sketch{"": files}, seeds)
}

// SelectModules is SelectBlocks for module directories that call each
// other by local paths, keyed by directory as the calls resolve
// (filepath.Join of the caller's directory and the source). Values cross
// calls both ways: a key passed to a module makes its variables sources,
// a key reaching a module's output makes the call one, and an output the
// caller reads is kept with what it refers to. A call whose directory is
// not among dirs is a module from outside the scan.
func SelectModules(dirs map[string][]*Sketch, seeds Seeds) {
	s := &selection{seeds: seeds, dirs: map[string]*dirSelection{}}
	whole := false
	for dir, files := range dirs {
		d := &dirSelection{dir: dir, files: files}
		s.dirs[dir] = d
		for _, f := range files {
			whole = whole || f.dirWhole || f.keyVars && seeds.Flow
			if f.keyIDs && seeds.Literals {
				f.whole = true
			}
		}
	}
	for _, files := range dirs {
		for _, f := range files {
			s.trust = s.trust || f.assumes
		}
	}
	if whole {
		for _, files := range dirs {
			for _, f := range files {
				f.whole = true
			}
		}
		return
	}
	for _, d := range s.dirs {
		s.index(d)
	}
	// Cross calls until nothing changes; each pass only adds marks.
	for changed := true; changed; {
		changed = false
		for _, d := range s.dirs {
			d.backward(s.seeds.Sinks.All)
		}
		for _, c := range s.calls {
			changed = s.cross(c) || changed
		}
		changed = s.storeNames() || changed
	}
	for _, d := range s.dirs {
		for _, f := range d.files {
			for _, u := range f.units {
				if u.need {
					f.blocks[u.block].need = true
				}
			}
		}
	}
}

type selection struct {
	seeds Seeds
	// trust: a file of the tree may assume a role or trust one
	// (Sketch.assumes).
	trust bool
	dirs  map[string]*dirSelection
	calls []call
}

// call is a module block calling a module directory of the selection.
type call struct {
	caller *dirSelection
	at     at
	name   string // the module block's label
	callee *dirSelection
}

type at struct{ file, unit int }

type dirSelection struct {
	dir      string
	files    []*Sketch
	declared map[string][]at
	users    map[string][]at // built when a forward walk first needs it
	queue    []at            // kept units whose references are not yet followed
}

func (d *dirSelection) get(r at) *unit { return &d.files[r.file].units[r.unit] }

func (d *dirSelection) keep(r at) bool {
	u := d.get(r)
	if u.need {
		return false
	}
	u.need = true
	d.queue = append(d.queue, r)
	return true
}

func (d *dirSelection) refs(r at) []string {
	u := d.get(r)
	if !u.refsDone {
		u.refs, u.refsDone = references(d.files[r.file].src[u.start:u.end]), true
	}
	return u.refs
}

// needs returns what a kept unit needs evaluated: what it refers to, or,
// for a call of a module from outside the tree, which the flow cannot
// enter (a directory whose modules terraform init installed is read
// whole), what its meta-arguments refer to. The rest of such a call's arguments is parsed and evaluated
// with what the selection keeps anyway: nothing reads their values, and
// what they refer to (the variables of a monorepo's namespaces) would
// otherwise be a tenth of what is parsed.
func (d *dirSelection) needs(r at, anySink bool) []string {
	u, f := d.get(r), d.files[r.file]
	if !u.module || anySink {
		return d.refs(r)
	}
	if !u.metaDone {
		for _, m := range u.meta {
			u.metaRefs = append(u.metaRefs, references(f.src[m[0]:m[1]])...)
		}
		u.metaDone = true
	}
	return u.metaRefs
}

// index declares every unit's names, resolves local calls, keeps the
// seeds and walks forward from the sources.
func (s *selection) index(d *dirSelection) {
	d.declared = map[string][]at{}
	var sources, modules, twice []at
	for fi, f := range d.files {
		for ui := range f.units {
			r := at{fi, ui}
			u := d.get(r)
			for _, n := range u.names {
				if len(d.declared[n]) > 0 && declaresAddress(u) {
					twice = append(twice, d.declared[n][0], r)
				}
				d.declared[n] = append(d.declared[n], r)
			}
			if u.local != "" {
				target := s.dirs[filepath.Join(d.dir, filepath.FromSlash(u.local))]
				if target == nil {
					u.module = true // a local path outside the scan
				} else {
					s.calls = append(s.calls, call{caller: d, at: r, name: strings.TrimPrefix(u.names[0], "module."), callee: target})
					u.seed = true
				}
			}
			u.seed = u.seed || s.seeds.seed(f, u, s.trust)
			if f.whole || u.seed {
				d.keep(r)
			}
			if u.source && s.seeds.Flow {
				sources = append(sources, r)
			}
			if u.module && s.seeds.Flow {
				modules = append(modules, r)
			}
		}
	}
	// An address declared twice is an error the build reports (Terraform
	// rejects it): both declarations are kept so that it is reported
	// whatever the selection. Real configurations have none.
	for _, r := range twice {
		d.keep(r)
	}
	// A provider or backend that takes its credentials from inputs makes
	// those inputs key material, whatever their names (var.access): the
	// flow follows them from their declarations.
	for _, r := range sources {
		if k := d.get(r).kind; k != providerBlock && k != backendBlock {
			continue
		}
		for _, n := range d.refs(r) {
			if strings.HasPrefix(n, "var.") {
				sources = append(sources, d.declared[n]...)
			}
		}
	}
	s.forwardKey(d, sources)
	s.forwardModule(d, modules, secretOutput)
}

// declaresAddress: the unit is a resource, data or module block, whose
// address must be unique in its module.
func declaresAddress(u *unit) bool {
	return u.kind == resourceBlock || u.kind == dataBlock || len(u.names) == 1 && strings.HasPrefix(u.names[0], "module.")
}

// forwardKey marks and keeps what the starts reach by references: a key
// may land anywhere they flow. It returns whether it marked anything.
func (s *selection) forwardKey(d *dirSelection, starts []at, names ...string) bool {
	reached := d.forward(starts, names, func(u *unit) *bool { return &u.keyReached }, func(*unit) bool { return true }, "")
	// A key written into a store reaches the store a writer refers to
	// (storeNames, across directories, reaches the blocks that spell a
	// store's name). Each round only adds marks, so this ends.
	for more := reached; more; {
		more = d.forward(s.storeReaders(d), nil, func(u *unit) *bool { return &u.keyReached }, func(*unit) bool { return true }, "")
	}
	return reached
}

// storeReaders are the units a key written into a store reaches besides
// the users of the store's address: the store a reached writer refers to
// (a secret version's secret). It lists each once per directory.
func (s *selection) storeReaders(d *dirSelection) []at {
	var out []at
	for fi, f := range d.files {
		for ui := range f.units {
			r := at{fi, ui}
			u := d.get(r)
			if !u.keyReached || u.writerDone || u.kind != resourceBlock || !s.seeds.Writers[u.typ] {
				continue
			}
			u.writerDone = true
			for _, n := range d.refs(r) {
				out = append(out, d.declared[n]...)
			}
		}
	}
	return out
}

// storeNames makes a key reached by a store with a literal name reach
// the units, in any directory of the selection, that spell the name (a
// workload that reads the store back by name). It returns whether it
// reached anything new.
func (s *selection) storeNames() bool {
	var names [][]byte
	for _, d := range s.dirs {
		for _, f := range d.files {
			for ui := range f.units {
				u := &f.units[ui]
				if !u.keyReached || u.storeDone || u.kind != resourceBlock || !s.seeds.Stores[u.typ] {
					continue
				}
				u.storeDone = true
				if name := storeName(f.src[u.start:u.end]); name != nil {
					names = append(names, name)
				}
			}
		}
	}
	if len(names) == 0 {
		return false
	}
	changed := false
	for _, d := range s.dirs {
		var readers []at
		for fi, f := range d.files {
			for ui, u := range f.units {
				if u.keyReached {
					continue
				}
				for _, name := range names {
					if bytes.Contains(f.src[u.start:u.end], name) {
						readers = append(readers, at{fi, ui})
						break
					}
				}
			}
		}
		changed = s.forwardKey(d, readers) || changed
	}
	return changed
}

// storeNamePattern finds a store's literal name: name = "/app/key".
var storeNamePattern = regexp.MustCompile(`(?:^|[\s{;,])name\s*=\s*"([^"$%]{6,})"`)

func storeName(block []byte) []byte {
	if m := storeNamePattern.FindSubmatch(block); m != nil {
		return m[1]
	}
	return nil
}

// forwardModule marks what the starts reach and keeps the sinks among it:
// an output of a module outside the scan named like a key may land there.
func (s *selection) forwardModule(d *dirSelection, starts []at, suffix string, names ...string) bool {
	return d.forward(starts, names, func(u *unit) *bool { return &u.moduleReached }, func(u *unit) bool { return u.local == "" && !u.module && s.seeds.Sinks.holds(u) }, suffix)
}

// forward walks from starts, and from the users of names, to the units
// that refer to what a reached unit declares. mark selects the flag of the
// walk; keepIf which reached units to keep. A start that is a call of a
// module outside the scan reaches its users through its name plus suffix
// (see secretOutput). It returns whether it reached anything new.
func (d *dirSelection) forward(starts []at, names []string, mark func(*unit) *bool, keepIf func(*unit) bool, suffix string) bool {
	d.indexUsers()
	var queue []at
	for _, n := range names {
		starts = append(starts, d.users[n]...)
	}
	for _, r := range starts {
		if m := mark(d.get(r)); !*m {
			*m = true
			queue = append(queue, r)
		}
	}
	if len(queue) == 0 {
		return false
	}
	for len(queue) > 0 {
		r := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		u := d.get(r)
		if keepIf(u) {
			d.keep(r)
		}
		for _, n := range u.names {
			if u.module {
				n += suffix
			}
			for _, user := range d.users[n] {
				if m := mark(d.get(user)); !*m {
					*m = true
					queue = append(queue, user)
				}
			}
		}
	}
	return true
}

// indexUsers finds, once, the units that refer to each name.
func (d *dirSelection) indexUsers() {
	if d.users != nil {
		return
	}
	d.users = map[string][]at{}
	for fi, f := range d.files {
		for ui := range f.units {
			for _, n := range d.refs(at{fi, ui}) {
				d.users[n] = append(d.users[n], at{fi, ui})
			}
		}
	}
}

// backward keeps everything the kept units refer to in the directory.
func (d *dirSelection) backward(anySink bool) {
	for len(d.queue) > 0 {
		r := d.queue[len(d.queue)-1]
		d.queue = d.queue[:len(d.queue)-1]
		for _, n := range d.needs(r, anySink) {
			for _, decl := range d.declared[n] {
				d.keep(decl)
			}
		}
	}
}

// cross carries the marks of one call between caller and callee.
func (s *selection) cross(c call) bool {
	changed := false
	block := c.caller.get(c.at)
	// Into the module: a value reaching the call reaches its variables.
	variables := c.callee.unitsNamed("var.")
	if block.keyReached {
		changed = s.forwardKey(c.callee, variables) || changed
	}
	if block.moduleReached {
		changed = s.forwardModule(c.callee, variables, "") || changed
	}
	// Out of the module: an output a value reaches makes the call's users
	// reached; an output the caller reads is kept.
	outputs := c.callee.unitsNamed("output.")
	for _, r := range outputs {
		u := c.callee.get(r)
		if u.keyReached {
			changed = s.forwardKey(c.caller, nil, "module."+c.name) || changed
		}
		if u.moduleReached {
			changed = s.forwardModule(c.caller, nil, "", "module."+c.name) || changed
		}
	}
	read, readAll := map[string]bool{}, false
	for fi, f := range c.caller.files {
		for ui, u := range f.units {
			if !u.need {
				continue
			}
			whole := false
			for _, n := range c.caller.refs(at{fi, ui}) {
				if out, ok := strings.CutPrefix(n, "module."+c.name+"."); ok {
					read["output."+out] = true
					whole = false
				} else if n == "module."+c.name {
					whole = true // the module as a value, unless an output follows
				}
			}
			readAll = readAll || whole
		}
	}
	for _, r := range outputs {
		if readAll || read[c.callee.get(r).names[0]] {
			changed = c.callee.keep(r) || changed
		}
	}
	return changed
}

func (d *dirSelection) unitsNamed(prefix string) []at {
	var out []at
	for fi, f := range d.files {
		for ui, u := range f.units {
			if len(u.names) > 0 && strings.HasPrefix(u.names[0], prefix) {
				out = append(out, at{fi, ui})
			}
		}
	}
	return out
}
