package fix

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestGeneratedSchema reads every Terraform block the golden fixes add
// (the "+" lines of testdata/*.golden) and checks each attribute and
// nested block of the types the fixer writes against generatedSchema.
func TestGeneratedSchema(t *testing.T) {
	goldens, _ := filepath.Glob(filepath.Join("testdata", "*.golden"))
	if len(goldens) == 0 {
		t.Fatal("no golden fixes")
	}
	checked := 0
	for _, g := range goldens {
		raw, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, added := range addedBlocks(string(raw)) {
			f, diags := hclsyntax.ParseConfig([]byte(added), g, hcl.InitialPos)
			if diags.HasErrors() {
				continue // a fragment of an edited block, checked below by its attribute
			}
			for _, b := range f.Body.(*hclsyntax.Body).Blocks {
				typ := ""
				switch {
				case b.Type == "resource" && len(b.Labels) == 2:
					typ = b.Labels[0]
				case b.Type == "data" && len(b.Labels) == 2:
					typ = b.Labels[0]
				default:
					continue
				}
				known, ok := generatedSchema[typ]
				if !ok {
					t.Errorf("%s: the fixes write %s, which generatedSchema does not list", g, typ)
					continue
				}
				checkBody(t, g, typ, "", b.Body, known)
				checked++
			}
		}
	}
	// The attributes the fixes set on existing blocks.
	for _, wl := range workloads {
		for _, typ := range wl.types {
			attrs := []string{wl.profileAttr, wl.profileBlock, wl.roleAttr}
			if wl.beanstalk {
				attrs = append(attrs, "setting")
			}
			if wl.irsa {
				continue // the fix writes nothing into the secret
			}
			for _, a := range attrs {
				if a != "" && !generatedSchema[typ][a] {
					t.Errorf("the fix sets %s on %s, which generatedSchema does not list", a, typ)
				}
			}
		}
	}
	if checked == 0 {
		t.Error("no generated block was checked")
	}
}

func checkBody(t *testing.T, file, typ, prefix string, body *hclsyntax.Body, known map[string]bool) {
	for name := range body.Attributes {
		if prefix == "" && metaArguments[name] {
			continue
		}
		if !known[prefix+name] {
			t.Errorf("%s: %s has no attribute %s%s in generatedSchema", file, typ, prefix, name)
		}
	}
	for _, b := range body.Blocks {
		if prefix == "" && metaArguments[b.Type] {
			continue
		}
		if !known[prefix+b.Type] {
			t.Errorf("%s: %s has no block %s%s in generatedSchema", file, typ, prefix, b.Type)
			continue
		}
		checkBody(t, file, typ, prefix+b.Type+".", b.Body, known)
	}
}

// addedBlocks returns the runs of added lines of a unified diff.
func addedBlocks(diff string) []string {
	var out []string
	var cur strings.Builder
	for _, l := range strings.Split(diff, "\n") {
		if strings.HasPrefix(l, "+") && !strings.HasPrefix(l, "+++") {
			cur.WriteString(l[1:] + "\n")
			continue
		}
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	return out
}

// TestGeneratedSchemaSource checks generatedSchema against a checkout of
// terraform-provider-aws (IAMLINT_PROVIDER_AWS_SRC): each attribute must
// be declared in the source of its resource's service package.
func TestGeneratedSchemaSource(t *testing.T) {
	root := os.Getenv("IAMLINT_PROVIDER_AWS_SRC")
	if root == "" {
		t.Skip("set IAMLINT_PROVIDER_AWS_SRC to a checkout of terraform-provider-aws to cross-check generatedSchema")
	}
	services := map[string]string{"aws_iam": "iam", "aws_instance": "ec2", "aws_spot": "ec2", "aws_launch": "autoscaling", "aws_lambda": "lambda",
		"aws_ecs": "ecs", "aws_codebuild": "codebuild", "aws_glue": "glue", "aws_sagemaker": "sagemaker"}
	for typ, attrs := range generatedSchema {
		svc := ""
		for prefix, s := range services {
			if strings.HasPrefix(typ, prefix) {
				svc = s
			}
		}
		if svc == "" {
			continue
		}
		if typ == "aws_launch_template" {
			svc = "ec2"
		}
		src := readTree(t, filepath.Join(root, "internal", "service", svc))
		for a := range attrs {
			name := a[strings.LastIndex(a, ".")+1:]
			if !regexp.MustCompile(`"` + name + `"\s*:`).MatchString(src) {
				t.Errorf("%s: %s is not declared in internal/service/%s", typ, a, svc)
			}
		}
	}
}

func readTree(t *testing.T, dir string) string {
	var b strings.Builder
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(raw)
	}
	return b.String()
}
