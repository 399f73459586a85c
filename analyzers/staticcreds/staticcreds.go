package staticcreds

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/iamlint/iamlint/analyzers"
	"github.com/iamlint/iamlint/analyzers/internal/gotypes"
)

// Analyzer reports static AWS SDK credentials (IAM401) and key-shaped
// literals (IAM107).
var Analyzer = &analysis.Analyzer{
	Name:     "staticcreds",
	Doc:      "report static AWS SDK credentials where the default credential chain would use a role (IAM401) and hard-coded access keys (IAM107)",
	URL:      "https://pkg.go.dev/github.com/iamlint/iamlint/analyzers/staticcreds",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// The SDK packages, by import path.
const (
	v2aws    = "github.com/aws/aws-sdk-go-v2/aws"
	v2creds  = "github.com/aws/aws-sdk-go-v2/credentials"
	v1creds  = "github.com/aws/aws-sdk-go/aws/credentials"
	v2config = "github.com/aws/aws-sdk-go-v2/config"
)

// A credsType is a struct type holding an access key, and the names of its
// key ID, secret and session token fields.
type credsType struct {
	pkg, name            string
	keyID, secret, token string
}

var credsTypes = []credsType{
	{v2aws, "Credentials", "AccessKeyID", "SecretAccessKey", "SessionToken"},
	{v1creds, "Value", "AccessKeyID", "SecretAccessKey", "SessionToken"},
}

// staticProviders are the provider structs whose Value field holds a
// credsType.
var staticProviders = []struct{ pkg, name string }{
	{v2creds, "StaticCredentialsProvider"},
	{v1creds, "StaticProvider"},
}

// staticFuncs are the constructors of static providers. Either the key ID,
// secret and token are arguments keyID, secret and token, or (value >= 0)
// one argument is a credsType.
var staticFuncs = []struct {
	pkg, name            string
	keyID, secret, token int
	value                int
}{
	{v2creds, "NewStaticCredentialsProvider", 0, 1, 2, -1},
	{v1creds, "NewStaticCredentials", 0, 1, 2, -1},
	{v1creds, "NewStaticCredentialsFromCreds", -1, -1, -1, 0},
}

// providerFunc is the function type whose results the SDK uses as
// credentials: a function literal converted to it is a provider.
var providerFunc = struct{ pkg, name string }{v2aws, "CredentialsProviderFunc"}

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{pass: pass, done: map[ast.Node]bool{}, defs: map[types.Object]ast.Expr{}, flagVars: map[types.Object]bool{}}
	for _, f := range pass.Files {
		c.collectDefs(f)
	}
	filter := []ast.Node{(*ast.CallExpr)(nil), (*ast.CompositeLit)(nil)}
	insp.Preorder(filter, func(n ast.Node) {
		if c.isTestFile(n.Pos()) {
			return
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			c.call(n)
		case *ast.CompositeLit:
			c.compositeLit(n)
		}
	})
	// A credentials literal assigned to a variable is often handed to a
	// provider further down: judged last, it is reported once, there.
	for _, lit := range c.bare {
		if !c.done[lit.lit] {
			c.judge(lit.lit, typeName(c.pass.TypesInfo.TypeOf(lit.lit)), c.fieldValues(lit.lit, lit.ct), true)
		}
	}
	for _, f := range pass.Files {
		checkLiterals(pass, f)
	}
	return nil, nil
}

type checker struct {
	pass *analysis.Pass
	// done holds the literals already judged as part of an enclosing
	// provider, so that each is reported once.
	done map[ast.Node]bool
	// defs maps a variable assigned exactly once to its value.
	defs map[types.Object]ast.Expr
	// flagVars are the variables (and struct fields) a command-line flag
	// sets: flag.StringVar(&v, ...).
	flagVars map[types.Object]bool
	// bare are the credentials literals not given straight to a provider,
	// judged after every provider has claimed the ones it reads.
	bare []bareLit
}

type bareLit struct {
	lit *ast.CompositeLit
	ct  *credsType
}

func (c *checker) isTestFile(pos token.Pos) bool {
	return strings.HasSuffix(c.pass.Fset.File(pos).Name(), "_test.go")
}

