package fix

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// fixExternalID fixes IAM302: the statement that trusts another account
// gets an sts:ExternalId condition whose value is a new variable (the
// third party tells you its external ID; the fix cannot know it).
func (w *workspace) fixExternalID(f rules.Finding) (Fix, string) {
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
	key := "externalid\x00" + st.Range.String()
	if w.done[key] {
		return Fix{Finding: f, Description: "the statement's sts:ExternalId condition is added by another fix", Complete: true}, ""
	}
	dir := filepath.Clean(mod.Dir)
	roleName := holder.Name
	variable := w.freshVariable(dir, identifier(roleName)+"_external_id")
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
					c := s.Body().AppendNewBlock("condition", nil).Body()
					c.SetAttributeValue("test", ctyString("StringEquals"))
					c.SetAttributeValue("variable", ctyString("sts:ExternalId"))
					c.SetAttributeRaw("values", hclwrite.TokensForTuple([]hclwrite.Tokens{hclwrite.TokensForTraversal(traversal("var", variable))}))
					return nil
				}
				n++
			}
			return fmt.Errorf("statement %d of data.%s.%s not found", index, typ, name)
		})
	default:
		src := fs.old[st.Range.Start.Byte:min(st.Range.End.Byte, len(fs.old))]
		if len(src) < 2 || src[0] != '{' || src[len(src)-1] != '}' {
			return Fix{}, "the trust policy is not written as an HCL object (a JSON string or heredoc)"
		}
		if len(st.Conditions) > 0 || st.ConditionsUnknown || conditionKey.Match(src) {
			return Fix{}, "the statement has conditions already; add sts:ExternalId to them"
		}
		cond := fmt.Sprintf(`Condition = { StringEquals = { "sts:ExternalId" = var.%s } }`, variable)
		closing := st.Range.End.Byte - 1
		if !strings.Contains(string(src), "\n") {
			// { Effect = "Allow", ... }: one more member, after a comma.
			body := strings.TrimRight(string(src[:len(src)-1]), " \t")
			at := st.Range.Start.Byte + len(body)
			sep := ", "
			if strings.HasSuffix(body, ",") {
				sep = " "
			}
			fs.lineEdits = append(fs.lineEdits, Edit{Start: at, End: at, New: sep + cond})
			break
		}
		// A member per line: a new line before the closing brace, indented
		// like the first member.
		lines := strings.Split(string(src), "\n")
		indent := "  "
		if len(lines) > 1 {
			l := lines[1]
			indent = l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		}
		s, _ := lineBounds(fs.old, closing, closing)
		if strings.TrimSpace(string(fs.old[s:closing])) != "" {
			return Fix{}, "the statement's closing brace shares its line"
		}
		fs.insertBeforeLine(closing, indent+cond+"\n")
	}
	w.done[key] = true
	account := accountOfFinding(f.Message)
	fs.appended = append(fs.appended, fmt.Sprintf(`variable %q {
  type        = string
  description = "The external ID that account %s passes when it assumes %s: the third party gives it to you"
}
`, variable, account, roleOwner(f)))
	return Fix{Finding: f, Description: fmt.Sprintf("require sts:ExternalId = var.%s from account %s", variable, account), Complete: true}, ""
}

var conditionKey = regexp.MustCompile(`\bCondition\s*=`)

var accountInMessage = regexp.MustCompile(`trusts account (\d{12})`)

func accountOfFinding(msg string) string {
	if m := accountInMessage.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	return "the other account"
}

func roleOwner(f rules.Finding) string { return f.Address }

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
