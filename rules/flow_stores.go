package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// Stores and read-backs: a key written to an SSM parameter or a Secrets
// Manager secret (IAM104 at the store) reaches whatever reads the store
// back. A workload names the store (an ECS secret's valueFrom, a CodeBuild
// PARAMETER_STORE variable, user data that fetches it) and gets the key
// when it runs: a reference to the store, or its name written out, carries
// what the store holds, with the store as a hop. Only where a workload
// runs (IAM101, IAM102) does naming a store mean reading it: a store's
// ARN in an output or in another store is only a name. A data source that
// reads the store when the configuration is applied hands on the key
// itself, everywhere.

// storeRead says how a taint reaches a value through a store.
type storeRead uint8

const (
	notStored    storeRead = iota
	storeByName            // the store is named: only a workload that runs reads it
	storeReadOut           // the store was read: the value is the key itself
)

// readsStoreByName reports whether a taint reaches its value only as the
// name of a store: the outermost step through a store names it.
func readsStoreByName(t *taint) bool {
	for ; t != nil; t = t.next {
		if t.store != notStored {
			return t.store == storeByName
		}
	}
	return false
}

// readBackRules are the rules whose sinks run a workload, which reads a
// store it names.
var readBackRules = map[string]bool{"IAM101": true, "IAM102": true}

// storeOf returns the store row of a resource.
func storeOf(r *model.Resource) (store, bool) {
	for _, s := range stores {
		if s.mode == r.Mode && s.typ == r.Type {
			return s, true
		}
	}
	return store{}, false
}

// storeRef follows a reference to a store: an attribute that holds the
// value is the value; any other (its name, ARN, ID, a CloudFormation
// Ref) names the store.
func (f *flows) storeRef(in *instance, r *model.Resource, s store, field string) []*taint {
	if s.readBy != "" {
		// A data source reading a store: what the store it names holds.
		if field == "" || slices.Contains(s.holds, field) {
			return f.readOut(in, r, s)
		}
		return nil
	}
	if slices.Contains(s.holds, field) {
		return f.value(in, r.Attr(field))
	}
	return f.named(in, r, s)
}

// named is what a store holds, as read by naming it.
func (f *flows) named(in *instance, r *model.Resource, s store) []*taint {
	held := f.held(in, r, s)
	hop := &model.Hop{Label: fmt.Sprintf("stored in %s %s", s.what, quote(r.Address)), Range: r.Range}
	out := make([]*taint, len(held))
	for i, t := range held {
		out[i] = &taint{src: t.src, hop: hop, next: t, store: storeByName}
	}
	return out
}

// held is what a store holds: its own attributes and what the resources
// of its module that write into it (a secret's versions) write.
func (f *flows) held(in *instance, r *model.Resource, s store) []*taint {
	key := storeKey{in, r}
	if t, ok := f.storeMemo[key]; ok {
		return t
	}
	f.storeMemo[key] = nil // a store written from itself holds nothing more
	var out []*taint
	for _, h := range s.holds {
		out = append(out, f.value(in, r.Attr(h))...)
	}
	for _, w := range f.writersOf(in.mod)[r.Address] {
		ws, _ := storeOf(w)
		for _, h := range ws.holds {
			out = append(out, f.value(in, w.Attr(h))...)
		}
	}
	out = dedupeTaints(out)
	f.storeMemo[key] = out
	return out
}

type storeKey struct {
	in *instance
	r  *model.Resource
}

// writersOf indexes, once per module, the resources that write into a
// store by the address of the store they name.
func (f *flows) writersOf(m *model.Module) map[string][]*model.Resource {
	if w, ok := f.writers[m]; ok {
		return w
	}
	w := map[string][]*model.Resource{}
	for _, r := range m.Resources {
		s, ok := storeOf(r)
		if !ok || s.writes == "" || r.Mode != model.Managed {
			continue
		}
		for _, ref := range r.Attr(s.writes).AllRefs() {
			if ref.Kind == model.RefResource {
				w[ref.Name] = append(w[ref.Name], r)
			}
		}
	}
	f.writers[m] = w
	return w
}