// collectDefs records, for each variable of f, its value when it is
// assigned exactly once (var x = e, x := e), so that a value can be traced
// back a few steps to os.Getenv or a literal.
func (c *checker) collectDefs(f *ast.File) {
	info := c.pass.TypesInfo
	multi := map[types.Object]bool{}
	record := func(id *ast.Ident, e ast.Expr) {
		obj := info.ObjectOf(id)
		if obj == nil {
			return
		}
		if _, seen := c.defs[obj]; seen || multi[obj] {
			delete(c.defs, obj)
			multi[obj] = true
			return
		}
		c.defs[obj] = e
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok {
					continue
				}
				var rhs ast.Expr // nil: assigned a value not known here
				if len(n.Lhs) == len(n.Rhs) && (n.Tok == token.DEFINE || n.Tok == token.ASSIGN) {
					rhs = n.Rhs[i]
				}
				record(id, rhs)
			}
		case *ast.CallExpr:
			if isFlagCall(info, n, "Var") && len(n.Args) > 0 {
				if u, ok := ast.Unparen(n.Args[0]).(*ast.UnaryExpr); ok && u.Op == token.AND {
					switch x := ast.Unparen(u.X).(type) {
					case *ast.Ident:
						c.flagVars[info.ObjectOf(x)] = true
					case *ast.SelectorExpr:
						c.flagVars[info.ObjectOf(x.Sel)] = true
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				var rhs ast.Expr
				if len(n.Names) == len(n.Values) {
					rhs = n.Values[i]
				}
				record(id, rhs)
			}
		}
		return true
	})
}

// call judges calls of the static provider constructors and conversions to
// aws.CredentialsProviderFunc.
func (c *checker) call(call *ast.CallExpr) {
	info := c.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		if gotypes.IsNamed(tv.Type, providerFunc.pkg, providerFunc.name) && len(call.Args) == 1 {
			c.providerFunc(call)
		}
		return
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Signature().Recv() != nil {
		return
	}
	path := gotypes.PkgPath(fn.Pkg())
	for _, sf := range staticFuncs {
		if path != sf.pkg || fn.Name() != sf.name {
			continue
		}
		name := fn.Pkg().Name() + "." + fn.Name()
		if sf.value >= 0 {
			if sf.value < len(call.Args) {
				if lit, ct := c.credsLit(call.Args[sf.value]); lit != nil {
					c.done[lit] = true
					c.judge(call, name, c.fieldValues(lit, ct), false)
				}
			}
			return
		}
		if len(call.Args) <= max(sf.keyID, sf.secret, sf.token) {
			return
		}
		if sf.pkg == v2creds && c.isEmptyString(call.Args[sf.keyID]) && c.isEmptyString(call.Args[sf.secret]) {
			// SDK v1 reads empty keys as anonymous; v2 refuses to sign
			// with them (StaticCredentialsEmptyError).
			c.pass.Report(analyzers.Diagnostic(analyzers.IAM401, analyzers.Warning, call.Pos(), call.End(),
				"empty static credentials in "+name+" are not anonymous in SDK v2: every signed request fails; use aws.AnonymousCredentials{} for unsigned requests, or leave credentials to the default chain"))
			return
		}
		c.judge(call, name, values{call.Args[sf.keyID], call.Args[sf.secret], call.Args[sf.token]}, false)
		return
	}
}

// providerFunc judges aws.CredentialsProviderFunc(func(...) (aws.Credentials, error) {...}):
// the credentials literals it returns are static credentials.
func (c *checker) providerFunc(conv *ast.CallExpr) {
	lit, ok := ast.Unparen(conv.Args[0]).(*ast.FuncLit)
	if !ok {
		return
	}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // a nested function returns for itself
		case *ast.ReturnStmt:
			if len(n.Results) > 0 {
				if cl, ct := c.credsLit(n.Results[0]); cl != nil {
					c.done[cl] = true
					c.judge(cl, "aws.CredentialsProviderFunc", c.fieldValues(cl, ct), false)
				}
			}
		}
		return true
	})
}

