package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/iamlint/iamlint/cmd/iamlint/internal/cli"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"iamlint": func() { os.Exit(cli.Command{Stdout: os.Stdout, Stderr: os.Stderr}.Main(os.Args[1:])) },
		// iamlint-closed-stdout runs iamlint with its standard output
		// closed, so that writing fails: the way to reach exit status 3.
		"iamlint-closed-stdout": func() {
			_ = os.Stdout.Close()
			os.Exit(cli.Command{Stdout: os.Stdout, Stderr: os.Stderr}.Main(os.Args[1:]))
		},
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
			// latin1 FILE... rewrites each "é" of the files as the one byte
			// Latin-1 spells it: text that is not UTF-8, written readably.
			"latin1": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) == 0 {
					ts.Fatalf("usage: latin1 file...")
				}
				for _, f := range args {
					ts.Check(os.WriteFile(ts.MkAbs(f), bytes.ReplaceAll([]byte(ts.ReadFile(f)), []byte("é"), []byte{0xe9}), 0o644))
				}
			},
			// fingerprints-match BASELINE REPORT.json checks that every
			// fingerprint of a baseline is one of a JSON report's.
			"fingerprints-match": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 2 {
					ts.Fatalf("usage: fingerprints-match baseline.json report.json")
				}
				var baseline, report struct {
					Findings []struct {
						Fingerprint string `json:"fingerprint"`
					} `json:"findings"`
				}
				ts.Check(json.Unmarshal([]byte(ts.ReadFile(args[0])), &baseline))
				ts.Check(json.Unmarshal([]byte(ts.ReadFile(args[1])), &report))
				have := map[string]bool{}
				for _, f := range report.Findings {
					have[f.Fingerprint] = true
				}
				if len(baseline.Findings) == 0 {
					ts.Fatalf("empty baseline")
				}
				for _, f := range baseline.Findings {
					if !have[f.Fingerprint] {
						ts.Fatalf("baseline fingerprint %s is not in %s", f.Fingerprint, args[1])
					}
				}
			},
			// status N prog args runs prog like exec and wants exit status
			// N exactly; stdout and stderr are kept for the next commands.
			"status": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: status N program [args...]")
				}
				want, err := strconv.Atoi(args[0])
				ts.Check(err)
				got := 0
				if err := ts.Exec(args[1], args[2:]...); err != nil {
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						ts.Fatalf("%v", err)
					}
					got = ee.ExitCode()
				}
				if got != want {
					ts.Fatalf("exit status %d, want %d", got, want)
				}
			},
		},
	})
}
