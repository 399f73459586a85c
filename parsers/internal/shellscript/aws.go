package shellscript

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/iamlint/iamlint/parsers/jsonpos"
	"github.com/iamlint/iamlint/parsers/model"
)

// The AWS CLI and the CI secret stores' CLIs, read as resources.

// option is one argument of a command line: an option with its value, or
// a positional argument (name empty).
type option struct {
	name      string // long name without dashes
	nameRange model.Range
	word      *syntax.Word // the value's word; nil for a flag
	value     *model.Value
}

// cli describes a command line's options: which take no value, and the
// long names of short ones.
type cli struct {
	flags map[string]bool   // long options that take no value
	short map[string]string // -b -> body
}

// awsFlags are the AWS CLI's options that take no value; any other
// option takes the word after it unless that is an option too.
var awsCLI = cli{flags: map[string]bool{
	"debug": true, "dry-run": true, "recursive": true, "force": true, "quiet": true,
	"no-paginate": true, "no-verify-ssl": true, "no-sign-request": true, "no-cli-pager": true,
	"no-cli-auto-prompt": true, "cli-auto-prompt": true, "only-show-errors": true,
}}

var ghCLI = cli{
	flags: map[string]bool{"no-store": true, "help": true},
	short: map[string]string{"b": "body", "R": "repo", "e": "env", "o": "org", "a": "app", "v": "visibility", "r": "repos", "f": "env-file", "h": "help"},
}

var glabCLI = cli{
	flags: map[string]bool{"masked": true, "protected": true, "raw": true, "help": true},
	short: map[string]string{"v": "value", "R": "repo", "g": "group", "s": "scope", "t": "type", "d": "description", "m": "masked", "p": "protected", "r": "raw", "h": "help"},
}

// parseArgs splits a command line into options and positional arguments.
func (l *lowerer) parseArgs(words []*syntax.Word, c cli) []option {
	var out []option
	for i := 0; i < len(words); i++ {
		w := words[i]
		lit, _, known := l.literalWord(w)
		name := ""
		if first, ok := w.Parts[0].(*syntax.Lit); ok && !known && strings.HasPrefix(first.Value, "--") && strings.Contains(first.Value, "=") {
			// --name="$VALUE": the name is literal, the value is not.
			n, _, _ := strings.Cut(first.Value[2:], "=")
			out = append(out, option{name: n, nameRange: l.nodeRange(w), value: l.word(w)})
			continue
		}
		if long, ok := l.attachedShort(w, c); ok {
			// -bVALUE, -b"$VALUE": a short option with its value attached.
			v := l.word(w)
			if known {
				v = &model.Value{Kind: model.String, Str: lit[2:], Range: l.rng(l.off(w.Pos())+2, l.off(w.End()))}
			}
			out = append(out, option{name: long, nameRange: l.nodeRange(w), value: v})
			continue
		}
		switch {
		case known && strings.HasPrefix(lit, "--") && len(lit) > 2:
			name = lit[2:]
		case known && len(lit) == 2 && lit[0] == '-' && c.short[lit[1:]] != "":
			name = c.short[lit[1:]]
		default:
			out = append(out, option{word: w, value: l.wordValue(w)})
			continue
		}
		o := option{name: name, nameRange: l.nodeRange(w)}
		if n, v, ok := strings.Cut(name, "="); ok {
			// --name=value: the value is the rest of the word.
			o.name = n
			start := l.off(w.Pos()) + 2 + len(n) + 1
			o.value = &model.Value{Kind: model.String, Str: v, Range: l.rng(start, l.off(w.End()))}
			if !knownLiteral(w) {
				o.value = l.word(w)
			}
			out = append(out, o)
			continue
		}
		if !c.flags[name] && i+1 < len(words) {
			next, _, nextKnown := l.literalWord(words[i+1])
			if !nextKnown || !strings.HasPrefix(next, "-") || next == "-" {
				i++
				o.word = words[i]
				o.value = l.wordValue(words[i])
				out = append(out, o)
				continue
			}
		}
		o.value = &model.Value{Kind: model.Bool, Bool: true, Range: o.nameRange}
		out = append(out, o)
	}
	return out
}

// attachedShort reports whether w is a short option of c that takes a
// value, written with the value attached (-bVALUE), and its long name.
func (l *lowerer) attachedShort(w *syntax.Word, c cli) (string, bool) {
	first, ok := w.Parts[0].(*syntax.Lit)
	if !ok {
		return "", false
	}
	v := first.Value
	if len(v) < 2 || v[0] != '-' || v[1] == '-' || len(v) == 2 && len(w.Parts) == 1 {
		return "", false
	}
	long := c.short[v[1:2]]
	if long == "" || c.flags[long] {
		return "", false
	}
	return long, true
}

