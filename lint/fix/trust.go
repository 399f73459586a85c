package fix

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// fixExternalID fixes IAM302: the statement that trusts another account
// gets an sts:ExternalId condition whose value is a new variable (the
// third party tells you its external ID; the fix cannot know it).
func (w *workspace) fixExternalID(f rules.Finding) (Fix, string) {
	account := accountOfFinding(f.Message)
	return w.addCondition(f, "StringEquals", "sts:ExternalId", "external_id",
		fmt.Sprintf("The external ID that account %s passes when it assumes %s: the third party gives it to you", account, f.Address),
		fmt.Sprintf("require sts:ExternalId = var.%%s from account %s", account))
}

var subjectInMessage = regexp.MustCompile(`no condition on "([^"]+):sub"`)

// fixOIDCSubject fixes IAM303: a web identity trust with no sub condition
// gets one, and a sub pattern that matches any subject is replaced, by a
// variable naming the subject (the repository and branch, the service
// account), which the scan cannot know.
func (w *workspace) fixOIDCSubject(f rules.Finding) (Fix, string) {
	if m := subjectInMessage.FindStringSubmatch(f.Message); m != nil {
		issuer := m[1]
		return w.addCondition(f, "StringLike", issuer+":sub", "oidc_subject", subjectHelp(issuer),
			"require the "+issuer+":sub claim to match var.%s")
	}
	// A pattern that matches any subject: the value becomes the variable.
	_, holder, st, _ := w.statementOf(f.Range)
	if st == nil || !strings.HasSuffix(f.Range.File, ".tf") {
		return Fix{}, "the statement is not in the scan"
	}
	fs := w.file(f.Range.File)
	if fs.err != nil || f.Range.End.Byte > len(fs.old) {
		return Fix{}, "the file cannot be read"
	}
	lit := string(fs.old[f.Range.Start.Byte:f.Range.End.Byte])
	if !strings.HasPrefix(lit, `"`) || !strings.HasSuffix(lit, `"`) || strings.Contains(lit, "${") {
		return Fix{}, "the pattern is not a plain string"
	}
	issuer := "the provider"
	for _, c := range st.Conditions {
		for _, v := range c.Values {
			if v.Range == f.Range {
				issuer = strings.TrimSuffix(c.Key, ":sub")
			}
		}
	}
	variable := w.freshVariable(filepath.Dir(f.Range.File), identifier(roleName(f, holder))+"_oidc_subject")
	fs.lineEdits = append(fs.lineEdits, Edit{Start: f.Range.Start.Byte, End: f.Range.End.Byte, New: "var." + variable})
	fs.appended = append(fs.appended, variableBlock(variable, subjectHelp(issuer)))
	return Fix{Finding: f, Description: fmt.Sprintf("require the sub claim to match var.%s instead of %s", variable, lit), Complete: true}, ""
}

// subjectHelp describes the sub claim of an issuer, for a variable.
func subjectHelp(issuer string) string {
	switch {
	case strings.Contains(issuer, "token.actions.githubusercontent.com"):
		return "The GitHub Actions subject the role trusts: repo:OWNER/REPO:ref:refs/heads/BRANCH or repo:OWNER/REPO:environment:NAME"
	case strings.Contains(issuer, "gitlab"):
		return "The GitLab CI subject the role trusts: project_path:GROUP/PROJECT:ref_type:branch:ref:BRANCH"
	case strings.Contains(issuer, "oidc.eks."):
		return "The Kubernetes service account the role trusts: system:serviceaccount:NAMESPACE:NAME"
	}
	return "The subject (sub claim) of the tokens the role trusts: name the one workload that assumes it"
}

func roleName(f rules.Finding, holder *model.Resource) string {
	if holder != nil && holder.Mode == model.Managed {
		return holder.Name
	}
	if _, name, ok := strings.Cut(f.Address, "."); ok {
		return name
	}
	return f.Address
}

func variableBlock(name, description string) string {
	return fmt.Sprintf("variable %q {\n  type        = string\n  description = %q\n}\n", name, description)
}

// addCondition adds a condition operator = { key = var.X } to the
// statement holding the finding, with X a new variable, in the statement's
// own syntax: a condition block of an aws_iam_policy_document, a member
// of a jsonencode() statement (in its Condition object when it has one).
// desc formats the fix's description with the variable's name.
func (w *workspace) addCondition(f rules.Finding, operator, key, suffix, help, desc string) (Fix, string) {
	mod, holder, st, index := w.statementOf(f.Range)
	if st == nil {
		return Fix{}, "the statement is not in the scan"
	}
	if st.Range.File != f.Range.File || !strings.HasSuffix(st.Range.File, ".tf") {
		return Fix{}, "the trust policy is read from a file of its own"
	}
	fs := w.file(st.Range.File)
	if fs.err != nil {
		return Fix{}, fs.err.Error()
	}
	done := "condition\x00" + key + "\x00" + st.Range.String()
	if v, ok := w.oidc[done]; ok {
		return Fix{Finding: f, Description: fmt.Sprintf(desc, v), Complete: true}, ""
	}
	dir := filepath.Clean(mod.Dir)
	variable := w.freshVariable(dir, identifier(roleName(f, holder))+"_"+suffix)
	switch {
	case holder.Mode == model.Data && holder.Type == "aws_iam_policy_document":
		typ, name := holder.Type, holder.Name
		fs.ops = append(fs.ops, func(b *hclwrite.Body) error {
			blk := b.FirstMatchingBlock("data", []string{typ, name})
			if blk == nil {
				return fmt.Errorf("data.%s.%s not found", typ, name)
			}
			n := 0
			for _, s := range blk.Body().Blocks() {
				if s.Type() != "statement" {
					continue
				}
				if n == index {
					c := appendNestedBlock(s.Body(), "condition").Body()
					c.SetAttributeValue("test", ctyString(operator))
					c.SetAttributeValue("variable", ctyString(key))
					c.SetAttributeRaw("values", hclwrite.TokensForTuple([]hclwrite.Tokens{hclwrite.TokensForTraversal(traversal("var", variable))}))
					return nil
				}
				n++
			}
			return fmt.Errorf("statement %d of data.%s.%s not found", index, typ, name)
		})
	default:
		if why := insertMember(fs, st.Range, operator, key, variable, st); why != "" {
			return Fix{}, why
		}
	}
	w.oidc[done] = variable
	fs.appended = append(fs.appended, variableBlock(variable, help))
	return Fix{Finding: f, Description: fmt.Sprintf(desc, variable), Complete: true}, ""
}

