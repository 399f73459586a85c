package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// asTool makes the test binary iamlint-vet itself: go vet runs it as its
// -vettool, so that the test needs no go build of its own (a link of the
// analyzers and their dependencies, the most of this test's time).
const asTool = "IAMLINT_VET_TEST_AS_TOOL"

func TestMain(m *testing.M) {
	if os.Getenv(asTool) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestVetTool runs iamlint-vet (this test binary, as main) through go vet
// on the fixture module testdata/go/app, whose dependencies are local stub
// modules: no network, no module download.
func TestVetTool(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	tool, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}

	app, err := filepath.Abs("../../testdata/go/app")
	if err != nil {
		t.Fatal(err)
	}
	vet := exec.Command(goBin, "vet", "-vettool="+tool, "./...")
	vet.Dir = app
	vet.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local", asTool+"=1")
	var stderr bytes.Buffer
	vet.Stderr = &stderr
	err = vet.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("go vet: want exit status 1 with findings, got %v\n%s", err, stderr.String())
	}

	// One line per finding, file:line:col: level: message, as iamlint
	// prints them, and the related location indented below.
	want := []string{
		`service/main.go:16:3: error: static credentials from literals in credentials.NewStaticCredentialsProvider; remove them`,
		`service/main.go:16:45: error: access key ID "AKIA2OGYBAH6STMMNXNN" is hard-coded`,
		`service/main.go:16:69: error: secret access key "jX9m\*{8}" is hard-coded`,
		`service/main.go:22:3: warning: static credentials from os.Getenv\("APP_KEY_ID"\) in credentials.NewStaticCredentialsProvider`,
		`infra/main.go:24:79: error: the secret of access key "deploy" reaches EC2 user data through ec2.InstanceArgs.UserData`,
		`infra/main.go:31:58: error: the secret of access key "deploy" reaches a Lambda function's environment`,
		`infra/main.go:40:20: error: the secret of access key "deploy" reaches a GitHub Actions secret`,
		`infra/main.go:45:29: warning: the ID of access key "deploy" reaches a stack output through ctx.Export`,
		`infra/main.go:46:12: warning: access key "spare" is a long-term credential`,
		`infra/main.go:18:15: \taccess key "deploy" is created here by iam.NewAccessKey`,
	}
	out := stderr.String()
	for _, w := range want {
		if !regexp.MustCompile(`(?m)^\S*` + w).MatchString(out) {
			t.Errorf("go vet output lacks %s", w)
		}
	}
	if n := strings.Count(out, ": error: ") + strings.Count(out, ": warning: ") + strings.Count(out, ": note: "); n != 9 {
		t.Errorf("go vet reported %d findings, want 9", n)
	}
	if t.Failed() {
		t.Logf("go vet output:\n%s", out)
	}
}
