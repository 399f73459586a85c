package lint

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// randomTree writes a random Terraform tree from seed: a root and a local
// module, with keys, literals, inputs named like keys (in every spelling
// the flow accepts), locals chains, sinks of many kinds, module calls in
// and out, outputs, providers and policies, spread over several files.
// Names are drawn from small pools so that references often hit.
func randomTree(t testing.TB, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	varNames := []string{"name", "aws_access_key_id", "aws-secret-access-key", "AwsSecretKey", "region", "token", "creds"}
	locals := []string{"a", "b", "c", "d"}
	var refs []string // what an expression may read
	for _, v := range varNames {
		refs = append(refs, "var."+v)
	}
	for _, l := range locals {
		refs = append(refs, "local."+l)
	}
	refs = append(refs, "aws_iam_access_key.k.secret", "aws_iam_access_key.k.id", "module.remote.iam_access_key_secret",
		"module.remote.bucket_arn", "module.child.out", "module.child.key", `"AKIAQ3EGRCV5ZJIX7N4P"`, `"plain"`, "aws_s3_bucket.b.arn")
	expr := func() string {
		switch r.IntN(4) {
		case 0:
			return pick(refs...)
		case 1:
			return fmt.Sprintf(`"x-${%s}"`, pick(refs...))
		case 2:
			return fmt.Sprintf(`jsonencode({ v = %s })`, pick(refs...))
		default:
			return fmt.Sprintf(`"%s"`, pick("a", "b", "c"))
		}
	}
	block := func(module bool) string {
		switch r.IntN(11) {
		case 0:
			return "resource \"aws_iam_access_key\" \"k\" {\n  user = " + expr() + "\n}\n"
		case 1:
			return fmt.Sprintf("resource \"aws_instance\" \"i%d\" {\n  ami       = \"ami-1\"\n  user_data = %s\n}\n", r.IntN(3), expr())
		case 2:
			return fmt.Sprintf("resource \"kubernetes_secret\" \"s%d\" {\n  data = {\n    v = %s\n  }\n}\n", r.IntN(3), expr())
		case 3:
			return fmt.Sprintf("resource \"aws_lambda_function\" \"f%d\" {\n  function_name = \"f\"\n  environment {\n    variables = {\n      %s = %s\n    }\n  }\n}\n", r.IntN(3), pick("X", "AWS_ACCESS_KEY_ID"), expr())
		case 4:
			return fmt.Sprintf("locals {\n  %s = %s\n}\n", pick(locals...), expr())
		case 5:
			return fmt.Sprintf("output \"o%d\" {\n  value = %s\n}\n", r.IntN(3), expr())
		case 6:
			return fmt.Sprintf("resource \"aws_s3_bucket\" \"b\" {\n  bucket = %s\n}\n", expr())
		case 7:
			return fmt.Sprintf("provider \"aws\" {\n  %s = %s\n}\n", pick("region", "access_key", "token"), expr())
		case 8:
			return fmt.Sprintf("resource \"aws_iam_role\" \"r%d\" {\n  assume_role_policy = jsonencode({ Statement = [{ Effect = \"Allow\", Action = \"sts:AssumeRole\", Principal = { AWS = %s } }] })\n}\n", r.IntN(2), expr())
		case 9:
			if module {
				return ""
			}
			return fmt.Sprintf("module \"child\" {\n  source = \"../child\"\n  %s = %s\n}\n", pick(varNames...), expr())
		default:
			if module {
				return ""
			}
			return "module \"remote\" {\n  source = \"example/x/aws\"\n}\n"
		}
	}
	dir := t.TempDir()
	write := func(rel, content string) {
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, mod := range []string{"root", "child"} {
		var vars strings.Builder
		for _, v := range varNames {
			if r.IntN(2) == 0 {
				fmt.Fprintf(&vars, "variable %q {\n  default = %s\n}\n", v, pick(`"d"`, `""`, "null", `"AKIAQ3EGRCV5ZJIX7N4Q"`))
			} else {
				fmt.Fprintf(&vars, "variable %q {}\n", v)
			}
		}
		write(mod+"/variables.tf", vars.String())
		if mod == "child" {
			write("child/outputs.tf", fmt.Sprintf("output \"out\" {\n  value = %s\n}\noutput \"key\" {\n  value = %s\n}\n", expr(), expr()))
		}
		for f := 0; f < 3; f++ {
			var b strings.Builder
			for n := r.IntN(5); n >= 0; n-- {
				b.WriteString(block(mod == "child"))
			}
			write(fmt.Sprintf("%s/f%d.tf", mod, f), b.String())
		}
		if r.IntN(3) == 0 {
			write(mod+"/terraform.tfvars", fmt.Sprintf("%s = %s\n", pick("name", "region", "aws_access_key_id"), pick(`"v"`, `"AKIAQ3EGRCV5ZJIX7N4R"`)))
		}
	}
	return dir
}

// TestSelectionRandomTrees compares the reports with and without the
// block selection on random trees: any difference is a selection bug.
func TestSelectionRandomTrees(t *testing.T) {
	n := 150
	if testing.Short() {
		n = 30
	}
	for seed := uint64(1); seed <= uint64(n); seed++ {
		checkSelection(t, seed)
	}
}

// FuzzSelection is TestSelectionRandomTrees driven by the fuzzer's seeds.
func FuzzSelection(f *testing.F) {
	f.Add(uint64(0))
	f.Fuzz(func(t *testing.T, seed uint64) { checkSelection(t, seed) })
}

func checkSelection(t *testing.T, seed uint64) {
	t.Helper()
	dir := randomTree(t, seed)
	all := lintReport(t, dir, true)
	selected := lintReport(t, dir, false)
	if strings.Join(all, "\n") != strings.Join(selected, "\n") {
		var files strings.Builder
		_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				src, _ := os.ReadFile(path)
				rel, _ := filepath.Rel(dir, path)
				fmt.Fprintf(&files, "-- %s --\n%s", rel, src)
			}
			return nil
		})
		t.Fatalf("seed %d: with --parse-all:\n%s\n\nwith the selection:\n%s\n\n%s", seed,
			strings.ReplaceAll(strings.Join(all, "\n"), dir, "DIR"), strings.ReplaceAll(strings.Join(selected, "\n"), dir, "DIR"), files.String())
	}
}
