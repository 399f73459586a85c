package githubactions

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iamlint/iamlint/parsers/internal/pipelinetest"
)

// FuzzWorkflow: no workflow or composite action panics the front-end or
// gives a range that is not in the file.
func FuzzWorkflow(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "rules", "*", ".github", "workflows", "*.yml"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	for _, s := range pipelinetest.Seeds {
		f.Add([]byte(s))
	}
	f.Add([]byte("runs:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n      env: {AWS_ACCESS_KEY_ID: ${{ inputs.key }}}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		mod, file, diags := loadWorkflow("w.yml", src, ".")
		pipelinetest.CheckModule(t, src, mod, file, diags)
		amod, afile, adiags, _ := loadAction("action.yml", src, ".")
		pipelinetest.CheckModule(t, src, amod, afile, adiags)
	})
}
