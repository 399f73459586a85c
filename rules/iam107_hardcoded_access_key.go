package rules

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules/keymaterial"
)

var hardcodedAccessKey = &Rule{
	ID:        "IAM107",
	Name:      "hardcoded-access-key",
	Level:     model.Error,
	Short:     "An AWS access key ID or secret access key is written in the source",
	Precision: "high",
	Tags:      []string{"iam", "credentials", "secret"},
	Doc: Doc{
		Why: "A key written into code, a .tfvars file, a heredoc, a template, a CloudFormation parameter default, " +
			"user data or a shell script (export AWS_ACCESS_KEY_ID=..., aws configure set) is readable by everyone " +
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
			{Language: model.GitHubActions, Bad: true, Code: `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      AWS_ACCESS_KEY_ID: AKIAZ7SQ3KXB4VNDPLRT
    steps:
      - run: aws s3 ls
`},
			{Language: model.GitHubActions, Code: `on: push
permissions:
  id-token: write
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/deploy
          aws-region: eu-west-1
      - run: aws s3 ls
`},
			{Language: model.Shell, Bad: true, Code: `export AWS_ACCESS_KEY_ID=AKIA2OGYBAH6STMMNXNN
export AWS_SECRET_ACCESS_KEY=jX9m4vVnQ+Lc3tR7sQ1pEwZ8yK2bH5dF0aG6uI3o
aws s3 sync ./site s3://example-site
`},
			{Language: model.Shell, Code: `export AWS_PROFILE=deploy # a profile that assumes a role
aws s3 sync ./site s3://example-site
`},
		},
	},
	Languages: append(slices.Clone(iacAndShell), ciLanguages...), // a key pasted into a pipeline too
	Reads:     Reads{Literals: true},
	Check:     checkHardcodedAccessKey,
}

type keyMatch struct {
	text string
	rng  model.Range
}

func checkHardcodedAccessKey(p *Pass) {
	for f := range p.Files() {
		seen := map[string]int{} // occurrences of each key in the file, for distinct fingerprints
		var ids, secrets []keyMatch
		for _, lit := range f.Literals {
			ids = append(ids, findKeys(lit, keymaterial.KeyIDPattern)...)
			secrets = append(secrets, findKeys(lit, keymaterial.SecretPattern)...)
		}
		for _, id := range ids {
			reportKey(p, id, seen, fmt.Sprintf("access key ID %s is hard-coded", quote(id.text)), keymaterial.IsExampleKeyID(id.text))
		}
		for _, s := range secrets {
			if !keymaterial.LooksRandom(s.text) || !nearAny(s, ids) {
				continue
			}
			reportKey(p, s, seen, fmt.Sprintf("secret access key %s is hard-coded", quote(keymaterial.Redact(s.text))), keymaterial.IsExampleSecret(s.text))
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
		f.Level = model.Note
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

func nearAny(s keyMatch, ids []keyMatch) bool {
	for _, id := range ids {
		if keymaterial.Near(s.rng.Start.Line, id.rng.Start.Line) {
			return true
		}
	}
	return false
}
