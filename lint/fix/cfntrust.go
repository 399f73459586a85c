package fix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// CloudFormation trust fixes (IAM302, IAM303) are line edits too. The
// template is parsed again with yaml.v3, which reads JSON as well (a JSON
// document is a YAML flow document), for the positions of the statement,
// its Condition and the Parameters section; the text written follows the
// template's syntax: block YAML, or JSON with the file's indentation and
// its commas. A value the fix cannot know (the external ID, the subject)
// is a new template parameter, referenced where the condition needs it.

// cfnParam is a parameter a fix adds to a template.
type cfnParam struct {
	name, description string
}

// cfnDoc is a template parsed for its positions.
type cfnDoc struct {
	src   []byte
	root  *yaml.Node // the document's mapping
	json  bool
	lines []int // byte offset of each line's start
}

func parseCFNDoc(src []byte) (*cfnDoc, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("the template is not a mapping")
	}
	d := &cfnDoc{src: src, root: doc.Content[0], lines: []int{0}}
	if t := bytes.TrimSpace(src); len(t) > 0 && t[0] == '{' {
		d.json = true
	}
	for i, b := range src {
		if b == '\n' {
			d.lines = append(d.lines, i+1)
		}
	}
	return d, nil
}

// offset is the byte offset of a node's start (yaml.v3 counts columns in
// characters: exact for the ASCII of templates' structure).
func (d *cfnDoc) offset(n *yaml.Node) int {
	if n.Line-1 >= len(d.lines) {
		return len(d.src)
	}
	return min(d.lines[n.Line-1]+n.Column-1, len(d.src))
}

