package terraform

import (
	"fmt"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/iamlint/iamlint/parsers/model"
)

// annotateTemplates refines the references of expr that feed a
// templatefile() call: a variable the template never reads carries nothing
// into the result, so its references are dropped; one it reads gets a hop
// naming the template variable. A whole object passed as the variables
// (templatefile(p, local.vars)) keeps its reference with the template's
// use, so that the flow analysis follows only the fields the template reads.
func (b *builder) annotateTemplates(expr hcl.Expression, refs []model.Ref) []model.Ref {
	syn, ok := expr.(hclsyntax.Expression)
	if !ok || len(refs) == 0 {
		return refs
	}
	var calls []*hclsyntax.FunctionCallExpr
	_ = hclsyntax.VisitAll(syn, func(n hclsyntax.Node) hcl.Diagnostics {
		if call, ok := n.(*hclsyntax.FunctionCallExpr); ok && call.Name == "templatefile" && len(call.Args) == 2 {
			calls = append(calls, call)
		}
		return nil
	})
	for _, call := range calls {
		use := b.templateUse(call.Args[0])
		if use == nil {
			continue // an unknown template: keep every reference
		}
		refs = b.applyTemplateUse(refs, call.Args[1], use)
	}
	return refs
}

func (b *builder) applyTemplateUse(refs []model.Ref, vars hclsyntax.Expression, use *model.TemplateUse) []model.Ref {
	varsRange := b.rng(vars.Range())
	obj, isObject := vars.(*hclsyntax.ObjectConsExpr)
	out := refs[:0]
	for _, ref := range refs {
		if !varsRange.Contains(ref.Range) {
			out = append(out, ref)
			continue
		}
		if !isObject {
			ref.Template = use
			out = append(out, ref)
			continue
		}
		name, used := b.templateVarOf(obj, ref, use)
		if !used {
			continue // the template never reads it
		}
		ref.Via = append(ref.Via, model.Hop{
			Label: fmt.Sprintf("template variable ${%s} of %s", name, filepath.Base(use.Path)),
			Range: use.Vars[name],
		})
		out = append(out, ref)
	}
	return out
}

// templateVarOf finds the entry of a templatefile() variables object that
// holds ref, and whether the template reads it. A reference in a key, or in
// an entry whose key is not a known string, is kept.
func (b *builder) templateVarOf(obj *hclsyntax.ObjectConsExpr, ref model.Ref, use *model.TemplateUse) (string, bool) {
	for _, item := range obj.Items {
		if !b.rng(item.ValueExpr.Range()).Contains(ref.Range) {
			continue
		}
		name, ok := b.key(item.KeyExpr)
		if !ok {
			return "", true
		}
		_, used := use.Vars[name]
		return name, used
	}
	return "", true
}

// templateUse reads the template a templatefile() path names and lists the
// variables it uses, or returns nil when the path or template is unknown.
func (b *builder) templateUse(pathExpr hcl.Expression) *model.TemplateUse {
	p := b.eval(pathExpr)
	if !p.IsKnown() || p.IsNull() || p.Type() != cty.String {
		return nil
	}
	src, path, err := b.readFile(p.AsString())
	if err != nil {
		return nil
	}
	if use, ok := b.templates[path]; ok {
		return use
	}
	if off := nestedPast(src, 't'); off >= 0 {
		b.templates[path] = nil
		b.diags = append(b.diags, nestingError(path, model.NewLineIndex(src), off, "template"))
		return nil
	}
	tmpl, diags := hclsyntax.ParseTemplate(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		b.templates[path] = nil
		return nil
	}
	use := &model.TemplateUse{Path: path, Vars: map[string]model.Range{}}
	for _, t := range tmpl.Variables() {
		name := t.RootName()
		if _, seen := use.Vars[name]; !seen {
			use.Vars[name] = b.rng(t.SourceRange())
		}
	}
	b.templates[path] = use
	return use
}