// compositeLit judges static provider literals, and credentials literals
// that no enclosing provider judged already.
func (c *checker) compositeLit(lit *ast.CompositeLit) {
	if c.done[lit] {
		return
	}
	t := c.pass.TypesInfo.TypeOf(lit)
	for _, sp := range staticProviders {
		if !gotypes.IsNamed(t, sp.pkg, sp.name) {
			continue
		}
		v := gotypes.FieldValues(c.pass.TypesInfo, lit)["Value"]
		if inner, ct := c.credsLit(v); inner != nil {
			c.done[inner] = true
			c.judge(lit, typeName(t), c.fieldValues(inner, ct), false)
		}
		return
	}
	if _, ct := c.credsLit(lit); ct != nil {
		// A credentials value built anywhere else may be a custom
		// provider's result: only keys from literals, the environment or
		// flags are certainly static.
		c.bare = append(c.bare, bareLit{lit, ct})
	}
}

// credsLit returns e as a credentials composite literal (looking through &
// and parentheses) with its type, or nil.
func (c *checker) credsLit(e ast.Expr) (*ast.CompositeLit, *credsType) {
	if e == nil {
		return nil, nil
	}
	e = ast.Unparen(c.resolve(e, 0))
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(c.resolve(u.X, 0))
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil, nil
	}
	t := c.pass.TypesInfo.TypeOf(lit)
	for i := range credsTypes {
		if gotypes.IsNamed(t, credsTypes[i].pkg, credsTypes[i].name) {
			return lit, &credsTypes[i]
		}
	}
	return nil, nil
}

// values are the expressions of an access key ID, its secret and the
// session token; nil when absent.
type values struct{ keyID, secret, token ast.Expr }

func (c *checker) fieldValues(lit *ast.CompositeLit, ct *credsType) values {
	fv := gotypes.FieldValues(c.pass.TypesInfo, lit)
	return values{fv[ct.keyID], fv[ct.secret], fv[ct.token]}
}

// An origin says where a credential value comes from.
type origin int

const (
	absent  origin = iota // not set, or the empty string
	literal               // a string constant
	env                   // the process environment
	flagged               // a command-line flag
	runtime               // anything else known only at run time
)

// judge reports the static credentials v given to what (the node n) when
// they deserve it. literalsOnly marks a credentials value outside any
// provider: it may be a custom provider's result, so only keys from
// literals, the environment or flags are certainly static.
func (c *checker) judge(n ast.Node, what string, v values, literalsOnly bool) {
	key, secret, token := c.origin(v.keyID, 0), c.origin(v.secret, 0), c.origin(v.token, 0)
	endpoint := c.endpoint(n)
	switch {
	case key == literal || secret == literal:
		if endpoint != noEndpoint && !c.awsKeyID(v.keyID) {
			// Placeholder or emulator keys ("minio", "test") for an
			// S3-compatible store or a local emulator: not AWS keys.
			return
		}
		c.pass.Report(analyzers.Diagnostic(analyzers.IAM401, analyzers.Error, n.Pos(), n.End(),
			"static credentials from literals in "+what+"; remove them and let the default credential chain use the instance or task role"))
	case key == absent && secret == absent:
		// Anonymous credentials.
	case literalsOnly && !configured(key) && !configured(secret):
		// Not certain.
	case literalsOnly && c.envName(v.keyID) == "AWS_ACCESS_KEY_ID" && c.envName(v.secret) == "AWS_SECRET_ACCESS_KEY":
		// The SDK's own variables, read into a value outside any
		// provider: what the default chain reads first (a credentials
		// tool showing what is exported), not a key it would not find.
	case token == runtime && c.temporaryToken(v.token):
		// A session token from an STS result: temporary credentials.
	case endpoint == customEndpoint:
		// An S3-compatible store or a local emulator: no role there.
	case c.fallsBack(n):
		// Keys when configured, the default chain otherwise.
	default:
		from := v.keyID
		if from == nil || key == absent {
			from = v.secret
		}
		advice := "; let the default credential chain find them, so that the instance or task role is used where there is one"
		if endpoint == maybeEndpoint {
			advice = "; when the endpoint is not set, the client talks to AWS, and there the default credential chain should find credentials, so that the instance or task role is used where there is one"
		}
		c.pass.Report(analyzers.Diagnostic(analyzers.IAM401, analyzers.Warning, n.Pos(), n.End(),
			"static credentials from "+c.describe(c.resolve(from, 0))+" in "+what+advice))
	}
}

