// Package jsii is a stub of github.com/aws/jsii-runtime-go.
package jsii

func String(v string) *string { return &v }
