package gorun

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFix: the command a notice suggests is the one that fixes the module.
// A missing go.sum entry of a module go.mod requires only indirectly is not
// added by go mod download, so the fix is go mod tidy.
func TestFix(t *testing.T) {
	dir := t.TempDir()
	gomod := "module example.com/m\n\ngo 1.22\n\nrequire (\n\texample.com/direct v1.0.0\n\texample.com/indirect v1.0.0 // indirect\n)\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	r := &runner{dir: "m", abs: dir}
	for msg, want := range map[string]string{
		"missing go.sum entry for module providing package example.com/indirect/pkg (imported by example.com/direct/x); to add: go get example.com/direct/x@v1.0.0": "go mod tidy",
		"missing go.sum entry for module providing package example.com/direct/pkg (imported by example.com/m); to add: go get example.com/m":                        "go mod download",
		"example.com/indirect@v1.0.0: missing go.sum entry for go.mod file; to add it: go mod download example.com/indirect":                                        "go mod tidy",
		"example.com/direct@v1.0.0: missing go.sum entry for go.mod file; to add it: go mod download example.com/direct":                                            "go mod download",
		"example.com/direct@v1.0.0: module lookup disabled by GOPROXY=off":                                                                                          "go mod download",
		"no required module provides package example.com/other; to add it: go get example.com/other":                                                                "go mod tidy",
	} {
		if got := r.fix(msg); !strings.Contains(got, want) {
			t.Errorf("fix(%q) = %q, want %s", msg, got, want)
		}
	}
}
