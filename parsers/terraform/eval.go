package terraform

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/iamlint/iamlint/parsers/model"
)

// newEvalContext holds what the module can know without running Terraform:
// variables with a default or a tfvars value, locals, path.*, and the pure
// functions. It is filled in by variables() and locals().
func newEvalContext(b *builder) *hcl.EvalContext {
	// Paths are relative to the module directory, which is where Terraform
	// runs for a root module; file() and templatefile() resolve them there.
	dir := cty.StringVal(".")
	return &hcl.EvalContext{
		Variables: map[string]cty.Value{
			"path":      cty.ObjectVal(map[string]cty.Value{"module": dir, "root": dir, "cwd": dir}),
			"terraform": cty.ObjectVal(map[string]cty.Value{"workspace": cty.UnknownVal(cty.String)}),
		},
		Functions: functions(b),
	}
}

// eval evaluates an expression. Roots the context does not define (resource
// types, data, module, count, each, self, iterator names) are unknown, and
// an expression that fails to evaluate is unknown too: iamlint is not
// Terraform, and an evaluation error is never a finding nor a diagnostic.
func (b *builder) eval(expr hcl.Expression) cty.Value {
	ctx := b.ctx
	vars := expr.Variables()
	for _, t := range vars {
		name := t.RootName()
		if _, ok := ctx.Variables[name]; ok {
			continue
		}
		if name == "local" && b.localExprs != nil {
			continue
		}
		if ctx == b.ctx {
			ctx = b.ctx.NewChild()
			ctx.Variables = map[string]cty.Value{}
		}
		ctx.Variables[name] = cty.DynamicVal
	}
	if b.localExprs != nil {
		ctx = b.withLocals(ctx, vars)
	}
	if tooDeep(expr) {
		return cty.DynamicVal
	}
	v, diags := expr.Value(ctx)
	if diags.HasErrors() || tooBig(v) {
		return cty.DynamicVal
	}
	return v
}

// variables reads variable blocks and binds each to its tfvars value, else
// its default, else unknown. Terraform loads terraform.tfvars and
// *.auto.tfvars itself; other .tfvars files in the directory (prod.tfvars
// passed with -var-file) fill only what those leave unset, in name order.
func (b *builder) variables(blocks hcl.Blocks, tfvars []*File) {
	vars := map[string]*model.Variable{}
	for _, blk := range blocks {
		if blk.Type != "variable" {
			continue
		}
		content, _, diags := blk.Body.PartialContent(variableSchema)
		b.addDiags(diags)
		v := &model.Variable{Name: blk.Labels[0], Label: "var." + blk.Labels[0], Range: b.rng(blk.DefRange)}
		if a, ok := content.Attributes["default"]; ok {
			v.Default = b.staticValue(a.Expr)
		}
		if a, ok := content.Attributes["sensitive"]; ok {
			s, _ := a.Expr.Value(nil)
			v.Sensitive = isTrue(s)
		}
		vars[v.Name] = v
		b.mod.Variables = append(b.mod.Variables, v)
	}

	sort.SliceStable(tfvars, func(i, j int) bool {
		ai, aj := isAutoTfvars(tfvars[i].Path), isAutoTfvars(tfvars[j].Path)
		if ai != aj {
			return ai
		}
		return tfvars[i].Path < tfvars[j].Path
	})
	auto := map[string]bool{}
	for _, f := range tfvars {
		attrs, diags := f.hcl.Body.JustAttributes()
		b.addDiags(diags)
		isAuto := isAutoTfvars(f.Path)
		for _, name := range sortedAttrNames(attrs) {
			v, ok := vars[name]
			if !ok || (!isAuto && auto[name]) || (!isAuto && v.Set != nil) {
				continue
			}
			v.Set = b.staticValue(attrs[name].Expr)
			auto[name] = auto[name] || isAuto
		}
	}

	known := map[string]cty.Value{}
	for name, v := range vars {
		known[name] = cty.DynamicVal
		if val := v.Value(); val != nil {
			known[name] = toCty(val)
		}
	}
	b.ctx.Variables["var"] = cty.ObjectVal(known)
}

// staticValue converts an expression that Terraform evaluates without any
// variables: a default or a tfvars value.
func (b *builder) staticValue(expr hcl.Expression) *model.Value {
	saved := b.ctx
	b.ctx = &hcl.EvalContext{}
	defer func() { b.ctx = saved }()
	return b.exprValue(expr)
}

// toCty converts a model value back to cty, unknown where it is unknown.
func toCty(v *model.Value) cty.Value {
	switch v.Kind {
	case model.Null:
		return cty.NullVal(cty.DynamicPseudoType)
	case model.String:
		return cty.StringVal(v.Str)
	case model.Number:
		n, err := cty.ParseNumberVal(v.Str)
		if err != nil {
			return cty.UnknownVal(cty.Number)
		}
		return n
	case model.Bool:
		return cty.BoolVal(v.Bool)
	case model.List:
		elems := make([]cty.Value, len(v.Elems))
		for i, e := range v.Elems {
			elems[i] = toCty(e)
		}
		return cty.TupleVal(elems)
	case model.Object:
		attrs := make(map[string]cty.Value, len(v.Attrs))
		for _, a := range v.Attrs {
			attrs[a.Name] = toCty(a.Value)
		}
		return cty.ObjectVal(attrs)
	}
	return cty.DynamicVal
}

func sortedAttrNames(attrs hcl.Attributes) []string {
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// locals reads every locals block. Values are evaluated on demand, in
// dependency order; a cycle evaluates to unknown instead of looping.
func (b *builder) locals(blocks hcl.Blocks) {
	b.localExprs = map[string]hcl.Expression{}
	b.localVals = map[string]cty.Value{}
	b.localBusy = map[string]bool{}
	var attrs []*hcl.Attribute
	for _, blk := range blocks {
		if blk.Type != "locals" {
			continue
		}
		as, diags := blk.Body.JustAttributes()
		b.addDiags(diags)
		for _, a := range as {
			attrs = append(attrs, a)
			b.localExprs[a.Name] = a.Expr
		}
	}
	sort.Slice(attrs, func(i, j int) bool { return b.rng(attrs[i].NameRange).Less(b.rng(attrs[j].NameRange)) })
	for _, a := range attrs {
		b.mod.Locals = append(b.mod.Locals, &model.Local{Name: a.Name, Label: "local." + a.Name, Range: b.rng(a.NameRange), Value: b.exprValue(a.Expr)})
	}
}

// withLocals adds to ctx the locals an expression reads (its traversals,
// vars), evaluating each local once.
func (b *builder) withLocals(ctx *hcl.EvalContext, vars []hcl.Traversal) *hcl.EvalContext {
	used := map[string]cty.Value{}
	for _, t := range vars {
		if t.RootName() != "local" || len(t) < 2 {
			continue
		}
		a, ok := t[1].(hcl.TraverseAttr)
		if !ok {
			continue
		}
		used[a.Name] = b.local(a.Name)
	}
	if len(used) == 0 {
		return ctx
	}
	child := ctx.NewChild()
	child.Variables = map[string]cty.Value{"local": cty.ObjectVal(used)}
	return child
}

func (b *builder) local(name string) cty.Value {
	if v, ok := b.localVals[name]; ok {
		return v
	}
	expr, ok := b.localExprs[name]
	if !ok || b.localBusy[name] {
		return cty.DynamicVal
	}
	b.localBusy[name] = true
	v := b.eval(expr)
	b.localBusy[name] = false
	b.localVals[name] = v
	return v
}
