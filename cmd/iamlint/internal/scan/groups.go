package scan

// disjointSets joins items into groups (union-find): directories that call
// each other as modules, templates that nest each other.
type disjointSets[T comparable] map[T]T

func (s disjointSets[T]) find(x T) T {
	p, ok := s[x]
	if !ok || p == x {
		s[x] = x
		return x
	}
	root := s.find(p)
	s[x] = root
	return root
}

func (s disjointSets[T]) union(a, b T) { s[s.find(a)] = s.find(b) }

// groups returns the groups of items, each in the order of items, the
// groups in the order of their first item.
func (s disjointSets[T]) groups(items []T) [][]T {
	index := map[T]int{}
	var out [][]T
	for _, x := range items {
		r := s.find(x)
		i, ok := index[r]
		if !ok {
			i = len(out)
			index[r] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], x)
	}
	return out
}