// envName returns the name of the environment variable e reads
// (os.Getenv("NAME"), through a variable assigned once), or "".
func (c *checker) envName(e ast.Expr) string {
	call, ok := ast.Unparen(c.resolve(e, 0)).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return ""
	}
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil || gotypes.PkgPath(fn.Pkg()) != "os" || fn.Name() != "Getenv" {
		return ""
	}
	if tv, ok := c.pass.TypesInfo.Types[call.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value)
	}
	return ""
}

// configured reports whether a key comes from where people configure
// long-term keys: the environment or a flag.
func configured(o origin) bool { return o == env || o == flagged }

// awsKeyID reports whether e is a constant shaped like an AWS access key
// ID.
func (c *checker) awsKeyID(e ast.Expr) bool {
	e = c.resolve(e, 0)
	if e == nil {
		return false
	}
	tv, ok := c.pass.TypesInfo.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.String && awsKeyIDPattern.MatchString(constant.StringVal(tv.Value))
}

var awsKeyIDPattern = regexp.MustCompile(`^(?:AKIA|ASIA)[A-Z2-7]{16}$`)

func (c *checker) isEmptyString(e ast.Expr) bool {
	tv, ok := c.pass.TypesInfo.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.String && constant.StringVal(tv.Value) == ""
}

// temporaryToken reports whether a session token is read from the result
// of an STS (or SSO, Cognito) call: a field of a value whose type also
// says when the credentials expire, or of a type from such a service's
// package. A token from an application's own settings is optional and
// usually empty: it proves nothing.
func (c *checker) temporaryToken(e ast.Expr) bool {
	e = c.resolve(e, 0)
	var sel *ast.SelectorExpr
	ast.Inspect(e, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok && sel == nil && c.pass.TypesInfo.Selections[s] != nil {
			sel = s
		}
		return sel == nil
	})
	if sel == nil {
		return false
	}
	t := c.pass.TypesInfo.TypeOf(sel.X)
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n := gotypes.Named(t); n != nil && n.Obj().Pkg() != nil {
		path := gotypes.PkgPath(n.Obj().Pkg())
		for _, svc := range []string{"/service/sts", "/service/sso", "/service/cognitoidentity"} {
			if strings.Contains(path, svc) {
				return true
			}
		}
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for f := range st.Fields() {
		switch f.Name() {
		case "Expiration", "Expires", "Expiry", "ExpiresAt":
			return true
		}
	}
	return false
}

// endpointNames are the SDK fields and options that point a client at a
// custom endpoint.
var endpointNames = map[string]bool{
	"BaseEndpoint": true, "Endpoint": true, "EndpointResolver": true, "EndpointResolverV2": true,
	"EndpointResolverWithOptions": true, "WithEndpointResolver": true, "WithEndpointResolverWithOptions": true,
	"WithBaseEndpoint": true,
}

// An endpointUse says whether the function holding some static
// credentials points the client away from AWS.
type endpointUse int

const (
	noEndpoint     endpointUse = iota
	maybeEndpoint              // set from a value that may be empty, or only on some path: AWS otherwise
	customEndpoint             // always set, to a URL that is not AWS's
)

// enclosingBody returns the path from the file to n and the body of the
// outermost function declaration holding n.
func (c *checker) enclosingBody(n ast.Node) ([]ast.Node, *ast.BlockStmt) {
	var path []ast.Node
	for _, f := range c.pass.Files {
		if f.Pos() <= n.Pos() && n.Pos() < f.End() {
			path, _ = astutil.PathEnclosingInterval(f, n.Pos(), n.End())
		}
	}
	var body *ast.BlockStmt
	for _, p := range path {
		if fd, ok := p.(*ast.FuncDecl); ok {
			body = fd.Body
		}
	}
	return path, body
}

// endpoint judges the custom endpoints set in the function holding n. An
// endpoint counts as custom only when it is certainly set: a literal URL
// that is not AWS's, outside any if or switch. One from a parameter, the
// environment or a setting may be empty, and then the client talks to AWS.
func (c *checker) endpoint(n ast.Node) endpointUse {
	_, body := c.enclosingBody(n)
	if body == nil {
		return noEndpoint
	}
	info := c.pass.TypesInfo
	use := noEndpoint
	var stack []ast.Node
	ast.Inspect(body, func(x ast.Node) bool {
		if x == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, x)
		id, ok := x.(*ast.Ident)
		if !ok {
			return true
		}
		obj := info.Uses[id]
		if obj == nil || obj.Pkg() == nil || !endpointNames[obj.Name()] ||
			!strings.HasPrefix(gotypes.PkgPath(obj.Pkg()), "github.com/aws/aws-sdk-go") {
			return true
		}
		if c.endpointValueIsCustom(stack, body) {
			use = customEndpoint
		} else if use == noEndpoint {
			use = maybeEndpoint
		}
		return true
	})
	return use
}

