package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/iamlint/iamlint/cmd/iamlint/internal/cli"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"iamlint": func() { os.Exit(cli.Command{Stdout: os.Stdout, Stderr: os.Stderr}.Main(os.Args[1:])) },
	})
}

// TestScript runs the CLI scenarios in testdata/script/*.txtar: exit codes,
// flags, formats and bad input, each in a few readable lines.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// binfile writes a file with a NUL byte, which txtar cannot hold.
			"binfile": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: binfile path")
				}
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte("abc\x00def"), 0o644))
			},
		},
	})
}
