package fix

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// staticCredentialAttrs are the settings of the AWS provider, the s3
// backend and s3 remote state that hold a key.
var staticCredentialAttrs = []string{"access_key", "secret_key", "token"}

// fixProvider fixes IAM106: the static key settings are removed, and an
// AWS provider without another way to authenticate assumes a role named
// by a new variable. A backend cannot read variables: it authenticates
// from the environment or a profile, and a TODO says so.
func (w *workspace) fixProvider(f rules.Finding) (Fix, string) {
	mod, res := w.resourceContaining(f.Range)
	if res == nil {
		return Fix{}, "the provider is not in the scan"
	}
	body := res.Body
	if res.Mode == model.Data {
		body = res.Attr("config")
	}
	fs := w.file(res.Range.File)
	if fs.err != nil {
		return Fix{}, fs.err.Error()
	}
	first := -1
	for _, name := range staticCredentialAttrs {
		a := body.GetAttr(name)
		if a == nil || a.Value == nil {
			continue
		}
		s, e := lineBounds(fs.old, a.NameRange.Start.Byte, a.Value.Range.End.Byte)
		if strings.TrimSpace(string(fs.old[s:a.NameRange.Start.Byte])) != "" ||
			strings.TrimSpace(strings.TrimSuffix(strings.SplitN(string(fs.old[a.Value.Range.End.Byte:e]), "#", 2)[0], ",")) != "" {
			return Fix{}, fmt.Sprintf("%s does not stand on lines of its own", name)
		}
		fs.lineEdits = append(fs.lineEdits, Edit{Start: s, End: e})
		if first < 0 || s < first {
			first = s
		}
		for _, ref := range a.Value.AllRefs() {
			if ref.Kind == model.RefVariable && model.MayNameSecret(ref.Name) || ref.Kind == model.RefVariable && strings.Contains(ref.Name, "token") {
				w.deletable = append(w.deletable, deletion{dir: filepath.Clean(mod.Dir), block: "variable", typ: "var", name: ref.Name})
			}
		}
	}
	desc := fmt.Sprintf("remove the static key settings of %s", res.Address)
	switch res.Mode {
	case model.Provider:
		if res.Attr("assume_role") != nil || res.Attr("profile") != nil || res.Attr("assume_role_with_web_identity") != nil || res.Attr("shared_credentials_files") != nil {
			break
		}
		key := "provider\x00" + res.Range.File + "\x00" + res.Address
		if w.done[key] {
			break
		}
		w.done[key] = true
		alias := strings.TrimPrefix(strings.TrimPrefix(res.Address, "provider.aws"), ".")
		base := "aws_role_arn"
		if alias != "" {
			base = alias + "_role_arn"
		}
		variable := w.freshVariable(filepath.Clean(mod.Dir), base)
		fs.appended = append(fs.appended, fmt.Sprintf(`variable %q {
  type        = string
  description = "ARN of the role Terraform assumes for %s, instead of a static access key"
}
`, variable, res.Address))
		fs.ops = append(fs.ops, func(b *hclwrite.Body) error {
			blk := findProvider(b, alias)
			if blk == nil {
				return fmt.Errorf("%s not found", res.Address)
			}
			appendNestedBlock(blk.Body(), "assume_role").Body().SetAttributeTraversal("role_arn", traversal("var", variable))
			return nil
		})
		desc += fmt.Sprintf(" and assume the role var.%s", variable)
	case model.Backend:
		if first >= 0 && !w.done["backend\x00"+res.Range.File] {
			w.done["backend\x00"+res.Range.File] = true
			s, _ := lineBounds(fs.old, first, first)
			indent := string(fs.old[s : s+len(fs.old[s:first+1])-len(strings.TrimLeft(string(fs.old[s:first+1]), " \t"))])
			fs.insertBeforeLine(first, indent+"# TODO(iamlint): the backend authenticates from the environment or a profile; to use a role, name it in assume_role { role_arn = \"...\" } (a backend reads no variables)\n")
		}
		desc += "; the backend authenticates from the environment or a profile"
	}
	return Fix{Finding: f, Description: desc, Complete: true}, ""
}

// freshVariable returns a variable name not yet used in dir.
func (w *workspace) freshVariable(dir, base string) string {
	t := w.takenIn(dir)
	name := base
	for i := 2; t["var."+name]; i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	t["var."+name] = true
	return name
}

// findProvider returns the provider "aws" block with the alias, or the
// one without an alias for "".
func findProvider(b *hclwrite.Body, alias string) *hclwrite.Block {
	for _, blk := range b.Blocks() {
		if !isBlock(blk, "provider", "aws") {
			continue
		}
		got := ""
		if a := blk.Body().GetAttribute("alias"); a != nil {
			got = strings.Trim(strings.TrimSpace(string(a.Expr().BuildTokens(nil).Bytes())), `"`)
		}
		if got == alias {
			return blk
		}
	}
	return nil
}
