package cloudformation

import (
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
)

// Options configure Build.
type Options struct {
	Workers int // templates evaluated in parallel; 0 means one per CPU
}

// nestedTypes are the resources that instantiate another template, and the
// property that says which: a local path there (as "aws cloudformation
// package" and "sam deploy" take it) names a template of the scan.
var nestedTypes = map[string]string{
	"AWS::CloudFormation::Stack":   "TemplateURL",
	"AWS::Serverless::Application": "Location",
}

// nesting is a resource of a parent template that instantiates a child
// template of the scan.
type nesting struct {
	parent, child *File
	id            string // the resource's logical ID
	location      *node
	cycle         bool // the child nests the parent again: nothing is bound
}

// Build evaluates the templates of one scan together and returns their
// modules, in path order, and the diagnostics of their content. A parent
// template is evaluated before the templates it nests, so that the values
// it passes as parameters are bound (model.Variable.Set); references to
// other templates (Fn::ImportValue, a nested stack's outputs) are linked
// once all are done (model.Module.Links).
func Build(files []*File, opts Options) ([]*model.Module, []model.Diagnostic) {
	var l Linker
	mods, diags := l.Build(files, opts)
	l.Link()
	return mods, diags
}

// A Linker builds the templates of a scan group by group, so that only one
// group's syntax is held at a time, and links them once all are built. A
// group is a template with the templates it nests (see NestedPaths): a
// nested stack binds parameters, so its parent must be in its group;
// exports and imports, and nested stacks' outputs, only need the modules,
// and Link joins those across groups. Build may be called concurrently.
type Linker struct {
	mu       sync.Mutex
	mods     []*model.Module
	children map[*model.Module]map[string]*model.Module // nested stacks by parent and logical ID
}

// Build evaluates one group of templates and returns their modules, in
// path order, and the diagnostics of their content. The modules are not
// linked until Link.
func (l *Linker) Build(files []*File, opts Options) ([]*model.Module, []model.Diagnostic) {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	var tmpls []*File
	for _, f := range files {
		if f != nil && f.root != nil {
			tmpls = append(tmpls, f)
		}
	}
	sort.Slice(tmpls, func(i, j int) bool { return tmpls[i].Path < tmpls[j].Path })

	b := &builder{built: map[*File]*template{}, bindings: map[*File]map[string][]*model.Value{}}
	b.nest(tmpls)
	for _, level := range b.levels(tmpls) {
		b.buildLevel(level, opts.Workers)
	}
	var mods []*model.Module
	var diags []model.Diagnostic
	for _, f := range tmpls {
		t := b.built[f]
		mods = append(mods, t.mod)
		diags = append(diags, t.d.list...)
	}
	diags = append(diags, b.diags...)

	l.mu.Lock()
	defer l.mu.Unlock()
	l.mods = append(l.mods, mods...)
	for _, n := range b.nestings {
		parent := b.built[n.parent].mod
		if l.children == nil {
			l.children = map[*model.Module]map[string]*model.Module{}
		}
		if l.children[parent] == nil {
			l.children[parent] = map[string]*model.Module{}
		}
		l.children[parent][n.id] = b.built[n.child].mod
	}
	return mods, diags
}

type builder struct {
	nestings []nesting
	built    map[*File]*template
	bindings map[*File]map[string][]*model.Value
	diags    []model.Diagnostic
}

// nest finds the nested stacks whose template is a local file of the scan.
// It reads the syntax, not values: the order of evaluation depends on it.
func (b *builder) nest(tmpls []*File) {
	byPath := map[string]*File{}
	for _, f := range tmpls {
		byPath[filepath.Clean(f.Path)] = f
	}
	for _, f := range tmpls {
		for _, p := range f.root.get("Resources").entries() {
			typ, _ := p.value.get("Type").str()
			prop, ok := nestedTypes[typ]
			if !ok {
				continue
			}
			loc := p.value.get("Properties").get(prop)
			path, ok := loc.str()
			if !ok || !isLocalPath(path) {
				continue
			}
			child := byPath[filepath.Clean(filepath.Join(filepath.Dir(f.Path), path))]
			if child == nil {
				d := &diags{path: f.Path, lines: f.lines}
				d.add(model.Note, loc.start, loc.end, fmt.Sprintf("nested template %q is not among the scanned files", path),
					"Its parameters are not bound and its outputs are unknown; scan the directory that holds it, or check the path.")
				b.diags = append(b.diags, d.list...)
				continue
			}
			b.nestings = append(b.nestings, nesting{parent: f, child: child, id: p.key.text, location: loc})
		}
	}
}

// isLocalPath tells a file path from a URL (https://, s3://), an S3 key or
// a placeholder that a script fills in (${TemplateUrl}).
func isLocalPath(s string) bool {
	return s != "" && !strings.Contains(s, "://") && !strings.HasPrefix(s, "s3:") && !strings.Contains(s, "${")
}

