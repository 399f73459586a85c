package rules

import (
	"fmt"

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
			"is supplied at run time, which is safer but still a long-term key where a role would do (note).",
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
		switch {
		case v.Known() && (variable == nil || variable.Value() == nil):
			f.Message = fmt.Sprintf("%s sets %s to a literal; remove it and use assume_role, a named profile or the environment", where, name)
		case v.Known():
			f.Message = fmt.Sprintf("%s sets %s from %s; remove it and use assume_role, a named profile or the environment", where, name, variableSource(variable))
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
