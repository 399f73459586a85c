package fix

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// CloudFormation fixes are line edits of the template as written, in its
// own style: short intrinsics (!Ref) when the template uses them, else
// the long form (Ref:); its indentation; its comments untouched. JSON
// templates the same way, with their commas (cfnjson.go).

// cfnProfileSinks are the EC2 resources that take an instance profile,
// and where.
var cfnProfileSinks = map[string]struct {
	under []string // the mapping under Properties that takes it
	arn   bool     // IamInstanceProfile: {Arn: ...} rather than the name
}{
	"AWS::EC2::Instance":                    {},
	"AWS::AutoScaling::LaunchConfiguration": {},
	"AWS::EC2::LaunchTemplate":              {under: []string{"LaunchTemplateData"}, arn: true},
}

// cfnFunctionTypes are the Lambda functions whose environment a fix
// takes the key out of.
var cfnFunctionTypes = map[string]bool{"AWS::Lambda::Function": true, "AWS::Serverless::Function": true}

// fixFunctionCFN fixes IAM102 for a Lambda function (and hands ECS task
// definitions and CodeBuild projects to fixServiceCFN):
// the environment entries that carry the key are deleted (the function
// runs with its execution role's credentials), a TODO above the role says
// to grant it the key's permissions, and the key is deleted when nothing
// else refers to it.
func (w *workspace) fixFunctionCFN(f rules.Finding) (Fix, string) {
	mod, sink := w.resourceContaining(f.Range)
	if sink != nil {
		if _, ok := cfnServiceSinks[sink.Type]; ok {
			return w.fixServiceCFN(f, mod, sink)
		}
	}
	if sink == nil {
		return w.fixGlobalsCFN(f)
	}
	if !cfnFunctionTypes[sink.Type] {
		return Fix{}, "no fix for this resource yet"
	}
	fs := w.file(sink.Range.File)
	if fs.err != nil {
		return Fix{}, fs.err.Error()
	}
	isJSON := isJSONTemplate(fs.old)
	entryLine := mappingEntryLine
	if isJSON {
		entryLine = jsonEntryLine
	}
	keyMod, key := w.keyOf(f)
	if !entryLine(fs.old, f.Range) {
		return Fix{}, "the key is not a whole entry of the environment"
	}
	cut := map[int]bool{}
	cutEntry := func(rg model.Range) {
		fs.deleteLines(rg.Start.Byte, rg.End.Byte)
		cut[rg.Start.Line] = true
	}
	cutEntry(f.Range)
	if key != nil {
		for _, ref := range sink.Body.AllRefs() {
			if ref.Kind == model.RefResource && ref.Name == key.Name && entryLine(fs.old, ref.Range) {
				cutEntry(ref.Range)
			}
		}
		w.cfnDeletable = append(w.cfnDeletable, cfnDeletion{mod: keyMod, res: key})
	}
	todo := fmt.Sprintf("grant the function's execution role the permissions the key (%s) had", sourceLabel(f))
	if isJSON {
		// An emptied object stays {}, which is valid; the TODO goes into
		// the function's Metadata, once.
		k := "cfn-todo\x00" + sink.Range.File + "\x00" + sink.Name
		if _, done := w.oidc[k]; !done {
			w.oidc[k] = ""
			_, d, why := w.cfnFile(sink.Range.File)
			if why == "" {
				why = d.jsonTODO(fs, sink.Name, todo)
			}
			if why != "" {
				return Fix{}, why
			}
		}
		return Fix{Finding: f, Description: fmt.Sprintf("take the key out of the environment of %s, which runs with its execution role, and delete the key when nothing else uses it", sink.Address), Complete: true}, ""
	}
	emptyMapping(fs, f.Range.Start.Line, cut)
	// Where the role is named, a comment says what it needs.
	at := sink.Body.GetAttr("Role")
	if at == nil && len(sink.Body.Attrs) > 0 {
		at = sink.Body.Attrs[0]
	}
	if at != nil {
		k := "cfn-todo\x00" + sink.Range.File + "\x00" + sink.Name
		if _, done := w.oidc[k]; !done {
			w.oidc[k] = ""
			pad := strings.Repeat(" ", at.NameRange.Start.Column-1)
			fs.insertBeforeLine(at.NameRange.Start.Byte, fmt.Sprintf("%s# TODO(iamlint): %s\n", pad, todo))
		}
	}
	return Fix{Finding: f, Description: fmt.Sprintf("take the key out of the environment of %s, which runs with its execution role, and delete the key when nothing else uses it", sink.Address), Complete: true}, ""
}

