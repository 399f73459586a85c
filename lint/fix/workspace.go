package fix

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// workspace holds the planned edits of every file a run touches. Edits
// come in three kinds, applied in this order when the plan is finished:
//
//  1. line edits against the file as read (removing the lines that carry
//     a key, inserting a condition or a comment), which need the model's
//     byte positions;
//  2. structural edits through hclwrite, which find their block by type
//     and labels and so survive the line edits;
//  3. blocks appended at the end of a file (the role, its profile, the
//     moved permissions), then deletion of what nothing refers to any
//     more (the key, then the user), then formatting.
type workspace struct {
	project *model.Project
	// findings are all the findings of the run, the ones not fixed too:
	// IAM107 places a hard-coded key inside a value a flow names whole.
	findings []rules.Finding
	read     func(string) ([]byte, error)
	files    map[string]*fileState
	index    *projectIndex
	// roles are the roles the fixes give permissions to, created or
	// reused, by module and key: several sinks of one key share one.
	roles     map[string]*role
	roleList  []*role
	sinkRoles map[string]*role // by the sink's file and address
	// deletable are the blocks to delete when, after every other edit,
	// nothing in their module refers to them: keys, users.
	deletable []deletion
	// taken are the addresses used in each module directory, so that new
	// blocks get fresh names.
	taken map[string]map[string]bool
	// done marks what a fix did once for several findings (a provider's
	// role, a backend's comment).
	done map[string]bool
	// kept are the keys a fix meant to delete that something still uses.
	kept     map[string]bool
	keptList []Kept
	// oidc names the OIDC providers and owner variables the CI fixes
	// created, by module and issuer.
	oidc        map[string]string
	ciVariables []ciVariable
	ciRoles     []CIRole
	// cfnDeletable are the template resources to delete when nothing
	// refers to them after the fixes.
	cfnDeletable []cfnDeletion
	// cfnKept are the template resources a TODO names, never deleted.
	cfnKept map[*model.Resource]bool
	// current is the finding being fixed; touched lists, per file, the
	// findings whose fixes read it; failed are the files whose fixed
	// version could not be built, which keep their content.
	current *rules.Finding
	touched map[string][]*rules.Finding
	failed  map[string]error
}

type fileState struct {
	path string
	old  []byte
	err  error
	// lineEdits are against old: deletions of whole lines, insertions.
	lineEdits []Edit
	// ops run on the hclwrite file after the line edits.
	ops []func(*hclwrite.Body) error
	// appended are blocks of HCL to append, in order.
	appended []string
	lines    map[int]lineInfo // see classified
	calls    [][2]int         // see templateCalls
	// A template's parse for positions, its style, and the parameters
	// the fixes add to it (cfntrust.go).
	cfn       *cfnDoc
	cfnStyle  *cfnStyle
	cfnParams []cfnParam
}

// deletion is a block to delete if nothing else refers to it.
type deletion struct {
	dir string
	// block is the block type, "resource" when empty; typ and name are
	// how references spell it: aws_iam_user and u, or var and x.
	block string
	typ   string
	name  string
	// owned are the types of blocks that belong to this one and go with
	// it (a user's policy attachments, moved onto the role); a reference
	// from any other block keeps it.
	owned []string
	// keep, when set, is the TODO written into the block when something
	// still refers to it.
	keep string
}

func newWorkspace(idx *projectIndex, read func(string) ([]byte, error)) *workspace {
	return &workspace{project: idx.project, index: idx, read: read, files: map[string]*fileState{},
		roles: map[string]*role{}, sinkRoles: map[string]*role{}, taken: map[string]map[string]bool{}, done: map[string]bool{}, kept: map[string]bool{}, oidc: map[string]string{}, cfnKept: map[*model.Resource]bool{},
		touched: map[string][]*rules.Finding{}, failed: map[string]error{}}
}

// projectIndex is what the fixes look up in the project, by path and by
// directory, built once for every plan of a run (SARIF makes one per
// finding).
type projectIndex struct {
	project      *model.Project
	lang         map[string]model.Language
	filesByDir   map[string][]*model.File
	modulesByDir map[string][]*model.Module
	// byFile are the resources declared in each file, with their modules
	// (a module called twice is one model module per directory).
	byFile map[string][]moduleResource
}

type moduleResource struct {
	mod *model.Module
	res *model.Resource
}

// resourcesIn returns the resources declared in file.
func (w *workspace) resourcesIn(file string) []moduleResource { return w.index.byFile[file] }

