package pipeline

import "github.com/iamlint/iamlint/parsers/model"

// Script is one shell block of a pipeline: a GitHub Actions run:, a
// GitLab script: line, a CircleCI run: command. Text is the script as the
// shell sees it; Offset maps a byte offset of Text to the byte offset in
// the host file, so that a finding inside the script points into the
// pipeline.
type Script struct {
	Text   string
	Offset func(i int) int
	Job    *model.Resource // the job the script runs in
	Step   *model.Resource // the step, nil for a job-level script
}

// LowerScripts is the seam to the shell front-end's lowering
// (parsers/internal/shellscript, branch "shell"): each script of the
// pipeline, with its host-file mapping and its job, becomes model
// resources and references of the module (aws configure set, export
// AWS_ACCESS_KEY_ID=..., aws iam create-user), so that IAM501 and the
// catalog read them.
//
// SHELL SEAM: until the shell lowering is merged, scripts are kept as
// text only (model.CIRun on steps, model.CIScripts on jobs), and nothing
// inside them is read.
func LowerScripts(mod *model.Module, file *model.File, scripts []Script) {
	_, _, _ = mod, file, scripts
}

// BlockOffsets maps the text of a YAML scalar to the file: raw is the
// scalar's source at byte offset start. For a block scalar (| or >) the
// text is its content lines without their indentation; for a plain or
// quoted scalar on one line, the text starts after the quote.
func BlockOffsets(src []byte, start, end int) func(i int) int {
	if start >= end || start >= len(src) {
		return func(int) int { return start }
	}
	switch src[start] {
	case '"', '\'':
		return func(i int) int { return min(start+1+i, end) }
	case '|', '>':
	default:
		return func(i int) int { return min(start+i, end) }
	}
	// The content starts on the line after the indicator; its
	// indentation is the first non-blank content line's.
	lineStarts := []int{}
	indent := -1
	for i := start; i < end; i++ {
		if src[i] != '\n' {
			continue
		}
		ls := i + 1
		lineStarts = append(lineStarts, ls)
		if indent < 0 {
			j := ls
			for j < end && src[j] == ' ' {
				j++
			}
			if j < end && src[j] != '\n' {
				indent = j - ls
			}
		}
	}
	indent = max(indent, 0)
	return func(i int) int {
		// Walk the content lines: each contributes its length less the
		// indentation, plus its newline.
		for _, ls := range lineStarts {
			le := ls
			for le < end && src[le] != '\n' {
				le++
			}
			width := max(le-ls-indent, 0)
			if i <= width {
				return min(ls+indent+i, end)
			}
			i -= width + 1
		}
		return end
	}
}