// endpointValueIsCustom looks at the value an endpoint name (the last
// node of stack) is given: BaseEndpoint: v, cfg.BaseEndpoint = v,
// config.WithBaseEndpoint(v), and says whether it is certainly a URL
// other than AWS's on every path through the function.
func (c *checker) endpointValueIsCustom(stack []ast.Node, body *ast.BlockStmt) bool {
	var value ast.Node
	for i := len(stack) - 2; i >= 0 && value == nil; i-- {
		switch p := stack[i].(type) {
		case *ast.KeyValueExpr:
			value = p.Value
		case *ast.AssignStmt:
			if len(p.Lhs) == len(p.Rhs) {
				for j, l := range p.Lhs {
					if l.Pos() <= stack[len(stack)-1].Pos() && stack[len(stack)-1].End() <= l.End() {
						value = p.Rhs[j]
					}
				}
			}
			if value == nil {
				return false
			}
		case *ast.CallExpr:
			value = p
		case *ast.SelectorExpr:
			continue
		default:
			return false
		}
	}
	if value == nil {
		return false
	}
	for _, p := range stack {
		switch p.(type) {
		case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.ForStmt, *ast.RangeStmt:
			return false // set on some paths only
		}
	}
	custom := false
	vars := map[types.Object]bool{}
	ast.Inspect(value, func(x ast.Node) bool {
		e, ok := x.(ast.Expr)
		if !ok {
			return true
		}
		if id, ok := e.(*ast.Ident); ok {
			if obj, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok {
				vars[obj] = true
			}
		}
		if c.customURLConst(c.resolve(e, 0)) {
			custom = true
		}
		return !custom
	})
	if custom || len(vars) == 0 {
		return custom
	}
	// endpoint := os.Getenv(...); if endpoint != "http://s3:7070" { return }:
	// the function admits only a custom endpoint.
	ast.Inspect(body, func(x ast.Node) bool {
		if b, ok := x.(*ast.BinaryExpr); ok && (b.Op == token.EQL || b.Op == token.NEQ) {
			for _, pair := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
				if id, ok := ast.Unparen(pair[0]).(*ast.Ident); ok && vars[c.pass.TypesInfo.Uses[id]] && c.customURLConst(pair[1]) {
					custom = true
				}
			}
		}
		return !custom
	})
	return custom
}

// customURLConst reports whether e is a string constant naming an
// endpoint that is not AWS's.
func (c *checker) customURLConst(e ast.Expr) bool {
	tv, ok := c.pass.TypesInfo.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.String && customURL(constant.StringVal(tv.Value))
}

// customURL reports whether s is an endpoint URL or host:port that is not
// AWS's own.
func customURL(s string) bool {
	host := s
	if _, rest, ok := strings.Cut(s, "://"); ok {
		host = rest
	} else if !hostPort.MatchString(s) {
		return false
	}
	host, _, _ = strings.Cut(host, "/")
	return host != "" && !strings.Contains(host, "amazonaws.com") && !strings.HasSuffix(host, ".api.aws")
}

var hostPort = regexp.MustCompile(`^[A-Za-z0-9.-]+:\d+$`)

// fallsBack reports whether the static credentials at n are an option:
// n sits in an if statement and the function loads the default credential
// chain (config.LoadDefaultConfig without WithCredentialsProvider) outside
// it: keys when configured, the role otherwise.
func (c *checker) fallsBack(n ast.Node) bool {
	path, body := c.enclosingBody(n)
	if body == nil {
		return false
	}
	var branch *ast.BlockStmt
	for i, p := range path {
		if p, ok := p.(*ast.IfStmt); ok && branch == nil && i > 0 && path[i-1] == p.Body {
			branch = p.Body
		}
	}
	if branch == nil {
		return false
	}
	info := c.pass.TypesInfo
	fallback := false
	ast.Inspect(body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.BlockStmt:
			return x != branch // a default-chain call there is no fallback
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(info, x).(*types.Func); ok && fn.Pkg() != nil &&
				gotypes.PkgPath(fn.Pkg()) == v2config && fn.Name() == "LoadDefaultConfig" && !c.setsProvider(x) {
				fallback = true
			}
		}
		return !fallback
	})
	return fallback
}