func knownLiteral(w *syntax.Word) bool {
	for _, p := range w.Parts {
		if _, ok := p.(*syntax.Lit); !ok {
			return false
		}
	}
	return true
}

// identifying are the options that name what a call acts on, in the
// order an address lists them.
var identifying = []string{"user-name", "role-name", "group-name", "instance-profile-name", "policy-name", "policy-arn", "name", "secret-id", "function-name", "bucket"}

// policyOptions are the options that hold a policy document, and its kind.
var policyOptions = map[string]map[string]model.PolicyKind{
	"aws iam create-role":               {"assume-role-policy-document": model.TrustPolicy},
	"aws iam update-assume-role-policy": {"policy-document": model.TrustPolicy},
	"aws iam put-user-policy":           {"policy-document": model.IdentityPolicy},
	"aws iam put-role-policy":           {"policy-document": model.IdentityPolicy},
	"aws iam put-group-policy":          {"policy-document": model.IdentityPolicy},
	"aws iam create-policy":             {"policy-document": model.IdentityPolicy},
	"aws iam create-policy-version":     {"policy-document": model.IdentityPolicy},
	"aws s3api put-bucket-policy":       {"policy": model.ResourcePolicy},
}

// aws lowers an AWS CLI call into a resource of type "aws <service>
// <operation>".
func (l *lowerer) aws(st *syntax.Stmt, c *call) {
	opts := l.parseArgs(c.args, awsCLI)
	var pos []option
	for _, o := range opts {
		if o.name == "" {
			pos = append(pos, o)
		}
	}
	if len(pos) < 2 {
		return
	}
	service, ok1 := pos[0].value.AsString()
	op, ok2 := pos[1].value.AsString()
	if !ok1 || !ok2 || service == "" || op == "" {
		return
	}
	typ := "aws " + service + " " + op
	start := l.commandStart(st, c)
	body := &model.Value{Kind: model.Object, Range: l.nodeRange(st)}
	var ident []string
	for _, o := range opts {
		if o.name != "" {
			body.Attrs = append(body.Attrs, &model.Attr{Name: o.name, NameRange: o.nameRange, Value: o.value})
		}
	}
	// Positional arguments after the operation: arg1, arg2 (aws configure
	// set NAME VALUE, aws s3 cp SRC DST).
	for i, p := range pos[2:] {
		body.Attrs = append(body.Attrs, &model.Attr{Name: fmt.Sprintf("arg%d", i+1), NameRange: p.value.Range, Value: p.value})
	}
	for _, name := range identifying {
		if a := body.GetAttr(name); a != nil && a.Value.Kind != model.Bool {
			ident = append(ident, l.identText(a.Value))
		}
	}
	r := &model.Resource{
		Mode: model.Managed, Type: typ, Name: op,
		Range:  l.rng(start, l.off(pos[1].word.End())),
		Extent: l.nodeRange(st), Instances: 1, Body: body,
	}
	if typ == "aws configure set" && len(pos) >= 3 {
		setting, _ := pos[2].value.AsString()
		if i := strings.LastIndexByte(setting, '.'); i >= 0 {
			setting = setting[i+1:] // profile.name.aws_access_key_id
		}
		ident = append(ident, setting)
		if env, ok := configureNames[setting]; ok && len(pos) >= 4 {
			l.credentials(st, env, pos[2].value.Range, pos[3].value)
		}
	}
	for opt, kind := range policyOptions[typ] {
		if a := body.GetAttr(opt); a != nil {
			if p := l.policy(a); p != nil {
				r.Policies = append(r.Policies, &model.AttachedPolicy{Kind: kind, Attr: opt, Policy: p})
			}
		}
	}
	if typ == "aws iam create-access-key" {
		c.keyQuery = ""
		if q := body.Get("query"); q != nil {
			if s, ok := q.AsString(); ok {
				c.keyQuery = keyPartOf(s)
			}
		}
	}
	l.idents[r] = strings.Join(ident, " ")
	c.res = r
	l.resources = append(l.resources, r)
	l.readsWritten(body)
}