func newProjectIndex(p *model.Project) *projectIndex {
	idx := &projectIndex{project: p, lang: map[string]model.Language{}, filesByDir: map[string][]*model.File{}, modulesByDir: map[string][]*model.Module{},
		byFile: map[string][]moduleResource{}}
	for _, f := range p.Files {
		idx.lang[f.Path] = f.Language
		dir := filepath.Clean(filepath.Dir(f.Path))
		idx.filesByDir[dir] = append(idx.filesByDir[dir], f)
	}
	for _, m := range p.Modules {
		dir := filepath.Clean(m.Dir)
		idx.modulesByDir[dir] = append(idx.modulesByDir[dir], m)
		for _, r := range m.Resources {
			idx.byFile[r.Range.File] = append(idx.byFile[r.Range.File], moduleResource{m, r})
		}
	}
	return idx
}

func (w *workspace) languageOf(path string) model.Language {
	if l, ok := w.index.lang[path]; ok {
		return l
	}
	if strings.HasSuffix(path, ".tf") {
		return model.Terraform
	}
	return ""
}

func (w *workspace) takenIn(dir string) map[string]bool {
	dir = filepath.Clean(dir)
	t := w.taken[dir]
	if t == nil {
		t = map[string]bool{}
		for _, m := range w.index.modulesByDir[dir] {
			for _, r := range m.Resources {
				t[r.Address] = true
			}
			for _, v := range m.Variables {
				t["var."+v.Name] = true
			}
		}
		w.taken[dir] = t
	}
	return t
}

// freshName returns a resource name of type typ not yet used in dir,
// starting from base, and takes it.
func (w *workspace) freshName(dir, typ, base string) string {
	t := w.takenIn(dir)
	name := base
	for i := 2; t[typ+"."+name]; i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	t[typ+"."+name] = true
	return name
}

// file returns the state of the file at path, reading it the first time.
func (w *workspace) file(path string) *fileState {
	if w.current != nil {
		w.touched[path] = append(w.touched[path], w.current)
	}
	if fs, ok := w.files[path]; ok {
		return fs
	}
	fs := &fileState{path: path}
	fs.old, fs.err = w.read(path)
	w.files[path] = fs
	return fs
}

// deleteLines plans the deletion of the whole lines holding [start, end).
func (fs *fileState) deleteLines(start, end int) {
	s, e := lineBounds(fs.old, start, end)
	fs.lineEdits = append(fs.lineEdits, Edit{Start: s, End: e})
}

// insertBeforeLine plans text (whole lines) before the line holding off.
func (fs *fileState) insertBeforeLine(off int, text string) {
	s, _ := lineBounds(fs.old, off, off)
	fs.lineEdits = append(fs.lineEdits, Edit{Start: s, End: s, New: text})
}

// lineBounds widens [start, end) to whole lines, the newline included.
func lineBounds(src []byte, start, end int) (int, int) {
	start = min(max(start, 0), len(src))
	end = min(max(end, start), len(src))
	s := bytes.LastIndexByte(src[:start], '\n') + 1
	e := len(src)
	if end > start && src[end-1] == '\n' {
		e = end
	} else if i := bytes.IndexByte(src[end:], '\n'); i >= 0 {
		e = end + i + 1
	}
	return s, e
}

// applyLineEdits applies the line edits: identical ones once, deletions
// that overlap merged, insertions kept in the order planned.
func applyLineEdits(src []byte, edits []Edit) []byte {
	// Insertions go before a deletion that starts at the same place.
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].Start != edits[j].Start {
			return edits[i].Start < edits[j].Start
		}
		return edits[i].End == edits[i].Start && edits[j].End != edits[j].Start
	})
	var out bytes.Buffer
	pos := 0
	seen := map[Edit]bool{}
	for _, e := range edits {
		if seen[e] {
			continue
		}
		seen[e] = true
		if e.Start < pos { // overlaps a deletion already made
			if e.End > pos {
				pos = e.End
			}
			continue
		}
		out.Write(src[pos:e.Start])
		out.WriteString(e.New)
		pos = e.End
	}
	out.Write(src[pos:])
	return out.Bytes()
}