// insertMember adds the condition to a statement written as an HCL object
// in jsonencode(): Condition = { op = { "key" = var.x } } when it has no
// conditions, else op = { "key" = var.x } in its Condition object, when
// that does not use the operator already.
func insertMember(fs *fileState, rg model.Range, operator, key, variable string, st *model.Statement) string {
	src := fs.old[rg.Start.Byte:min(rg.End.Byte, len(fs.old))]
	if len(src) < 2 || src[0] != '{' || src[len(src)-1] != '}' {
		return "the trust policy is not written as an HCL object (a JSON string or heredoc)"
	}
	if st.ConditionsUnknown {
		return "the statement's conditions cannot all be read"
	}
	member := fmt.Sprintf(`%s = { %q = var.%s }`, operator, key, variable)
	open, closing := rg.Start.Byte, rg.End.Byte-1
	if len(st.Conditions) > 0 || conditionKey.Match(src) {
		for _, c := range st.Conditions {
			if c.Operator == operator {
				return "the statement uses " + operator + " already; add " + key + " to it"
			}
		}
		o, c, ok := conditionObject(fs.old, rg)
		if !ok {
			return "the statement's Condition is not an object written in place"
		}
		open, closing = o, c
	} else {
		member = "Condition = { " + member + " }"
	}
	body := fs.old[open : closing+1]
	if !strings.Contains(string(body), "\n") {
		// { A = 1, B = 2 }: one more member, after a comma.
		inner := strings.TrimRight(string(fs.old[open:closing]), " \t")
		at := open + len(inner)
		sep := ", "
		if strings.HasSuffix(inner, ",") || strings.HasSuffix(inner, "{") {
			sep = " "
		}
		fs.lineEdits = append(fs.lineEdits, Edit{Start: at, End: at, New: sep + member})
		return ""
	}
	// A member per line: a new line before the closing brace, indented
	// like the first member.
	lines := strings.Split(string(body), "\n")
	indent := "  "
	if len(lines) > 1 {
		l := lines[1]
		indent = l[:len(l)-len(strings.TrimLeft(l, " \t"))]
	}
	s, _ := lineBounds(fs.old, closing, closing)
	if strings.TrimSpace(string(fs.old[s:closing])) != "" {
		return "the closing brace shares its line"
	}
	fs.insertBeforeLine(closing, indent+member+"\n")
	return ""
}

// conditionObject finds the braces of the Condition object of the
// statement at rg, by its tokens.
func conditionObject(src []byte, rg model.Range) (open, closing int, ok bool) {
	toks, _ := hclsyntax.LexConfig(src[rg.Start.Byte:rg.End.Byte], "", hcl.InitialPos)
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].Type != hclsyntax.TokenIdent || string(toks[i].Bytes) != "Condition" || toks[i+1].Type != hclsyntax.TokenEqual || toks[i+2].Type != hclsyntax.TokenOBrace {
			continue
		}
		depth := 0
		for j := i + 2; j < len(toks); j++ {
			switch toks[j].Type {
			case hclsyntax.TokenOBrace, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
				depth++
			case hclsyntax.TokenCBrace, hclsyntax.TokenTemplateSeqEnd:
				depth--
			}
			if depth == 0 {
				return rg.Start.Byte + toks[i+2].Range.Start.Byte, rg.Start.Byte + toks[j].Range.Start.Byte, true
			}
		}
	}
	return 0, 0, false
}

var conditionKey = regexp.MustCompile(`\bCondition\s*=`)

var accountInMessage = regexp.MustCompile(`trusts account (\d{12})`)

func accountOfFinding(msg string) string {
	if m := accountInMessage.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	return "the other account"
}

// statementOf returns the statement holding the principal at rg, with the
// resource that holds the policy and the statement's index in it.
func (w *workspace) statementOf(rg model.Range) (*model.Module, *model.Resource, *model.Statement, int) {
	for _, mr := range w.resourcesIn(rg.File) {
		for _, ap := range mr.res.Policies {
			if ap.Policy == nil {
				continue
			}
			for i, st := range ap.Policy.Statements {
				for _, p := range st.Principals {
					if p.Range == rg {
						return mr.mod, mr.res, st, i
					}
				}
				for _, c := range st.Conditions {
					for _, v := range c.Values {
						if v.Range == rg {
							return mr.mod, mr.res, st, i
						}
					}
				}
			}
		}
	}
	return nil, nil, nil, 0
}

// identifier makes a Terraform name of s.
func identifier(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, s)
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		s = "x" + s
	}
	return s
}

func ctyString(s string) cty.Value { return cty.StringVal(s) }