// readsWritten replaces an option given as file://path (or fileb://) by
// what the script wrote to that path, when it did: user data, a secret
// string or container definitions written with a here-document carry what
// the document holds.
func (l *lowerer) readsWritten(body *model.Value) {
	for _, a := range body.Attrs {
		s, ok := a.Value.AsString()
		if !ok {
			continue
		}
		p, ok := strings.CutPrefix(s, "file://")
		if !ok {
			p, ok = strings.CutPrefix(s, "fileb://")
		}
		if w := l.written[filepath.Clean(p)]; ok && w != nil && w.v != nil {
			a.Value = w.v
		}
	}
}

// commandStart is where a call's command name starts (aws, not the sudo
// before it): a resource's range is its command words.
func (l *lowerer) commandStart(st *syntax.Stmt, c *call) int {
	ce := st.Cmd.(*syntax.CallExpr)
	for i, a := range ce.Args {
		if len(c.args) > 0 && a == c.args[0] && i > 0 {
			return l.off(ce.Args[i-1].Pos())
		}
	}
	return l.off(ce.Args[0].Pos())
}

// identText is how an identifying value appears in an address: its text
// when known, else the source as written ("$USER").
func (l *lowerer) identText(v *model.Value) string {
	if s, ok := v.AsString(); ok {
		return s
	}
	if w := l.valueWords[v]; w != nil {
		if len(w.Parts) == 1 {
			if dq, ok := w.Parts[0].(*syntax.DblQuoted); ok && len(dq.Parts) > 0 {
				// "$USER" reads as $USER.
				return l.sourceText(&syntax.Word{Parts: dq.Parts})
			}
		}
		return l.sourceText(w)
	}
	return v.Pattern
}

// ciSecret lowers `gh secret set`, `gh variable set` and `glab variable
// set|create|update` into a resource whose "value" is what is stored.
func (l *lowerer) ciSecret(st *syntax.Stmt, c *call) {
	spec := ghCLI
	if c.name == "glab" {
		spec = glabCLI
	}
	opts := l.parseArgs(c.args, spec)
	var pos []option
	for _, o := range opts {
		if o.name == "" {
			pos = append(pos, o)
		}
	}
	if len(pos) < 2 {
		return
	}
	group, _ := pos[0].value.AsString()
	verb, _ := pos[1].value.AsString()
	switch {
	case c.name == "gh" && (group == "secret" || group == "variable") && verb == "set":
	case c.name == "glab" && group == "variable" && (verb == "set" || verb == "create" || verb == "update"):
		verb = "set"
	default:
		return
	}
	body := &model.Value{Kind: model.Object, Range: l.nodeRange(st)}
	var name, value *model.Attr
	for _, o := range opts[0:] {
		switch {
		case o.name == "body" || o.name == "value":
			value = &model.Attr{Name: "value", NameRange: o.nameRange, Value: o.value}
		case o.name != "":
			body.Attrs = append(body.Attrs, &model.Attr{Name: o.name, NameRange: o.nameRange, Value: o.value})
		}
	}
	if len(pos) >= 3 {
		name = &model.Attr{Name: "name", NameRange: pos[2].value.Range, Value: pos[2].value}
	}
	if value == nil && c.name == "glab" && len(pos) >= 4 {
		value = &model.Attr{Name: "value", NameRange: pos[3].value.Range, Value: pos[3].value}
	}
	if f, ok := body.Get("env-file").AsString(); ok && value == nil {
		// --env-file FILE: every entry of a file the script wrote.
		if w := l.written[filepath.Clean(f)]; w != nil {
			value = &model.Attr{Name: "value", NameRange: body.GetAttr("env-file").NameRange, Value: w.v}
		}
	}
	if value == nil && body.Get("env-file") == nil {
		// The value comes on standard input.
		in := l.stdinOf(st, l.nodeRange(st))
		value = &model.Attr{Name: "value", NameRange: in.Range, Value: in}
	}
	start := l.commandStart(st, c)
	r := &model.Resource{
		Mode: model.Managed, Type: c.name + " " + group + " " + verb, Name: verb,
		Range:  l.rng(start, l.off(pos[1].word.End())),
		Extent: l.nodeRange(st), Instances: 1, Body: body,
	}
	var ident []string
	if name != nil {
		body.Attrs = append([]*model.Attr{name}, body.Attrs...)
		ident = append(ident, l.identText(name.Value))
	}
	// The same name in two repositories is two secrets.
	for _, scope := range []string{"repo", "org", "env", "group"} {
		if v := body.Get(scope); v != nil && v.Kind != model.Bool {
			ident = append(ident, l.identText(v))
		}
	}
	l.idents[r] = strings.Join(ident, " ")
	if value != nil {
		body.Attrs = append(body.Attrs, value)
	}
	c.res = r
	l.resources = append(l.resources, r)
}

