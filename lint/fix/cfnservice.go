package fix

import (
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// cfnServiceSinks are the CloudFormation resources whose containers get
// the key through an environment list (ECS task definitions, CodeBuild
// projects): the property naming the role they run with, and the service
// that assumes it.
var cfnServiceSinks = map[string]struct {
	roleProp, service, what string
}{
	"AWS::ECS::TaskDefinition": {"TaskRoleArn", "ecs-tasks.amazonaws.com", "task role"},
	"AWS::CodeBuild::Project":  {"ServiceRole", "codebuild.amazonaws.com", "service role"},
}

// fixServiceCFN fixes IAM102 for an ECS task definition or a CodeBuild
// project: the environment entries (Name/Value or Name/ValueFrom items)
// that carry the key are deleted; the role the containers run with gets
// the key user's permissions: a new task role when the task definition
// has none (the user's ManagedPolicyArns and Policies copied, or a TODO
// when the user is not in the template), else a TODO at the role that is
// named; the key is deleted when nothing else refers to it.
func (w *workspace) fixServiceCFN(f rules.Finding, mod *model.Module, sink *model.Resource) (Fix, string) {
	kind := cfnServiceSinks[sink.Type]
	fs, d, why := w.cfnFile(sink.Range.File)
	if why != "" {
		return Fix{}, why
	}
	keyMod, key := w.keyOf(f)
	seq, item := d.listItemOf(f.Range)
	if item == nil {
		return Fix{}, "the key is not an item of an environment list"
	}
	items := map[*yaml.Node]bool{item: true}
	if key != nil {
		for _, ref := range sink.Body.AllRefs() {
			if ref.Kind == model.RefResource && ref.Name == key.Name {
				if s, it := d.listItemOf(ref.Range); it != nil && s == seq {
					items[it] = true
				}
			}
		}
	}
	for _, it := range seq.Content {
		if !items[it] {
			continue
		}
		start, end, ok := d.itemLines(it)
		if !ok {
			return Fix{}, "the environment entry does not stand on lines of its own"
		}
		fs.lineEdits = append(fs.lineEdits, Edit{Start: start, End: end})
	}
	if len(items) == len(seq.Content) && !d.json && seq.Style&yaml.FlowStyle == 0 {
		// A key with no items left would be null: an empty list. The key
		// is on the nearest line above that is not blank or a comment.
		for i := seq.Line - 2; i >= 0; i-- {
			l := strings.TrimRight(string(d.src[d.lines[i]:d.lineEnd(i)]), "\r\n")
			t := strings.TrimSpace(l)
			if t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			if strings.HasSuffix(t, ":") {
				at := d.lines[i] + len(strings.TrimRight(l, " \t"))
				fs.lineEdits = append(fs.lineEdits, Edit{Start: at, End: at, New: " []"})
			}
			break
		}
	}
	if key != nil {
		w.cfnDeletable = append(w.cfnDeletable, cfnDeletion{mod: keyMod, res: key})
	}
	label := sourceLabel(f)
	var user *model.Resource
	if key != nil && keyMod == mod {
		user = w.userOf(mod, key)
	}
	k := "cfn-service\x00" + sink.Range.File + "\x00" + sink.Name
	if _, done := w.oidc[k]; done {
		return Fix{Finding: f, Description: fmt.Sprintf("take the key out of the environment of %s, which runs with its %s", sink.Address, kind.what), Complete: true}, ""
	}
	if at := sink.Body.GetAttr(kind.roleProp); at != nil || sink.Type != "AWS::ECS::TaskDefinition" {
		w.oidc[k] = ""
		todo := fmt.Sprintf("grant the %s the permissions the key (%s) had", kind.what, label)
		if user != nil {
			// The user stays, for its policies: the TODO names it.
			todo += fmt.Sprintf(": the policies of user %s, which stays until then", user.Name)
			w.cfnKept[user] = true
		}
		if why := w.cfnTODO(fs, d, sink, at, todo); why != "" {
			return Fix{}, why
		}
		return Fix{Finding: f, Description: fmt.Sprintf("take the key out of the environment of %s, which runs with its %s, and delete the key when nothing else uses it", sink.Address, kind.what), Complete: true}, ""
	}
	// A task definition with no task role: one, trusted by ECS tasks.
	st := w.cfnStyleFor(mod, fs)
	roleID := st.fresh(sink.Name + "TaskRole")
	w.oidc[k] = roleID
	props := sink.Body
	if len(props.Attrs) == 0 {
		return Fix{}, "the task definition's properties are not written as a mapping"
	}
	first := props.Attrs[0]
	pad := strings.Repeat(" ", first.NameRange.Start.Column-1)
	if d.json && strings.TrimSpace(string(fs.old[bytes.LastIndexByte(fs.old[:first.NameRange.Start.Byte], '\n')+1:first.NameRange.Start.Byte])) != "" {
		return Fix{}, "the task definition's properties are written on one line"
	}
	todo := ""
	if user == nil {
		todo = fmt.Sprintf("grant this role the permissions the key (%s) had; the scan does not show its user", label)
	} else {
		w.cfnDeletable = append(w.cfnDeletable, cfnDeletion{mod: mod, res: user})
	}
	if d.json {
		fs.insertBeforeLine(sink.Range.Start.Byte, d.jsonServiceRole(roleID, kind.service, "Replaces "+label+": the containers of "+sink.Name+" get short-lived credentials of this role.", user, todo, sink.Range.Start.Column-1, d.indentUnit()))
		fs.insertBeforeLine(first.NameRange.Start.Byte, fmt.Sprintf("%s\"TaskRoleArn\": {\"Fn::GetAtt\": [%s, \"Arn\"]},\n", pad, jsonString(roleID)))
	} else {
		var b strings.Builder
		fmt.Fprintf(&b, "%s# Replaces %s: the containers of %s get short-lived credentials of this role.\n", st.pad(0), label, sink.Name)
		fmt.Fprintf(&b, "%s%s:\n%sType: AWS::IAM::Role\n%sProperties:\n", st.pad(0), roleID, st.pad(1), st.pad(1))
		fmt.Fprintf(&b, "%sAssumeRolePolicyDocument:\n%sVersion: \"2012-10-17\"\n%sStatement:\n", st.pad(2), st.pad(3), st.pad(3))
		fmt.Fprintf(&b, "%s- Effect: Allow\n%s  Principal:\n%s    Service: %s\n%s  Action: sts:AssumeRole\n", st.pad(4), st.pad(4), st.pad(4), kind.service, st.pad(4))
		if user != nil {
			for _, prop := range []string{"ManagedPolicyArns", "Policies"} {
				if a := user.Body.GetAttr(prop); a != nil {
					b.WriteString(reindent(fs.old, a, len(st.pad(2))))
				}
			}
		} else {
			fmt.Fprintf(&b, "%s# TODO(iamlint): %s\n", st.pad(2), todo)
		}
		fs.insertBeforeLine(sink.Range.Start.Byte, b.String())
		fs.insertBeforeLine(first.NameRange.Start.Byte, fmt.Sprintf("%sTaskRoleArn: %s\n", pad, st.getAtt(roleID, "Arn")))
	}
	return Fix{Finding: f, Description: fmt.Sprintf("take the key out of the environment of %s and give it the task role %s with the key's permissions", sink.Address, roleID), Complete: true}, ""
}

// cfnTODO writes a TODO for a resource: a comment above the attribute at
// (or its first property) in YAML, an entry of its Metadata in JSON.
func (w *workspace) cfnTODO(fs *fileState, d *cfnDoc, res *model.Resource, at *model.Attr, text string) string {
	if d.json {
		return d.jsonTODO(fs, res.Name, text)
	}
	if at == nil && len(res.Body.Attrs) > 0 {
		at = res.Body.Attrs[0]
	}
	if at == nil {
		return "the resource has no properties to put a TODO at"
	}
	pad := strings.Repeat(" ", at.NameRange.Start.Column-1)
	fs.insertBeforeLine(at.NameRange.Start.Byte, fmt.Sprintf("%s# TODO(iamlint): %s\n", pad, text))
	return ""
}

// listItemOf returns the environment list item (a mapping with a Name,
// in a sequence) that holds rg, with its sequence.
func (d *cfnDoc) listItemOf(rg model.Range) (seq, item *yaml.Node) {
	p := path(d.root, rg.Start.Line, rg.Start.Column)
	for i := len(p) - 1; i > 0; i-- {
		if p[i-1].Kind == yaml.SequenceNode && p[i].Kind == yaml.MappingNode {
			if _, name := get(p[i], "Name"); name != nil {
				return p[i-1], p[i]
			}
			return nil, nil
		}
	}
	return nil, nil
}

// itemLines returns the lines of a list item when it stands on lines of
// its own: in YAML from its "- " to the end of its block, in JSON from its
// brace to the one that closes it (a comma after it goes with it).
func (d *cfnDoc) itemLines(it *yaml.Node) (start, end int, ok bool) {
	if len(it.Content) == 0 {
		return 0, 0, false
	}
	ls := d.lines[it.Line-1]
	if d.json {
		open := d.offset(it)
		if strings.TrimSpace(string(d.src[ls:open])) != "" || open >= len(d.src) || d.src[open] != '{' {
			return 0, 0, false
		}
		closing := matchingBrace(d.src, open, true)
		if closing < 0 {
			return 0, 0, false
		}
		_, e := lineBounds(d.src, closing, closing+1)
		if rest := strings.TrimSpace(string(d.src[closing+1 : e])); rest != "" && rest != "," {
			return 0, 0, false
		}
		return ls, e, true
	}
	if it.Style&yaml.FlowStyle != 0 {
		// - {Name: A, Value: b}: one line.
		head := strings.TrimSpace(string(d.src[ls:d.offset(it)]))
		if head != "-" {
			return 0, 0, false
		}
		return ls, d.lineEnd(it.Line - 1), true
	}
	first := it.Content[0]
	if head := strings.TrimSpace(string(d.src[ls:d.offset(first)])); head != "-" {
		return 0, 0, false
	}
	return ls, d.blockEnd(first.Line, first.Column-1), true
}

// jsonServiceRole is the JSON of a role a service assumes, with the
// user's permissions, as a member of Resources followed by a comma.
func (d *cfnDoc) jsonServiceRole(roleID, service, description string, user *model.Resource, todo string, pad, unit int) string {
	text := d.jsonRoleAndProfile(roleID, "", description, user, todo, pad, unit)
	// The EC2 role's text, for another service and without its profile.
	text = strings.Replace(text, `"ec2.amazonaws.com"`, jsonString(service), 1)
	text = strings.Replace(text, jsonString("Replaces "+description+": EC2 gives the instances short-lived credentials of this role."), jsonString(description), 1)
	if i := strings.Index(text, strings.Repeat(" ", pad)+`"": {`); i >= 0 {
		text = text[:i]
	}
	return text
}

// fixGlobalsCFN fixes IAM102 for a key in the environment of a SAM
// template's Globals (Globals: Function: Environment: Variables:), which
// every function of the template gets: the entry is deleted, a TODO at
// Function says to grant the functions' execution roles the key's
// permissions, and the key is deleted when nothing else refers to it.
func (w *workspace) fixGlobalsCFN(f rules.Finding) (Fix, string) {
	fs, d, why := w.cfnFile(f.Range.File)
	if why != "" {
		return Fix{}, why
	}
	p := path(d.root, f.Range.Start.Line, f.Range.Start.Column)
	_, globals := get(d.root, "Globals")
	fnKey, function := get(globals, "Function")
	_, env := get(function, "Environment")
	_, vars := get(env, "Variables")
	if vars == nil || len(p) < 2 || p[1] != globals || !containsNode(p, vars) {
		return Fix{}, "no fix for this resource yet"
	}
	entryLine := mappingEntryLine
	if d.json {
		entryLine = jsonEntryLine
	}
	if !entryLine(fs.old, f.Range) {
		return Fix{}, "the key is not a whole entry of the environment"
	}
	fs.deleteLines(f.Range.Start.Byte, f.Range.End.Byte)
	cut := map[int]bool{f.Range.Start.Line: true}
	keyMod, key := w.keyOf(f)
	if key != nil {
		w.cfnDeletable = append(w.cfnDeletable, cfnDeletion{mod: keyMod, res: key})
	}
	if !d.json {
		emptyMapping(fs, f.Range.Start.Line, cut)
	}
	k := "cfn-globals\x00" + f.Range.File
	if _, done := w.oidc[k]; !done {
		w.oidc[k] = ""
		todo := fmt.Sprintf("grant the execution role of every function of the template the permissions the key (%s) had", sourceLabel(f))
		if d.json {
			// Globals is SAM's, and SAM templates are YAML in practice: a
			// Metadata entry has no place there.
			return Fix{}, "no fix for the Globals of a JSON template yet"
		}
		fs.insertBeforeLine(d.offset(fnKey), fmt.Sprintf("%s# TODO(iamlint): %s\n", strings.Repeat(" ", fnKey.Column-1), todo))
	}
	return Fix{Finding: f, Description: "take the key out of the environment every function gets from Globals, and delete the key when nothing else uses it", Complete: true}, ""
}

func containsNode(p []*yaml.Node, n *yaml.Node) bool {
	for _, x := range p {
		if x == n {
			return true
		}
	}
	return false
}

// fixWorkloadWithProfileCFN fixes IAM101 for an instance that has an
// instance profile already: its role (the profile's, when both are in
// the template) gets the key user's ManagedPolicyArns and Policies, the
// user-data lines that read the key go, and the key and user are deleted
// when nothing else refers to them. A role it cannot find or edit gets a
// TODO at IamInstanceProfile instead.
func (w *workspace) fixWorkloadWithProfileCFN(f rules.Finding, mod *model.Module, sink *model.Resource, profileAttr *model.Attr, keyMod *model.Module, key *model.Resource, fs *fileState, isJSON bool) (Fix, string) {
	_, d, why := w.cfnFile(sink.Range.File)
	if why != "" {
		return Fix{}, why
	}
	var user *model.Resource
	if key != nil && keyMod == mod {
		user = w.userOf(mod, key)
	}
	role := cfnRoleOfProfile(mod, profileAttr)
	k := "cfn-profile\x00" + sink.Range.File + "\x00" + sink.Name
	if _, done := w.oidc[k]; !done {
		w.oidc[k] = ""
		granted := false
		if role != nil && user != nil {
			if isJSON {
				granted = grantUserToRoleJSON(fs, d, user, role)
			} else {
				granted = w.grantUserToRoleYAML(fs, d, user, role)
			}
			if granted {
				w.cfnDeletable = append(w.cfnDeletable, cfnDeletion{mod: mod, res: user})
			}
		}
		if !granted {
			todo := fmt.Sprintf("grant the role of this instance profile the permissions the key (%s) had", sourceLabel(f))
			if user != nil {
				todo += fmt.Sprintf(": the policies of user %s, which stays until then", user.Name)
				w.cfnKept[user] = true
			}
			if why := w.cfnTODO(fs, d, sink, profileAttr, todo); why != "" {
				return Fix{}, why
			}
		}
	}
	var complete bool
	if isJSON {
		complete = cutJSONSubLines(fs, f.Range, key)
	} else {
		complete = w.cutBlockScalarLines(fs, sink, f.Range, key)
	}
	if key != nil {
		w.cfnDeletable = append(w.cfnDeletable, cfnDeletion{mod: keyMod, res: key})
	}
	what := "its instance profile's role"
	if role != nil {
		what = role.Name
	}
	return Fix{Finding: f, Description: fmt.Sprintf("give %s the key's permissions, remove the key from the user data of %s and delete the key when nothing else uses it", what, sink.Address), Complete: complete}, ""
}

// cfnRoleOfProfile returns the role of the instance profile the attribute
// names, when the profile and its one role are resources of the template.
func cfnRoleOfProfile(mod *model.Module, at *model.Attr) *model.Resource {
	for _, ref := range at.Value.AllRefs() {
		p := resourceByAddress(mod, ref.Name)
		if p == nil || p.Type != "AWS::IAM::InstanceProfile" {
			continue
		}
		var roles []*model.Resource
		for _, rr := range p.Attr("Roles").AllRefs() {
			if r := resourceByAddress(mod, rr.Name); r != nil && r.Type == "AWS::IAM::Role" {
				roles = append(roles, r)
			}
		}
		if len(roles) == 1 {
			return roles[0]
		}
	}
	return nil
}

// grantUserToRoleYAML gives the role the user's ManagedPolicyArns and
// Policies: a property the role lacks is copied whole; the items of one
// it has (a block list) are appended to it. It reports false, having
// changed nothing, when a list is not a block list.
func (w *workspace) grantUserToRoleYAML(fs *fileState, d *cfnDoc, user, role *model.Resource) bool {
	rn := d.resourceNode(role.Name)
	un := d.resourceNode(user.Name)
	_, rprops := get(rn, "Properties")
	_, uprops := get(un, "Properties")
	if rprops == nil || rprops.Kind != yaml.MappingNode || len(rprops.Content) == 0 || rprops.Style&yaml.FlowStyle != 0 {
		return false
	}
	var edits []Edit
	for _, prop := range []string{"ManagedPolicyArns", "Policies"} {
		a := user.Body.GetAttr(prop)
		if a == nil {
			continue
		}
		_, uv := get(uprops, prop)
		_, rv := get(rprops, prop)
		if rv == nil {
			col := rprops.Content[0].Column - 1
			at := d.blockEnd(rprops.Content[0].Line, col)
			edits = append(edits, Edit{Start: at, End: at, New: reindent(fs.old, a, col)})
			continue
		}
		if uv == nil || uv.Kind != yaml.SequenceNode || rv.Kind != yaml.SequenceNode || uv.Style&yaml.FlowStyle != 0 || rv.Style&yaml.FlowStyle != 0 || len(uv.Content) == 0 || len(rv.Content) == 0 {
			return false
		}
		// The user's items, moved to the role's list's column.
		us := d.lines[uv.Line-1]
		ue := d.blockEnd(uv.Line, uv.Column-1)
		shift := rv.Column - uv.Column
		var b strings.Builder
		for _, l := range strings.SplitAfter(string(d.src[us:ue]), "\n") {
			switch {
			case l == "":
			case strings.TrimSpace(l) == "":
				b.WriteString("\n")
			case shift >= 0:
				b.WriteString(strings.Repeat(" ", shift) + l)
			default:
				n := len(l) - len(strings.TrimLeft(l, " "))
				b.WriteString(l[min(-shift, n):])
			}
		}
		at := d.blockEnd(rv.Line, rv.Column-1)
		edits = append(edits, Edit{Start: at, End: at, New: b.String()})
	}
	fs.lineEdits = append(fs.lineEdits, edits...)
	return true
}

// grantUserToRoleJSON is grantUserToRoleYAML for JSON: a property the
// role lacks is copied after its last one, the items of a list it has are
// appended before its closing bracket, each moved to the role's columns.
func grantUserToRoleJSON(fs *fileState, d *cfnDoc, user, role *model.Resource) bool {
	_, rprops := get(d.resourceNode(role.Name), "Properties")
	_, uprops := get(d.resourceNode(user.Name), "Properties")
	if rprops == nil || rprops.Kind != yaml.MappingNode || len(rprops.Content) == 0 || rprops.Content[0].Line == rprops.Line {
		return false
	}
	moved := func(text string, shift int) string {
		lines := strings.Split(text, "\n")
		for i := 1; i < len(lines); i++ {
			if shift >= 0 {
				lines[i] = strings.Repeat(" ", shift) + lines[i]
			} else {
				n := len(lines[i]) - len(strings.TrimLeft(lines[i], " "))
				lines[i] = lines[i][min(-shift, n):]
			}
		}
		return strings.Join(lines, "\n")
	}
	var edits []Edit
	for _, prop := range []string{"ManagedPolicyArns", "Policies"} {
		uk, uv := get(uprops, prop)
		if uv == nil {
			continue
		}
		_, rv := get(rprops, prop)
		if rv == nil {
			col := rprops.Content[0].Column - 1
			text := d.valueText(uv)
			closing := matchingBrace(d.src, d.offset(rprops), true)
			if text == "" || closing < 0 {
				return false
			}
			at := len(bytes.TrimRight(d.src[:closing], " \t\r\n"))
			edits = append(edits, Edit{Start: at, End: at, New: ",\n" + strings.Repeat(" ", col) + jsonString(prop) + ": " + moved(text, col-(uk.Column-1))})
			continue
		}
		if uv.Kind != yaml.SequenceNode || rv.Kind != yaml.SequenceNode || len(uv.Content) == 0 {
			return false
		}
		uOpen, rOpen := d.offset(uv), d.offset(rv)
		uClose, rClose := matchingBrace(d.src, uOpen, true), matchingBrace(d.src, rOpen, true)
		if uClose < 0 || rClose < 0 || uv.Content[0].Line == uv.Line || len(rv.Content) == 0 || rv.Content[0].Line == rv.Line {
			return false
		}
		// The user's items from the first one's line, moved to the column
		// of the role's first item.
		first := d.lines[uv.Content[0].Line-1]
		items := strings.TrimRight(string(d.src[first:uClose]), " \t\r\n")
		items = moved("\n"+items, rv.Content[0].Column-uv.Content[0].Column)[1:]
		at := len(bytes.TrimRight(d.src[:rClose], " \t\r\n"))
		edits = append(edits, Edit{Start: at, End: at, New: ",\n" + items})
	}
	fs.lineEdits = append(fs.lineEdits, edits...)
	return true
}
