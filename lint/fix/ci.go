package fix

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// ciSystem is a CI system whose jobs can assume a role with an OIDC token
// instead of reading a key from a secret.
type ciSystem struct {
	name      string
	types     []string // the secret or variable resources the key reaches
	issuer    string   // the token issuer, without https://
	audience  string
	providerN string // names a created OIDC provider
	// thumbprints are the issuer's certificate thumbprints: AWS no longer
	// checks them for the big issuers, but AWS provider versions before
	// 5.81 require thumbprint_list.
	thumbprints []string
	// subject returns the sub claim the role trusts, as the inside of an
	// HCL string, with a TODO when part of it is a placeholder.
	subject func(w *workspace, mod *model.Module, res *model.Resource) (sub, todo string)
	// publish is the resource that hands the role's ARN to the jobs in
	// place of the secret: a variable, not a secret, since an ARN is not.
	publish func(w *workspace, res *model.Resource, name, roleARN string) string
	// jobs says what the pipeline must do to use the role.
	jobs string
}

var ciSystems = []*ciSystem{
	{
		name:        "GitHub Actions",
		types:       []string{"github_actions_secret", "github_actions_environment_secret"},
		issuer:      "token.actions.githubusercontent.com",
		audience:    "sts.amazonaws.com",
		providerN:   "github_actions",
		thumbprints: []string{"6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"},
		subject: func(w *workspace, mod *model.Module, res *model.Resource) (string, string) {
			owner, todo := w.githubOwner(mod)
			repo := w.interpolated(res.Attr("repository"))
			if env := res.Attr("environment"); env != nil {
				return fmt.Sprintf("repo:%s/%s:environment:%s", owner, repo, w.interpolated(env)), todo
			}
			t := "the role trusts the main branch; name the branch (or environment) that deploys"
			if todo != "" {
				t = todo + "; " + t
			}
			return fmt.Sprintf("repo:%s/%s:ref:refs/heads/main", owner, repo), t
		},
		publish: func(w *workspace, res *model.Resource, name, roleARN string) string {
			if env := res.Attr("environment"); env != nil {
				return fmt.Sprintf("resource \"github_actions_environment_variable\" %q {\n  repository    = %s\n  environment   = %s\n  variable_name = \"AWS_ROLE_ARN\"\n  value         = %s\n}\n",
					name, w.sourceText(res.Attr("repository")), w.sourceText(env), roleARN)
			}
			return fmt.Sprintf("resource \"github_actions_variable\" %q {\n  repository    = %s\n  variable_name = \"AWS_ROLE_ARN\"\n  value         = %s\n}\n",
				name, w.sourceText(res.Attr("repository")), roleARN)
		},
		jobs: "in the workflow, grant permissions: id-token: write and use aws-actions/configure-aws-credentials with role-to-assume: ${{ vars.AWS_ROLE_ARN }} instead of the key inputs",
	},
	{
		name:      "GitLab CI",
		types:     []string{"gitlab_project_variable"},
		issuer:    "gitlab.com",
		audience:  "https://gitlab.com",
		providerN: "gitlab",
		subject: func(w *workspace, mod *model.Module, res *model.Resource) (string, string) {
			v := w.freshVariable(filepath.Clean(mod.Dir), "gitlab_project_path")
			w.ciVariables = append(w.ciVariables, ciVariable{file: res.Range.File, name: v, description: "The GitLab project path (group/project) whose pipelines assume the role"})
			return fmt.Sprintf("project_path:${var.%s}:ref_type:branch:ref:main", v),
				"the role trusts the main branch of var." + v + "; name the branch that deploys (self-managed GitLab: change the issuer)"
		},
		publish: func(w *workspace, res *model.Resource, name, roleARN string) string {
			return fmt.Sprintf("resource \"gitlab_project_variable\" %q {\n  project = %s\n  key     = \"AWS_ROLE_ARN\"\n  value   = %s\n}\n",
				name, w.sourceText(res.Attr("project")), roleARN)
		},
		jobs: "in .gitlab-ci.yml, request an ID token (id_tokens: with aud: https://gitlab.com) and pass it to aws sts assume-role-with-web-identity with the role in $AWS_ROLE_ARN",
	},
}

