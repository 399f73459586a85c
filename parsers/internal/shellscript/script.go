package shellscript

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/iamlint/iamlint/parsers/model"
)

// Script is one shell script to lower: a file, or a block of a file.
type Script struct {
	// Path is the file the script is in: every range points into it.
	Path string
	// Src is the script's text.
	Src []byte
	// Pos maps a byte offset of Src (0 <= off <= len(Src)) to a position
	// of Path. Nil means Src is the whole file (positions are Src's own).
	Pos func(off int) model.Pos
	// Prefix is put before every address, with ": ", so that two scripts
	// of one file (two run: blocks) never share one. Empty for a file.
	Prefix string
	// Dir is the directory file:// arguments are relative to: the
	// script's own, or the working directory of a CI step.
	Dir string
	// ReadFile reads a file:// argument; nil reads nothing (policy
	// documents in files are then unknown).
	ReadFile func(path string) ([]byte, error)
}

// Result is what a script lowers to. Ranges point into Script.Path.
type Result struct {
	Resources    []*model.Resource // in source order
	Locals       []*model.Local
	Variables    []*model.Variable // the inputs the script reads and never assigns
	Literals     []model.Literal
	Suppressions []model.Suppression
	Diagnostics  []model.Diagnostic
}

// Types of the resources that are not AWS CLI calls.
const (
	// CredentialsType holds the AWS credentials a script configures:
	// attributes named like the environment variables.
	CredentialsType = "aws credentials"
	// RedirectType is a write to a file: "path" and "content".
	RedirectType = "file redirect"
)

// LineStarts returns a Script.Pos for a script whose line i starts at
// host position starts[i] and runs on contiguously (a YAML block scalar
// with its indentation removed). Offsets past the last line count on from
// its start.
func LineStarts(src []byte, starts []model.Pos) func(off int) model.Pos {
	lines := model.NewLineIndex(src)
	return func(off int) model.Pos {
		if len(starts) == 0 {
			return model.Pos{}
		}
		i := min(lines.Pos(off).Line-1, len(starts)-1)
		col := off - lines[i]
		h := starts[i]
		return model.Pos{Line: h.Line, Column: h.Column + col, Byte: h.Byte + col}
	}
}

// Lower parses and lowers one script. It never panics on any input: a
// script that does not parse is one diagnostic, and what can be read
// without the syntax tree (literals, suppressions) is still returned.
func Lower(s Script) (res *Result) {
	res = &Result{}
	pos := s.Pos
	if pos == nil {
		pos = model.NewLineIndex(s.Src).Pos
	}
	l := &lowerer{s: s, pos: pos, res: res}
	res.Literals = l.literals()
	// A script saved with CRLF line endings: the parser would read each
	// "\r" as part of the last word of its line ("ci\r"). It reads a copy
	// with a blank in its place, so that every offset stays the file's.
	if bytes.Contains(s.Src, []byte("\r\n")) {
		l.s.Src = bytes.ReplaceAll(s.Src, []byte("\r\n"), []byte(" \n"))
	}
	defer func() {
		if r := recover(); r != nil {
			res.Resources, res.Locals, res.Variables = nil, nil, nil
			res.Diagnostics = append(res.Diagnostics, model.Diagnostic{
				Severity: model.Error,
				Summary:  fmt.Sprintf("internal error: %v", r),
				Detail:   "This is a bug in iamlint; please report it, with the script if you can.",
				Range:    l.rng(0, 0),
			})
		}
	}()
	parser := syntax.NewParser(syntax.KeepComments(true), syntax.Variant(syntax.LangBash))
	f, err := parser.Parse(bytes.NewReader(l.s.Src), s.Path)
	if err != nil {
		res.Diagnostics = append(res.Diagnostics, l.parseError(err))
		res.Suppressions = l.suppressions(nil)
		return res
	}
	l.lower(f)
	res.Suppressions = l.suppressions(f)
	return res
}

