package analyzers

import (
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/iamlint/iamlint/parsers/model"
)

// The levels a diagnostic can carry: the model's, as in iamlint's rule
// catalog. go/analysis diagnostics have no level of their own, so the
// level is the message's prefix ("error: ..."), which go vet users read
// too; Level parses it back.
const (
	Error   = model.Error
	Warning = model.Warning
	Note    = model.Note
)

// Rule IDs reported by the analyzers (the catalog in package rules).
const (
	IAM101 = "IAM101" // access-key-in-ec2
	IAM102 = "IAM102" // access-key-in-service
	IAM103 = "IAM103" // access-key-in-ci
	IAM104 = "IAM104" // access-key-exported
	IAM105 = "IAM105" // access-key-long-term
	IAM107 = "IAM107" // hardcoded-access-key
	IAM401 = "IAM401" // go-static-credentials
)

// docURL is where a rule's documentation lives; the same pages iamlint's
// SARIF output links to.
const docURL = "https://github.com/iamlint/iamlint/blob/main/docs/rules/"

// Diagnostic builds an analysis.Diagnostic in the iamlint convention (see
// the package documentation): Category is the rule, Message is
// "level: text", URL is the rule's page.
func Diagnostic(rule string, level model.Level, pos, end token.Pos, text string, related ...analysis.RelatedInformation) analysis.Diagnostic {
	return analysis.Diagnostic{
		Pos:      pos,
		End:      end,
		Category: rule,
		Message:  level.String() + ": " + text,
		URL:      docURL + rule + ".md",
		Related:  related,
	}
}

// Level returns the level of a diagnostic made by Diagnostic. A message
// without a level prefix (a diagnostic from another analyzer) is a warning.
func Level(d analysis.Diagnostic) model.Level {
	level, _ := split(d.Message)
	return level
}

// Text returns the message of a diagnostic without its level prefix.
func Text(d analysis.Diagnostic) string {
	_, text := split(d.Message)
	return text
}

func split(msg string) (level model.Level, text string) {
	for _, l := range [...]model.Level{Error, Warning, Note} {
		if rest, ok := strings.CutPrefix(msg, l.String()+": "); ok {
			return l, rest
		}
	}
	return Warning, msg
}
