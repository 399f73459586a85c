package shellscript

import (
	"path"
	"path/filepath"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/iamlint/iamlint/parsers/model"
)

// Commands: which calls become resources, and what a command writes to
// its standard output, which a $(...), a pipe or a redirect hands on.

// call is a lowered simple command.
type call struct {
	name string          // the command: aws, gh, jq
	args []*syntax.Word  // its arguments, after the name
	res  *model.Resource // the resource it is, if any
	// keyQuery is, for a call that prints an access key, the part of it
	// its --query selects: "" the whole response, "-" no key material.
	keyQuery string
}

// wrappers run the command after them (and their own options).
var wrappers = map[string]bool{"sudo": true, "command": true, "exec": true, "nohup": true, "time": true, "env": true, "builtin": true}

// commandName is the name of the command a call runs, past wrappers;
// empty when it is not a literal.
func commandName(args []*syntax.Word) string {
	name, _ := splitCommand(args)
	return name
}

// splitCommand returns the command's name and its arguments.
func splitCommand(args []*syntax.Word) (string, []*syntax.Word) {
	for i := 0; i < len(args); i++ {
		lit := args[i].Lit()
		if lit == "" {
			return "", nil
		}
		name := path.Base(lit)
		if !wrappers[name] {
			return name, args[i+1:]
		}
		// Skip the wrapper's options and env's assignments.
		for i+1 < len(args) {
			next := args[i+1].Lit()
			assignment := name == "env" && strings.Contains(next, "=")
			if !strings.HasPrefix(next, "-") && !assignment {
				break
			}
			i++
		}
	}
	return "", nil
}

// callOf lowers the simple command of st once.
func (l *lowerer) callOf(st *syntax.Stmt) *call {
	if c, ok := l.calls[st]; ok {
		return c
	}
	ce, ok := st.Cmd.(*syntax.CallExpr)
	if !ok {
		return nil
	}
	c := &call{}
	l.calls[st] = c
	c.name, c.args = splitCommand(ce.Args)
	switch c.name {
	case "aws":
		l.aws(st, c)
	case "gh", "glab":
		l.ciSecret(st, c)
	case "kubectl":
		l.kubectl(st, c)
	case "read", "mapfile", "readarray":
		in := l.stdinOf(st, l.nodeRange(st))
		for _, a := range c.args {
			if s := a.Lit(); s != "" && !strings.HasPrefix(s, "-") && isName(s) {
				l.setLocal(s, "$"+s, l.nodeRange(a), in)
			}
		}
	case "tee":
		in := l.stdinOf(st, l.nodeRange(st))
		for _, a := range c.args {
			if s := a.Lit(); s != "" && !strings.HasPrefix(s, "-") {
				if w := l.writeFile(st, a, in, nil); w != nil && appends(c.args) {
					l.appends[w] = true
				}
			}
		}
	}
	return c
}

// appends reports whether tee's options say -a (--append).
func appends(args []*syntax.Word) bool {
	for _, a := range args {
		if s := a.Lit(); s == "-a" || s == "--append" {
			return true
		}
	}
	return false
}

// output is what statements print, as one value at rng.
func (l *lowerer) output(stmts []*syntax.Stmt, rng model.Range) *model.Value {
	switch len(stmts) {
	case 0:
		return &model.Value{Kind: model.Unknown, Range: rng}
	case 1:
		return l.stmtOutput(stmts[0], rng)
	}
	v := &model.Value{Kind: model.List, Range: rng}
	for _, st := range stmts {
		v.Elems = append(v.Elems, l.stmtOutput(st, rng))
	}
	return v
}

// passThrough are commands that print what they read, changed in ways
// that keep key material key material.
var passThrough = map[string]bool{
	"tee": true, "tr": true, "sed": true, "awk": true, "cut": true, "head": true, "tail": true,
	"base64": true, "grep": true, "sort": true, "uniq": true, "xargs": true, "cat": true, "openssl": true,
}

