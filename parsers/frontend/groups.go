package frontend

// DisjointSets joins items into groups (union-find): directories that call
// each other as modules, templates that nest each other.
type DisjointSets[T comparable] map[T]T

// Find returns the representative of x's group.
func (s DisjointSets[T]) Find(x T) T {
	p, ok := s[x]
	if !ok || p == x {
		s[x] = x
		return x
	}
	root := s.Find(p)
	s[x] = root
	return root
}

// Union joins the groups of a and b.
func (s DisjointSets[T]) Union(a, b T) { s[s.Find(a)] = s.Find(b) }

// Groups returns the groups of items, each in the order of items, the
// groups in the order of their first item.
func (s DisjointSets[T]) Groups(items []T) [][]T {
	index := map[T]int{}
	var out [][]T
	for _, x := range items {
		r := s.Find(x)
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