// emptyMapping writes {} after the key of the mapping that holds line
// (1-based) when the fix deletes every entry of it: Variables: with no
// entries would be null, which CloudFormation rejects.
func emptyMapping(fs *fileState, line int, cut map[int]bool) {
	lines := strings.SplitAfter(string(fs.old), "\n")
	indent := func(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }
	if line < 2 || line > len(lines) {
		return
	}
	depth := indent(lines[line-1])
	parent := -1
	for i := line - 2; i >= 0; i-- {
		if strings.TrimSpace(lines[i]) != "" && indent(lines[i]) < depth {
			parent = i
			break
		}
	}
	if parent < 0 {
		return
	}
	for i := parent + 1; i < len(lines); i++ {
		l := lines[i]
		if strings.TrimSpace(l) == "" || strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		if indent(l) < depth {
			break
		}
		if !cut[i+1] {
			return // an entry stays
		}
	}
	head := strings.TrimRight(lines[parent], "\n")
	if !strings.HasSuffix(strings.TrimSpace(head), ":") {
		return
	}
	off := 0
	for _, l := range lines[:parent] {
		off += len(l)
	}
	at := off + len(strings.TrimRight(head, " \t"))
	fs.lineEdits = append(fs.lineEdits, Edit{Start: at, End: at, New: " {}"})
}

// mappingEntryLine reports whether rg is the value of a YAML mapping
// entry that stands on one line of its own (NAME: value), so that
// deleting the line deletes the entry and nothing else.
func mappingEntryLine(src []byte, rg model.Range) bool {
	if rg.Start.Line != rg.End.Line || rg.End.Byte > len(src) {
		return false
	}
	s, e := lineBounds(src, rg.Start.Byte, rg.End.Byte)
	line := string(src[s:e])
	if !yamlEntry.MatchString(line) {
		return false
	}
	// The next line must not continue the value (deeper indentation).
	indent := len(line) - len(strings.TrimLeft(line, " "))
	if e < len(src) {
		_, ne := lineBounds(src, e, e)
		next := string(src[e:ne])
		if strings.TrimSpace(next) != "" && len(next)-len(strings.TrimLeft(next, " ")) > indent {
			return false
		}
	}
	return true
}

var yamlEntry = regexp.MustCompile(`^\s*[\w.-]+:\s+\S`)

// cfnStyle is how a template writes things.
type cfnStyle struct {
	short      bool            // !Ref rather than Ref:
	unit       int             // spaces per level
	indent     int             // the column of the resources' logical IDs, 0-based
	logicalIDs map[string]bool // taken, by resources and parameters
}

func (s cfnStyle) pad(level int) string { return strings.Repeat(" ", s.indent+level*s.unit) }

func (s cfnStyle) ref(id string) string {
	if s.short {
		return "!Ref " + id
	}
	return "{Ref: " + id + "}"
}

func (s cfnStyle) getAtt(id, attr string) string {
	if s.short {
		return "!GetAtt " + id + "." + attr
	}
	return "{\"Fn::GetAtt\": [" + id + ", " + attr + "]}"
}

