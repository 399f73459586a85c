package cloudformation

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/iamlint/iamlint/parsers/model"
)

// TestCorpus parses a directory of real templates, e.g. a checkout of
// aws-cloudformation-templates, and reports how many were templates, how
// many were skipped and every error. It skips without
// IAMLINT_CFN_CORPUS; with it, any error fails the test, since the corpus
// is expected to be valid.
func TestCorpus(t *testing.T) {
	root := os.Getenv("IAMLINT_CFN_CORPUS")
	if root == "" {
		t.Skip("set IAMLINT_CFN_CORPUS to a directory of CloudFormation templates")
	}
	start := time.Now()
	var files []*File
	candidates, skipped := 0, 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !IsCandidate(path) {
			return err
		}
		candidates++
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, diags := ParseFile(path, src)
		report(t, diags)
		if f == nil {
			skipped++
			return nil
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mods, diags := Build(files, Options{})
	report(t, diags)
	resources := 0
	for _, m := range mods {
		resources += len(m.Resources)
	}
	t.Logf("%d candidates: %d templates (%d resources), %d skipped, in %v", candidates, len(files), resources, skipped, time.Since(start))
}

func report(t *testing.T, diags []model.Diagnostic) {
	for _, d := range diags {
		if d.Severity == model.Error || os.Getenv("IAMLINT_CFN_CORPUS_ALL") != "" {
			t.Errorf("%s", d.Error())
		}
	}
}
