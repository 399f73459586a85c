package terraform

import (
	"errors"
	"path/filepath"
	"strings"

	"github.com/hashicorp/go-cty-funcs/crypto"
	"github.com/hashicorp/go-cty-funcs/encoding"
	ctyfilesystem "github.com/hashicorp/go-cty-funcs/filesystem"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
)

// pureFunctions are the Terraform functions iamlint evaluates, all pure and
// offline. Impure ones (timestamp, uuid, bcrypt) are left out on purpose: a
// call to a function not listed here evaluates to unknown.
var pureFunctions = map[string]function.Function{
	"abs": stdlib.AbsoluteFunc, "base64decode": encoding.Base64DecodeFunc,
	"base64encode": encoding.Base64EncodeFunc, "basename": ctyfilesystem.BasenameFunc,
	"can": tryfunc.CanFunc, "ceil": stdlib.CeilFunc, "chomp": stdlib.ChompFunc,
	"chunklist": stdlib.ChunklistFunc, "coalesce": stdlib.CoalesceFunc,
	"coalescelist": stdlib.CoalesceListFunc, "compact": stdlib.CompactFunc,
	"concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
	"csvdecode": stdlib.CSVDecodeFunc, "dirname": ctyfilesystem.DirnameFunc,
	"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc,
	"flatten": stdlib.FlattenFunc, "floor": stdlib.FloorFunc, "format": stdlib.FormatFunc,
	"formatdate": stdlib.FormatDateFunc, "formatlist": stdlib.FormatListFunc,
	"indent": stdlib.IndentFunc, "index": stdlib.IndexFunc, "join": stdlib.JoinFunc,
	"jsondecode": stdlib.JSONDecodeFunc, "jsonencode": stdlib.JSONEncodeFunc,
	"keys": stdlib.KeysFunc, "length": stdlib.LengthFunc, "log": stdlib.LogFunc,
	"lookup": stdlib.LookupFunc, "lower": stdlib.LowerFunc, "max": stdlib.MaxFunc,
	"md5": crypto.Md5Func, "merge": stdlib.MergeFunc, "min": stdlib.MinFunc,
	"parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc, "range": stdlib.RangeFunc,
	"regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc, "replace": stdlib.ReplaceFunc,
	"reverse": stdlib.ReverseListFunc, "setintersection": stdlib.SetIntersectionFunc,
	"setproduct": stdlib.SetProductFunc, "setsubtract": stdlib.SetSubtractFunc,
	"setunion": stdlib.SetUnionFunc, "sha1": crypto.Sha1Func, "sha256": crypto.Sha256Func,
	"sha512": crypto.Sha512Func, "signum": stdlib.SignumFunc, "slice": stdlib.SliceFunc,
	"sort": stdlib.SortFunc, "split": stdlib.SplitFunc, "strrev": stdlib.ReverseFunc,
	"substr": stdlib.SubstrFunc, "timeadd": stdlib.TimeAddFunc, "title": stdlib.TitleFunc,
	"tobool": stdlib.MakeToFunc(cty.Bool), "tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
	"tomap": stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)), "tonumber": stdlib.MakeToFunc(cty.Number),
	"toset": stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)), "tostring": stdlib.MakeToFunc(cty.String),
	"trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc, "trimspace": stdlib.TrimSpaceFunc,
	"trimsuffix": stdlib.TrimSuffixFunc, "try": tryfunc.TryFunc, "upper": stdlib.UpperFunc,
	"urlencode": encoding.URLEncodeFunc, "values": stdlib.ValuesFunc, "zipmap": stdlib.ZipmapFunc,
	"sensitive": identityFunc, "nonsensitive": identityFunc,
}

// identityFunc stands for sensitive() and nonsensitive(): iamlint tracks key
// material itself and needs the value, not Terraform's redaction mark.
var identityFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowMarked: true}},
	Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl:   func(args []cty.Value, _ cty.Type) (cty.Value, error) { return args[0], nil },
})

// functions returns the function table of one module: the pure functions
// plus file() and templatefile(), which read relative to the module
// directory and never outside the scan root.
func functions(b *builder) map[string]function.Function {
	fns := make(map[string]function.Function, len(pureFunctions)+2)
	for name, fn := range pureFunctions {
		fns[name] = fn
	}
	fns["setproduct"] = boundedSetProduct(stdlib.SetProductFunc)
	fns["file"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			src, _, err := b.readFile(args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			return cty.StringVal(string(src)), nil
		},
	})
	fns["templatefile"] = function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "path", Type: cty.String},
			{Name: "vars", Type: cty.DynamicPseudoType, AllowUnknown: true},
		},
		Type: function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return b.templateFile(args[0].AsString(), args[1], fns)
		},
	})
	return fns
}

var errOutsideRoot = errors.New("path is outside the scanned tree")

// readFile reads a file named relative to the module directory, refusing
// anything outside the scan root or above the size cap, and remembers it so
// that IAM107 searches it too.
func (b *builder) readFile(name string) ([]byte, string, error) {
	path := b.relPath(name)
	if !b.insideRoot(path) {
		return nil, path, errOutsideRoot
	}
	src, err := frontend.ReadFile(path, b.opts.MaxFileSize)
	if err != nil {
		return nil, path, err
	}
	if _, seen := b.extra[path]; !seen {
		lines := model.NewLineIndex(src)
		b.lines[path] = lines
		b.srcs[path] = src
		mf := &model.File{Path: path, Language: model.Terraform, Src: src}
		if model.MayHoldKey(src) {
			mf.Literals = []model.Literal{wholeFile(path, src, lines)}
		}
		b.extra[path] = mf
	}
	return src, path, nil
}

func (b *builder) insideRoot(path string) bool {
	root, err := filepath.Abs(b.opts.Root)
	if err != nil {
		return false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	return abs == root || strings.HasPrefix(abs, root+string(filepath.Separator))
}

// templateFile renders a template file with hclsyntax.ParseTemplate, as
// Terraform does. Unknown variables make an unknown result; a template may
// not call templatefile itself.
func (b *builder) templateFile(name string, vars cty.Value, fns map[string]function.Function) (cty.Value, error) {
	src, path, err := b.readFile(name)
	if err != nil {
		return cty.UnknownVal(cty.String), err
	}
	if nestedPast(src, 't') >= 0 {
		return cty.UnknownVal(cty.String), errTooDeep // reported by templateUse
	}
	expr, diags := hclsyntax.ParseTemplate(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return cty.UnknownVal(cty.String), diags
	}
	if !vars.IsWhollyKnown() || vars.IsNull() || (!vars.Type().IsObjectType() && !vars.Type().IsMapType()) {
		return cty.UnknownVal(cty.String), nil
	}
	inner := make(map[string]function.Function, len(fns))
	for n, fn := range fns {
		if n != "templatefile" {
			inner[n] = fn
		}
	}
	ctx := &hcl.EvalContext{Variables: vars.AsValueMap(), Functions: inner}
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return cty.UnknownVal(cty.String), diags
	}
	if tooBig(v) {
		return cty.UnknownVal(cty.String), errTooBig
	}
	return v, nil
}

// errTooDeep: a template file nested past model.MaxNesting, which
// hclsyntax is not given; its value is unknown.
var errTooDeep = errors.New("template nested too deeply")