// policy reads a policy document option: JSON written in the script, or
// file://path, read from what the script wrote there or from the file.
func (l *lowerer) policy(a *model.Attr) *model.Policy {
	doc := l.policyValue(a)
	if doc == nil {
		return nil
	}
	return model.PolicyFromValue(doc)
}

func (l *lowerer) policyValue(a *model.Attr) *model.Value {
	v := a.Value
	t := text{lenient: true}
	if p, ok := l.catOf(l.wordOf(a)); ok {
		return l.policyFile(p, v.Range)
	}
	if w := l.wordOf(a); w != nil {
		var refs []model.Ref
		if !l.appendParts(&t, w.Parts, unquoted, &refs) {
			return nil
		}
	} else if s, ok := v.AsString(); ok {
		return l.parseJSON(text{s: []byte(s)}, v.Range)
	} else {
		return nil
	}
	s := string(t.s)
	if p, ok := strings.CutPrefix(s, "file://"); ok {
		if len(t.holes) > 0 {
			return nil // a path that is not known
		}
		return l.policyFile(filepath.Clean(p), v.Range)
	}
	if !strings.HasPrefix(strings.TrimSpace(s), "{") {
		return nil
	}
	return l.parseJSON(t, v.Range)
}

// catOf recognises a word that is only "$(cat FILE)" (quoted or not)
// and returns FILE: a policy document read from a file.
func (l *lowerer) catOf(w *syntax.Word) (string, bool) {
	if w == nil || len(w.Parts) != 1 {
		return "", false
	}
	part := w.Parts[0]
	if dq, ok := part.(*syntax.DblQuoted); ok && len(dq.Parts) == 1 {
		part = dq.Parts[0]
	}
	cs, ok := part.(*syntax.CmdSubst)
	if !ok || len(cs.Stmts) != 1 {
		return "", false
	}
	ce, ok := cs.Stmts[0].Cmd.(*syntax.CallExpr)
	if !ok {
		return "", false
	}
	name, args := splitCommand(ce.Args)
	if name != "cat" || len(args) != 1 {
		return "", false
	}
	p, _, known := l.literalWord(args[0])
	if !known || strings.HasPrefix(p, "-") {
		return "", false
	}
	return filepath.Clean(p), true
}

// wordOf finds the word an option's value was read from.
func (l *lowerer) wordOf(a *model.Attr) *syntax.Word {
	return l.valueWords[a.Value]
}

// wordValue is word, remembering the word the value was read from.
func (l *lowerer) wordValue(w *syntax.Word) *model.Value {
	v := l.word(w)
	l.valueWords[v] = w
	return v
}

// policyFile reads file://p: what the script wrote to p, else the file
// relative to Script.Dir.
func (l *lowerer) policyFile(p string, at model.Range) *model.Value {
	if w, ok := l.written[p]; ok {
		if len(w.t.s) == 0 {
			return nil
		}
		return l.parseJSON(w.t, at)
	}
	if l.s.ReadFile == nil || strings.ContainsAny(p, "$`*?") {
		return nil
	}
	full := p
	if !filepath.IsAbs(p) {
		full = filepath.Join(l.s.Dir, p)
	}
	src, err := l.s.ReadFile(full)
	if err != nil {
		// Often relative to wherever the script is run from, not to the
		// script: the document is unknown, as a variable would be.
		return nil
	}
	v, err := jsonpos.Parse(src, full, model.Pos{Line: 1, Column: 1})
	if err != nil {
		l.jsonError(err, at)
		return nil
	}
	return v
}

// parseJSON parses a policy written in the script: t.offs, when known,
// map each byte to the script, so that every element gets its own range;
// else every element gets at. A string that holds an expansion (a hole of
// t) is unknown, with the rest of its text as its pattern.
func (l *lowerer) parseJSON(t text, at model.Range) *model.Value {
	s := string(t.s)
	offs := t.offs
	if len(offs) != len(s) {
		v, err := jsonpos.ParseString(s, at)
		if err != nil {
			l.jsonError(err, at)
			return nil
		}
		return v
	}
	v, err := jsonpos.Parse(t.s, at.File, model.Pos{Line: 1, Column: 1})
	if err != nil {
		var e *jsonpos.Error
		if errors.As(err, &e) && e.Pos.Byte < len(offs) {
			at = l.rng(offs[e.Pos.Byte], l.sourceEnd(t, e.Pos.Byte))
		}
		l.jsonError(err, at)
		return nil
	}
	remap := func(r model.Range) model.Range {
		start, end := r.Start.Byte, r.End.Byte
		if start < 0 || start >= len(offs) || end <= start || end > len(offs) {
			return at
		}
		return l.rng(offs[start], l.sourceEnd(t, end-1))
	}
	v.Walk(func(x *model.Value) bool {
		if x.Kind == model.String && len(t.holes) > 0 {
			unknownHoles(x, t)
		}
		x.Range = remap(x.Range)
		for _, a := range x.Attrs {
			a.NameRange = remap(a.NameRange)
		}
		return true
	})
	return v
}