// finish applies every planned edit and returns the changed files.
func (w *workspace) finish() []FileChange {
	w.appendRoles()
	w.deleteUnreferencedCFN()
	w.deleteUnusedConditionsCFN()
	w.writeCFNParams()
	parsed := map[string]*hclwrite.File{}
	edited := map[string]bool{}
	next := map[string][]byte{}
	for path, fs := range w.files {
		if fs.err != nil || len(fs.lineEdits) == 0 && len(fs.ops) == 0 && len(fs.appended) == 0 {
			continue // read only to look
		}
		src := applyLineEdits(fs.old, fs.lineEdits)
		if !strings.HasSuffix(path, ".tf") {
			if w.failed[path] != nil {
				continue // the template keeps its content
			}
			if isJSONTemplate(fs.old) {
				src = tidyJSONCommas(src)
			}
			next[path] = src
			continue
		}
		f, err := w.buildFile(path, src, fs)
		if err != nil {
			// The file keeps its content; the fixes that touch it are
			// reported as not made (Make), every other file is fixed.
			w.failed[path] = err
			continue
		}
		parsed[path] = f
		edited[path] = true
	}
	deleted := w.deleteUnreferenced(parsed)
	for path, f := range parsed {
		// A file parsed only to look for references is left alone unless
		// a deletion changed it (hclwrite does not give every file back
		// byte for byte, so the bytes cannot tell).
		if !edited[path] && !deleted[f] {
			continue
		}
		next[path] = tidy(w.files[path].old, formatEdited(w.files[path].old, f.Bytes()))
	}
	var changes []FileChange
	for path, src := range next {
		fs := w.files[path]
		if !bytes.Equal(src, fs.old) {
			changes = append(changes, FileChange{Path: path, Old: fs.old, New: src})
		}
	}
	return changes
}

// buildFile applies the structural edits and the appended blocks to a
// Terraform file after its line edits.
func (w *workspace) buildFile(path string, src []byte, fs *fileState) (*hclwrite.File, error) {
	f, diags := hclwrite.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s would no longer parse after the fix: %s", path, diags.Error())
	}
	for _, op := range fs.ops {
		if err := op(f.Body()); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	for _, text := range fs.appended {
		blk, diags := hclwrite.ParseConfig([]byte(text), path, hcl.InitialPos)
		if diags.HasErrors() {
			return nil, fmt.Errorf("the code written for %s does not parse: %s", path, diags.Error())
		}
		body := f.Body()
		if cur := f.Bytes(); len(cur) > 0 && !endsWithBlankLine(cur) {
			if !bytes.HasSuffix(cur, []byte("\n")) {
				body.AppendNewline() // the file's last line had no newline
			}
			body.AppendNewline()
		}
		body.AppendUnstructuredTokens(blk.BuildTokens(nil))
	}
	return f, nil
}

func endsWithBlankLine(b []byte) bool {
	return len(b) == 0 || bytes.HasSuffix(b, []byte("\n\n"))
}

// deleteUnreferenced deletes the planned deletions that nothing refers to
// any more, until none is left: deleting a key may free its user.
func (w *workspace) deleteUnreferenced(parsed map[string]*hclwrite.File) map[*hclwrite.File]bool {
	changedFiles := map[*hclwrite.File]bool{}
	done := map[int]bool{}
	for changed := true; changed; {
		changed = false
		for i, d := range w.deletable {
			if done[i] {
				continue
			}
			files := w.moduleFiles(d.dir, parsed)
			if files == nil {
				done[i] = true
				continue
			}
			if referencedOutside(files, d) {
				continue
			}
			for _, f := range files {
				for _, b := range f.Body().Blocks() {
					if d.is(b) || ownedBy(b, d) {
						f.Body().RemoveBlock(b)
						changedFiles[f] = true
					}
				}
			}
			done[i] = true
			changed = true
		}
	}
	for i, d := range w.deletable {
		if done[i] || d.keep == "" {
			continue
		}
		done[i] = true
		addr := d.typ + "." + d.name
		if w.kept[addr] {
			continue
		}
		w.kept[addr] = true
		w.keptList = append(w.keptList, Kept{Dir: d.dir, Address: addr})
		for _, f := range w.moduleFiles(d.dir, parsed) {
			for _, b := range f.Body().Blocks() {
				if d.is(b) {
					b.Body().AppendUnstructuredTokens(hclwrite.Tokens{{Type: hclsyntax.TokenComment, Bytes: []byte("# TODO(iamlint): " + d.keep + "\n")}})
					changedFiles[f] = true
				}
			}
		}
	}
	return changedFiles
}

