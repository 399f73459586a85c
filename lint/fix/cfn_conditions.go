package fix

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// deleteUnusedConditions deletes, from the YAML templates the fixes
// changed, the conditions that only deleted lines used: a fix that takes
// an !If [WithoutKey, ...] out of a function's environment must not leave
// WithoutKey behind (cfn-lint W8001: a condition nothing uses). A
// condition used only by one deleted this way goes too, and the
// Conditions section when it is left empty. A condition the template
// never used is not the fix's to delete. JSON templates have no line
// edits of this kind yet.
func (w *workspace) deleteUnusedConditions() {
	for path, fs := range w.files {
		if fs.err != nil || len(fs.lineEdits) == 0 || strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".json") {
			continue
		}
		var before yaml.Node
		if yaml.Unmarshal(fs.old, &before) != nil {
			continue
		}
		usedBefore := conditionUses(&before)
		for { // until nothing more goes: one deletion may free another
			var after yaml.Node
			if yaml.Unmarshal(applyLineEdits(fs.old, append([]Edit(nil), fs.lineEdits...)), &after) != nil {
				break
			}
			usedAfter := conditionUses(&after)
			defs, section := conditionDefs(&before)
			starts := lineStarts(fs.old)
			deleted, left := false, 0
			for i, d := range defs {
				if usedBefore[d.name] == 0 || usedAfter[d.name] > 0 || fs.deletes(starts, d.line) {
					if !fs.deletes(starts, d.line) {
						left++
					}
					continue
				}
				end := d.last
				if i+1 < len(defs) {
					end = defs[i+1].line - 1
				}
				fs.lineEdits = append(fs.lineEdits, Edit{Start: starts[d.line-1], End: starts[min(end, len(starts)-1)]})
				deleted = true
			}
			if !deleted {
				if left == 0 && section > 0 && len(defs) > 0 && !fs.deletes(starts, section) {
					fs.lineEdits = append(fs.lineEdits, Edit{Start: starts[section-1], End: starts[section]})
				}
				break
			}
		}
	}
}

// deletes reports whether the line edits delete line n (1-based).
func (fs *fileState) deletes(starts []int, n int) bool {
	if n < 1 || n >= len(starts) {
		return false
	}
	for _, e := range fs.lineEdits {
		if e.New == "" && e.Start <= starts[n-1] && starts[n] <= e.End && e.End > e.Start {
			return true
		}
	}
	return false
}

type conditionDef struct {
	name       string
	line, last int // the entry's first line, and the last line of its value
}

// conditionDefs lists the entries of the template's Conditions section in
// order, and the line of the section's key (0 when there is none).
func conditionDefs(doc *yaml.Node) ([]conditionDef, int) {
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, 0
	}
	top := doc.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value != "Conditions" || top.Content[i+1].Kind != yaml.MappingNode {
			continue
		}
		m := top.Content[i+1]
		var defs []conditionDef
		for j := 0; j+1 < len(m.Content); j += 2 {
			defs = append(defs, conditionDef{name: m.Content[j].Value, line: m.Content[j].Line, last: lastLine(m.Content[j+1])})
		}
		return defs, top.Content[i].Line
	}
	return nil, 0
}

func lastLine(n *yaml.Node) int {
	last := n.Line
	for _, c := range n.Content {
		last = max(last, lastLine(c))
	}
	return last
}

// conditionUses counts the uses of each condition: a resource's or
// output's Condition, the first argument of Fn::If, and Condition inside
// Fn::And, Fn::Or, Fn::Not (the short forms !If and !Condition too).
func conditionUses(n *yaml.Node) map[string]int {
	uses := map[string]int{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch {
		case n.Kind == yaml.ScalarNode && n.Tag == "!Condition":
			uses[n.Value]++
		case n.Kind == yaml.SequenceNode && n.Tag == "!If" && len(n.Content) > 0 && n.Content[0].Kind == yaml.ScalarNode:
			uses[n.Content[0].Value]++
		case n.Kind == yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				switch {
				case k.Value == "Condition" && v.Kind == yaml.ScalarNode:
					uses[v.Value]++
				case k.Value == "Fn::If" && v.Kind == yaml.SequenceNode && len(v.Content) > 0 && v.Content[0].Kind == yaml.ScalarNode:
					uses[v.Content[0].Value]++
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	return uses
}
