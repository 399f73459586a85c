package lint_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/lint"
	"github.com/iamlint/iamlint/parsers/model"
)

// TestDeepNesting: input nested far past model.MaxNesting, in every
// front-end, is an error at the place the limit is passed, and every other
// finding survives: those of other files, and those of the other blocks
// or resources of the same file. Before the limit, 100,000 brackets in a
// .tf or 200,000 in a .tf.json overflowed the goroutine stack inside
// hclsyntax, a fatal error that ended the process with every finding lost.
func TestDeepNesting(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	const key = "resource \"aws_iam_access_key\" \"%[1]s\" {\n  user = \"u\"\n}\noutput \"%[1]s\" {\n  value = aws_iam_access_key.%[1]s.secret\n}\n"
	const cfnKey = "  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: u\nOutputs:\n  S:\n    Value: !GetAtt K.SecretAccessKey\n"
	files := map[string]string{
		// The deep block is a policy, which the selection keeps.
		"native/main.tf":  "resource \"aws_iam_policy\" \"deep\" {\n  policy = jsonencode(" + deep(100000) + ")\n}\n" + fmt.Sprintf(key, "same"),
		"native/other.tf": fmt.Sprintf(key, "other"),
		// A deep block no rule reads: parsed only with --parse-all, where it
		// overflowed the stack too; reported from the sketch either way.
		"skipped/main.tf": "locals {\n  x = " + deep(100000) + "\n}\n" + fmt.Sprintf(key, "same"),
		// A chain of operators is as deep as it is long.
		"chain/main.tf":     "locals {\n  x = 1" + strings.Repeat("+1", 1000000) + "\n}\n" + fmt.Sprintf(key, "same"),
		"json/main.tf.json": `{"locals": {"x": ` + deep(200000) + `}}`,
		"json/other.tf":     fmt.Sprintf(key, "other"),
		"cfn/deep.json": `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"D": {"Type": "AWS::SNS::Topic", "Properties": {"X": ` +
			deep(200000) + `}}, "K": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "u"}}}, "Outputs": {"S": {"Value": {"Fn::GetAtt": ["K", "SecretAccessKey"]}}}}`,
		"cfn/deep.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  D:\n    Type: AWS::SNS::Topic\n    Properties:\n      X: " + deep(5000) + "\n" + cfnKey,
	}
	dir := t.TempDir()
	lint.WriteTree(t, dir, files)
	wantErrors := map[string]string{ // file: line:col of the error
		"native/main.tf":    "2:1020",
		"skipped/main.tf":   "2:1005", // "=" counts as an operator
		"chain/main.tf":     "2:2004",
		"json/main.tf.json": "1:1016",
		"cfn/deep.json":     "1:1107",
		"cfn/deep.yaml":     "6:1006",
	}
	wantFindings := []string{"native/main.tf:8", "native/other.tf:5", "skipped/main.tf:8", "chain/main.tf:8", "json/other.tf:5", "cfn/deep.json:1", "cfn/deep.yaml:13"}
	for _, parseAll := range []bool{false, true} {
		t.Run(fmt.Sprintf("parseAll=%v", parseAll), func(t *testing.T) {
			res, err := lint.New(lint.Options{Go: lint.GoOff, ParseAll: parseAll}).Lint(context.Background(), []string{dir})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, d := range res.Diagnostics {
				rel, _ := filepath.Rel(dir, d.Range.File)
				rel = filepath.ToSlash(rel)
				if d.Severity != model.Error {
					continue
				}
				if !strings.Contains(d.Summary, fmt.Sprintf("nested more than %d levels deep", model.MaxNesting)) {
					t.Errorf("unexpected error: %s", d.Error())
					continue
				}
				got[rel] = fmt.Sprintf("%d:%d", d.Range.Start.Line, d.Range.Start.Column)
			}
			for file, pos := range wantErrors {
				if got[file] != pos {
					t.Errorf("%s: error at %q, want %q", file, got[file], pos)
				}
			}
			have := map[string]bool{}
			for _, f := range res.Findings {
				rel, _ := filepath.Rel(dir, f.Range.File)
				have[fmt.Sprintf("%s:%d", filepath.ToSlash(rel), f.Range.Start.Line)] = true
			}
			for _, w := range wantFindings {
				if !have[w] {
					t.Errorf("finding at %s lost; have %v", w, have)
				}
			}
		})
	}
}
