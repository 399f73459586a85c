package fix

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/iamlint/iamlint/parsers/model"
)

// JSON templates are edited the way YAML ones are, by lines, with two
// differences: members are separated by commas, and there are no
// comments. A member is deleted with its lines (its own comma goes with
// it) and a member is inserted before another one with a comma of its
// own, so the only comma that can be left wrong is the one before a
// closing brace or bracket when the last member went: tidyJSONCommas
// takes those out when the plan is finished. A TODO goes into the
// resource's Metadata ("iamlint": "TODO(iamlint): ...").

func isJSONTemplate(src []byte) bool {
	t := bytes.TrimSpace(src)
	return len(t) > 0 && t[0] == '{'
}

var jsonEntry = regexp.MustCompile(`^\s*"(?:[^"\\]|\\.)+"\s*:\s*$`)

// jsonEntryLine reports whether rg is the value of a JSON member that
// stands on one line of its own ("NAME": value, with at most a comma
// after it), so that deleting the line deletes the member and nothing
// else.
func jsonEntryLine(src []byte, rg model.Range) bool {
	if rg.Start.Line != rg.End.Line || rg.End.Byte > len(src) {
		return false
	}
	s, e := lineBounds(src, rg.Start.Byte, rg.End.Byte)
	before := string(src[s:rg.Start.Byte])
	after := strings.TrimSpace(string(src[rg.End.Byte:e]))
	return jsonEntry.MatchString(before) && (after == "" || after == ",")
}

// tidyJSONCommas deletes the commas that stand before a closing brace or
// bracket (outside strings): what deleting a last member leaves.
func tidyJSONCommas(src []byte) []byte {
	var out []byte
	pendingComma := -1 // index in out of a comma not yet followed by a value
	inString := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case inString:
			if c == '\\' && i+1 < len(src) {
				out = append(out, c, src[i+1])
				i++
				continue
			}
			if c == '"' {
				inString = false
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		case c == ',':
			if pendingComma >= 0 {
				continue // two commas: a member between them went
			}
			pendingComma = len(out)
		case c == '}' || c == ']':
			if pendingComma >= 0 {
				out = append(out[:pendingComma], out[pendingComma+1:]...)
			}
			pendingComma = -1
		default:
			if c == '"' {
				inString = true
			}
			pendingComma = -1
		}
		out = append(out, c)
	}
	return out
}

// resourceNode returns the mapping of a template's resource.
func (d *cfnDoc) resourceNode(name string) *yaml.Node {
	_, resources := get(d.root, "Resources")
	_, r := get(resources, name)
	if r == nil || r.Kind != yaml.MappingNode {
		return nil
	}
	return r
}

// valueText is the source of a JSON value: a string, number or literal
// to the end of its token, an object or array to its closing brace.
func (d *cfnDoc) valueText(n *yaml.Node) string {
	start := d.offset(n)
	if start >= len(d.src) {
		return ""
	}
	if c := d.src[start]; c == '{' || c == '[' {
		if end := matchingBrace(d.src, start, true); end > 0 {
			return string(d.src[start : end+1])
		}
		return ""
	}
	return jsonString(n.Value)
}

// jsonTODO writes a TODO into the resource's Metadata.
func (d *cfnDoc) jsonTODO(fs *fileState, resource, text string) string {
	r := d.resourceNode(resource)
	if r == nil || len(r.Content) == 0 {
		return "the resource is not written as an object"
	}
	member := entry{name: "iamlint", value: jsonString("TODO(iamlint): " + text)}
	if _, meta := get(r, "Metadata"); meta != nil {
		if meta.Kind != yaml.MappingNode {
			return "the resource's Metadata is not an object"
		}
		return d.addEntry(fs, meta, member)
	}
	first := r.Content[0]
	if first.Line == r.Line {
		return "the resource is written on one line"
	}
	at := d.lines[first.Line-1]
	fs.lineEdits = append(fs.lineEdits, Edit{Start: at, End: at, New: strings.Repeat(" ", first.Column-1) + `"Metadata": {` + d.inline(member) + "},\n"})
	return ""
}