// readOut is what a data source reading a store gets: what the store it
// names holds, by reference or by name.
func (f *flows) readOut(in *instance, r *model.Resource, s store) []*taint {
	names := r.Attr(s.readBy)
	if names == nil {
		return nil
	}
	held := append(f.value(in, names), f.storesNamedIn(names)...)
	hop := &model.Hop{Label: fmt.Sprintf("read back by %s", r.Address), Range: r.Range}
	var out []*taint
	for _, t := range held {
		if readsStoreByName(t) {
			out = append(out, &taint{src: t.src, hop: hop, next: t, store: storeReadOut})
		}
	}
	return out
}

// namedStore is a store with a known name that holds key material.
type namedStore struct {
	name string
	in   *instance
	r    *model.Resource
	s    store
}

// storesNamedIn finds the stores of the scan that hold key material and
// whose name a string spells: `aws ssm get-parameter --name /app/key`, an
// ARN ending in parameter/app/key, a CloudFormation {{resolve:ssm:...}}.
// A dynamic reference resolves the store when the stack is deployed: the
// key itself.
func (f *flows) storesNamedIn(v *model.Value) []*taint {
	if v == nil {
		return nil
	}
	stores := f.namedStores()
	if len(stores) == 0 {
		return nil
	}
	var out []*taint
	v.Walk(func(x *model.Value) bool {
		text, ok := plainText(x)
		if !ok {
			return true
		}
		for i := range stores {
			ns := &stores[i]
			if !spells(text, ns.name) {
				continue
			}
			for _, t := range f.named(ns.in, ns.r, ns.s) {
				t = &taint{src: t.src, hop: &model.Hop{Label: fmt.Sprintf("the name %s", quote(ns.name)), Range: x.Range}, next: t, carrier: true, store: t.store}
				if strings.Contains(text, "{{resolve:") {
					t = &taint{src: t.src, hop: &model.Hop{Label: "a dynamic reference resolved at deployment", Range: x.Range}, next: t, store: storeReadOut}
				}
				out = append(out, t)
			}
		}
		return true
	})
	return out
}

// spells reports whether text holds name as a whole word: what surrounds
// it is not part of a longer name, except for the random suffix
// Secrets Manager adds to a secret's ARN (-AbC123).
func spells(text, name string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], name)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(name)
		from = start + 1
		// A name that starts with a slash starts a word wherever it is
		// (an ARN's parameter/app/key spells /app/key).
		if start > 0 && nameByte(text[start-1]) && text[start-1] != '/' && name[0] != '/' {
			continue
		}
		rest := text[end:]
		if len(rest) >= 7 && rest[0] == '-' && alnum(rest[1:7]) && (len(rest) == 7 || !nameByte(rest[7])) {
			return true
		}
		if rest == "" || !nameByte(rest[0]) {
			return true
		}
	}
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func nameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_-./", c) >= 0
}

// minStoreName is the shortest store name matched in text: a shorter one
// ("key", "db") is a word of any script.
const minStoreName = 6

// namedStores lists, once, the stores of the scan that hold key material
// and have a known name.
func (f *flows) namedStores() []namedStore {
	if f.storeNames != nil {
		return *f.storeNames
	}
	list := []namedStore{}
	f.storeNames = &list
	for _, in := range f.all {
		for _, r := range in.mod.Resources {
			s, ok := storeOf(r)
			if !ok || s.name == "" || r.Mode != model.Managed {
				continue
			}
			name, ok := r.Attr(s.name).AsString()
			if !ok || len(name) < minStoreName {
				continue
			}
			if len(f.held(in, r, s)) > 0 {
				list = append(list, namedStore{name: name, in: in, r: r, s: s})
			}
		}
	}
	f.storeNames = &list
	return list
}
