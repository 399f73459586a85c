package rules

import (
	"fmt"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

var staticCredentialsInProvider = &Rule{
	ID:        "IAM106",
	Name:      "static-credentials-in-provider",
	Level:     model.Error,
	Short:     "Static AWS credentials are configured in a provider, backend or remote state",
	Precision: "very-high",
	Tags:      []string{"iam", "credentials", "terraform"},
	Doc: Doc{
		Why: "access_key, secret_key and token in a provider \"aws\" block, an s3 backend or a terraform_remote_state " +
			"config pin Terraform to one long-term key. Written as a literal, a variable default or a .tfvars value, " +
			"the key is committed with the code (error). Taken from a variable that has no value in the scan, the key " +
			"is supplied at run time, which is safer but still a long-term key where a role would do (note). " +
			"Credentials from a dynamic secret (Vault's vault_aws_access_credentials, Akeyless's dynamic secrets) are " +
			"issued per run with a lease (no finding); AWS's documentation example keys are nobody's (note).",
		Fix: "Remove the static credentials and let the AWS SDK chain find them: assume_role or " +
			"assume_role_with_web_identity in the provider, a named profile, or the environment of the runner " +
			"(an instance profile, or OIDC in CI).",
		Examples: []Example{
			{Language: model.Terraform, Bad: true, Code: `variable "aws_secret_key" {
  default = "not-a-real-secret"
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAXXXXXXXXXXXXXXXX"
  secret_key = var.aws_secret_key
}
`},
			{Language: model.Terraform, Code: `provider "aws" {
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::123456789012:role/terraform"
  }
}
`},
		},
	},
	Languages: []model.Language{model.Terraform},
	Reads: Reads{Settings: []Setting{
		{Mode: model.Provider, Type: "aws", Attrs: credentialAttrs},
		{Mode: model.Backend, Type: "s3", Attrs: credentialAttrs},
		{Mode: model.Data, Type: "terraform_remote_state", Attrs: []string{"backend", "config"}},
	}},
	Check: checkStaticCredentialsInProvider,
}

// credentialAttrs are the static credential settings of the AWS provider,
// the s3 backend and terraform_remote_state's s3 config.
var credentialAttrs = []string{"access_key", "secret_key", "token"}

func checkStaticCredentialsInProvider(p *Pass) {
	for m, r := range p.Settings() {
		if m.Vendored {
			continue
		}
		switch {
		case r.Mode == model.Provider && r.Type == "aws":
			checkCredentialAttrs(p, m, r.Body, quote(r.Address), r.Address)
		case r.Mode == model.Backend && r.Type == "s3":
			checkCredentialAttrs(p, m, r.Body, `the s3 backend`, r.Address)
		case r.Mode == model.Data && r.Type == "terraform_remote_state":
			if be, ok := r.Attr("backend").AsString(); ok && be == "s3" {
				checkCredentialAttrs(p, m, r.Attr("config"), fmt.Sprintf("remote state %s", quote(r.Address)), r.Address)
			}
		}
	}
}

func checkCredentialAttrs(p *Pass, m *model.Module, body *model.Value, where, address string) {
	for _, name := range credentialAttrs {
		a := body.GetAttr(name)
		if a == nil {
			continue
		}
		v := a.Value
		if shortLivedSource(m, v) {
			continue // a dynamic secret: credentials issued per run, with a lease
		}
		variable := referencedVariable(m, v)
		if emptyValue(v) {
			// null or "": nothing is set here, unless a variable with no
			// value in the scan feeds it (a default of null or "" is the
			// usual way to pass keys at run time).
			if variable == nil || (variable.Set != nil && !emptyValue(variable.Set)) {
				continue
			}
			v = &model.Value{Kind: model.Unknown, Range: v.Range, Refs: v.Refs}
		}
		f := Finding{Range: attrRange(a), Address: address, Key: name}
		example := ""
		if v.Known() && exampleKey(v) {
			// AWS's documentation example: nobody's key, as in IAM107.
			f.Level = model.Note
			example = " (AWS's documentation example)"
		}
		switch {
		case v.Known() && (variable == nil || variable.Value() == nil):
			f.Message = fmt.Sprintf("%s sets %s to a literal%s; remove it and use assume_role, a named profile or the environment", where, name, example)
		case v.Known():
			f.Message = fmt.Sprintf("%s sets %s from %s%s; remove it and use assume_role, a named profile or the environment", where, name, variableSource(variable), example)
			f.Related = append(f.Related, Related{Range: variable.Value().Range, Message: "the value is set here"})
		default:
			f.Level = model.Note
			from := "a value computed at run time"
			if variable != nil {
				from = fmt.Sprintf("variable %s", quote(variable.Name))
			} else if refs := v.AllRefs(); len(refs) > 0 {
				from = quote(refs[0].String())
			}
			f.Message = fmt.Sprintf("%s takes %s from %s, a long-term key; prefer assume_role, a named profile or the environment", where, name, from)
		}
		p.Report(f)
	}
}

// referencedVariable returns the first variable of m that v reads.
// shortLivedSources are data sources that issue credentials per run, with
// a lease (dynamic secrets), rather than hold a long-term key.
var shortLivedSources = map[string]bool{
	"vault_aws_access_credentials": true,
	"akeyless_dynamic_secret":      true,
}

// shortLivedSource reports whether a setting takes its value from a
// dynamic secret, directly or through a local.
func shortLivedSource(m *model.Module, v *model.Value) bool {
	return fromShortLived(m, v, 0)
}

func fromShortLived(m *model.Module, v *model.Value, depth int) bool {
	refs := v.AllRefs()
	if len(refs) == 0 || depth > 4 {
		return false
	}
	for _, ref := range refs {
		switch ref.Kind {
		case model.RefData:
			typ, _, _ := strings.Cut(strings.TrimPrefix(ref.Name, "data."), ".")
			if !shortLivedSources[typ] {
				return false
			}
		case model.RefLocal:
			l := localNamed(m, ref.Name)
			if l == nil || !fromShortLived(m, l.Value, depth+1) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func localNamed(m *model.Module, name string) *model.Local {
	for _, l := range m.Locals {
		if l.Name == name {
			return l
		}
	}
	return nil
}

func referencedVariable(m *model.Module, v *model.Value) *model.Variable {
	for _, ref := range v.AllRefs() {
		if ref.Kind != model.RefVariable {
			continue
		}
		for _, variable := range m.Variables {
			if variable.Name == ref.Name {
				return variable
			}
		}
	}
	return nil
}

func variableSource(v *model.Variable) string {
	if v.Set != nil {
		return fmt.Sprintf("variable %s, set in %s", quote(v.Name), v.Set.Range.File)
	}
	return fmt.Sprintf("the default of variable %s", quote(v.Name))
}