func ciSystemOf(typ string) *ciSystem {
	for _, s := range ciSystems {
		for _, t := range s.types {
			if t == typ {
				return s
			}
		}
	}
	return nil
}

// ciVariable is a variable a CI fix declares for what the scan cannot know.
type ciVariable struct {
	file, name, description string
}

// CIRole describes a role a fix created for a CI system, so that a fixer
// of the pipelines themselves (a workflow front-end's) can wire the jobs
// to it: the extension point for workflow edits.
type CIRole struct {
	System     string // "GitHub Actions", "GitLab CI"
	Repository string // as the Terraform code names it (an expression)
	Subject    string // the sub claim the role trusts
	Role       string // the aws_iam_role address
	File       string // where the role is written
}

// fixCI fixes IAM103: a key handed to CI as a secret becomes a role the
// CI system's jobs assume with their OIDC token, trusted for the
// repository and branch or environment; the secret is replaced by a
// variable holding the role's ARN.
func (w *workspace) fixCI(f rules.Finding) (Fix, string) {
	mod, res := w.resourceContaining(f.Range)
	if res == nil {
		return Fix{}, "the secret is not in the scan"
	}
	sys := ciSystemOf(res.Type)
	if sys == nil {
		return Fix{}, fmt.Sprintf("no fix for %s yet", res.Type)
	}
	keyMod, key := w.keyOf(f)
	dir := filepath.Clean(mod.Dir)
	group := w.sourceText(res.Attr("repository")) + w.sourceText(res.Attr("project")) + "\x00" + w.sourceText(res.Attr("environment"))
	k := dir + "\x00ci\x00" + sys.name + "\x00" + group
	r := w.roles[k]
	if r == nil {
		sub, todo := sys.subject(w, mod, res)
		base := "ci"
		if key != nil {
			base = key.Name
		}
		r = &role{dir: dir, file: res.Range.File, created: true, moved: map[string]bool{}}
		r.name = w.freshName(dir, "aws_iam_role", base+"_"+sys.providerN)
		provider := w.oidcProvider(mod, res.Range.File, sys)
		r.trust = fmt.Sprintf(`  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = %s }
      Condition = {
        StringEquals = {
          "%s:aud" = %q
          "%s:sub" = "%s"
        }
      }
    }]
  })
`, provider, sys.issuer, sys.audience, sys.issuer, sub)
		r.why = fmt.Sprintf("Replaces %s in %s: %s jobs assume this role with their OIDC token.", sourceLabel(f), res.Address, sys.name)
		if todo != "" {
			r.todo("%s", todo)
		}
		r.todo("%s", sys.jobs)
		r.blocks = append(r.blocks, sys.publish(w, res, r.name, "aws_iam_role."+r.name+".arn"))
		for i := range w.ciVariables {
			if w.ciVariables[i].file == "" {
				w.ciVariables[i].file = res.Range.File
			}
		}
		w.roles[k] = r
		w.roleList = append(w.roleList, r)
		w.ciRoles = append(w.ciRoles, CIRole{System: sys.name, Repository: w.sourceText(res.Attr("repository")) + w.sourceText(res.Attr("project")), Subject: sub, Role: "aws_iam_role." + r.name, File: res.Range.File})
	}
	if key != nil {
		if user := w.userOf(keyMod, key); user != nil && filepath.Clean(keyMod.Dir) == dir {
			w.movePermissions(r, keyMod, user)
		} else {
			r.todo("grant this role the permissions the key (%s) had", sourceLabel(f))
		}
		w.deletable = append(w.deletable, deletion{dir: filepath.Clean(keyMod.Dir), typ: key.Type, name: key.Name,
			keep: "iamlint fix replaced this key in CI with a role; delete it once nothing else uses it"})
	} else {
		r.todo("grant this role the permissions the key (%s) had", sourceLabel(f))
	}
	typ, name := res.Type, res.Name
	fs := w.file(res.Range.File)
	fs.ops = append(fs.ops, func(b *hclwrite.Body) error {
		if blk := findResource(b, typ, name); blk != nil {
			b.RemoveBlock(blk)
		}
		return nil
	})
	return Fix{Finding: f, Description: fmt.Sprintf("replace %s with the role %s, which %s jobs assume with their OIDC token", res.Address, r.address(), sys.name), Complete: true}, ""
}

