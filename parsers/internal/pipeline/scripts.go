package pipeline

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/internal/shellscript"
	"github.com/iamlint/iamlint/parsers/model"
)

// Script is one shell block of a pipeline: a GitHub Actions run:, a
// GitLab script: line, a CircleCI run: command. Text is the script as the
// shell sees it; Offset maps a byte offset of Text to the byte offset in
// the host file, so that a finding inside the script points into the
// pipeline.
type Script struct {
	Text   string
	Offset func(i int) int
	Job    *model.Resource // the job the script runs in
	Step   *model.Resource // the step, nil for a job-level script
}

// expression finds a GitHub Actions ${{ }} expression in a script: the
// runner substitutes it before the shell reads the script.
var expression = regexp.MustCompile(`\$\{\{.*?\}\}`)

// placeholderPrefix starts the shell variable an expression is read as
// while the script is lowered: "$Z_0___...", numbered, as long as the
// expression.
const placeholderPrefix = "Z_"

// LowerScripts hands each script of the pipeline to the shell lowering
// (parsers/internal/shellscript): its AWS CLI calls, the credentials it
// configures (aws configure set, export AWS_ACCESS_KEY_ID=...), its
// variables and secret writes join the module, with ranges in the
// pipeline. Each resource the lowering makes names its job (model.CIJob)
// and step (model.CIStep), so that IAM501 reads a job's own scripts. A
// ${{ }} expression is read as a variable of the same length, then its
// references (secrets.X, vars.X) replace the variable's. The scripts'
// problems (a script that does not parse) are returned as diagnostics.
func LowerScripts(p *Pipeline) []model.Diagnostic {
	var diags []model.Diagnostic
	varIndex := map[string]bool{}
	for _, v := range p.Mod.Variables {
		varIndex[v.Name] = true
	}
	suppressed := map[model.Range]bool{}
	for _, s := range p.File.Suppressions {
		suppressed[s.Range] = true
	}
	for _, s := range p.Scripts {
		if !strings.Contains(strings.ToLower(s.Text), "aws") && !model.MayHoldKey([]byte(s.Text)) {
			continue // nothing a rule reads
		}
		// Each expression becomes $Z___ of its length; its references are
		// found in the host file, where the expression is.
		exprRefs := map[int][]model.Ref{}
		var originals []string // by placeholder: the expression it stands for
		restore := strings.NewReplacer()
		var pairs []string
		masked := expression.ReplaceAllStringFunc(s.Text, func(e string) string {
			name := fmt.Sprintf("%s%d", placeholderPrefix, len(originals))
			originals = append(originals, e)
			placeholder := "$" + name + strings.Repeat("_", max(len(e)-1-len(name), 0))
			if len(placeholder) > len(e) {
				return e // too short to stand for: the shell reads it as it is
			}
			pairs = append(pairs, placeholder, e)
			return placeholder
		})
		if len(pairs) > 0 {
			restore = strings.NewReplacer(pairs...)
		}
		for _, m := range expression.FindAllStringIndex(s.Text, -1) {
			start, end := s.Offset(m[0]), s.Offset(m[1])
			if v := p.ExprValue(s.Text[m[0]:m[1]], start, end); v != nil {
				exprRefs[start] = v.Refs
			}
		}
		prefix := s.Job.Address
		if s.Step != nil {
			prefix = s.Step.Address
		}
		res := shellscript.Lower(shellscript.Script{
			Path:   p.Path,
			Src:    []byte(masked),
			Pos:    func(off int) model.Pos { return p.Lines.Pos(s.Offset(off)) },
			Prefix: prefix,
			Dir:    repositoryRoot(p.Path),
			ReadFile: func(path string) ([]byte, error) {
				return frontend.ReadFile(path, frontend.DefaultMaxFileSize)
			},
		})
		// Addresses and names show the expression, not its placeholder,
		// and so do the references that name them.
		fix := func(v *model.Value) bool {
			v.Refs = expandPlaceholders(v.Refs, exprRefs)
			for i := range v.Refs {
				v.Refs[i].Name, v.Refs[i].Subject = restore.Replace(v.Refs[i].Name), restore.Replace(v.Refs[i].Subject)
			}
			return true
		}
		for _, r := range res.Resources {
			r.Address, r.Name = restore.Replace(r.Address), restore.Replace(r.Name)
			r.Body.Walk(fix)
			Set(r.Body, model.CIJob, String(s.Job.Address, s.Job.Range), s.Job.Range)
			if s.Step != nil {
				Set(r.Body, model.CIStep, String(s.Step.Address, s.Step.Range), s.Step.Range)
			}
			p.Mod.Resources = append(p.Mod.Resources, r)
		}
		for _, l := range res.Locals {
			l.Label = restore.Replace(l.Label)
			l.Value.Walk(fix)
			p.Mod.Locals = append(p.Mod.Locals, l)
		}
		for _, v := range res.Variables {
			if isPlaceholder(v.Name) {
				continue
			}
			if !varIndex[v.Name] {
				varIndex[v.Name] = true
				v.Set = bindEnv(s, v.Name)
				p.Mod.Variables = append(p.Mod.Variables, v)
			}
		}
		for _, sup := range res.Suppressions {
			if !suppressed[sup.Range] {
				suppressed[sup.Range] = true
				p.File.Suppressions = append(p.File.Suppressions, sup)
			}
		}
		// A block of a pipeline that does not parse as shell is often not
		// shell before the CI system fills it in (an expression where a
		// word must be): a note, not a warning.
		for _, d := range res.Diagnostics {
			if d.Severity == model.Warning {
				d.Severity = model.Note
			}
			diags = append(diags, d)
		}
	}
	return diags
}

