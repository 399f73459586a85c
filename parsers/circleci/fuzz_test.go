package circleci

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iamlint/iamlint/parsers/internal/pipelinetest"
	"github.com/iamlint/iamlint/parsers/model"
)

// FuzzBuild: no input panics or loses its position; every range of the
// module lies in the file.
func FuzzBuild(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "rules", "*", ".circleci/config.yml"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	for _, s := range pipelinetest.Seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		pipelinetest.Check(t, model.CircleCI, ".circleci/config.yml", src, build)
	})
}
