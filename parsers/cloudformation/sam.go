package cloudformation

import (
	"slices"

	"github.com/iamlint/iamlint/parsers/model"
)

// mergeGlobals applies a SAM Globals section to a resource's properties the
// way the SAM transform does: a property the resource sets wins, maps are
// merged key by key, lists are concatenated with the global entries first.
// Merged values keep the ranges of the Globals section, so a finding about
// a global setting points there. Values are never modified: both may be
// shared with other resources.
func mergeGlobals(local, global *model.Value) *model.Value {
	switch {
	case local == nil:
		return global
	case local.Kind == model.Object && global.Kind == model.Object:
		out := *local
		out.Attrs = slices.Clone(local.Attrs)
		for _, g := range global.Attrs {
			i := slices.IndexFunc(out.Attrs, func(a *model.Attr) bool { return a.Name == g.Name })
			if i < 0 {
				out.Attrs = append(out.Attrs, g)
				continue
			}
			merged := *out.Attrs[i]
			merged.Value = mergeGlobals(merged.Value, g.Value)
			out.Attrs[i] = &merged
		}
		return &out
	case local.Kind == model.List && global.Kind == model.List:
		out := *local
		out.Elems = append(slices.Clone(global.Elems), local.Elems...)
		return &out
	}
	return local
}
