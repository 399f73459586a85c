// Command iamlint-vet runs iamlint's Go analyzers as a go vet tool: static
// AWS SDK credentials (IAM401), hard-coded access keys (IAM107), and
// Pulumi and AWS CDK access keys reaching EC2 user data, service
// environments, CI secrets and outputs (IAM101-IAM105).
//
//	go install github.com/iamlint/iamlint/cmd/iamlint-vet@latest
//	go vet -vettool=$(which iamlint-vet) ./...
//
// Each message starts with its level (error, warning or note); go vet -json
// gives the rule ID as each diagnostic's category. Run
// "iamlint-vet help" for the analyzers' flags and documentation.
package main

import (
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/iamlint/iamlint/analyzers/iackeys"
	"github.com/iamlint/iamlint/analyzers/staticcreds"
)

func main() { unitchecker.Main(staticcreds.Analyzer, iackeys.Analyzer) }