// expandPlaceholders replaces the references to an expression's
// placeholder variable with the expression's own references.
func expandPlaceholders(refs []model.Ref, exprRefs map[int][]model.Ref) []model.Ref {
	var out []model.Ref
	changed := false
	for _, r := range refs {
		if r.Kind == model.RefVariable && isPlaceholder(r.Name) {
			out = append(out, exprRefs[r.Range.Start.Byte]...)
			changed = true
			continue
		}
		out = append(out, r)
	}
	if !changed {
		return refs
	}
	return out
}

// isPlaceholder reports whether a variable name is an expression's
// placeholder: Z_, digits, underscores.
func isPlaceholder(name string) bool {
	rest, ok := strings.CutPrefix(name, placeholderPrefix)
	return ok && rest != "" && strings.Trim(rest, "0123456789_") == "" && rest[0] >= '0' && rest[0] <= '9'
}

// bindEnv is the value an input of a script has in its step's or job's
// environment, nil when neither sets it.
func bindEnv(s Script, name string) *model.Value {
	if s.Step != nil {
		if v := s.Step.Attr(model.CIStepEnv).Get(name); v != nil {
			return v
		}
	}
	return s.Job.Attr(model.CIEnv).Get(name)
}

// repositoryRoot is where a pipeline's scripts run from: the checkout,
// above .github/workflows, or the pipeline file's directory.
func repositoryRoot(path string) string {
	dir := filepath.Dir(path)
	slash := filepath.ToSlash(dir)
	if i := strings.Index(slash, ".github/workflows"); i >= 0 {
		return filepath.FromSlash(strings.TrimSuffix(slash[:i], "/"))
	}
	return dir
}

// BlockOffsets maps the text of a YAML scalar to the file: raw is the
// scalar's source at byte offset start. For a block scalar (| or >) the
// text is its content lines without their indentation; for a plain or
// quoted scalar on one line, the text starts after the quote.
func BlockOffsets(src []byte, start, end int) func(i int) int {
	if start >= end || start >= len(src) {
		return func(int) int { return start }
	}
	switch src[start] {
	case '"', '\'':
		return func(i int) int { return min(start+1+i, end) }
	case '|', '>':
	default:
		return func(i int) int { return min(start+i, end) }
	}
	// The content starts on the line after the indicator; its
	// indentation is the first non-blank content line's.
	lineStarts := []int{}
	indent := -1
	for i := start; i < end; i++ {
		if src[i] != '\n' {
			continue
		}
		ls := i + 1
		lineStarts = append(lineStarts, ls)
		if indent < 0 {
			j := ls
			for j < end && src[j] == ' ' {
				j++
			}
			if j < end && src[j] != '\n' {
				indent = j - ls
			}
		}
	}
	indent = max(indent, 0)
	return func(i int) int {
		// Walk the content lines: each contributes its length less the
		// indentation, plus its newline.
		for _, ls := range lineStarts {
			le := ls
			for le < end && src[le] != '\n' {
				le++
			}
			width := max(le-ls-indent, 0)
			if i <= width {
				return min(ls+indent+i, end)
			}
			i -= width + 1
		}
		return end
	}
}