// setsProvider reports whether a LoadDefaultConfig call is given
// config.WithCredentialsProvider.
func (c *checker) setsProvider(call *ast.CallExpr) bool {
	if call.Ellipsis.IsValid() {
		return true // options built elsewhere: assume they may set one
	}
	for _, a := range call.Args[min(1, len(call.Args)):] { // after the context
		if inner, ok := ast.Unparen(a).(*ast.CallExpr); ok {
			if fn, ok := typeutil.Callee(c.pass.TypesInfo, inner).(*types.Func); ok && fn.Name() == "WithCredentialsProvider" {
				return true
			}
		}
		if _, ok := ast.Unparen(a).(*ast.CallExpr); !ok {
			return true // options built elsewhere: assume they may set one
		}
	}
	return false
}

// maxDefDepth bounds how far origin follows variables to their values.
const maxDefDepth = 4

// origin classifies e. Variables assigned once are followed to their value.
func (c *checker) origin(e ast.Expr, depth int) origin {
	if e == nil {
		return absent
	}
	info := c.pass.TypesInfo
	if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		if constant.StringVal(tv.Value) == "" {
			return absent
		}
		return literal
	}
	e = ast.Unparen(e)
	if star, ok := e.(*ast.StarExpr); ok {
		// *flagKey, where flagKey := flag.String(...)
		if id, ok := ast.Unparen(star.X).(*ast.Ident); ok {
			if call, ok := ast.Unparen(c.defs[info.ObjectOf(id)]).(*ast.CallExpr); ok && isFlagCall(info, call, "") {
				return flagged
			}
		}
	}
	switch x := e.(type) {
	case *ast.Ident:
		if c.flagVars[info.ObjectOf(x)] {
			return flagged
		}
		if depth < maxDefDepth {
			if def, ok := c.defs[info.ObjectOf(x)]; ok && def != nil {
				return c.origin(def, depth+1)
			}
			return runtime
		}
	case *ast.SelectorExpr:
		if c.flagVars[info.ObjectOf(x.Sel)] {
			return flagged
		}
	}
	o := runtime
	ast.Inspect(e, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && fn.Pkg() != nil {
				switch gotypes.PkgPath(fn.Pkg()) + "." + fn.Name() {
				case "os.Getenv", "os.LookupEnv", "syscall.Getenv":
					o = env
					return false
				}
			}
		}
		return o == runtime
	})
	return o
}

// resolve follows a variable assigned once to its value.
func (c *checker) resolve(e ast.Expr, depth int) ast.Expr {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok && depth < maxDefDepth {
		if def := c.defs[c.pass.TypesInfo.ObjectOf(id)]; def != nil {
			return c.resolve(def, depth+1)
		}
	}
	return e
}

// maxDescribe bounds the source text quoted in a message.
const maxDescribe = 60

// describe returns the source text of e for a message.
func (c *checker) describe(e ast.Expr) string {
	var b strings.Builder
	if err := gotypes.Format(&b, c.pass.Fset, e); err != nil {
		return "a value read at run time"
	}
	s := strings.Join(strings.Fields(b.String()), " ")
	if len(s) > maxDescribe {
		s = s[:maxDescribe] + "..."
	}
	return s
}

// typeName is pkg.Name of a named type, looking through a pointer.
func typeName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
		return n.Obj().Pkg().Name() + "." + n.Obj().Name()
	}
	return types.TypeString(t, nil)
}

// isFlagCall reports whether call defines a command-line flag of the
// standard library or pflag (what cobra uses): flag.String,
// fs.StringVar, pflag.StringP... suffix "Var" asks for the forms that
// set a variable given by address.
func isFlagCall(info *types.Info, call *ast.CallExpr, suffix string) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	switch gotypes.PkgPath(fn.Pkg()) {
	case "flag", "github.com/spf13/pflag":
	default:
		return false
	}
	name := strings.TrimSuffix(fn.Name(), "P")
	if suffix == "" {
		return name == "String"
	}
	return name == "String"+suffix
}
