// Package analyzers is the home of iamlint's third front-end: analyzers on
// golang.org/x/tools/go/analysis for Go infrastructure programs (Pulumi,
// AWS CDK for Go) and Go services that hard-code AWS credentials, reporting
// with the same rule catalog. Each analyzer lives in its own sub-package
// with one exported Analyzer.
package analyzers
