// Package credentials is a stub of github.com/aws/aws-sdk-go-v2/credentials.
package credentials

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
)

type StaticCredentialsProvider struct {
	Value  aws.Credentials
	Source string
}

func NewStaticCredentialsProvider(key, secret, session string) StaticCredentialsProvider {
	return StaticCredentialsProvider{}
}

func (s StaticCredentialsProvider) Retrieve(context.Context) (aws.Credentials, error) {
	return s.Value, nil
}