// fixWorkloadCFN fixes IAM101 in a template: an AWS::IAM::Role
// trusted by EC2 with the key user's managed and inline policies, an
// AWS::IAM::InstanceProfile, IamInstanceProfile on the instance, launch
// configuration or launch template, the user-data lines that carry the
// key removed from a literal block (|), and the key and user deleted when
// nothing else refers to them.
func (w *workspace) fixWorkloadCFN(f rules.Finding) (Fix, string) {
	mod, sink := w.resourceContaining(f.Range)
	if sink == nil {
		return Fix{}, "the resource the key reaches is not in the scan"
	}
	where, ok := cfnProfileSinks[sink.Type]
	if !ok {
		return Fix{}, fmt.Sprintf("no fix for %s yet", sink.Type)
	}
	fs := w.file(sink.Range.File)
	if fs.err != nil {
		return Fix{}, fs.err.Error()
	}
	isJSON := isJSONTemplate(fs.old)
	props := sink.Body
	for _, step := range where.under {
		props = props.Get(step)
	}
	if props == nil || len(props.Attrs) == 0 {
		return Fix{}, "the resource's properties are not written as a mapping"
	}
	keyMod, key := w.keyOf(f)
	if at := props.GetAttr("IamInstanceProfile"); at != nil {
		return w.fixWorkloadWithProfileCFN(f, mod, sink, at, keyMod, key, fs, isJSON)
	}
	st := w.cfnStyleOf(mod, fs.old)
	first := props.Attrs[0]
	propIndent := first.NameRange.Start.Column - 1
	if isJSON && strings.TrimSpace(string(fs.old[bytes.LastIndexByte(fs.old[:first.NameRange.Start.Byte], '\n')+1:first.NameRange.Start.Byte])) != "" {
		return Fix{}, "the resource's properties are written on one line"
	}

	// The role and its profile, once per key and template, before the
	// key's declaration (or the sink's, for a key that is not a resource).
	base := sink.Name
	anchor := sink
	if key != nil {
		base = key.Name
		if key.Range.File == sink.Range.File {
			anchor = key
		}
	}
	k := "cfn\x00" + mod.File + "\x00" + base
	profile, done := w.oidc[k]
	if !done {
		roleID := st.fresh(base + "InstanceRole")
		profile = st.fresh(base + "InstanceProfile")
		w.oidc[k] = profile
		if isJSON {
			_, d, why := w.cfnFile(sink.Range.File)
			if why != "" {
				return Fix{}, why
			}
			var user *model.Resource
			if key != nil && keyMod == mod {
				user = w.userOf(mod, key)
			}
			todo := ""
			if user != nil {
				w.cfnDeletable = append(w.cfnDeletable, cfnDeletion{mod: mod, res: user})
			} else {
				todo = fmt.Sprintf("grant this role the permissions the key (%s) had; the scan does not show its user", sourceLabel(f))
			}
			fs.insertBeforeLine(anchor.Range.Start.Byte, d.jsonRoleAndProfile(roleID, profile, sourceLabel(f), user, todo, anchor.Range.Start.Column-1, d.indentUnit()))
		} else {
			w.cfnRoleYAML(f, fs, st, mod, keyMod, key, anchor, roleID, profile)
		}
	}
	pad := strings.Repeat(" ", propIndent)
	switch {
	case isJSON && where.arn:
		fs.insertBeforeLine(first.NameRange.Start.Byte, fmt.Sprintf("%s\"IamInstanceProfile\": {\"Arn\": {\"Fn::GetAtt\": [%s, \"Arn\"]}},\n", pad, jsonString(profile)))
	case isJSON:
		fs.insertBeforeLine(first.NameRange.Start.Byte, fmt.Sprintf("%s\"IamInstanceProfile\": {\"Ref\": %s},\n", pad, jsonString(profile)))
	case where.arn:
		fs.insertBeforeLine(first.NameRange.Start.Byte, fmt.Sprintf("%sIamInstanceProfile:\n%s%sArn: %s\n", pad, pad, strings.Repeat(" ", st.unit), st.getAtt(profile, "Arn")))
	default:
		fs.insertBeforeLine(first.NameRange.Start.Byte, fmt.Sprintf("%sIamInstanceProfile: %s\n", pad, st.ref(profile)))
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
	return Fix{Finding: f, Description: fmt.Sprintf("give %s the instance profile %s, remove the key from its user data and delete the key when nothing else uses it", sink.Address, profile), Complete: complete}, ""
}

// cfnRoleYAML inserts the EC2 role with the user's permissions and its
// instance profile before the anchor's declaration, in YAML.
func (w *workspace) cfnRoleYAML(f rules.Finding, fs *fileState, st cfnStyle, mod, keyMod *model.Module, key, anchor *model.Resource, roleID, profile string) {
	{
		var b strings.Builder
		fmt.Fprintf(&b, "%s# Replaces %s: EC2 gives the instances short-lived credentials of this role.\n", st.pad(0), sourceLabel(f))
		fmt.Fprintf(&b, "%s%s:\n%sType: AWS::IAM::Role\n%sProperties:\n", st.pad(0), roleID, st.pad(1), st.pad(1))
		fmt.Fprintf(&b, "%sAssumeRolePolicyDocument:\n%sVersion: \"2012-10-17\"\n%sStatement:\n", st.pad(2), st.pad(3), st.pad(3))
		fmt.Fprintf(&b, "%s- Effect: Allow\n%s  Principal:\n%s    Service: ec2.amazonaws.com\n%s  Action: sts:AssumeRole\n", st.pad(4), st.pad(4), st.pad(4), st.pad(4))
		var user *model.Resource
		if key != nil && keyMod == mod {
			user = w.userOf(mod, key)
		}
		if user != nil {
			for _, prop := range []string{"ManagedPolicyArns", "Policies"} {
				if a := user.Body.GetAttr(prop); a != nil {
					b.WriteString(reindent(fs.old, a, len(st.pad(2))))
				}
			}
			w.cfnDeletable = append(w.cfnDeletable, cfnDeletion{mod: mod, res: user})
		} else {
			fmt.Fprintf(&b, "%s# TODO(iamlint): grant this role the permissions the key (%s) had; the scan does not show its user\n", st.pad(2), sourceLabel(f))
		}
		fmt.Fprintf(&b, "%s%s:\n%sType: AWS::IAM::InstanceProfile\n%sProperties:\n%sRoles:\n%s- %s\n",
			st.pad(0), profile, st.pad(1), st.pad(1), st.pad(2), st.pad(3), st.ref(roleID))
		fs.insertBeforeLine(anchor.Range.Start.Byte, b.String())
	}
}

// cfnStyleOf reads how the template is written.
func (w *workspace) cfnStyleOf(mod *model.Module, src []byte) cfnStyle {
	st := cfnStyle{unit: 2, indent: 2, logicalIDs: map[string]bool{}}
	st.short = bytes.Contains(src, []byte("!Ref ")) || bytes.Contains(src, []byte("!GetAtt ")) || bytes.Contains(src, []byte("!Sub"))
	for _, r := range mod.Resources {
		st.logicalIDs[r.Name] = true
	}
	for _, r := range mod.Resources {
		if r.Range.Start.Column > 1 {
			st.indent = r.Range.Start.Column - 1
			break
		}
	}
	// A level is what a property is below its resource.
	for _, r := range mod.Resources {
		if r.Body != nil && len(r.Body.Attrs) > 0 && r.Body.Attrs[0].NameRange.Start.Column > r.Range.Start.Column {
			if u := (r.Body.Attrs[0].NameRange.Start.Column - r.Range.Start.Column) / 2; u > 0 {
				st.unit = u
			}
			break
		}
	}
	for _, v := range mod.Variables {
		st.logicalIDs[v.Name] = true
	}
	return st
}

// fresh returns a logical ID not yet used in the template, and takes it.
func (s cfnStyle) fresh(base string) string {
	id := base
	for i := 2; s.logicalIDs[id]; i++ {
		id = fmt.Sprintf("%s%d", base, i)
	}
	s.logicalIDs[id] = true
	return id
}

// reindent returns the source lines of a property (its name to the end
// of its value), moved to column indent.
func reindent(src []byte, a *model.Attr, indent int) string {
	s, e := lineBounds(src, a.NameRange.Start.Byte, a.Value.Range.End.Byte)
	lines := strings.SplitAfter(string(src[s:e]), "\n")
	shift := indent - (a.NameRange.Start.Column - 1)
	var b strings.Builder
	for _, l := range lines {
		if l == "" {
			continue
		}
		switch {
		case strings.TrimSpace(l) == "":
			b.WriteString("\n")
		case shift >= 0:
			b.WriteString(strings.Repeat(" ", shift) + l)
		default:
			n := len(l) - len(strings.TrimLeft(l, " "))
			b.WriteString(l[min(-shift, n):])
		}
	}
	out := b.String()
	if !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	return out
}

// cutBlockScalarLines deletes the lines of a literal block scalar (|) in
// the resource that read the key: the carrier's line, and the lines that
// read the key's other part. It reports whether the carrier was cut.
func (w *workspace) cutBlockScalarLines(fs *fileState, res *model.Resource, carrier model.Range, key *model.Resource) bool {
	indicator := literalBlockOf(fs.old, carrier.Start.Byte)
	if carrier.Start.Line != carrier.End.Line || indicator < 0 {
		return false
	}
	cut := map[int]bool{lineOf(fs.old, carrier.Start.Byte) - 1: true}
	fs.deleteLines(carrier.Start.Byte, carrier.End.Byte)
	if key != nil {
		for _, ref := range res.Body.AllRefs() {
			if ref.Kind == model.RefResource && ref.Name == key.Name && ref.Range.Start.Line == ref.Range.End.Line && literalBlockOf(fs.old, ref.Range.Start.Byte) == indicator {
				fs.deleteLines(ref.Range.Start.Byte, ref.Range.End.Byte)
				cut[lineOf(fs.old, ref.Range.Start.Byte)-1] = true
			}
		}
	}
	// A !Sub with nothing left to substitute is a plain string: cfn-lint
	// says so (W1020).
	lines := strings.SplitAfter(string(fs.old), "\n")
	indent := func(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }
	head := lines[indicator]
	for i := indicator + 1; i < len(lines); i++ {
		l := lines[i]
		if strings.TrimSpace(l) != "" && indent(l) <= indent(head) {
			break
		}
		if !cut[i] && strings.Contains(l, "${") {
			return true
		}
	}
	if at := strings.Index(head, "!Sub |"); at >= 0 {
		off := 0
		for _, l := range lines[:indicator] {
			off += len(l)
		}
		fs.lineEdits = append(fs.lineEdits, Edit{Start: off + at, End: off + at + len("!Sub ")})
	}
	return true
}

// literalBlockOf returns the index (0-based) of the line that opens the
// YAML literal block scalar (|, |-, |+) holding off, or -1: going up, the
// lines indented at least as deep end at a less indented line that ends
// with the indicator. Deleting a content line of the block deletes one
// line of the text, nothing else.
func literalBlockOf(src []byte, off int) int {
	lines := strings.Split(string(src), "\n")
	at := strings.Count(string(src[:off]), "\n")
	indent := func(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }
	depth := indent(lines[at])
	for i := at - 1; i >= 0; i-- {
		l := lines[i]
		if strings.TrimSpace(l) == "" || indent(l) >= depth {
			continue
		}
		t := strings.TrimSpace(l)
		if c := strings.Index(t, " #"); c >= 0 {
			t = strings.TrimSpace(t[:c])
		}
		if strings.HasSuffix(t, "|") || strings.HasSuffix(t, "|-") || strings.HasSuffix(t, "|+") {
			return i
		}
		return -1
	}
	return -1
}

// cfnDeletion is a resource of a template to delete when nothing else in
// the template refers to it after the fixes.
type cfnDeletion struct {
	mod *model.Module
	res *model.Resource
}

// deleteUnreferencedCFN deletes the planned template resources no
// remaining reference reads: a reference inside a deleted line or a
// deleted resource does not count. A key goes first, then its user.
func (w *workspace) deleteUnreferencedCFN() {
	deleted := map[*model.Resource]bool{}
	gone := func(rg model.Range) bool {
		fs := w.file(rg.File)
		for _, e := range fs.lineEdits {
			if e.End > e.Start && e.Start <= rg.Start.Byte && rg.End.Byte <= e.End {
				return true
			}
		}
		return false
	}
	sort.SliceStable(w.cfnDeletable, func(i, j int) bool {
		return w.cfnDeletable[i].res.Type == "AWS::IAM::AccessKey" && w.cfnDeletable[j].res.Type != "AWS::IAM::AccessKey"
	})
	for _, d := range w.cfnDeletable {
		if deleted[d.res] || w.cfnKept[d.res] {
			continue
		}
		used := false
		for _, r := range d.mod.Resources {
			if r == d.res {
				continue
			}
			var refs []model.Ref
			refs = append(refs, r.Body.AllRefs()...)
			refs = append(refs, r.Meta.AllRefs()...)
			for _, ref := range refs {
				if ref.Name == d.res.Name && (ref.Kind == model.RefResource || ref.Kind == model.RefOther) && !gone(ref.Range) {
					used = true
				}
			}
		}
		for _, o := range d.mod.Outputs {
			for _, ref := range o.Value.AllRefs() {
				if ref.Name == d.res.Name && !gone(ref.Range) {
					used = true
				}
			}
		}
		if used {
			continue
		}
		fs := w.file(d.res.Range.File)
		s, e := lineBounds(fs.old, d.res.Range.Start.Byte, d.res.Extent.End.Byte)
		fs.lineEdits = append(fs.lineEdits, Edit{Start: s, End: e})
		deleted[d.res] = true
	}
}
