// Package config is a stub of github.com/aws/aws-sdk-go-v2/config.
package config

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
)

type LoadOptions struct{}

type LoadOptionsFunc func(*LoadOptions) error

func LoadDefaultConfig(ctx context.Context, optFns ...func(*LoadOptions) error) (aws.Config, error) {
	return aws.Config{}, nil
}

func WithCredentialsProvider(v aws.CredentialsProvider) LoadOptionsFunc { return nil }

func WithRegion(v string) LoadOptionsFunc { return nil }

func WithBaseEndpoint(v string) LoadOptionsFunc { return nil }