// stmtOutput is what one statement prints, read at rng.
func (l *lowerer) stmtOutput(st *syntax.Stmt, rng model.Range) *model.Value {
	unknown := &model.Value{Kind: model.Unknown, Range: rng}
	switch cmd := st.Cmd.(type) {
	case *syntax.BinaryCmd:
		switch cmd.Op {
		case syntax.Pipe, syntax.PipeAll:
			return l.stmtOutput(cmd.Y, rng)
		default:
			return &model.Value{Kind: model.List, Range: rng, Elems: []*model.Value{l.stmtOutput(cmd.X, rng), l.stmtOutput(cmd.Y, rng)}}
		}
	case *syntax.Block:
		return l.output(cmd.Stmts, rng)
	case *syntax.Subshell:
		return l.output(cmd.Stmts, rng)
	case *syntax.CallExpr:
		c := l.callOf(st)
		if c == nil {
			return unknown
		}
		switch {
		case c.res != nil && c.res.Type == "aws iam create-access-key":
			return l.keyOutput(c.res, c.keyQuery, rng)
		case c.name == "echo" || c.name == "printf":
			return l.argsValue(c.args, rng)
		case c.name == "jq":
			return l.jq(st, c, rng)
		case c.name == "cat" && len(c.args) > 0 && !strings.HasPrefix(c.args[0].Lit(), "-"):
			if w, ok := l.written[filepath.Clean(c.args[0].Lit())]; ok {
				return w.v
			}
			return unknown
		case passThrough[c.name]:
			return l.stdinOf(st, rng)
		}
	}
	return unknown
}

// keyOutput is what reading an access key's creation prints: a reference
// to the key, or to the part of it a filter selects.
func (l *lowerer) keyOutput(key *model.Resource, part string, rng model.Range) *model.Value {
	v := &model.Value{Kind: model.Unknown, Range: rng}
	if part != "-" {
		l.addKeyRef(v, key, part, rng)
	}
	return v
}

// argsValue is the value of echo's or printf's arguments, options left
// out.
func (l *lowerer) argsValue(args []*syntax.Word, rng model.Range) *model.Value {
	var vals []*model.Value
	for i, a := range args {
		if lit := a.Lit(); i == len(vals) && strings.HasPrefix(lit, "-") && len(lit) > 1 && lit != "--" {
			continue
		}
		vals = append(vals, l.word(a))
	}
	switch len(vals) {
	case 0:
		return &model.Value{Kind: model.String, Range: rng}
	case 1:
		return vals[0]
	}
	return &model.Value{Kind: model.List, Range: rng, Elems: vals}
}

// stdinOf is what a statement reads on its standard input: the statement
// piped into it, a here-string or here-document, or a file the script
// wrote.
func (l *lowerer) stdinOf(st *syntax.Stmt, rng model.Range) *model.Value {
	for _, r := range st.Redirs {
		switch r.Op {
		case syntax.WordHdoc:
			return l.word(r.Word)
		case syntax.Hdoc, syntax.DashHdoc:
			if r.Hdoc != nil {
				return l.hdocValue(r)
			}
		case syntax.RdrIn:
			if w, ok := l.written[filepath.Clean(r.Word.Lit())]; ok {
				return w.v
			}
		}
	}
	if prev := l.stdin[st]; prev != nil {
		return l.stmtOutput(prev, rng)
	}
	return &model.Value{Kind: model.Unknown, Range: rng}
}