// parseError places a syntax error at its position. It is a warning, not
// an error that fails the scan: bash runs a script up to its syntax error
// (and accepts some that the parser does not, such as an unclosed
// here-document), and most scripts of a repository are not
// infrastructure, so a broken one must not fail a scan of the rest.
func (l *lowerer) parseError(err error) model.Diagnostic {
	d := model.Diagnostic{Severity: model.Warning, Summary: "cannot parse shell script: " + err.Error(), Range: l.rng(0, 0)}
	var pe syntax.ParseError
	var le syntax.LangError
	switch {
	case errors.As(err, &pe):
		d.Summary = "cannot parse shell script: " + pe.Text
		if pe.Pos.IsValid() {
			d.Range = l.rng(l.off(pe.Pos), l.off(pe.Pos))
		}
	case errors.As(err, &le):
		d.Summary = fmt.Sprintf("cannot parse shell script: %s is not bash", le.Feature)
		if le.Pos.IsValid() {
			d.Range = l.rng(l.off(le.Pos), l.off(le.Pos))
		}
	}
	d.Detail = "The script is not checked; fix the syntax error, or exclude the file if it is not a bash or POSIX shell script."
	if d.Range.End.Byte == d.Range.Start.Byte && d.Range.End.Byte < len(l.s.Src) {
		d.Range.End = l.pos(d.Range.Start.Byte + 1)
	}
	return d
}

// literals are the script's lines, when it may hold a key at all.
func (l *lowerer) literals() []model.Literal {
	if !model.MayHoldKey(l.s.Src) {
		return nil
	}
	var out []model.Literal
	src := l.s.Src
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		if start < end {
			out = append(out, model.Literal{Range: l.rng(start, end), Raw: string(src[start:end])})
		}
		start = end + 1
	}
	return out
}

// lowerer is the state of one Lower call.
type lowerer struct {
	s   Script
	pos func(int) model.Pos
	res *Result

	// assigns counts the assignments of each variable, and consts holds
	// the value of a variable assigned exactly once, to a literal.
	assigns map[string]int
	consts  map[string]constant
	locals  map[string]*model.Local
	inputs  map[string]*model.Variable

	stdin   map[*syntax.Stmt]*syntax.Stmt // the statement piped into each
	calls   map[*syntax.Stmt]*call        // lowered once each
	written map[string]*written           // files the script writes, by path: what a later file:// reads

	resources []*model.Resource
	// keyRefs are references to resources, whose names are known once
	// every resource has its address.
	keyRefs []keyRef
	keyAt   map[refSlot]*model.Resource
	idents  map[*model.Resource]string
	appends map[*model.Resource]bool // redirects that append: >>
	// funcs are the script's functions: inside one, $1 reads what each
	// call passes.
	funcs []function
	// limit, when set, ends the text decode reads: a here-document's body.
	limit int
	// valueWords are the words option values were read from.
	valueWords map[*model.Value]*syntax.Word
}

// function is a shell function and where its body is.
type function struct {
	name       string
	start, end int
}

// enclosing is the innermost function whose body holds offset off.
func (l *lowerer) enclosing(off int) *function {
	var best *function
	for i := range l.funcs {
		f := &l.funcs[i]
		if f.start <= off && off < f.end && (best == nil || f.end-f.start < best.end-best.start) {
			best = f
		}
	}
	return best
}

// isFunc reports whether the script defines a function called name.
func (l *lowerer) isFunc(name string) bool {
	for _, f := range l.funcs {
		if f.name == name {
			return true
		}
	}
	return false
}

// localName is the model name of a script variable: the variable's own
// name, after Script.Prefix when there is one, since the scripts of one
// host file (the run: blocks of a workflow) become one module but do not
// share their shell variables.
func (l *lowerer) localName(name string) string {
	if l.s.Prefix == "" {
		return name
	}
	return l.s.Prefix + ": " + name
}

// argLocal names the local that holds positional parameter n ("1", "@")
// of function f: what every call passes there.
func argLocal(f, n string) string { return f + "() $" + n }

