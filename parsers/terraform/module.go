package terraform

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
)

// Options bound what evaluation may read.
type Options struct {
	// Root is the directory file() and templatefile() may read from; a path
	// that resolves outside it evaluates to unknown. Empty means the module
	// directory.
	Root string
	// MaxFileSize caps what file() and templatefile() read, in bytes;
	// 0 means frontend.DefaultMaxFileSize.
	MaxFileSize int64
}

// fileSchema lists the top-level blocks iamlint reads. Others (moved,
// import, check, removed) are skipped without a diagnostic: they are valid
// Terraform that no rule needs.
var fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "terraform"},
}}

var terraformSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "backend", LabelNames: []string{"type"}},
}}

var variableSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "default"}, {Name: "sensitive"},
}}

var outputSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "value"}, {Name: "sensitive"},
}}

// builder assembles one module directory.
type builder struct {
	dir   string
	opts  Options
	lines map[string]model.LineIndex
	ctx   *hcl.EvalContext
	mod   *model.Module
	extra map[string]*model.File // files read by file() and templatefile()
	// templates caches what each template file reads; nil for one that
	// does not parse.
	templates map[string]*model.TemplateUse
	// srcs holds the source of every file read, for JSON parsed in place.
	srcs       map[string][]byte
	policyRefs []policyRef
	diags      []model.Diagnostic

	localExprs map[string]hcl.Expression
	localVals  map[string]cty.Value
	localBusy  map[string]bool
	// iterators are the iterator names of the dynamic blocks whose content
	// is being converted, innermost last: references to them are
	// model.RefIterator.
	iterators []string
}

// BuildModule evaluates the files of one directory together and returns the
// module, the extra files its functions read (templates), and diagnostics.
// Files of other directories must not be passed.
func BuildModule(dir string, files []*File, opts Options) (*model.Module, []*model.File, []model.Diagnostic) {
	if opts.Root == "" {
		opts.Root = dir
	}
	if opts.MaxFileSize == 0 {
		opts.MaxFileSize = frontend.DefaultMaxFileSize
	}
	b := &builder{
		dir:       dir,
		opts:      opts,
		lines:     map[string]model.LineIndex{},
		mod:       &model.Module{Dir: dir, Language: model.Terraform},
		extra:     map[string]*model.File{},
		templates: map[string]*model.TemplateUse{},
		srcs:      map[string][]byte{},
	}
	var configs, tfvars []*File
	for _, f := range files {
		if f == nil || f.hcl == nil {
			continue
		}
		b.lines[f.Path] = f.lines
		b.srcs[f.Path] = f.Model.Src
		if f.tfvars {
			tfvars = append(tfvars, f)
		} else {
			configs = append(configs, f)
		}
	}
	sort.Slice(configs, func(i, j int) bool { return configs[i].Path < configs[j].Path })

	var blocks hcl.Blocks
	for _, f := range configs {
		content, _, diags := f.hcl.Body.PartialContent(fileSchema)
		b.addDiags(diags)
		blocks = append(blocks, content.Blocks...)
	}

	b.ctx = newEvalContext(b)
	b.variables(blocks, tfvars)
	b.locals(blocks)
	declared := map[string]*hcl.Block{} // by address: the first declaration
	for _, blk := range blocks {
		switch blk.Type {
		case "resource", "data", "module":
			addr := blockAddress(blk)
			if first := declared[addr]; first != nil {
				b.duplicate(blk, first)
				continue
			}
			declared[addr] = blk
			b.mod.Resources = append(b.mod.Resources, b.resource(blk))
		case "provider":
			// Terraform rejects two configurations of a provider with one
			// alias too, but each may set its own literal credentials,
			// which IAM106 reports: both are read.
			b.mod.Resources = append(b.mod.Resources, b.resource(blk))
		case "terraform":
			b.backends(blk)
		case "output":
			b.output(blk)
		}
	}
	b.linkPolicies()
	model.SortResources(b.mod.Resources)

	var extra []*model.File
	for _, f := range b.extra {
		extra = append(extra, f)
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i].Path < extra[j].Path })
	return b.mod, extra, b.diags
}

func (b *builder) rng(r hcl.Range) model.Range { return convertRange(r, b.lines) }

func (b *builder) addDiags(diags hcl.Diagnostics) {
	b.diags = append(b.diags, convertDiags(diags, b.lines, b.dir)...)
}

// blockAddress is the address of a resource, data or module block, which
// Terraform requires to be unique in a module.
func blockAddress(blk *hcl.Block) string {
	switch blk.Type {
	case "resource":
		return blk.Labels[0] + "." + blk.Labels[1]
	case "data":
		return "data." + blk.Labels[0] + "." + blk.Labels[1]
	}
	return "module." + blk.Labels[0]
}

