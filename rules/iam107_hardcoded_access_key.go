package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

var hardcodedAccessKey = &Rule{
	ID:        "IAM107",
	Name:      "hardcoded-access-key",
	Level:     Error,
	Short:     "An AWS access key ID or secret access key is written in the source",
	Precision: "high",
	Tags:      []string{"iam", "credentials", "secret"},
	Doc: Doc{
		Why: "A key written into code, a .tfvars file, a heredoc, a template, a CloudFormation parameter default or " +
			"user data is readable by everyone " +
			"who can read the repository and its history, and stays valid until someone rotates it. " +
			"iamlint looks for access key IDs (AKIA or ASIA followed by 16 characters of A-Z and 2-7) in every " +
			"string, heredoc, comment and template file, and for 40-character secret access keys within five lines " +
			"of such an ID. The examples from AWS's documentation (AKIAIOSFODNN7EXAMPLE and its secret) are " +
			"reported as notes.",
		Fix: "Remove the key from the code and rotate it in IAM now: it is in the repository's history. " +
			"Then give the workload a role instead of a key.",
		Examples: []Example{
			{Language: model.Terraform, Bad: true, Code: `resource "aws_instance" "app" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    export AWS_ACCESS_KEY_ID=AKIA2OGYBAH6STMMNXNN
    export AWS_SECRET_ACCESS_KEY=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
  EOT
}
`},
			{Language: model.Terraform, Code: `resource "aws_instance" "app" {
  ami                  = "ami-12345678"
  instance_type        = "t3.micro"
  iam_instance_profile = "app"
}
`},
			{Language: model.CloudFormation, Bad: true, Code: `Parameters:
  AccessKeyId:
    Type: String
    Default: AKIA2OGYBAH6STMMNXNN
Resources:
  App:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      UserData:
        Fn::Base64: !Sub |
          export AWS_ACCESS_KEY_ID=${AccessKeyId}
          export AWS_SECRET_ACCESS_KEY=jX9m4vVnQ+Lc3tR7sQ1pEwZ8yK2bH5dF0aG6uI3o
`},
			{Language: model.CloudFormation, Code: `Resources:
  App:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      IamInstanceProfile: !Ref AppProfile
  AppProfile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [app]
`},
		},
	},
	Check: checkHardcodedAccessKey,
}

var (
	// keyIDPattern matches an access key ID (long-term AKIA, temporary ASIA)
	// not embedded in a longer word.
	keyIDPattern = regexp.MustCompile(`(?:^|[^A-Za-z0-9])((?:AKIA|ASIA)[A-Z2-7]{16})(?:$|[^A-Za-z0-9])`)
	// secretPattern matches a 40-character base64 run not embedded in a
	// longer one (a "=" may precede it, as in KEY=secret, but not follow it,
	// as padding of a longer value would). Most such runs are not keys (hashes, tokens), which is why
	// a secret counts only next to a key ID and only when it mixes cases and
	// digits the way random base64 does.
	secretPattern = regexp.MustCompile(`(?:^|[^A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?:$|[^A-Za-z0-9/+=])`)
)

// secretNearLines is how far from a key ID a secret may be to count as its
// pair: the next line of a tfvars file, an env block, a heredoc.
const secretNearLines = 5

type keyMatch struct {
	text string
	rng  model.Range
}

func checkHardcodedAccessKey(p *Pass) {
	for _, f := range p.Project.Files {
		seen := map[string]int{} // occurrences of each key in the file, for distinct fingerprints
		var ids, secrets []keyMatch
		for _, lit := range f.Literals {
			ids = append(ids, findKeys(lit, keyIDPattern)...)
			secrets = append(secrets, findKeys(lit, secretPattern)...)
		}
		for _, id := range ids {
			reportKey(p, id, seen, fmt.Sprintf("access key ID %s is hard-coded", quote(id.text)), isExampleKeyID(id.text))
		}
		for _, s := range secrets {
			if !looksRandom(s.text) || !nearAny(s, ids) {
				continue
			}
			reportKey(p, s, seen, fmt.Sprintf("secret access key %s is hard-coded", quote(redact(s.text))), strings.HasSuffix(s.text, "EXAMPLEKEY"))
		}
	}
}

// reportKey reports one key. Its identity is the key and its occurrence
// number in the file: the same key pasted twice is two findings, and
// neither changes identity when lines move.
func reportKey(p *Pass, k keyMatch, seen map[string]int, what string, example bool) {
	seen[k.text]++
	f := Finding{Range: k.rng, Key: fmt.Sprintf("%s#%d", k.text, seen[k.text])}
	if example {
		f.Level = Note
		f.Message = what + "; it is AWS's documentation example, but replace it with a role all the same"
	} else {
		f.Message = what + "; remove it, rotate the key, and use a role instead"
	}
	p.Report(f)
}

func findKeys(lit model.Literal, re *regexp.Regexp) []keyMatch {
	var out []keyMatch
	for _, m := range re.FindAllStringSubmatchIndex(lit.Raw, -1) {
		out = append(out, keyMatch{text: lit.Raw[m[2]:m[3]], rng: lit.Sub(m[2], m[3])})
	}
	return out
}

// isExampleKeyID recognises the IDs AWS uses in its documentation, which all
// end in EXAMPLE.
func isExampleKeyID(id string) bool { return strings.HasSuffix(id, "EXAMPLE") }

// looksRandom requires upper case, lower case and a digit, as 40 random
// base64 characters have with near certainty, and hex digests and words
// never do.
func looksRandom(s string) bool {
	return strings.ContainsAny(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
		strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz") &&
		strings.ContainsAny(s, "0123456789")
}

func nearAny(s keyMatch, ids []keyMatch) bool {
	for _, id := range ids {
		d := s.rng.Start.Line - id.rng.Start.Line
		if d < 0 {
			d = -d
		}
		if d <= secretNearLines {
			return true
		}
	}
	return false
}

// redact keeps only the first four characters of a secret: enough to find
// it, not enough to use it.
func redact(secret string) string { return secret[:4] + strings.Repeat("*", 8) }