// jsonRoleAndProfile is the JSON of the EC2 role with the user's
// permissions and its instance profile, as members of Resources at
// indentation pad, each followed by a comma.
func (d *cfnDoc) jsonRoleAndProfile(roleID, profile, replaces string, user *model.Resource, todo string, pad, unit int) string {
	p := func(level int) string { return strings.Repeat(" ", pad+level*unit) }
	var props []string
	props = append(props, p(2)+`"Description": `+jsonString("Replaces "+replaces+": EC2 gives the instances short-lived credentials of this role."))
	props = append(props, p(2)+`"AssumeRolePolicyDocument": {`+"\n"+
		p(3)+`"Version": "2012-10-17",`+"\n"+
		p(3)+`"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]`+"\n"+
		p(2)+"}")
	if user != nil {
		if u := d.resourceNode(user.Name); u != nil {
			_, uprops := get(u, "Properties")
			for _, prop := range []string{"ManagedPolicyArns", "Policies"} {
				k, v := get(uprops, prop)
				if v == nil {
					continue
				}
				text := d.valueText(v)
				// The value keeps its lines, moved by as many columns as
				// its member is.
				shift := len(p(2)) - (k.Column - 1)
				lines := strings.Split(text, "\n")
				for i := 1; i < len(lines); i++ {
					if shift >= 0 {
						lines[i] = strings.Repeat(" ", shift) + lines[i]
					} else {
						n := len(lines[i]) - len(strings.TrimLeft(lines[i], " "))
						lines[i] = lines[i][min(-shift, n):]
					}
				}
				props = append(props, p(2)+jsonString(prop)+": "+strings.Join(lines, "\n"))
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s: {\n", p(0), jsonString(roleID))
	fmt.Fprintf(&b, "%s\"Type\": \"AWS::IAM::Role\",\n", p(1))
	if todo != "" {
		fmt.Fprintf(&b, "%s\"Metadata\": {\"iamlint\": %s},\n", p(1), jsonString("TODO(iamlint): "+todo))
	}
	fmt.Fprintf(&b, "%s\"Properties\": {\n%s\n%s}\n%s},\n", p(1), strings.Join(props, ",\n"), p(1), p(0))
	fmt.Fprintf(&b, "%s%s: {\n%s\"Type\": \"AWS::IAM::InstanceProfile\",\n%s\"Properties\": {\"Roles\": [{\"Ref\": %s}]}\n%s},\n",
		p(0), jsonString(profile), p(1), p(1), jsonString(roleID), p(0))
	return b.String()
}

// cutJSONSubLines deletes, from the JSON string of an Fn::Sub the carrier
// is in, the lines of the text (between "\n" escapes) that read the key;
// a Fn::Sub left with nothing to substitute becomes its string, as
// cfn-lint asks (W1020). It reports whether the carrier was cut.
func cutJSONSubLines(fs *fileState, carrier model.Range, key *model.Resource) bool {
	if carrier.Start.Line != carrier.End.Line || key == nil {
		return false
	}
	ls, le := lineBounds(fs.old, carrier.Start.Byte, carrier.End.Byte)
	line := fs.old[ls:le]
	// The string literal around the carrier, by scanning the line.
	open, closing := -1, -1
	for i := 0; i < len(line); i++ {
		if line[i] != '"' {
			continue
		}
		j := i + 1
		for ; j < len(line) && line[j] != '"'; j++ {
			if line[j] == '\\' {
				j++
			}
		}
		if ls+i < carrier.Start.Byte && carrier.End.Byte <= ls+j+1 {
			open, closing = i, j
			break
		}
		i = j
	}
	if open < 0 || closing >= len(line) {
		return false
	}
	head := strings.TrimRight(string(line[:open]), " ")
	if !strings.HasSuffix(head, `"Fn::Sub":`) {
		return false
	}
	text := string(line[open+1 : closing])
	parts := strings.SplitAfter(text, `\n`)
	var kept []string
	cut := false
	for _, part := range parts {
		if strings.Contains(part, "${"+key.Name+"}") || strings.Contains(part, "${"+key.Name+".") {
			cut = true
			continue
		}
		kept = append(kept, part)
	}
	if !cut {
		return false
	}
	newText := strings.Join(kept, "")
	start, end := ls+open, ls+closing+1
	replacement := `"` + newText + `"`
	if !strings.Contains(newText, "${") {
		// {"Fn::Sub": "..."} becomes "...": the object's braces are the
		// nearest ones around the member, on the same line.
		ob := strings.LastIndex(head, "{")
		rest := string(line[closing+1:])
		cb := strings.Index(rest, "}")
		if ob >= 0 && strings.TrimSpace(head[ob+1:]) == `"Fn::Sub":` && cb >= 0 && strings.TrimSpace(rest[:cb]) == "" {
			start, end = ls+ob, ls+closing+1+cb+1
		}
	}
	fs.lineEdits = append(fs.lineEdits, Edit{Start: start, End: end, New: replacement})
	return true
}

// nameRefs returns, by name, the offsets of the nodes that may refer to
// an entry of a template section (Parameters, Conditions) by its name: a
// scalar that is the name (Ref, Condition, !Condition, Fn::If, a label
// in the Metadata's parameter groups) or a string that substitutes it
// (${Name}). Erring on the side of a reference keeps an entry.
func (d *cfnDoc) nameRefs(section *yaml.Node) map[string][]int {
	names := map[string]bool{}
	for i := 0; i < len(section.Content); i += 2 {
		names[section.Content[i].Value] = true
	}
	refs := map[string][]int{}
	var walk func(n *yaml.Node, isKeyOfSection bool)
	walk = func(n *yaml.Node, isKeyOfSection bool) {
		if n.Kind == yaml.ScalarNode && !isKeyOfSection {
			if names[n.Value] {
				refs[n.Value] = append(refs[n.Value], d.offset(n))
			}
			for i := strings.Index(n.Value, "${"); i >= 0; {
				j := strings.IndexByte(n.Value[i:], '}')
				if j < 0 {
					break
				}
				if name := n.Value[i+2 : i+j]; names[name] {
					refs[name] = append(refs[name], d.offset(n))
				}
				next := strings.Index(n.Value[i+j:], "${")
				if next < 0 {
					break
				}
				i += j + next
			}
		}
		for i, c := range n.Content {
			walk(c, n == section && i%2 == 0)
		}
	}
	walk(d.root, false)
	return refs
}

// deleteUnusedConditionsCFN deletes the Parameters and Conditions of a
// template that the fixes left unused: one read only by lines the fixes
// deleted (cfn-lint reports an unused parameter, W2001, or condition,
// W8001). One the template did not use before stays: that is not the
// fix's business.
func (w *workspace) deleteUnusedConditionsCFN() {
	for _, section := range []string{"Conditions", "Parameters"} {
		w.deleteUnusedCFN(section)
	}
}

func (w *workspace) deleteUnusedCFN(section string) {
	for path, fs := range w.files {
		if fs.err != nil || strings.HasSuffix(path, ".tf") || len(fs.lineEdits) == 0 || w.languageOf(path) != model.CloudFormation {
			continue
		}
		_, d, why := w.cfnFile(path)
		if why != "" {
			continue
		}
		_, conds := get(d.root, section)
		if conds == nil || conds.Kind != yaml.MappingNode || len(conds.Content) == 0 {
			continue
		}
		// Only deletions count: a replacement may keep the reference.
		deleted := func(off int) bool {
			for _, e := range fs.lineEdits {
				if e.End > e.Start && e.New == "" && e.Start <= off && off < e.End {
					return true
				}
			}
			return false
		}
		refs := d.nameRefs(conds)
		// Deleting a condition deletes the references in it: repeat until
		// nothing more goes.
		for changed := true; changed; {
			changed = false
			for i := 0; i+1 < len(conds.Content); i += 2 {
				name := conds.Content[i].Value
				start := d.lines[conds.Content[i].Line-1]
				if deleted(start) || len(refs[name]) == 0 {
					continue
				}
				live := 0
				for _, off := range refs[name] {
					if !deleted(off) {
						live++
					}
				}
				if live > 0 {
					continue
				}
				end := d.entryEnd(conds, i)
				if end <= start {
					continue
				}
				// The comments right above the entry are about it.
				for l := conds.Content[i].Line - 2; l >= 0; l-- {
					text := string(d.src[d.lines[l]:d.lineEnd(l)])
					t := strings.TrimSpace(text)
					if !strings.HasPrefix(t, "#") || len(text)-len(strings.TrimLeft(text, " ")) != conds.Content[i].Column-1 {
						break
					}
					start = d.lines[l]
				}
				fs.lineEdits = append(fs.lineEdits, Edit{Start: start, End: end})
				changed = true
			}
		}
		// A section left empty goes too: null is not a mapping.
		empty := true
		for i := 0; i < len(conds.Content); i += 2 {
			if !deleted(d.lines[conds.Content[i].Line-1]) {
				empty = false
			}
		}
		if k, _ := get(d.root, section); empty && k.Line != conds.Line {
			s := d.lines[k.Line-1]
			fs.lineEdits = append(fs.lineEdits, Edit{Start: s, End: d.lineEnd(k.Line - 1)})
		}
	}
}

// entryEnd is the offset after the last line of the i-th entry (its key
// at Content[i]) of a mapping written one entry per line or more: the
// start of the next entry's line, or for the last one the end of the
// block (YAML) or of the line its value ends on (JSON).
func (d *cfnDoc) entryEnd(m *yaml.Node, i int) int {
	k := m.Content[i]
	if i+2 < len(m.Content) {
		next := m.Content[i+2]
		if next.Line == k.Line {
			return -1
		}
		return d.lines[next.Line-1]
	}
	if d.json {
		v := m.Content[i+1]
		text := d.valueText(v)
		if text == "" {
			return -1
		}
		end := d.offset(v) + len(text)
		_, e := lineBounds(d.src, end, end)
		return e
	}
	return d.blockEnd(k.Line, k.Column-1)
}
