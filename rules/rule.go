// Package rules holds the rule catalog, the engine that runs it over the
// model, and one file per rule with its documentation beside the code.
//
// Rules are plain values listed in one slice (see All); there is no init()
// registration and no global mutable state. A rule reads only the model
// (package model), never HCL or YAML, so it serves every input language.
package rules

import (
	"github.com/iamlint/iamlint/parsers/model"
)

// Rule is one check of the catalog. ID, Name and Level are a public
// contract (the README's rule table, docs/rules): never renumber or rename.
type Rule struct {
	ID        string
	Name      string
	Level     model.Level // default level; a finding may be lower (IAM105 inactive key) or higher
	Short     string      // one sentence, no final period: SARIF shortDescription
	Precision string      // SARIF precision: very-high, high, medium
	Tags      []string
	Doc       Doc
	// Languages are the inputs the rule reads; Seeds gathers the Reads of
	// the rules of a language for its front-end.
	Languages []model.Language
	// Reads is what the rule reads of the model (see Reads).
	Reads Reads
	Check func(*Pass)
}

// Doc is the rule's documentation. README, `iamlint explain`, SARIF help and
// docs pages are all generated from it, and every example runs as a test.
type Doc struct {
	Why      string    // what the rule finds and why it matters; SARIF fullDescription
	Fix      string    // what to do instead
	Examples []Example // at least one bad and one good per supported language
}

// Example is a snippet that must (Bad) or must not (!Bad) make its rule fire.
type Example struct {
	Language model.Language
	Bad      bool
	Code     string
}

// Related is a secondary location of a finding: the key a flow starts from,
// the user a key belongs to.
type Related struct {
	Range   model.Range
	Message string
}

// Finding is one problem a rule found.
type Finding struct {
	Rule    *Rule
	Level   model.Level
	Message string // lowercase, quotes the value, says what to do
	Range   model.Range
	// Address is the model address the finding is about. With Key it makes
	// the finding's identity, which stays the same when lines move.
	Address string
	Key     string
	Related []Related
	// Flow lists the hops of a credential flow in order, from the source
	// to the sink: SARIF codeFlows and the text writer's "via" line.
	Flow []Related
}

// Fingerprint identifies the finding independently of line numbers: rule,
// file, address and key. Baselines and SARIF partialFingerprints use it.
func (f Finding) Fingerprint() string {
	return fingerprint(f.Rule.ID, f.Range.File, f.Address, f.Key)
}

// iacAndShell are the inputs most rules read: the infrastructure-as-code
// languages, and shell scripts, where the AWS CLI does what a resource
// declares (aws iam create-access-key) and the CI systems' CLIs store
// secrets.
var iacAndShell = []model.Language{model.Terraform, model.CloudFormation, model.Shell}
