package terraform

import "slices"

// Sinks are the resource types the credential flow reads as sinks, for
// SelectBlocks; the rules own the table.
type Sinks struct {
	Types map[string]bool
	All   bool // a sink matches any type: every block may be one
}

func (s Sinks) holds(kind string) bool {
	return s.All || kind == "output" || kind == "provisioner" || s.Types[kind]
}

// SelectBlocks decides which blocks of one module directory's files Parse
// reads. It keeps:
//
//   - seeds: blocks a rule reads directly (see seedTokens);
//
//   - the flow forward from every possible source of key material: any
//     block that refers to a name a kept source (or a block already kept
//     this way) declares, so that every sink a key can reach is read;
//
//   - backward, every block a kept block refers to, so that its values
//     evaluate as they would with the whole directory.
//
//   - the sinks a call of a module from outside the tree reaches (it may
//     output a key, and the flow notes that it was not followed).
//
// A directory holding a file that cannot be followed by names is read
// whole. Directories joined by local module calls are the caller's
// business: it passes them with NeedAll.
func SelectBlocks(files []*Sketch, sinks Sinks) {
	for _, f := range files {
		if f.dirWhole {
			for _, g := range files {
				g.whole = true
			}
			return
		}
	}
	type at struct{ file, unit int }
	get := func(r at) *unit { return &files[r.file].units[r.unit] }
	declared := map[string][]at{}
	var kept, sources, modules []at
	keep := func(r at) {
		if u := get(r); !u.need {
			u.need = true
			kept = append(kept, r)
		}
	}
	for fi, f := range files {
		for ui := range f.units {
			r := at{fi, ui}
			u := get(r)
			for _, n := range u.names {
				declared[n] = append(declared[n], r)
			}
			if f.whole || u.seed {
				keep(r)
			}
			if u.source {
				sources = append(sources, r)
			}
			if u.module {
				modules = append(modules, r)
			}
		}
	}
	refs := func(r at) []string {
		u := get(r)
		if !u.refsDone {
			u.refs, u.refsDone = references(files[r.file].src[u.start:u.end]), true
		}
		return u.refs
	}

	var users map[string][]at
	// forward keeps, of what the starts reach by references, the units
	// keepIf accepts.
	forward := func(starts []at, keepIf func(*unit) bool) {
		if len(starts) == 0 {
			return
		}
		if users == nil {
			users = map[string][]at{}
			for fi, f := range files {
				for ui := range f.units {
					for _, n := range refs(at{fi, ui}) {
						users[n] = append(users[n], at{fi, ui})
					}
				}
			}
		}
		reached := map[at]bool{}
		queue := slices.Clone(starts)
		for _, r := range queue {
			reached[r] = true
		}
		for len(queue) > 0 {
			r := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			if keepIf(get(r)) {
				keep(r)
			}
			for _, n := range get(r).names {
				if get(r).module {
					n += secretOutput // its users that read what may be a key
				}
				for _, user := range users[n] {
					if !reached[user] {
						reached[user] = true
						queue = append(queue, user)
					}
				}
			}
		}
	}
	forward(sources, func(*unit) bool { return true })
	forward(modules, func(u *unit) bool { return !u.module && sinks.holds(u.sink) })

	for len(kept) > 0 {
		r := kept[len(kept)-1]
		kept = kept[:len(kept)-1]
		for _, n := range refs(r) {
			for _, d := range declared[n] {
				keep(d)
			}
		}
	}
	for _, f := range files {
		for _, u := range f.units {
			if u.need {
				f.blocks[u.block].need = true
			}
		}
	}
}