// get returns the value of key in the mapping m, with its key node.
func get(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// path returns the nodes from n down to the node starting at line:col.
func path(n *yaml.Node, line, col int) []*yaml.Node {
	if n.Line == line && n.Column == col && (n.Kind == yaml.ScalarNode || n.Kind == yaml.AliasNode) {
		return []*yaml.Node{n}
	}
	for _, c := range n.Content {
		if p := path(c, line, col); p != nil {
			return append([]*yaml.Node{n}, p...)
		}
	}
	if n.Line == line && n.Column == col {
		return []*yaml.Node{n}
	}
	return nil
}

// statementNode returns the statement mapping holding the node at rg: the
// nearest mapping above it with a Principal.
func (d *cfnDoc) statementNode(rg model.Range) *yaml.Node {
	p := path(d.root, rg.Start.Line, rg.Start.Column)
	for i := len(p) - 1; i >= 0; i-- {
		if _, v := get(p[i], "Principal"); v != nil {
			return p[i]
		}
	}
	return nil
}

// indentUnit is the template's indentation step: what the first nested
// key is indented below the top level.
func (d *cfnDoc) indentUnit() int {
	for i := 0; i+1 < len(d.root.Content); i += 2 {
		if v := d.root.Content[i+1]; v.Kind == yaml.MappingNode && len(v.Content) > 0 && v.Content[0].Line > d.root.Content[i].Line {
			if u := v.Content[0].Column - d.root.Content[i].Column; u > 0 {
				return u
			}
		}
	}
	return 2
}

// value writes a value for the template's syntax: a Ref to a parameter
// or an Fn::Sub of a string.
func (d *cfnDoc) ref(short bool, param string) string {
	switch {
	case d.json:
		return `{"Ref": ` + jsonString(param) + `}`
	case short:
		return "!Ref " + param
	}
	return "{Ref: " + param + "}"
}

func (d *cfnDoc) sub(short bool, text string) string {
	switch {
	case d.json:
		return `{"Fn::Sub": ` + jsonString(text) + `}`
	case short:
		return "!Sub " + jsonString(text)
	}
	return `{"Fn::Sub": ` + jsonString(text) + `}`
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// key writes a mapping key.
func (d *cfnDoc) key(k string) string {
	if d.json {
		return jsonString(k)
	}
	return k
}

// entry is a mapping entry to add: a name and either a value written out
// or nested entries.
type entry struct {
	name  string
	value string
	inner []entry
}

// write renders e at indentation pad (spaces) with unit spaces per level.
func (d *cfnDoc) write(e entry, pad, unit int) string {
	p := strings.Repeat(" ", pad)
	if d.json {
		if e.inner == nil {
			return p + d.key(e.name) + ": " + e.value
		}
		var parts []string
		for _, in := range e.inner {
			parts = append(parts, d.write(in, pad+unit, unit))
		}
		return p + d.key(e.name) + ": {\n" + strings.Join(parts, ",\n") + "\n" + p + "}"
	}
	if e.inner == nil {
		return p + d.key(e.name) + ": " + e.value + "\n"
	}
	var b strings.Builder
	b.WriteString(p + d.key(e.name) + ":\n")
	for _, in := range e.inner {
		b.WriteString(d.write(in, pad+unit, unit))
	}
	return b.String()
}

// addEntry adds e at the end of the mapping m, as a line edit of fs: a
// member on a line of its own in a mapping written over several lines
// (block YAML; JSON after a comma), one more member before the closing
// brace of a flow mapping written on one line.
func (d *cfnDoc) addEntry(fs *fileState, m *yaml.Node, e entry) string {
	unit := d.indentUnit()
	if m.Style&yaml.FlowStyle != 0 {
		open := d.offset(m)
		if open >= len(d.src) || d.src[open] != '{' {
			return "the mapping cannot be located"
		}
		closing := matchingBrace(d.src, open, d.json)
		if closing < 0 {
			return "the mapping's closing brace is not found"
		}
		last := bytes.TrimRight(d.src[:closing], " \t\r\n")
		at := len(last)
		sep := ", "
		if at == open+1 {
			sep = ""
		}
		if !bytes.Contains(d.src[open:closing], []byte("\n")) {
			fs.lineEdits = append(fs.lineEdits, Edit{Start: at, End: at, New: sep + d.inline(e)})
			return ""
		}
		if !d.json || len(m.Content) == 0 || m.Content[0].Line == m.Line {
			return "the mapping is written in flow style over several lines"
		}
		fs.lineEdits = append(fs.lineEdits, Edit{Start: at, End: at, New: ",\n" + d.write(e, m.Content[0].Column-1, unit)})
		return ""
	}
	if len(m.Content) == 0 {
		return "the mapping is empty"
	}
	col := m.Content[0].Column - 1
	end := d.blockEnd(m.Content[0].Line, col)
	fs.lineEdits = append(fs.lineEdits, Edit{Start: end, End: end, New: d.write(e, col, unit)})
	return ""
}

// inline renders e as a member of a flow mapping.
func (d *cfnDoc) inline(e entry) string {
	if e.inner == nil {
		return d.key(e.name) + ": " + e.value
	}
	var parts []string
	for _, in := range e.inner {
		parts = append(parts, d.inline(in))
	}
	return d.key(e.name) + ": {" + strings.Join(parts, ", ") + "}"
}

// blockEnd returns the offset after the last line of the block mapping
// whose first key is on line (1-based) at column col (0-based): the lines
// that follow and are indented at least as deep, or blank, or comments.
func (d *cfnDoc) blockEnd(line, col int) int {
	end := d.lineEnd(line - 1)
	for i := line; i < len(d.lines); i++ {
		l := string(d.src[d.lines[i]:d.lineEnd(i)])
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if len(l)-len(strings.TrimLeft(l, " ")) < col {
			break
		}
		end = d.lineEnd(i)
	}
	return end
}

// lineEnd is the offset after the newline of line i (0-based).
func (d *cfnDoc) lineEnd(i int) int {
	if i+1 < len(d.lines) {
		return d.lines[i+1]
	}
	return len(d.src)
}

// matchingBrace returns the offset of the } that closes the { at open,
// skipping strings (JSON's, and YAML's single-quoted ones), or -1.
func matchingBrace(src []byte, open int, json bool) int {
	depth, quote := 0, byte(0)
	for i := open; i < len(src); i++ {
		c := src[i]
		switch {
		case quote == '"' && c == '\\':
			i++
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
		case c == '"' || c == '\'' && !json:
			quote = c
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// cfnFile returns what a trust fix needs of a template.
func (w *workspace) cfnFile(path string) (*fileState, *cfnDoc, string) {
	fs := w.file(path)
	if fs.err != nil {
		return nil, nil, fs.err.Error()
	}
	if fs.cfn == nil {
		d, err := parseCFNDoc(fs.old)
		if err != nil {
			return nil, nil, "the template cannot be read again: " + err.Error()
		}
		fs.cfn = d
	}
	return fs, fs.cfn, ""
}

// fixTrustCFN fixes IAM302 and IAM303 in a template.
func (w *workspace) fixTrustCFN(f rules.Finding) (Fix, string) {
	mod, holder, st, _ := w.statementOf(f.Range)
	if st == nil || holder == nil {
		return Fix{}, "the statement is not in the scan"
	}
	fs, d, why := w.cfnFile(f.Range.File)
	if why != "" {
		return Fix{}, why
	}
	stNode := d.statementNode(f.Range)
	if stNode == nil {
		return Fix{}, "the statement is not written in the template"
	}
	style := w.cfnStyleFor(mod, fs)
	switch f.Rule.ID {
	case "IAM302":
		account := accountOfFinding(f.Message)
		done := "cfn-condition\x00sts:ExternalId\x00" + st.Range.String()
		if p, ok := w.oidc[done]; ok {
			return Fix{Finding: f, Description: fmt.Sprintf("require sts:ExternalId = parameter %s from account %s", p, account), Complete: true}, ""
		}
		param := style.fresh(holder.Name + "ExternalId")
		desc := fmt.Sprintf("The external ID that account %s passes when it assumes %s: the third party gives it to you", account, holder.Name)
		if why := d.setCondition(fs, st, stNode, "StringEquals", "sts:ExternalId", d.ref(style.short, param)); why != "" {
			return Fix{}, why
		}
		w.oidc[done] = param
		addCFNParams(fs, cfnParam{param, desc})
		return Fix{Finding: f, Description: fmt.Sprintf("require sts:ExternalId = parameter %s from account %s", param, account), Complete: true}, ""
	case "IAM303":
		issuer := ""
		if m := subjectInMessage.FindStringSubmatch(f.Message); m != nil {
			issuer = m[1]
		} else {
			for _, c := range st.Conditions {
				for _, v := range c.Values {
					if v.Range == f.Range {
						issuer = strings.TrimSuffix(c.Key, ":sub")
					}
				}
			}
		}
		if issuer == "" {
			return Fix{}, "the subject's issuer is not known"
		}
		old := ""
		var oldNode *yaml.Node
		if !subjectInMessage.MatchString(f.Message) {
			p := path(d.root, f.Range.Start.Line, f.Range.Start.Column)
			if len(p) == 0 || p[len(p)-1].Kind != yaml.ScalarNode || f.Range.Start.Line != f.Range.End.Line {
				return Fix{}, "the subject is not a value written on one line"
			}
			oldNode = p[len(p)-1]
			old = oldNode.Value
		}
		value, params := d.subjectValue(style, holder.Name, issuer, old)
		var why string
		if oldNode != nil {
			// The pattern that matches any subject becomes the one named.
			fs.lineEdits = append(fs.lineEdits, Edit{Start: f.Range.Start.Byte, End: f.Range.End.Byte, New: value})
		} else {
			why = d.setCondition(fs, st, stNode, "StringLike", issuer+":sub", value)
		}
		if why != "" {
			return Fix{}, why
		}
		addCFNParams(fs, params...)
		var names []string
		for _, p := range params {
			names = append(names, p.name)
		}
		what := "parameter " + names[0]
		if len(names) > 1 {
			what = "parameters " + strings.Join(names, ", ")
		}
		return Fix{Finding: f, Description: fmt.Sprintf("require the %s:sub claim to name the subject given by %s", issuer, what), Complete: true}, ""
	}
	return Fix{}, "the rule has no fix"
}

// subjectValue is the subject a trust is scoped to, with the parameters
// it needs. For GitHub it is repo:OWNER/REPO:ref:refs/heads/BRANCH, where
// each part the old pattern names (a parameter, a literal) is kept and
// each wildcard becomes a parameter; for other issuers, one parameter.
func (d *cfnDoc) subjectValue(style cfnStyle, role, issuer, old string) (string, []cfnParam) {
	if strings.Contains(issuer, "token.actions.githubusercontent.com") {
		owner, repo, rest := "*", "*", "*"
		// repo:OWNER/REPO:REST; a "*" in place of OWNER/REPO matches both.
		if s, ok := strings.CutPrefix(old, "repo:"); ok {
			var ownerRepo string
			ownerRepo, rest, _ = strings.Cut(s, ":")
			var found bool
			if owner, repo, found = strings.Cut(ownerRepo, "/"); !found {
				repo = "*"
			}
		}
		wild := func(s string) bool { return s == "" || strings.ContainsAny(s, "*?") }
		var params []cfnParam
		take := func(part, base, desc string) string {
			if !wild(part) {
				return part
			}
			p := style.fresh(role + base)
			params = append(params, cfnParam{p, desc})
			return "${" + p + "}"
		}
		owner = take(owner, "GitHubOwner", "The GitHub organization or user whose repository may assume "+role)
		repo = take(repo, "GitHubRepo", "The GitHub repository that may assume "+role)
		if wild(rest) {
			rest = "ref:refs/heads/" + take("*", "GitHubBranch", "The branch whose workflows may assume "+role)
		}
		return d.sub(style.short, "repo:"+owner+"/"+repo+":"+rest), params
	}
	p := style.fresh(role + "OidcSubject")
	return d.ref(style.short, p), []cfnParam{{p, subjectHelp(issuer)}}
}

// setCondition makes the statement require key = value under operator:
// in its Condition, under the operator when it has it (replacing a value
// the key has), else in a new Condition.
func (d *cfnDoc) setCondition(fs *fileState, st *model.Statement, stNode *yaml.Node, operator, key, value string) string {
	if st.ConditionsUnknown {
		return "the statement's conditions cannot all be read"
	}
	_, cond := get(stNode, "Condition")
	if cond == nil {
		return d.addEntry(fs, stNode, entry{name: "Condition", inner: []entry{{name: operator, inner: []entry{{name: key, value: value}}}}})
	}
	if cond.Kind != yaml.MappingNode {
		return "the statement's Condition is not a mapping written in place"
	}
	_, op := get(cond, operator)
	if op == nil {
		return d.addEntry(fs, cond, entry{name: operator, inner: []entry{{name: key, value: value}}})
	}
	if op.Kind != yaml.MappingNode {
		return "the statement's " + operator + " is not a mapping written in place"
	}
	if _, old := get(op, key); old != nil {
		if old.Kind != yaml.ScalarNode || old.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			return "the statement's " + key + " is not a value on one line"
		}
		start := d.offset(old)
		end := start + scalarLength(d.src[start:], old)
		if end <= start {
			return "the statement's " + key + " cannot be located"
		}
		fs.lineEdits = append(fs.lineEdits, Edit{Start: start, End: end, New: value})
		return ""
	}
	return d.addEntry(fs, op, entry{name: key, value: value})
}

// scalarLength is the length of the scalar written at the start of src:
// a quoted string to its closing quote, a plain one to the end of the
// line or a comment.
func scalarLength(src []byte, n *yaml.Node) int {
	line := src
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if n.Tag != "" && n.Tag[0] == '!' && bytes.HasPrefix(line, []byte(n.Tag)) {
		return -1 // a tagged value: left to the finding's own range
	}
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		for i := 1; i < len(line); i++ {
			switch line[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return -1
	case n.Style&yaml.SingleQuotedStyle != 0:
		for i := 1; i < len(line); i++ {
			if line[i] == '\'' {
				if i+1 < len(line) && line[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return -1
	}
	if i := bytes.Index(line, []byte(" #")); i >= 0 {
		line = line[:i]
	}
	return len(bytes.TrimRight(line, " \t\r,}]"))
}

// cfnStyleFor is the style of a template, read once per file so that the
// logical IDs the fixes take stay taken.
func (w *workspace) cfnStyleFor(mod *model.Module, fs *fileState) cfnStyle {
	if fs.cfnStyle == nil {
		st := w.cfnStyleOf(mod, fs.old)
		fs.cfnStyle = &st
	}
	return *fs.cfnStyle
}

// addCFNParams plans parameters of a template: they are written when the
// plan is finished, all in one place (one Parameters section).
func addCFNParams(fs *fileState, params ...cfnParam) {
	fs.cfnParams = append(fs.cfnParams, params...)
}

// writeCFNParams writes the planned parameters of each template: at the
// end of its Parameters section, or in a new one before Resources.
func (w *workspace) writeCFNParams() {
	for _, fs := range w.files {
		if len(fs.cfnParams) == 0 || fs.cfn == nil {
			continue
		}
		d := fs.cfn
		unit := d.indentUnit()
		var entries []entry
		for _, p := range fs.cfnParams {
			entries = append(entries, entry{name: p.name, inner: []entry{
				{name: "Type", value: d.scalar("String")},
				{name: "Description", value: jsonString(p.description)},
			}})
		}
		_, params := get(d.root, "Parameters")
		if params != nil && (params.Kind != yaml.MappingNode || len(params.Content) == 0) {
			// Parameters: with nothing (null) or {}: a second section would
			// be a duplicate key.
			w.failed[fs.path] = fmt.Errorf("%s: the template's Parameters section is empty or not a mapping: add the parameters %s by hand", fs.path, paramNames(fs.cfnParams))
			continue
		}
		if params != nil {
			for _, e := range entries {
				if why := d.addEntry(fs, params, e); why != "" {
					w.failed[fs.path] = fmt.Errorf("%s: the parameters cannot be added: %s", fs.path, why)
				}
			}
			continue
		}
		resKey, _ := get(d.root, "Resources")
		if resKey == nil {
			w.failed[fs.path] = fmt.Errorf("%s: the template has no Resources", fs.path)
			continue
		}
		col := resKey.Column - 1
		at := d.lines[resKey.Line-1]
		if d.json {
			var parts []string
			for _, e := range entries {
				parts = append(parts, d.write(e, col+unit, unit))
			}
			fs.lineEdits = append(fs.lineEdits, Edit{Start: at, End: at, New: strings.Repeat(" ", col) + `"Parameters": {` + "\n" + strings.Join(parts, ",\n") + "\n" + strings.Repeat(" ", col) + "},\n"})
			continue
		}
		fs.lineEdits = append(fs.lineEdits, Edit{Start: at, End: at, New: d.write(entry{name: "Parameters", inner: entries}, col, unit)})
	}
}

// scalar writes a plain string value.
func (d *cfnDoc) scalar(s string) string {
	if d.json {
		return jsonString(s)
	}
	return s
}

func paramNames(ps []cfnParam) string {
	var names []string
	for _, p := range ps {
		names = append(names, p.name)
	}
	return strings.Join(names, ", ")
}
