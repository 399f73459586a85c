package analyzers

import (
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// The levels a diagnostic can carry, as in iamlint's rule catalog.
const (
	Error   = "error"
	Warning = "warning"
	Note    = "note"
)

// Rule IDs reported by the analyzers (rules.md).
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
func Diagnostic(rule, level string, pos, end token.Pos, text string, related ...analysis.RelatedInformation) analysis.Diagnostic {
	return analysis.Diagnostic{
		Pos:      pos,
		End:      end,
		Category: rule,
		Message:  level + ": " + text,
		URL:      docURL + rule + ".md",
		Related:  related,
	}
}

// Level returns the level of a diagnostic made by Diagnostic: "error",
// "warning" or "note". A message without a level prefix (a diagnostic from
// another analyzer) is a warning.
func Level(d analysis.Diagnostic) string {
	level, _ := split(d.Message)
	return level
}

// Text returns the message of a diagnostic without its level prefix.
func Text(d analysis.Diagnostic) string {
	_, text := split(d.Message)
	return text
}

func split(msg string) (level, text string) {
	for _, l := range [...]string{Error, Warning, Note} {
		if rest, ok := strings.CutPrefix(msg, l+": "); ok {
			return l, rest
		}
	}
	return Warning, msg
}