// moduleFiles returns the hclwrite files of the Terraform module in dir,
// parsing those no fix touched. Nil when a file of the module cannot be
// read or is not plain HCL (JSON syntax), since a reference there could
// not be seen: nothing is then deleted.
func (w *workspace) moduleFiles(dir string, parsed map[string]*hclwrite.File) []*hclwrite.File {
	dir = filepath.Clean(dir)
	var out []*hclwrite.File
	for _, mf := range w.index.filesByDir[dir] {
		if mf.Language != model.Terraform {
			continue
		}
		if strings.HasSuffix(mf.Path, ".tf.json") {
			return nil // references there are JSON strings
		}
		if !strings.HasSuffix(mf.Path, ".tf") {
			continue // tfvars, templates: they cannot refer to a resource
		}
		f, ok := parsed[mf.Path]
		if !ok {
			fs := w.file(mf.Path)
			if fs.err != nil {
				return nil
			}
			var diags hcl.Diagnostics
			f, diags = hclwrite.ParseConfig(fs.old, mf.Path, hcl.InitialPos)
			if diags.HasErrors() {
				return nil
			}
			parsed[mf.Path] = f
		}
		out = append(out, f)
	}
	return out
}

// is reports whether b is the block to delete.
func (d deletion) is(b *hclwrite.Block) bool {
	if d.block == "variable" {
		return isBlock(b, "variable", d.name)
	}
	return isBlock(b, "resource", d.typ, d.name)
}

func isBlock(b *hclwrite.Block, typ string, labels ...string) bool {
	if b.Type() != typ {
		return false
	}
	l := b.Labels()
	if len(l) != len(labels) {
		return false
	}
	for i := range l {
		if l[i] != labels[i] {
			return false
		}
	}
	return true
}

// ownedBy reports whether b is a resource of one of d's owned types that
// refers to d.
func ownedBy(b *hclwrite.Block, d deletion) bool {
	if b.Type() != "resource" || len(b.Labels()) != 2 {
		return false
	}
	for _, t := range d.owned {
		if b.Labels()[0] == t && refersTo(b.BuildTokens(nil), d.typ, d.name) {
			return true
		}
	}
	return false
}

// referencedOutside reports whether any block of the module other than d
// and the blocks it owns refers to d.
func referencedOutside(files []*hclwrite.File, d deletion) bool {
	for _, f := range files {
		for _, b := range f.Body().Blocks() {
			if d.is(b) || ownedBy(b, d) {
				continue
			}
			if refersTo(b.BuildTokens(nil), d.typ, d.name) {
				return true
			}
		}
	}
	return false
}

// refersTo reports whether the tokens hold the traversal typ.name, in an
// expression or a template interpolation.
func refersTo(toks hclwrite.Tokens, typ, name string) bool {
	for i := 0; i+2 < len(toks); i++ {
		if string(toks[i].Bytes) == typ && string(toks[i+1].Bytes) == "." && string(toks[i+2].Bytes) == name {
			return true
		}
	}
	return false
}

var blankRun = regexp.MustCompile(`\n{3,}`)

// tidy closes the gaps deleted blocks leave, unless the file had such
// gaps of its own, and ends the file with one newline.
func tidy(old, src []byte) []byte {
	if !blankRun.Match(old) {
		src = blankRun.ReplaceAll(src, []byte("\n\n"))
	}
	if !bytes.HasPrefix(old, []byte("\n")) {
		src = bytes.TrimLeft(src, "\n")
	}
	return append(bytes.TrimRight(src, " \t\n"), '\n')
}

// formatEdited formats the fixed file as terraform fmt does. hclwrite
// writes every file it parsed formatted, so a file that was formatted
// before is returned as is; in one that was not, only the lines the fix
// changed keep hclwrite's formatting and every other line is given back
// as it was, so that the diff holds the fix and nothing else (terraform
// fmt -check failed on that file before the fix too). Formatting changes
// spaces, never lines, which is what lets the lines be matched.
func formatEdited(old, fixed []byte) []byte {
	formatted := hclwrite.Format(fixed)
	formattedOld := hclwrite.Format(old)
	if bytes.Equal(formattedOld, old) {
		return formatted
	}
	oldLines := lineStarts(old)
	fmtLines := lineStarts(formattedOld)
	if len(oldLines) != len(fmtLines) {
		return formatted
	}
	line := map[int]int{} // byte offset of a line start in formattedOld -> line index
	for i, off := range fmtLines {
		line[off] = i
	}
	var edits []Edit
	for _, e := range udiff.Lines(string(formattedOld), string(formatted)) {
		a, okA := line[e.Start]
		b, okB := line[e.End]
		if !okA || !okB {
			return formatted
		}
		edits = append(edits, Edit{Start: oldLines[a], End: oldLines[b], New: e.New})
	}
	out, err := udiff.Apply(string(old), edits)
	if err != nil {
		return formatted
	}
	return []byte(out)
}

// lineStarts returns the byte offset of every line start, and the length
// of src as the start of the line after the last.
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			starts = append(starts, i+1)
		}
	}
	return append(starts, len(src))
}
