package iackeys

import "math/bits"

// A kind says what a value holds of an access key.
type kind uint8

const (
	handle kind = iota // the key resource itself, whose fields and methods give its material
	keyID              // the access key ID
	secret             // the secret access key
	numKinds
)

// taint is a set of (source, kind) pairs: which access keys a value holds,
// and what of them. Bit src*numKinds+kind is set for each pair. The zero
// value is the empty set, and no operation modifies its operands.
type taint []uint64

func bit(src int, k kind) (word int, mask uint64) {
	b := src*int(numKinds) + int(k)
	return b / 64, 1 << (b % 64)
}

// of returns the set holding only (src, k).
func of(src int, k kind) taint {
	w, m := bit(src, k)
	t := make(taint, w+1)
	t[w] = m
	return t
}

func (t taint) empty() bool {
	for _, w := range t {
		if w != 0 {
			return false
		}
	}
	return true
}

func (t taint) has(src int, k kind) bool {
	w, m := bit(src, k)
	return w < len(t) && t[w]&m != 0
}

// hasSource reports whether t holds anything of key src.
func (t taint) hasSource(src int) bool {
	for k := kind(0); k < numKinds; k++ {
		if t.has(src, k) {
			return true
		}
	}
	return false
}

// union returns t ∪ u.
func (t taint) union(u taint) taint {
	if u.empty() {
		return t
	}
	if t.empty() {
		return u
	}
	out := make(taint, max(len(t), len(u)))
	copy(out, t)
	for i, w := range u {
		out[i] |= w
	}
	return out
}

// subsetOf reports whether every pair of t is in u.
func (t taint) subsetOf(u taint) bool {
	for i, w := range t {
		var uw uint64
		if i < len(u) {
			uw = u[i]
		}
		if w&^uw != 0 {
			return false
		}
	}
	return true
}

// each calls f for every pair of t, in order.
func (t taint) each(f func(src int, k kind)) {
	for i, w := range t {
		for w != 0 {
			b := i*64 + bits.TrailingZeros64(w)
			w &= w - 1
			f(b/int(numKinds), kind(b%int(numKinds)))
		}
	}
}

// filter returns the pairs of t whose kind passes keep.
func (t taint) filter(keep func(kind) bool) taint {
	var out taint
	t.each(func(src int, k kind) {
		if keep(k) {
			out = out.union(of(src, k))
		}
	})
	return out
}

// material drops the key handles: what is left is key material.
func (t taint) material() taint { return t.filter(func(k kind) bool { return k != handle }) }

// handles keeps only the key handles.
func (t taint) handles() taint { return t.filter(func(k kind) bool { return k == handle }) }

// as turns each handle of t into the material k of the same key.
func (t taint) as(k kind) taint {
	var out taint
	t.each(func(src int, kk kind) {
		if kk == handle {
			out = out.union(of(src, k))
		}
	})
	return out
}

// sources returns the keys t holds anything of, in order.
func (t taint) sources() []int {
	var out []int
	t.each(func(src int, _ kind) {
		if len(out) == 0 || out[len(out)-1] != src {
			out = append(out, src)
		}
	})
	return out
}