// unknownHoles makes a string that covers a hole of t unknown: its
// pattern is its text with "*" for each hole. Escapes in the JSON string
// make its decoded text differ from the source; then the pattern is "*".
func unknownHoles(x *model.Value, t text) {
	start, end := x.Range.Start.Byte+1, x.Range.End.Byte-1 // inside the quotes
	var pattern strings.Builder
	inside := false
	last := start
	for _, h := range t.holes {
		if h[1] <= start || h[0] >= end {
			continue
		}
		inside = true
		if h[0] > last {
			pattern.Write(t.s[last:h[0]])
		}
		pattern.WriteByte('*')
		last = h[1]
	}
	if !inside {
		return
	}
	if last < end {
		pattern.Write(t.s[last:end])
	}
	p := pattern.String()
	if end-start != len(x.Str)+countEscapes(t.s[start:end]) {
		p = "*"
	}
	x.Kind, x.Str, x.Pattern = model.Unknown, "", p
}

func countEscapes(b []byte) int {
	n := 0
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' {
			n++
			i++
		}
	}
	return n
}

func (l *lowerer) jsonError(err error, at model.Range) {
	msg := err.Error()
	var e *jsonpos.Error
	if errors.As(err, &e) {
		msg = e.Msg
	}
	l.res.Diagnostics = append(l.res.Diagnostics, model.Diagnostic{
		Severity: model.Warning,
		Summary:  "policy document is not valid JSON: " + msg,
		Detail:   "The policy is not read, so no rule checks it.",
		Range:    at,
	})
}

var kubectlCLI = cli{
	flags: map[string]bool{"dry-run": true, "help": true, "all-namespaces": true},
	short: map[string]string{"f": "filename", "n": "namespace", "o": "output", "h": "help", "A": "all-namespaces"},
}

// kubectl lowers what puts values into a cluster: `kubectl create secret
// TYPE NAME --from-literal=KEY=VALUE` (type "kubectl create secret", its
// "from-literal" options) and `kubectl apply|create -f -`, whose
// "manifest" is what it reads on standard input (a here-document).
func (l *lowerer) kubectl(st *syntax.Stmt, c *call) {
	opts := l.parseArgs(c.args, kubectlCLI)
	var pos []option
	for _, o := range opts {
		if o.name == "" {
			pos = append(pos, o)
		}
	}
	if len(pos) == 0 {
		return
	}
	verb, _ := pos[0].value.AsString()
	body := &model.Value{Kind: model.Object, Range: l.nodeRange(st)}
	var typ, ident string
	switch {
	case verb == "create" && len(pos) >= 3 && isLit(pos[1].value, "secret"):
		typ = "kubectl create secret"
		if len(pos) >= 4 {
			ident = l.identText(pos[3].value)
		}
		for _, o := range opts {
			if o.name == "from-literal" || o.name == "from-file" || o.name == "from-env-file" {
				body.Attrs = append(body.Attrs, &model.Attr{Name: o.name, NameRange: o.nameRange, Value: o.value})
			}
		}
	case verb == "apply" || verb == "create" || verb == "replace":
		f := body.Get("filename")
		for _, o := range opts {
			if o.name == "filename" {
				f = o.value
			}
		}
		name, _ := f.AsString()
		if name != "-" {
			return
		}
		typ = "kubectl " + verb
		in := l.stdinOf(st, l.nodeRange(st))
		body.Attrs = append(body.Attrs, &model.Attr{Name: "manifest", NameRange: in.Range, Value: in})
	default:
		return
	}
	start := l.commandStart(st, c)
	r := &model.Resource{
		Mode: model.Managed, Type: typ, Name: verb,
		Range:  l.rng(start, l.off(pos[0].word.End())),
		Extent: l.nodeRange(st), Instances: 1, Body: body,
	}
	l.idents[r] = ident
	c.res = r
	l.resources = append(l.resources, r)
}

func isLit(v *model.Value, s string) bool {
	got, ok := v.AsString()
	return ok && got == s
}
