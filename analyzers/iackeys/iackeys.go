package iackeys

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/iamlint/iamlint/analyzers"
	"github.com/iamlint/iamlint/analyzers/internal/gotypes"
	"github.com/iamlint/iamlint/parsers/model"
)

// Analyzer follows Pulumi and CDK access keys to the places their material
// must not go (IAM101-IAM104) and reports the keys that go nowhere such
// (IAM105).
var Analyzer = &analysis.Analyzer{
	Name: "iackeys",
	Doc:  "report Pulumi and AWS CDK access keys, and their secrets reaching EC2 user data, service environments, CI secrets and outputs (IAM101-IAM105)",
	URL:  "https://pkg.go.dev/github.com/iamlint/iamlint/analyzers/iackeys",
	Run:  run,
}

// maxRounds bounds the fixed-point iteration; each round can only add
// taint, so it ends well before on real code.
const maxRounds = 64

func run(pass *analysis.Pass) (any, error) {
	if !importsSource(pass.Pkg) {
		return nil, nil
	}
	s := newState(pass)
	s.collect()
	if len(s.sources) == 0 {
		return nil, nil
	}
	for round := 0; round < maxRounds; round++ {
		s.changed = false
		s.cache = map[ast.Expr]taint{}
		s.walk(s.transfer)
		if !s.changed {
			break
		}
	}
	s.cache = map[ast.Expr]taint{}
	s.walk(s.checkSinks)
	s.reportUnreached()
	return nil, nil
}

// importsSource reports whether pkg imports a package that creates keys.
func importsSource(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if sourcePkgs[pkgKey(imp)] {
			return true
		}
	}
	return false
}

// A source is one call that creates an access key.
type source struct {
	call     *ast.CallExpr
	name     string // for messages: the resource name, quoted
	fn       string // iam.NewAccessKey
	inactive bool
	// Whether the key's secret, or its SES SMTP password, is read.
	secretRead, smtpRead bool
	reached              bool // some IAM101-IAM104 finding covers it
}

// A function is a body whose parameters and results the analysis tracks:
// a declared function or method, or a function literal.
type function struct {
	sig     *types.Signature
	results []taint // what each result may hold
}

type state struct {
	pass    *analysis.Pass
	info    *types.Info
	sources []*source
	srcOf   map[*ast.CallExpr]int
	// vars maps variables, parameters, named results and struct fields to
	// what they may hold (flow-insensitive).
	vars map[types.Object]taint
	// funcs are the package's function bodies, by declared *types.Func or
	// by *ast.FuncLit.
	funcs   map[any]*function
	changed bool
	cache   map[ast.Expr]taint
	// reported de-duplicates findings: one per (rule, carrier, key).
	reported map[string]bool
}

func newState(pass *analysis.Pass) *state {
	return &state{
		pass:     pass,
		info:     pass.TypesInfo,
		srcOf:    map[*ast.CallExpr]int{},
		vars:     map[types.Object]taint{},
		funcs:    map[any]*function{},
		reported: map[string]bool{},
	}
}

func (s *state) isTestFile(f *ast.File) bool {
	return strings.HasSuffix(s.pass.Fset.File(f.Pos()).Name(), "_test.go")
}

// collect finds the function bodies and the key sources.
func (s *state) collect() {
	for _, f := range s.pass.Files {
		if s.isTestFile(f) {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if fn, ok := s.info.Defs[n.Name].(*types.Func); ok && n.Body != nil {
					s.funcs[fn] = &function{sig: fn.Signature()}
				}
			case *ast.FuncLit:
				if sig, ok := s.info.TypeOf(n).(*types.Signature); ok {
					s.funcs[n] = &function{sig: sig}
				}
			case *ast.CallExpr:
				if fn, ok := typeutil.Callee(s.info, n).(*types.Func); ok && sourceFuncs[funcKey(fn)] {
					s.srcOf[n] = len(s.sources)
					s.sources = append(s.sources, s.newSource(n, fn))
				}
			}
			return true
		})
	}
	for _, fn := range s.funcs {
		fn.results = make([]taint, fn.sig.Results().Len())
	}
}

func (s *state) newSource(call *ast.CallExpr, fn *types.Func) *source {
	src := &source{call: call, fn: fn.Pkg().Name() + "." + fn.Name()}
	if len(call.Args) > 1 {
		src.name = s.describe(call.Args[1])
	}
	if len(call.Args) > 2 {
		src.inactive = s.inactive(call.Args[2])
	}
	return src
}

// inactive reports whether the key's arguments set its status to Inactive:
// Status: pulumi.String("Inactive"), awsiam.AccessKeyStatus_INACTIVE,
// jsii.String("Inactive").
func (s *state) inactive(args ast.Expr) bool {
	args = ast.Unparen(args)
	if u, ok := args.(*ast.UnaryExpr); ok && u.Op == token.AND {
		args = ast.Unparen(u.X)
	}
	lit, ok := args.(*ast.CompositeLit)
	if !ok {
		return false
	}
	status, ok := gotypes.FieldValues(s.info, lit)["Status"]
	if !ok {
		return false
	}
	v, ok := s.constString(status)
	return ok && strings.EqualFold(v, "inactive")
}