type keyRef struct {
	v *model.Value
	i int
	r *model.Resource
}

// off is the byte offset of a syntax position.
func (l *lowerer) off(p syntax.Pos) int {
	o := int(p.Offset())
	return min(max(o, 0), len(l.s.Src))
}

func (l *lowerer) rng(start, end int) model.Range {
	return model.Range{File: l.s.Path, Start: l.pos(start), End: l.pos(end)}
}

func (l *lowerer) nodeRange(n syntax.Node) model.Range {
	return l.rng(l.off(n.Pos()), l.off(n.End()))
}

func (l *lowerer) lower(f *syntax.File) {
	l.assigns, l.consts = map[string]int{}, map[string]constant{}
	l.keyAt = map[refSlot]*model.Resource{}
	l.locals, l.inputs = map[string]*model.Local{}, map[string]*model.Variable{}
	l.stdin, l.calls, l.written = map[*syntax.Stmt]*syntax.Stmt{}, map[*syntax.Stmt]*call{}, map[string]*written{}
	l.idents, l.appends = map[*model.Resource]string{}, map[*model.Resource]bool{}
	l.valueWords = map[*model.Value]*syntax.Word{}
	l.collectAssigns(f)
	syntax.Walk(f, func(n syntax.Node) bool {
		if st, ok := n.(*syntax.Stmt); ok {
			l.stmt(st)
		}
		return true
	})
	l.finish()
}

// collectAssigns counts the assignments of each variable before anything
// reads one, so that a read knows whether it reads a local or an input.
func (l *lowerer) collectAssigns(f *syntax.File) {
	literal := map[string]constant{}
	mark := func(name string) {
		if name != "" {
			l.assigns[name]++
		}
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.BinaryCmd:
			if n.Op == syntax.Pipe || n.Op == syntax.PipeAll {
				l.stdin[n.Y] = n.X
			}
		case *syntax.Assign:
			if n.Name == nil {
				return true
			}
			mark(n.Name.Value)
			if n.Value != nil && n.Index == nil && !n.Append && n.Array == nil {
				if s, offs, ok := l.literalWord(n.Value); ok {
					literal[n.Name.Value] = constant{s: []byte(s), offs: offs}
				}
			}
		case *syntax.FuncDecl:
			if n.Name != nil && n.Body != nil {
				l.funcs = append(l.funcs, function{name: n.Name.Value, start: l.off(n.Body.Pos()), end: l.off(n.Body.End())})
			}
		case *syntax.WordIter:
			mark(n.Name.Value)
			l.assigns[n.Name.Value]++ // a loop variable takes many values
		case *syntax.CallExpr:
			if name := commandName(n.Args); name == "read" || name == "mapfile" || name == "readarray" {
				for _, a := range n.Args[1:] {
					if s := a.Lit(); s != "" && !strings.HasPrefix(s, "-") {
						mark(s)
					}
				}
			}
		}
		return true
	})
	for name, c := range literal {
		if l.assigns[name] == 1 {
			l.consts[name] = c
		}
	}
}

// stmt lowers what one statement does: its assignments, the command it
// calls, and the files it writes.
func (l *lowerer) stmt(st *syntax.Stmt) {
	switch c := st.Cmd.(type) {
	case *syntax.CallExpr:
		if len(c.Args) == 0 {
			for _, a := range c.Assigns {
				l.assign(a, st)
			}
		}
		l.callOf(st)
		l.bindArgs(c)
	case *syntax.DeclClause:
		switch c.Variant.Value {
		case "export", "declare", "typeset", "local", "readonly":
			for _, a := range c.Args {
				if a.Name != nil && !a.Naked {
					l.assign(a, st)
				}
			}
		}
	}
	l.redirects(st)
}

