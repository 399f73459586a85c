package terraform

import (
	"fmt"
	"strings"
	"testing"
)

func TestSuppressions(t *testing.T) {
	src := `# iamlint:ignore IAM105 the deploy key predates OIDC
resource "aws_iam_access_key" "a" {
  user = "a"
}

resource "aws_lambda_function" "f" { // iamlint:ignore
  environment {
    variables = {
      # iamlint:ignore IAM102,access-key-in-ec2 legacy image
      AWS_SECRET_ACCESS_KEY = aws_iam_access_key.a.secret
      OTHER                 = "x"
    }
  }
  user_data = templatefile("boot.sh", {
    secret = aws_iam_access_key.a.secret
  }) # iamlint:ignore IAM101
}

# iamlint:ignore IAM105 stacked directives
# iamlint:ignore IAM203
resource "aws_iam_access_key" "b" {
  user = "b"
}

# iamlint:ignore IAM105 followed by a blank line

resource "aws_iam_access_key" "c" {
  user = "c" #iamlint:ignore
  #iamlint:ignored is not a directive
  # not iamlint:ignore either
  /* iamlint:ignore block comments are not directives */
}
`
	f, diags := ParseFile("main.tf", []byte(src))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	lines := strings.Split(src, "\n")
	var got []string
	for _, s := range f.Model.Suppressions {
		scope := "nothing"
		if !s.Scope.IsZero() {
			first := strings.TrimSpace(lines[s.Scope.Start.Line-1][s.Scope.Start.Column-1:])
			scope = fmt.Sprintf("%d-%d %s", s.Scope.Start.Line, s.Scope.End.Line, first)
		}
		got = append(got, fmt.Sprintf("%d:%d-%d %q -> %s", s.Range.Start.Line, s.Range.Start.Column, s.Range.End.Column, s.Text, scope))
	}
	want := []string{
		`1:1-53 "IAM105 the deploy key predates OIDC" -> 2-4 resource "aws_iam_access_key" "a" {`,
		`6:38-55 "" -> 6-17 resource "aws_lambda_function" "f" { // iamlint:ignore`,
		`9:7-61 "IAM102,access-key-in-ec2 legacy image" -> 10-10 AWS_SECRET_ACCESS_KEY = aws_iam_access_key.a.secret`,
		`16:6-29 "IAM101" -> 14-16 user_data = templatefile("boot.sh", {`,
		`19:1-43 "IAM105 stacked directives" -> 21-23 resource "aws_iam_access_key" "b" {`,
		`20:1-24 "IAM203" -> 21-23 resource "aws_iam_access_key" "b" {`,
		`25:1-49 "IAM105 followed by a blank line" -> nothing`,
		`28:14-29 "" -> 28-28 user = "c" #iamlint:ignore`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSuppressionsCheapPath checks that a file without the directive is not
// lexed for it, and that JSON files never have suppressions.
func TestSuppressionsCheapPath(t *testing.T) {
	f, _ := ParseFile("main.tf", []byte("resource \"aws_iam_user\" \"u\" { # a comment\n}\n"))
	if f.Model.Suppressions != nil {
		t.Errorf("suppressions in a file without the directive: %v", f.Model.Suppressions)
	}
	f, _ = ParseFile("main.tf.json", []byte(`{"resource": {"aws_iam_user": {"u": {"//": "iamlint:ignore"}}}}`))
	if f.Model.Suppressions != nil {
		t.Errorf("suppressions in JSON: %v", f.Model.Suppressions)
	}
}

func TestResourceExtent(t *testing.T) {
	src := "resource \"aws_iam_user\" \"u\" {\n  name = \"u\"\n}\n"
	f, _ := ParseFile("main.tf", []byte(src))
	mod, _, _ := BuildModule(".", []*File{f}, Options{})
	r := mod.Resources[0]
	if r.Extent.Start.Line != 1 || r.Extent.End.Line != 3 || r.Extent.End.Byte != len(src)-1 {
		t.Errorf("extent %+v, want lines 1-3 to the closing brace", r.Extent)
	}
}
