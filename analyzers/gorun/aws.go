package gorun

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
)

// AWSModules are the module path prefixes of the libraries the analyzers
// know: the AWS SDK for Go (v1 and v2), Pulumi's AWS provider and the AWS
// CDK. Go code that uses none of them builds no AWS client and no AWS
// resource, so --go=auto analyzes only modules that require one of them.
var AWSModules = []string{
	"github.com/aws/aws-sdk-go", // also aws-sdk-go-v2 and its service modules
	"github.com/pulumi/pulumi-aws",
	"github.com/aws/aws-cdk-go",
}

// UsesAWS reports whether the Go module in dir requires a module of
// AWSModules, as its go.mod says; the go command is not run. A go.mod that
// does not parse is searched byte by byte instead, so that a module is
// never dropped because iamlint reads go.mod more strictly than go does;
// one that cannot be read gives false.
func UsesAWS(dir string) bool {
	src, mf := readGoMod(filepath.Join(dir, "go.mod"))
	if src == nil {
		return false
	}
	if mf == nil {
		for _, prefix := range AWSModules {
			if bytes.Contains(src, []byte(prefix)) {
				return true
			}
		}
		return false
	}
	for _, req := range mf.Require {
		if awsModule(req.Mod.Path) {
			return true
		}
	}
	return mf.Module != nil && awsModule(mf.Module.Mod.Path)
}

// maxImportScan bounds the files and bytes AWSImportWithoutRequire reads:
// imports sit at the top of a file, and a module that needs thousands of
// files to show an AWS import is not worth the walk.
const (
	maxImportScanFiles = 2000
	maxImportScanBytes = 16 << 10
)

// AWSImportWithoutRequire finds a Go file of the module in dir that
// imports a library of AWSModules although go.mod requires none: a go.mod
// without its require lines (written by hand, or never tidied). --go=auto
// skips such a module, and the go command cannot type-check it, so the
// front-end says so instead of staying silent. It returns the file, or ""
// when there is none (or go.mod does require one).
func AWSImportWithoutRequire(dir string) string {
	if UsesAWS(dir) {
		return ""
	}
	found, files := "", 0
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || found != "" || files >= maxImportScanFiles {
			return filepath.SkipDir
		}
		if d.IsDir() {
			name := d.Name()
			if path != dir && (name == "vendor" || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && path != dir {
				return filepath.SkipDir // a module of its own
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		files++
		f, err := os.Open(path)
		if err != nil {
			return nil
		}
		head := make([]byte, maxImportScanBytes)
		n, _ := io.ReadFull(f, head)
		_ = f.Close() // read only: nothing to lose
		for _, prefix := range AWSModules {
			if bytes.Contains(head[:n], []byte(`"`+prefix)) {
				found = path
				return filepath.SkipAll
			}
		}
		return nil
	})
	return found
}

func awsModule(path string) bool {
	for _, prefix := range AWSModules {
		if strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return false
}

// readGoMod reads a go.mod and parses it leniently: nil source when it
// cannot be read, nil file when it does not parse.
func readGoMod(path string) ([]byte, *modfile.File) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil
	}
	mf, err := modfile.ParseLax(path, src, nil)
	if err != nil {
		return src, nil
	}
	return src, mf
}