// hdocQuoting says how a here-document's body is decoded: a quoted
// delimiter ('EOF', "EOF", \EOF) leaves it as written.
func hdocQuoting(r *syntax.Redirect) quoting {
	quoted := false
	for _, p := range r.Word.Parts {
		switch p := p.(type) {
		case *syntax.SglQuoted, *syntax.DblQuoted:
			quoted = true
		case *syntax.Lit:
			quoted = quoted || strings.Contains(p.Value, `\`)
		}
	}
	switch {
	case quoted && r.Op == syntax.DashHdoc:
		return rawTabbed
	case quoted:
		return raw
	case r.Op == syntax.DashHdoc:
		return tabbed
	}
	return heredoc
}

func (l *lowerer) hdocValue(r *syntax.Redirect) *model.Value {
	defer l.bodyOf(r)()
	return l.parts(r.Hdoc.Parts, l.rng(l.off(r.Hdoc.Pos()), l.limit), hdocQuoting(r))
}

// bodyOf bounds decoding to a here-document's body: the parser's end of
// its last part lies past the closing delimiter. It returns the function
// that lifts the bound.
func (l *lowerer) bodyOf(r *syntax.Redirect) func() {
	var delim text
	l.appendParts(&delim, r.Word.Parts, unquoted, nil)
	l.limit = max(l.off(r.Hdoc.Pos()), l.off(r.Hdoc.End())-len(delim.s))
	return func() { l.limit = 0 }
}

// hdocText is a here-document's body, what it expands kept as written.
func (l *lowerer) hdocText(r *syntax.Redirect) (text, bool) {
	defer l.bodyOf(r)()
	t := text{lenient: true}
	var refs []model.Ref
	ok := l.appendParts(&t, r.Hdoc.Parts, hdocQuoting(r), &refs)
	return t, ok
}

// jq is what jq prints: what it reads, narrowed by its filter when that
// selects a part of an access key.
func (l *lowerer) jq(st *syntax.Stmt, c *call, rng model.Range) *model.Value {
	filter, haveFilter := "", false
	var files []*model.Value
	for i := 0; i < len(c.args); i++ {
		lit, _, known := l.literalWord(c.args[i])
		switch {
		case known && jqTwoValues[lit]:
			i += 2 // --arg name value
		case known && lit == "--indent":
			i++
		case known && strings.HasPrefix(lit, "-") && lit != "-":
		case !haveFilter:
			filter, haveFilter = lit, true
		default:
			// A file argument: what the script wrote there, if it did.
			if w := l.written[filepath.Clean(lit)]; known && w != nil && w.v != nil {
				files = append(files, w.v)
			} else {
				files = append(files, &model.Value{Kind: model.Unknown, Range: rng})
			}
		}
	}
	var in *model.Value
	switch len(files) {
	case 0:
		in = l.stdinOf(st, rng)
	case 1:
		in = files[0]
	default:
		in = &model.Value{Kind: model.List, Range: rng, Elems: files}
	}
	part := keyPartOf(filter)
	switch part {
	case "":
		return in
	case "-":
		return &model.Value{Kind: model.Unknown, Range: rng}
	}
	out := &model.Value{Kind: model.Unknown, Range: rng}
	in.Walk(func(x *model.Value) bool {
		for i, r := range x.Refs {
			if k, ok := l.keyAt[refSlot{x, i}]; ok {
				attr := r.Attr
				if attr == "" {
					attr = part
				}
				l.addKeyRef(out, k, attr, r.Range)
				continue
			}
			out.Refs = append(out.Refs, r)
		}
		return true
	})
	return out
}

// jqTwoValues are jq's options followed by a name and a value.
var jqTwoValues = map[string]bool{"--arg": true, "--argjson": true, "--slurpfile": true, "--rawfile": true}

// keyPartOf reads a --query or jq filter over create-access-key's
// response: the key part it selects ("SecretAccessKey", "AccessKeyId"),
// "" for the whole response (no filter, or one that cannot be read), "-"
// for one that selects no key material (UserName, Status).
func keyPartOf(filter string) string {
	f := strings.TrimSpace(filter)
	switch {
	case f == "" || f == ".":
		return ""
	case strings.Contains(strings.ToLower(f), "secretaccesskey"):
		return "SecretAccessKey"
	case strings.Contains(strings.ToLower(f), "accesskeyid"):
		return "AccessKeyId"
	case strings.ContainsAny(f, "$(|"):
		return "" // a filter with variables or functions: cannot tell
	}
	return "-"
}

// redirects records the files a statement writes with > and >>.
func (l *lowerer) redirects(st *syntax.Stmt) {
	for _, r := range st.Redirs {
		switch r.Op {
		case syntax.RdrOut, syntax.AppOut, syntax.RdrAll, syntax.AppAll, syntax.RdrClob:
		default:
			continue
		}
		if r.N != nil && r.N.Value == "2" {
			continue // standard error
		}
		var txt *written
		if t, ok := l.printedText(st); ok {
			txt = &written{t: t}
		}
		w := l.writeFile(st, r.Word, l.stmtOutput(st, l.nodeRange(st)), txt)
		if w != nil && (r.Op == syntax.AppOut || r.Op == syntax.AppAll) {
			l.appends[w] = true
		}
	}
}

// written is a file the script writes: its content, and its text when
// known (a here-document), for a later file:// argument to read.
type written struct {
	v *model.Value
	t text
}

// writeFile records that st writes content to the file target names, as
// a resource (RedirectType).
func (l *lowerer) writeFile(st *syntax.Stmt, target *syntax.Word, content *model.Value, txt *written) *model.Resource {
	p := l.word(target)
	name, known := p.AsString()
	if known && (strings.HasPrefix(name, "/dev/") || name == "") {
		return nil
	}
	if cliCredentialsFile(name, known, p.Pattern) {
		// The AWS CLI's own credentials file: the script configures the
		// CLI with what it writes there, as aws configure set does; the
		// key is used, not handed on.
		l.credentials(st, "AWS_SECRET_ACCESS_KEY", l.nodeRange(target), content)
		return nil
	}
	if known {
		name = filepath.Clean(name)
		w := &written{v: content}
		if txt != nil {
			w.t = txt.t
		}
		l.written[name] = w
	}
	rng := l.nodeRange(target)
	r := &model.Resource{
		Mode: model.Managed, Type: RedirectType, Range: rng, Extent: l.nodeRange(st), Instances: 1,
		Body: &model.Value{Kind: model.Object, Range: l.nodeRange(st), Attrs: []*model.Attr{
			{Name: "path", NameRange: rng, Value: p},
			{Name: "content", NameRange: rng, Value: content},
		}},
	}
	l.idents[r] = l.sourceText(target)
	l.valueWords[p] = target
	l.resources = append(l.resources, r)
	return r
}

// printedText is the literal text a statement prints: a here-document
// given to cat, or echo's or printf's one literal argument.
func (l *lowerer) printedText(st *syntax.Stmt) (text, bool) {
	ce, ok := st.Cmd.(*syntax.CallExpr)
	if !ok {
		return text{}, false
	}
	name, args := splitCommand(ce.Args)
	switch name {
	case "cat":
		for _, r := range st.Redirs {
			if (r.Op == syntax.Hdoc || r.Op == syntax.DashHdoc) && r.Hdoc != nil {
				return l.hdocText(r)
			}
		}
	case "echo", "printf":
		if len(args) == 1 {
			t := text{lenient: true}
			var refs []model.Ref
			if l.appendParts(&t, args[0].Parts, unquoted, &refs) {
				return t, true
			}
		}
	}
	return text{}, false
}

// sourceText is a node's text as written, on one line.
func (l *lowerer) sourceText(n syntax.Node) string {
	start, end := l.off(n.Pos()), l.off(n.End())
	if start >= end {
		return ""
	}
	return strings.Join(strings.Fields(string(l.s.Src[start:end])), " ")
}

// cliCredentialsFile reports whether a redirect's target is the AWS CLI's
// shared credentials or config file (~/.aws/credentials,
// $HOME/.aws/config), known or as a pattern.
func cliCredentialsFile(name string, known bool, pattern string) bool {
	if !known {
		name = pattern
	}
	name = filepath.ToSlash(name)
	return strings.HasSuffix(name, ".aws/credentials") || strings.HasSuffix(name, ".aws/config")
}