// bindArgs records what a call of one of the script's functions passes:
// the function's $1, $2 ... and $@ read it.
func (l *lowerer) bindArgs(c *syntax.CallExpr) {
	name, args := splitCommand(c.Args)
	if name == "" || !l.isFunc(name) {
		return
	}
	for i, a := range args {
		v := l.word(a)
		n := strconv.Itoa(i + 1)
		l.setLocal(argLocal(name, n), "$"+n+" of "+name+"()", v.Range, v)
		l.setLocal(argLocal(name, "@"), "$@ of "+name+"()", v.Range, v)
	}
}

// assign records an assignment as a local, and as configured credentials
// when it sets an AWS credential variable.
func (l *lowerer) assign(a *syntax.Assign, st *syntax.Stmt) {
	if a.Name == nil {
		return
	}
	var v *model.Value
	switch {
	case a.Value != nil:
		v = l.word(a.Value)
	case a.Array != nil:
		v = &model.Value{Kind: model.List, Range: l.nodeRange(a.Array)}
		for _, e := range a.Array.Elems {
			if e.Value != nil {
				v.Elems = append(v.Elems, l.word(e.Value))
			}
		}
	default:
		v = &model.Value{Kind: model.String, Range: l.nodeRange(a)}
	}
	l.setLocal(a.Name.Value, "$"+a.Name.Value, l.nodeRange(a.Name), v)
	if credentialVars[a.Name.Value] {
		l.credentials(st, a.Name.Value, l.nodeRange(a.Name), v)
	}
}

func (l *lowerer) setLocal(name, label string, at model.Range, v *model.Value) {
	name = l.localName(name)
	loc := l.locals[name]
	if loc == nil {
		loc = &model.Local{Name: name, Label: label, Range: at, Value: &model.Value{Kind: model.List, Range: at}}
		l.locals[name] = loc
		l.res.Locals = append(l.res.Locals, loc)
	}
	loc.Value.Elems = append(loc.Value.Elems, v)
}

// credentialVars are the environment variables the AWS CLI and SDKs take
// credentials from.
var credentialVars = map[string]bool{"AWS_ACCESS_KEY_ID": true, "AWS_SECRET_ACCESS_KEY": true, "AWS_SESSION_TOKEN": true}

// configureNames maps `aws configure set` settings to those variables.
var configureNames = map[string]string{
	"aws_access_key_id":     "AWS_ACCESS_KEY_ID",
	"aws_secret_access_key": "AWS_SECRET_ACCESS_KEY",
	"aws_session_token":     "AWS_SESSION_TOKEN",
}

// credentials records one credential the script configures, as a
// resource of its own per statement.
func (l *lowerer) credentials(st *syntax.Stmt, name string, nameRange model.Range, v *model.Value) {
	rng := l.nodeRange(st)
	r := &model.Resource{
		Mode: model.Managed, Type: CredentialsType, Name: name,
		Range: nameRange, Extent: rng, Instances: 1,
		Body: &model.Value{Kind: model.Object, Range: rng, Attrs: []*model.Attr{{Name: name, NameRange: nameRange, Value: v}}},
	}
	l.idents[r] = name
	l.resources = append(l.resources, r)
}

// finish gives every resource its address, resolves the references to
// them, and orders what the script made.
func (l *lowerer) finish() {
	model.SortResources(l.resources)
	seen := map[string]int{}
	for _, r := range l.resources {
		base := r.Type
		if r.Type == RedirectType {
			base = ">" // > key.json, >> key.json
			if l.appends[r] {
				base = ">>"
			}
		}
		if id := l.idents[r]; id != "" {
			base += " " + id
		}
		if l.s.Prefix != "" {
			base = l.s.Prefix + ": " + base
		}
		seen[base]++
		r.Address = base
		if n := seen[base]; n > 1 {
			r.Address = fmt.Sprintf("%s#%d", base, n)
		}
	}
	for _, k := range l.keyRefs {
		ref := &k.v.Refs[k.i]
		ref.Name, ref.Subject = k.r.Address, k.r.Address
	}
	l.res.Resources = l.resources
	sort.SliceStable(l.res.Variables, func(i, j int) bool { return l.res.Variables[i].Range.Less(l.res.Variables[j].Range) })
}
