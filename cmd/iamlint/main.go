// Command iamlint finds long-term AWS access keys in infrastructure code
// where a role would do, and the IAM user and role-trust mistakes around
// them. Run "iamlint --help" for usage.
package main

import (
	"os"

	"github.com/iamlint/iamlint/cmd/iamlint/internal/cli"
)

func main() {
	os.Exit(cli.Command{Stdout: os.Stdout, Stderr: os.Stderr}.Main(os.Args[1:]))
}
