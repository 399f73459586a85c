package pipeline

import (
	"regexp"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// exprContext finds the contexts GitHub Actions expressions read inside
// ${{ }}: secrets.X, vars.X, env.X, inputs.X, and the index forms
// secrets['X'].
var exprContext = regexp.MustCompile(`\b(secrets|vars|env|inputs)\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*'([^']+)'\s*\])`)

// exprKinds: an action's or reusable workflow's inputs are its module's
// inputs, as a Terraform variable is.
var exprKinds = map[string]model.RefKind{"secrets": model.RefSecret, "vars": model.RefCIVariable, "env": model.RefEnv, "inputs": model.RefVariable}

// ExprValue is the value of a GitHub Actions scalar whose text is
// src[start:end] and whose decoded value is text: a known String when it
// holds no ${{ }} expression, otherwise Unknown with a Pattern ("*" for
// each expression) and a reference for each secret, variable and
// environment entry an expression reads, at its exact range.
func (s *Source) ExprValue(text string, start, end int) *model.Value {
	v := &model.Value{Kind: model.String, Str: text, Range: s.Range(start, end)}
	if !strings.Contains(text, "${{") {
		return v
	}
	v.Kind, v.Str = model.Unknown, ""
	v.Pattern = exprPattern(text)
	raw := string(s.Src[start:end])
	for i := 0; ; {
		open := strings.Index(raw[i:], "${{")
		if open < 0 {
			break
		}
		open += i
		closeAt := strings.Index(raw[open:], "}}")
		if closeAt < 0 {
			closeAt = len(raw) - open
		}
		body := raw[open : open+closeAt]
		for _, m := range exprContext.FindAllStringSubmatchIndex(body, -1) {
			ctx := body[m[2]:m[3]]
			name := ""
			if m[4] >= 0 {
				name = body[m[4]:m[5]]
			} else {
				name = body[m[6]:m[7]]
			}
			from, to := start+open+m[0], start+open+m[1]
			v.Refs = append(v.Refs, model.Ref{Subject: ctx + "." + name, Kind: exprKinds[ctx], Name: name, Range: s.Range(from, to)})
		}
		i = open + closeAt
		if i >= len(raw) {
			break
		}
	}
	return v
}

// exprPattern replaces each ${{ }} of text with "*".
func exprPattern(text string) string {
	var b strings.Builder
	for {
		open := strings.Index(text, "${{")
		if open < 0 {
			b.WriteString(text)
			return b.String()
		}
		b.WriteString(text[:open])
		b.WriteByte('*')
		closeAt := strings.Index(text[open:], "}}")
		if closeAt < 0 {
			return b.String()
		}
		text = text[open+closeAt+2:]
	}
}

// shellVar finds $NAME and ${NAME} in a value of a pipeline whose
// variables expand the shell's way (GitLab CI, CircleCI, Bitbucket,
// Buildkite); $$ escapes.
var shellVar = regexp.MustCompile(`\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

// VarValue is ExprValue for a pipeline whose values read variables as $X:
// each variable read is a reference, RefEnv when defined(name) says the
// pipeline defines it, RefCIVariable otherwise (a project or context
// variable set outside the file).
func (s *Source) VarValue(text string, start, end int, defined func(string) bool) *model.Value {
	v := &model.Value{Kind: model.String, Str: text, Range: s.Range(start, end)}
	if !strings.Contains(text, "$") {
		return v
	}
	raw := string(s.Src[start:end])
	var pattern strings.Builder
	last := 0
	for _, m := range shellVar.FindAllStringSubmatchIndex(text, -1) {
		if text[m[0]:m[1]] == "$$" {
			continue
		}
		pattern.WriteString(text[last:m[0]])
		pattern.WriteByte('*')
		last = m[1]
	}
	for _, m := range shellVar.FindAllStringSubmatchIndex(raw, -1) {
		name := ""
		switch {
		case m[2] >= 0:
			name = raw[m[2]:m[3]]
		case m[4] >= 0:
			name = raw[m[4]:m[5]]
		default:
			continue // $$
		}
		kind := model.RefCIVariable
		if defined != nil && defined(name) {
			kind = model.RefEnv
		}
		v.Refs = append(v.Refs, model.Ref{Subject: "$" + name, Kind: kind, Name: name, Range: s.Range(start+m[0], start+m[1])})
	}
	if len(v.Refs) > 0 {
		pattern.WriteString(text[last:])
		v.Kind, v.Str, v.Pattern = model.Unknown, "", pattern.String()
	}
	return v
}
