// Package aws is a stub of github.com/aws/aws-sdk-go-v2/aws with only what
// the tests use.
package aws

import (
	"context"
	"time"
)

type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	Source          string
	CanExpire       bool
	Expires         time.Time
}

type CredentialsProvider interface {
	Retrieve(ctx context.Context) (Credentials, error)
}

type CredentialsProviderFunc func(context.Context) (Credentials, error)

func (fn CredentialsProviderFunc) Retrieve(ctx context.Context) (Credentials, error) { return fn(ctx) }

type Config struct {
	Region       string
	BaseEndpoint *string
	Credentials  CredentialsProvider
}

type CredentialsCache struct{}

func (*CredentialsCache) Retrieve(ctx context.Context) (Credentials, error) {
	return Credentials{}, nil
}

func NewCredentialsCache(p CredentialsProvider) *CredentialsCache { return &CredentialsCache{} }

func String(s string) *string { return &s }

// AnonymousCredentials is the v2 SDK's provider for unsigned requests.
type AnonymousCredentials struct{}

func (AnonymousCredentials) Retrieve(context.Context) (Credentials, error) {
	return Credentials{Source: "Anonymous"}, nil
}
