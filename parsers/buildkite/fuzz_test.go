package buildkite

import (
	"testing"

	"github.com/iamlint/iamlint/parsers/internal/pipelinetest"
	"github.com/iamlint/iamlint/parsers/model"
)

// FuzzBuild: no input panics or loses its position; every range of the
// module lies in the file.
func FuzzBuild(f *testing.F) { pipelinetest.Fuzz(f, model.Buildkite, ".buildkite/pipeline.yml", build) }