// oidcProvider returns the expression of the ARN of the module's OIDC
// provider for the system, creating the provider when the module has
// none.
func (w *workspace) oidcProvider(mod *model.Module, file string, sys *ciSystem) string {
	for _, r := range mod.Resources {
		if r.Type != "aws_iam_openid_connect_provider" || r.Instances != 1 {
			continue
		}
		if u, ok := r.Attr("url").AsString(); ok && strings.Contains(u, sys.issuer) {
			return r.Address + ".arn" // a resource or a data source
		}
	}
	k := filepath.Clean(mod.Dir) + "\x00oidc\x00" + sys.issuer
	if name, ok := w.oidc[k]; ok {
		return "aws_iam_openid_connect_provider." + name + ".arn"
	}
	name := w.freshName(filepath.Clean(mod.Dir), "aws_iam_openid_connect_provider", sys.providerN)
	w.oidc[k] = name
	fs := w.file(file)
	thumbprints := "  # TODO(iamlint): AWS provider versions before 5.81 require thumbprint_list: the issuer certificate's SHA-1 thumbprint\n"
	if len(sys.thumbprints) > 0 {
		thumbprints = fmt.Sprintf("  thumbprint_list = [%q]\n", strings.Join(sys.thumbprints, `", "`))
		thumbprints = strings.ReplaceAll(thumbprints, `\"`, `"`)
	}
	fs.appended = append(fs.appended, fmt.Sprintf(`# The identity provider of %s's OIDC tokens, one per account.
resource "aws_iam_openid_connect_provider" %q {
  url            = "https://%s"
  client_id_list = [%q]
%s}
`, sys.name, name, sys.issuer, sys.audience, thumbprints))
	return "aws_iam_openid_connect_provider." + name + ".arn"
}

// githubOwner returns the GitHub owner as the inside of an HCL string:
// the github provider's owner when the scan shows it, else a new
// variable, with a TODO.
func (w *workspace) githubOwner(mod *model.Module) (string, string) {
	// The scan keeps only the providers rules read: read the github
	// provider from the module's files.
	for _, mf := range w.index.filesByDir[filepath.Clean(mod.Dir)] {
		if !strings.HasSuffix(mf.Path, ".tf") {
			continue
		}
		fs := w.file(mf.Path)
		if fs.err != nil {
			continue
		}
		f, diags := hclsyntax.ParseConfig(fs.old, mf.Path, hcl.InitialPos)
		if diags.HasErrors() {
			continue
		}
		for _, b := range f.Body.(*hclsyntax.Body).Blocks {
			if b.Type != "provider" || len(b.Labels) != 1 || b.Labels[0] != "github" || b.Body.Attributes["alias"] != nil {
				continue
			}
			if a := b.Body.Attributes["owner"]; a != nil {
				if v, d := a.Expr.Value(nil); !d.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() && v.AsString() != "" {
					return strings.ReplaceAll(v.AsString(), "${", "$${"), ""
				}
			}
		}
	}
	for _, v := range mod.Variables {
		if v.Name == "github_owner" {
			return "${var.github_owner}", "" // the module's own
		}
	}
	k := filepath.Clean(mod.Dir) + "\x00github_owner"
	if v, ok := w.oidc[k]; ok {
		return "${var." + v + "}", ""
	}
	v := w.freshVariable(filepath.Clean(mod.Dir), "github_owner")
	w.oidc[k] = v
	w.ciVariables = append(w.ciVariables, ciVariable{name: v, description: "The GitHub user or organization that owns the repositories whose workflows assume the role"})
	return "${var." + v + "}", "var." + v + " is the repository's owner: set it"
}

// interpolated is a value as the inside of an HCL string: a literal as
// is, an expression as ${...}.
func (w *workspace) interpolated(v *model.Value) string {
	if v == nil {
		return "*"
	}
	if s, ok := v.AsString(); ok && len(v.AllRefs()) == 0 {
		return strings.ReplaceAll(strings.ReplaceAll(s, "${", "$${"), `"`, `\"`)
	}
	return "${" + w.sourceText(v) + "}"
}
