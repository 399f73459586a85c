// Package analyzers is the home of iamlint's third front-end: analyzers on
// golang.org/x/tools/go/analysis for Go infrastructure programs (Pulumi,
// AWS CDK for Go) and Go services that hard-code AWS credentials, reporting
// with the same rule catalog. Each analyzer lives in its own sub-package
// with one exported Analyzer:
//
//   - staticcreds: IAM401 (static AWS SDK credentials) and IAM107
//     (key-shaped literals);
//   - iackeys: IAM101-IAM105 (Pulumi and CDK access keys and where their
//     secrets go).
//
// They run three ways: inside iamlint (package gorun, through
// golang.org/x/tools/go/analysis/checker), as a go vet tool
// (cmd/iamlint-vet) and as a golangci-lint module plugin (the nested module
// analyzers/golangci).
//
// # Diagnostics
//
// Every diagnostic of these analyzers follows one convention, so that any
// driver can recover what iamlint's own output shows:
//
//   - Category is the rule ID ("IAM401").
//   - Message starts with the level and a colon, then the iamlint message:
//     "error: static credentials from literals in
//     credentials.NewStaticCredentialsProvider; remove them and ...". The
//     level is one of "error", "warning" and "note". go vet and
//     golangci-lint print it as part of the message, like a compiler does,
//     and golangci-lint's severity rules can match it ("^warning:").
//   - URL is the rule's documentation page.
//   - Related entries name the other end of a flow (the NewAccessKey call).
//
// Level and Text split a message back into its two parts.
package analyzers
