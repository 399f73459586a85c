// Package aws is a stub of github.com/aws/aws-sdk-go/aws.
package aws

import "github.com/aws/aws-sdk-go/aws/credentials"

type Config struct {
	Region      *string
	Credentials *credentials.Credentials
}

func String(s string) *string { return &s }