// levels orders templates so that parents come before their children,
// grouping those that can be evaluated at the same time. Templates that
// nest each other in a cycle get a warning, and the parameters passed
// around the cycle are not bound.
func (b *builder) levels(tmpls []*File) [][]*File {
	parents := map[*File]int{}
	for i, n := range b.nestings {
		if n.parent == n.child || b.reaches(n.child, n.parent) {
			b.nestings[i].cycle = true
			d := &diags{path: n.parent.Path, lines: n.parent.lines}
			d.add(model.Warning, n.location.start, n.location.end, "nested templates form a cycle",
				fmt.Sprintf("%s nests %s, which nests it again, directly or through others; CloudFormation cannot create such stacks. "+
					"The parameters passed around the cycle are not bound.", n.parent.Path, n.child.Path))
			b.diags = append(b.diags, d.list...)
			continue
		}
		parents[n.child]++
	}
	done := map[*File]bool{}
	var levels [][]*File
	for {
		var level []*File
		for _, f := range tmpls {
			if !done[f] && parents[f] == 0 {
				level = append(level, f)
			}
		}
		if len(level) == 0 {
			return levels
		}
		for _, f := range level {
			done[f] = true
		}
		for _, n := range b.nestings {
			if !n.cycle && containsFile(level, n.parent) {
				parents[n.child]--
			}
		}
		levels = append(levels, level)
	}
}

// reaches reports whether template from nests template to, at any depth.
func (b *builder) reaches(from, to *File) bool {
	seen := map[*File]bool{}
	stack := []*File{from}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if f == to {
			return true
		}
		if seen[f] {
			continue
		}
		seen[f] = true
		for _, n := range b.nestings {
			if n.parent == f {
				stack = append(stack, n.child)
			}
		}
	}
	return false
}

func containsFile(list []*File, f *File) bool {
	for _, x := range list {
		if x == f {
			return true
		}
	}
	return false
}

// buildLevel evaluates templates in parallel, then passes the parameters
// they give their nested templates on.
func (b *builder) buildLevel(level []*File, workers int) {
	ts := make([]*template, len(level))
	frontend.Parallel(len(level), workers, func(i int) {
		ts[i] = buildTemplate(level[i], b.bindings[level[i]])
	})
	for i, f := range level {
		b.built[f] = ts[i]
	}
	for _, n := range b.nestings {
		t := b.built[n.parent]
		if n.cycle || t == nil || !containsFile(level, n.parent) {
			continue
		}
		for _, r := range t.mod.Resources {
			params := r.Attr("Parameters")
			if r.Name != n.id || params == nil || params.Kind != model.Object {
				continue
			}
			for _, a := range params.Attrs {
				if b.bindings[n.child] == nil {
					b.bindings[n.child] = map[string][]*model.Value{}
				}
				b.bindings[n.child][a.Name] = append(b.bindings[n.child][a.Name], a.Value)
			}
		}
	}
}

// buildTemplate evaluates one template; a panic becomes a diagnostic for
// that template instead of ending the scan.
func buildTemplate(f *File, bindings map[string][]*model.Value) (t *template) {
	t = newTemplate(f)
	defer func() {
		if r := recover(); r != nil {
			t.mod.Resources, t.mod.Variables, t.mod.Outputs = nil, nil, nil
			t.d.list = append(t.d.list, model.Diagnostic{
				Severity: model.Error,
				Summary:  fmt.Sprintf("internal error: %v", r),
				Detail:   "This is a bug in iamlint; please report it, with the template if you can.",
				Range:    model.Range{File: f.Path},
			})
		}
	}()
	t.build(bindings)
	return t
}

// Link resolves references to other templates in every module built: an
// Fn::ImportValue to every output that exports its name, a nested stack's
// Outputs.X to output X of the child template.
func (l *Linker) Link() {
	l.mu.Lock()
	defer l.mu.Unlock()
	type export struct {
		mod *model.Module
		out *model.Output
	}
	// Groups finish in any order: link in path order, as one Build would.
	sort.Slice(l.mods, func(i, j int) bool { return l.mods[i].File < l.mods[j].File })
	exports := map[string][]export{}
	for _, mod := range l.mods {
		for _, o := range mod.Outputs {
			if name, ok := o.Export.AsString(); ok {
				exports[name] = append(exports[name], export{mod, o})
			}
		}
	}
	for _, mod := range l.mods {
		seen := map[string]bool{}
		add := func(ref model.Ref, to *model.Module, out *model.Output) {
			key := fmt.Sprintf("%d:%d:%p", ref.Range.Start.Byte, ref.Range.End.Byte, out)
			if !seen[key] {
				seen[key] = true
				mod.Links = append(mod.Links, model.Link{Ref: ref, Module: to, Output: out})
			}
		}
		for _, ref := range mod.Refs() {
			if ref.Kind == model.RefImport {
				for _, e := range exports[ref.Attr] {
					add(ref, e.mod, e.out)
				}
				continue
			}
			child := l.children[mod][ref.Name]
			name, ok := strings.CutPrefix(ref.Attr, "Outputs.")
			if child == nil || !ok {
				continue
			}
			for _, o := range child.Outputs {
				if o.Name == name {
					add(ref, child, o)
				}
			}
		}
		sort.SliceStable(mod.Links, func(i, j int) bool { return mod.Links[i].Ref.Range.Less(mod.Links[j].Ref.Range) })
	}
}
