// Package keymaterial is IAM107's definition of what an AWS key written in
// text looks like, shared by every front-end that searches text for keys:
// the rules over the model and the Go analyzers. It is a leaf package, so
// the go vet tool links it without the rule engine.
package keymaterial

import (
	"regexp"
	"strings"
)

var (
	// KeyIDPattern matches an access key ID (long-term AKIA, temporary
	// ASIA) not embedded in a longer word; group 1 is the ID.
	KeyIDPattern = regexp.MustCompile(`(?:^|[^A-Za-z0-9])((?:AKIA|ASIA)[A-Z2-7]{16})(?:$|[^A-Za-z0-9])`)
	// SecretPattern matches a 40-character base64 run not embedded in a
	// longer one (a "=" may precede it, as in KEY=secret, but not follow
	// it, as padding of a longer value would); group 1 is the run. Most
	// such runs are not keys (hashes, tokens), which is why a secret counts
	// only next to a key ID and only when it LooksRandom.
	SecretPattern = regexp.MustCompile(`(?:^|[^A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?:$|[^A-Za-z0-9/+=])`)
)

// SecretNearLines is how far from a key ID a secret may be to count as its
// pair: the next line of a tfvars file, an env block, a heredoc.
const SecretNearLines = 5

// LooksRandom requires upper case, lower case and a digit, as 40 random
// base64 characters have with near certainty, and hex digests and words
// never do.
func LooksRandom(s string) bool {
	return strings.ContainsAny(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
		strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz") &&
		strings.ContainsAny(s, "0123456789")
}

// IsExampleKeyID recognises the IDs AWS uses in its documentation, which
// all end in EXAMPLE.
func IsExampleKeyID(id string) bool { return strings.HasSuffix(id, "EXAMPLE") }

// IsExampleSecret recognises the secrets of AWS's documentation.
func IsExampleSecret(s string) bool { return strings.HasSuffix(s, "EXAMPLEKEY") }

// Near reports whether a secret on line secret is near enough to a key ID
// on line id to be its pair.
func Near(secret, id int) bool {
	d := secret - id
	return -SecretNearLines <= d && d <= SecretNearLines
}

// Redact keeps only the first four characters of a secret: enough to find
// it, not enough to use it.
func Redact(secret string) string { return secret[:4] + strings.Repeat("*", 8) }