// duplicate reports a second declaration of an address, as Terraform does
// ("Duplicate resource configuration"); only the first one is read, so
// that rules and the credential flow see one resource.
func (b *builder) duplicate(blk, first *hcl.Block) {
	at := b.rng(first.DefRange)
	where := fmt.Sprintf("%s:%d:%d", at.File, at.Start.Line, at.Start.Column)
	if rel, err := filepath.Rel(b.dir, at.File); err == nil && !strings.HasPrefix(rel, "..") {
		where = fmt.Sprintf("%s:%d:%d", rel, at.Start.Line, at.Start.Column)
	}
	var summary, detail string
	switch blk.Type {
	case "resource":
		summary = fmt.Sprintf("Duplicate resource %q configuration", blk.Labels[0])
		detail = fmt.Sprintf("A %s resource named %q was already declared at %s. Resource names must be unique per type in each module.", blk.Labels[0], blk.Labels[1], where)
	case "data":
		summary = fmt.Sprintf("Duplicate data %q configuration", blk.Labels[0])
		detail = fmt.Sprintf("A %s data resource named %q was already declared at %s. Resource names must be unique per type in each module.", blk.Labels[0], blk.Labels[1], where)
	default:
		summary = "Duplicate module call"
		detail = fmt.Sprintf("A module call named %q was already defined at %s. Module calls must have unique names within a module.", blk.Labels[0], where)
	}
	b.diags = append(b.diags, model.Diagnostic{
		Severity: model.Error,
		Summary:  summary,
		Detail:   detail + " Terraform rejects the configuration; iamlint reads the first declaration only.",
		Range:    b.rng(blk.DefRange),
	})
}

var modeByBlock = map[string]model.Mode{
	"resource": model.Managed, "data": model.Data, "provider": model.Provider, "module": model.ModuleCall,
}

func (b *builder) resource(blk *hcl.Block) *model.Resource {
	r := &model.Resource{
		Mode:      modeByBlock[blk.Type],
		Range:     b.rng(blk.DefRange),
		Extent:    b.rng(bodyRange(blk)),
		Body:      b.bodyValue(blk.Body, bodyRange(blk)),
		Instances: 1,
	}
	switch r.Mode {
	case model.Managed:
		r.Type, r.Name = blk.Labels[0], blk.Labels[1]
		r.Address = r.Type + "." + r.Name
	case model.Data:
		r.Type, r.Name = blk.Labels[0], blk.Labels[1]
		r.Address = "data." + r.Type + "." + r.Name
	case model.Provider:
		r.Type = blk.Labels[0]
		r.Address = "provider." + r.Type
		if alias, ok := r.Attr("alias").AsString(); ok {
			r.Name = alias
			r.Address += "." + alias
		}
	case model.ModuleCall:
		r.Type, r.Name = "module", blk.Labels[0]
		r.Address = "module." + r.Name
	}
	r.Instances = instances(r.Body)
	b.policies(r, blk.Body)
	return r
}

// instances is the number of copies count or for_each make, or
// model.UnknownInstances. None at all is certain only when written as a
// literal: a count of 0 that comes from a variable's default is the
// module's off switch, which its callers turn on.
func instances(body *model.Value) int {
	n := 1
	var v *model.Value
	switch {
	case body.Get("count") != nil:
		v = body.Get("count")
		n = model.UnknownInstances
		if v.Kind == model.Number && v.Num >= 0 {
			n = int(v.Num)
		}
	case body.Get("for_each") != nil:
		v = body.Get("for_each")
		n = model.UnknownInstances
		if v.Known() {
			n = len(v.Elems) + len(v.Attrs)
		}
	}
	if n == 0 && len(v.AllRefs()) > 0 {
		return model.UnknownInstances
	}
	return n
}

func bodyRange(blk *hcl.Block) hcl.Range {
	if r, ok := blk.Body.(interface{ Range() hcl.Range }); ok {
		return hcl.RangeBetween(blk.DefRange, r.Range())
	}
	return blk.DefRange
}

func (b *builder) backends(blk *hcl.Block) {
	content, _, diags := blk.Body.PartialContent(terraformSchema)
	b.addDiags(diags)
	for _, be := range content.Blocks {
		b.mod.Resources = append(b.mod.Resources, &model.Resource{
			Mode:      model.Backend,
			Type:      be.Labels[0],
			Address:   "terraform.backend." + be.Labels[0],
			Range:     b.rng(be.DefRange),
			Extent:    b.rng(bodyRange(be)),
			Body:      b.bodyValue(be.Body, bodyRange(be)),
			Instances: 1,
		})
	}
}

func (b *builder) output(blk *hcl.Block) {
	content, _, diags := blk.Body.PartialContent(outputSchema)
	b.addDiags(diags)
	o := &model.Output{Name: blk.Labels[0], Range: b.rng(blk.DefRange)}
	if a, ok := content.Attributes["value"]; ok {
		o.Value = b.exprValue(a.Expr)
	}
	if a, ok := content.Attributes["sensitive"]; ok {
		o.Sensitive = isTrue(b.eval(a.Expr))
	}
	b.mod.Outputs = append(b.mod.Outputs, o)
}

func isTrue(v cty.Value) bool {
	return v.IsKnown() && !v.IsNull() && v.Type() == cty.Bool && v.True()
}

// relPath shows a path inside the module the way the user typed the module.
func (b *builder) relPath(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(b.dir, p)
}

// isAutoTfvars reports whether Terraform loads the file without -var-file.
func isAutoTfvars(path string) bool {
	base := filepath.Base(path)
	return base == "terraform.tfvars" || base == "terraform.tfvars.json" ||
		strings.HasSuffix(base, ".auto.tfvars") || strings.HasSuffix(base, ".auto.tfvars.json")
}
