package lint_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/iamlint/iamlint/lint"
)

// A program that embeds iamlint lints a tree the way the command line does
// and reads the findings.
func ExampleLinter() {
	dir, _ := os.MkdirTemp("", "iamlint-example-")
	defer func() { _ = os.RemoveAll(dir) }()
	_ = os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`resource "aws_iam_user" "deploy" {
  name = "deploy"
}

resource "aws_iam_access_key" "deploy" {
  user = aws_iam_user.deploy.name
}

resource "aws_instance" "worker" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = "export AWS_SECRET_ACCESS_KEY=${aws_iam_access_key.deploy.secret}"
}
`), 0o644)

	linter := lint.New(lint.Options{Go: lint.GoOff})
	res, err := linter.Lint(context.Background(), []string{dir})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Findings {
		fmt.Printf("%s:%d:%d %s %s\n", filepath.Base(f.Range.File), f.Range.Start.Line, f.Range.Start.Column, f.Rule.ID, f.Level)
	}
	// Output:
	// main.tf:12:51 IAM101 error
}