// constString returns the string constant of e, looking through one call
// of a string wrapper (pulumi.String, jsii.String, pulumi.StringPtr).
func (s *state) constString(e ast.Expr) (string, bool) {
	if tv, ok := s.info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value), true
	}
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && len(call.Args) == 1 {
		if tv, ok := s.info.Types[call.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			return constant.StringVal(tv.Value), true
		}
	}
	return "", false
}

// describe names a key by its resource name for messages.
func (s *state) describe(e ast.Expr) string {
	if v, ok := s.constString(e); ok {
		return quote(v)
	}
	var b strings.Builder
	if err := gotypes.Format(&b, s.pass.Fset, e); err != nil {
		return "(unnamed)"
	}
	text := strings.Join(strings.Fields(b.String()), " ")
	if len(text) > 40 {
		text = text[:40] + "..."
	}
	return quote(text)
}

// walk calls visit for every node of the package's non-test files, with the
// innermost enclosing function body (nil at package level).
func (s *state) walk(visit func(n ast.Node, fn *function)) {
	for _, f := range s.pass.Files {
		if s.isTestFile(f) {
			continue
		}
		var nodes []ast.Node
		var fns []*function
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				top := nodes[len(nodes)-1]
				nodes = nodes[:len(nodes)-1]
				if s.bodyOf(top) != nil {
					fns = fns[:len(fns)-1]
				}
				return true
			}
			nodes = append(nodes, n)
			if fn := s.bodyOf(n); fn != nil {
				fns = append(fns, fn)
			}
			var cur *function
			if len(fns) > 0 {
				cur = fns[len(fns)-1]
			}
			visit(n, cur)
			return true
		})
	}
}

// bodyOf returns the tracked function n declares, or nil.
func (s *state) bodyOf(n ast.Node) *function {
	switch n := n.(type) {
	case *ast.FuncDecl:
		if fn, ok := s.info.Defs[n.Name].(*types.Func); ok {
			return s.funcs[fn]
		}
	case *ast.FuncLit:
		return s.funcs[n]
	}
	return nil
}

// funcKey names a function or method for the tables: "pkgKey.Func" or
// "pkgKey.Type.Method"; the standard library by import path.
func funcKey(fn *types.Func) string {
	if fn.Pkg() == nil {
		return fn.Name()
	}
	pkg := pkgKey(fn.Pkg())
	if pkg == "" {
		pkg = gotypes.PkgPath(fn.Pkg())
	}
	if recv := fn.Signature().Recv(); recv != nil {
		if n := gotypes.Named(recv.Type()); n != nil {
			return pkg + "." + n.Obj().Name() + "." + fn.Name()
		}
		return pkg + "." + fn.Name()
	}
	return pkg + "." + fn.Name()
}

// fieldKey names a struct field of a named type: "pkgKey.Type.Field".
func fieldKey(t types.Type, field string) string {
	n := gotypes.Named(t)
	if n == nil || n.Obj().Pkg() == nil {
		return ""
	}
	pkg := pkgKey(n.Obj().Pkg())
	if pkg == "" {
		return ""
	}
	return pkg + "." + n.Obj().Name() + "." + field
}

func (s *state) report(rule string, level model.Level, pos, end token.Pos, text string, src *source) {
	k := fmt.Sprintf("%s %d %d %p", rule, pos, end, src)
	if s.reported[k] {
		return
	}
	s.reported[k] = true
	related := analysis.RelatedInformation{
		Pos:     src.call.Pos(),
		End:     src.call.End(),
		Message: "access key " + src.name + " is created here by " + src.fn,
	}
	s.pass.Report(analyzers.Diagnostic(rule, level, pos, end, text, related))
}

// reportUnreached reports IAM105 for each key no IAM101-IAM104 finding
// covers.
func (s *state) reportUnreached() {
	for _, src := range s.sources {
		if src.reached {
			continue
		}
		level, text := analyzers.Warning, "access key "+src.name+" is a long-term credential; give the workload a role instead, or document why a key is unavoidable"
		switch {
		case src.inactive:
			level, text = analyzers.Note, "inactive access key "+src.name+" is still a long-term credential; delete it once rotation is done"
		case src.smtpRead && !src.secretRead:
			level, text = analyzers.Note, "access key "+src.name+" is used only as SES SMTP credentials, which no role can replace; keep it scoped to ses:SendRawEmail"
		}
		s.pass.Report(analyzers.Diagnostic(analyzers.IAM105, level, src.call.Pos(), src.call.End(), text))
	}
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
